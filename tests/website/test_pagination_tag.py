"""``{% pagination %}`` writes what ``includes/_pagination.html`` wrote, byte for byte (#15):
the first, a middle and the last page, one page only, page numbers shown in thousands, with
and without other parameters in the query string (escaped), in Swedish and English."""

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

INCLUDED = '{% include "includes/_pagination.html" %}'
TAG = "{% load website %}{% pagination %}"


def _rendered(source, request, paginator, number):
    page = paginator.page(number)
    context = {
        "is_paginated": paginator.num_pages > 1,
        "page_obj": page,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return engines["django"].from_string(source).render(context, request)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "query", ["", "kind=culture", "q=skola+%26+%22klimat%22&year=2024&page=3", "q=%C3%A5r<b>"]
)
@pytest.mark.parametrize("count", [0, 5, 20, 21, 45, 200, 25_000])
def test_the_tag_writes_what_the_include_wrote(language, query, count):
    paginator = Paginator(range(count), 20)
    numbers = sorted(
        {1, 2, 3, paginator.num_pages // 2, paginator.num_pages - 1, paginator.num_pages}
    )
    request = RequestFactory().get("/projekt/" + (f"?{query}" if query else ""))
    with translation.override(language):
        for number in numbers:
            if not 1 <= number <= paginator.num_pages:
                continue
            included = _rendered(INCLUDED, request, paginator, number)
            tagged = _rendered(TAG, request, paginator, number)
            assert tagged == included, (count, number)
            if paginator.num_pages > 1:
                assert "page-link" in tagged


def test_not_paginated_writes_what_the_include_wrote():
    request = RequestFactory().get("/projekt/")
    for source in (INCLUDED, TAG):
        assert engines["django"].from_string(source).render({}, request) == "\n"

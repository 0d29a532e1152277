"""The public pages' paginators.

The open data API's pages: at most ``API_MAX_LIMIT`` records in one answer (issue #15).

A ``limit`` above the cap gives the cap; a limit that is not a positive whole number gives the
default page (``API_DEFAULT_LIMIT``), as does a missing one; an ``offset`` that is not a
non-negative whole number starts at the first record, and one past the end gives an empty
page. No value of either parameter reaches the database unchecked, so none answers 500.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.translation import get_language
from rest_framework.pagination import LimitOffsetPagination

from governance import compiled
from projects.queries import count_expression_of


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset pages with a cap on the page size, documented in the schema."""

    default_limit = settings.API_DEFAULT_LIMIT
    max_limit = settings.API_MAX_LIMIT
    limit_query_description = (
        f"Number of results to return per page: {settings.API_DEFAULT_LIMIT} when not given "
        f"or not a positive whole number, at most {settings.API_MAX_LIMIT}."
    )
    offset_query_description = (
        "The initial index from which to return the results: 0 when not given or not a "
        "non-negative whole number; past the last record the page is empty."
    )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_limit, default=self.default_limit
                )
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, default=0)
        return parameters


# The name of the count each row of a page carries (``CountedPagePaginator``).
_TOTAL = "paginator_total_count"
# The largest offset a database takes (a signed 64-bit number): no page begins after it.
_LARGEST_OFFSET = 2**63 - 1


# The counted pages' statements kept by ``CountedPagePaginator`` (``statement_key``), at most
# this many (a key holds a filter's values and a page number, each of them validated): some
# 24 KiB each (the queryset and its compiler), 3 MiB at most per process.
_PAGES: dict = {}
_PAGES_MAX = 128


class CountedPagePaginator(Paginator):
    """A queryset's page read with its count in the same query (#15): the count, an
    uncorrelated scalar subquery of the same conditions that the database runs once (or the
    number of published projects the database keeps, ``projects.queries.count_expression_of``),
    comes with every row of the page, so a page costs one round trip instead of two (a COUNT, then
    the rows). The same pages and the same errors as Django's ``Paginator``: a first page
    without rows has a count of 0; a later page without rows, or one whose offset no database
    takes (``?page=999...``), which is past the end, and
    anything but a plain queryset (a search's results, a distinct, sliced or combined
    query) or a paginator with orphans are paged as Django pages them.

    ``statement_key``: what the queryset's SQL depends on beside the database, the language
    and the page (the public list's filter values, ``ProjectListView``), or None. With it,
    the page's statement is built and compiled by the ORM once per process for each key and
    page (``governance.compiled.compile_once``) and run with its own parameters: building the
    filtered queryset's count and compiling it was a millisecond of every page (#15)."""

    def __init__(self, *args, statement_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement_key = statement_key

    def page(self, number):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if (
            self.orphans
            or "count" in self.__dict__
            or not isinstance(queryset, QuerySet)
            or query.distinct
            or query.combinator
            or query.is_sliced
        ):
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page > _LARGEST_OFFSET:  # no database's number: past the end
            return super().page(number)
        rows = self._counted_rows(queryset, bottom, bottom + self.per_page)
        if rows:
            self.count = getattr(rows[0], _TOTAL)
        elif number == 1:
            self.count = 0
        else:  # past the end: counted, and refused, as Django does
            return super().page(number)
        return self._get_page(rows, self.validate_number(number), self)

    def _counted_rows(self, queryset, bottom: int, top: int) -> list:
        """The rows ``bottom`` to ``top`` of ``queryset``, each with the count (``_TOTAL``)."""

        def make():
            counted = queryset.annotate(**{_TOTAL: count_expression_of(queryset)})
            return counted[bottom:top]

        shape = _shape(queryset)
        if self.statement_key is None or shape is None:
            return list(make())
        key = (self.statement_key, shape, queryset.db, get_language(), bottom, top)
        kept = compiled.compile_once(key, make, _PAGES, _PAGES_MAX)
        if kept is None:  # no rows possible: the ORM answers without a query, as before
            return list(make())
        return compiled.run(kept, kept[3])


def _shape(queryset) -> tuple | None:
    """What of a queryset's own making its rows depend on beside its conditions (which the
    caller's ``statement_key`` names): its model, columns, related records and ordering;
    None when it prefetches (a kept queryset would prefetch what it prefetched then)."""
    query = queryset.query
    if queryset._prefetch_related_lookups or query.extra or query.annotations:
        return None
    return (
        query.model,
        frozenset(query.deferred_loading[0]),
        query.deferred_loading[1],
        repr(query.select_related),
        tuple(map(repr, query.order_by)),
        query.default_ordering,
    )

"""``{% result_list_rows cl %}``: Django's ``{% result_list cl %}`` with the rows of
``governance.admin_rows`` (the same HTML, worked out once per list; #15)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from governance import admin_rows

register = template.Library()


def result_list(cl):
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(admin_rows.results(cl)),
    }


@register.tag(name="result_list_rows")
def result_list_rows(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )

"""The open data API's pages: at most ``API_MAX_LIMIT`` records in one answer (issue #15).

A ``limit`` above the cap gives the cap; a limit that is not a positive whole number gives the
default page (``API_DEFAULT_LIMIT``), as does a missing one; an ``offset`` that is not a
non-negative whole number starts at the first record, and one past the end gives an empty
page. No value of either parameter reaches the database unchecked, so none answers 500.
"""

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination


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

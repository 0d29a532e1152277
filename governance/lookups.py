"""Query lookups that take any whole number a request can carry (issue #15).

Django drops an out-of-range number from ``exact``, ``gt``, ``lt`` and the like (no row can
hold it), but not from ``in``: on SQLite a 20-digit id in ``pk__in`` raised OverflowError
("Python int too large to convert to SQLite INTEGER"), a server error behind every form with
a multiple choice of records (places, objectives, cooperating bodies). Here ``in`` on an
integer column leaves such numbers out the same way, on every database.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In, Lookup


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` without the numbers the column cannot hold; none left is an empty result."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:  # a column type without a known range keeps every value
                low = high = None
            self.rhs = [value for value in self.rhs if _within(value, low, high)]
        return super().process_rhs(compiler, connection)


def _within(value, low, high) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class AnyOf(Lookup):
    """``column = ANY(%s)``: the column's value is one of a list given as one parameter
    (PostgreSQL's arrays), used as an expression: ``filter(AnyOf(F("pk"), ids))``. Its SQL is
    the same for any number of values, so a statement holding it can be compiled once per
    process and run with other lists (#15); ``in`` writes one placeholder per value."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))

"""``{% scrolls_sideways label %}<table>…</table>{% endscrolls_sideways %}``: a table that may
be wider than a phone's screen, in a wrapper that scrolls sideways (Bootstrap's
``table-responsive``) and that a keyboard can reach (WCAG 2.1.1, axe's
"scrollable-region-focusable"): the wrapper is a region named ``label`` in the tab order, so
its columns out of sight scroll into view with the arrow keys even when the table holds no
link. Every such wrapper on the site is written with this tag (tests/governance/test_tables.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class ScrollsSidewaysNode(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        return format_html(
            '<div class="table-responsive" tabindex="0" role="region" aria-label="{}">{}</div>',
            self.label.resolve(context),
            mark_safe(self.nodelist.render(context)),  # a template's output, escaped as it ran
        )


@register.tag
def scrolls_sideways(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the region's name")
    nodelist = parser.parse(("endscrolls_sideways",))
    parser.delete_first_token()
    return ScrollsSidewaysNode(parser.compile_filter(bits[1]), nodelist)

"""``{% cache %}`` that survives a cache that is down.

The same syntax as Django's tag (``{% cache 600 "name" var1 var2 %}...{% endcache %}``), but
every read and write goes through ``website.caching.guarded``: with Redis gone the fragment
is rendered as if it had never been cached, and nothing raises. A part of the key that is
None (the content version, when the cache holding it does not answer) renders the fragment
uncached too, so nothing is stored under a version nobody could read.
"""

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from website.caching import guarded

register = template.Library()


class GuardedCacheNode(template.Node):
    def __init__(self, nodelist, timeout, name, vary_on):
        self.nodelist = nodelist
        self.timeout = timeout
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        timeout = int(self.timeout.resolve(context))
        vary_on = [part.resolve(context) for part in self.vary_on]
        if any(part is None for part in vary_on):
            return self.nodelist.render(context)
        key = make_template_fragment_key(self.name, vary_on)
        value = guarded(lambda: cache.get(key))
        if value is None:
            value = self.nodelist.render(context)
            guarded(lambda: cache.set(key, value, timeout))
        return value


@register.tag("cache")
def do_cache(parser, token):
    """``{% cache <seconds> <name> [part ...] %} ... {% endcache %}``"""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes at least two arguments.")
    nodelist = parser.parse(("endcache",))
    parser.delete_first_token()
    name = bits[2].strip("'\"")
    return GuardedCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        name,
        [parser.compile_filter(bit) for bit in bits[3:]],
    )

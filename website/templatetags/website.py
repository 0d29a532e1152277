"""Template helpers of the public site: language links, and marking fallback texts."""

import functools
import re

from django import forms, template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.template.base import render_value_in_context
from django.template.defaulttags import querystring
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext
from django_countries import countries

from projects import search
from website import caching
from website import map as partner_map

register = template.Library()

# A marker the slug converter accepts, and the slugs reverse() writes unchanged.
_SLUG = ("0slugmarker0", r"[-a-zA-Z0-9_]+")
_SLUG_FORM = re.compile(_SLUG[1])


def _prefixed(path: str, code: str) -> str:
    """The same path in another language when it resolves nowhere (a 404 page)."""
    prefixes = {c for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE}
    parts = path.split("/", 2)
    bare = "/" + (parts[2] if len(parts) > 2 and parts[1] in prefixes else path.lstrip("/"))
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def _in_languages(request) -> dict[str, str]:
    """This page's address in every language (its own as asked), worked out once a request:
    the language switch and the alternates in the head both need it.

    ``translate_url`` resolves the address again to reverse it in the other language; the
    request was resolved already (``request.resolver_match``), and the resolving was most of
    the two links' cost on every public page (#15). Where the request was not resolved (a 404
    page) or is served under a script prefix, ``translate_url`` is asked as before.
    """
    path = request.get_full_path() if request else "/"
    current = get_language()
    kept = getattr(request, "_in_languages", None)
    if kept is not None and kept[0] == (current, path):
        return kept[1]
    match = getattr(request, "resolver_match", None)
    if match is None or request.path != request.path_info:
        match = None
    urls = {}
    for code, _name in settings.LANGUAGES:
        if code == current:
            urls[code] = path
            continue
        url = translate_url(path, code) if match is None else _reversed_in(match, path, code)
        urls[code] = _prefixed(path, code) if url == path else url
    if request is not None:
        request._in_languages = ((current, path), urls)
    return urls


def _reversed_in(match, path: str, code: str) -> str:
    """``translate_url(path, code)`` for the request's own ``match`` of ``path``."""
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = path.partition("?")[2]
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in that language, URL of this page in it) for every other language."""
    urls = _in_languages(context.get("request"))
    current = get_language()
    names = {"sv": "Svenska", "en": "English"}
    return [
        (code, names.get(code, str(name)), urls[code])
        for code, name in settings.LANGUAGES
        if code != current
    ]


@register.simple_tag
def text_lang(obj, field: str) -> str:
    """The language of the text shown for ``obj.field`` (modeltranslation may fall back).

    An English page showing a Swedish text because no English one was written marks it
    lang="sv", so that a screen reader pronounces it right (WCAG 3.1.2).
    """
    current = get_language() or settings.LANGUAGE_CODE
    if getattr(obj, f"{field}_{current}", None):
        return current
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, f"{field}_{code}", None):
            return code
    return current


@register.simple_tag
def select_field(field, records=None):
    """A filter's ``<select>`` as Django's widget writes it, without a template per option.

    Django renders every option of a Select through a template of its own; the project list's
    six selects cost more than the rest of the page (#15). A field with errors, several
    values or grouped choices is left to the widget. ``records``: the records of the form's
    model choice fields by name, read together (``website.filters.choice_records``); a
    field not among them reads its own queryset.
    """
    widget = field.field.widget
    if field.errors or not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
        return field.as_widget()
    options = _options(field, records)
    if options is None:
        return field.as_widget()
    selected = {str(value) for value in widget.format_value(field.value())}
    rows, found = [], False
    for value, option, chosen_option in options:
        chosen = not found and value in selected
        found = found or chosen
        rows.append(chosen_option if chosen else option)
    attrs = {"name": field.html_name, **widget.attrs, "id": field.auto_id}
    # What format_html_join(' {}="{}"') of the attributes writes, without a format_html each.
    written = "".join(
        f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
    )
    return mark_safe(f"<select{written}>{''.join(rows)}\n</select>")  # noqa: S308  (escaped)


# The options of fields of fixed choices, by name, language and choices (``_options``).
_PLAIN_OPTIONS: dict = {}
_PLAIN_OPTIONS_MAX = 64


def _options(field, records=None) -> tuple | None:
    """(value, option, option selected) of each choice of a bound field, the options as
    format_html_join wrote them, without a format_html per option (#15); None for grouped
    choices. Those of a model choice field whose records were read together
    (``website.filters.ChoiceRecords``) are made once for those records and the language:
    the records are the same object for as long as the rows read are the same."""
    name = field.name
    kept = getattr(records, "options", None) if name in (records or {}) else None
    key = (name, get_language())
    if kept is not None and key in kept:
        return kept[key]
    choices = _choices(field.field, (records or {}).get(name))
    if any(isinstance(label, list | tuple) for _value, label in choices):
        return None
    if kept is None and not isinstance(field.field.choices, forms.models.ModelChoiceIterator):
        # A field of fixed choices (a kind, a status, a year): its options are made once
        # for the same choices, in the language of their labels (#15: escaping the options
        # of the list's three such selects was a third of their time). Keyed by the choices
        # themselves, their types included (a safe label is not escaped again).
        shown = tuple(
            (type(value), value, type(text), text)
            for value, label in choices
            for text in (str(label) if isinstance(label, Promise) else label,)
        )
        kept, key = _PLAIN_OPTIONS, (name, get_language(), shown)
        try:
            found = kept.get(key)
        except TypeError:  # a choice that is no key: made each time
            kept = found = None
        if found is not None:
            return found
        if kept is not None and len(kept) >= _PLAIN_OPTIONS_MAX:
            kept.clear()
    options = []
    for value, label in choices:
        escaped, text = conditional_escape(value), conditional_escape(label)
        options.append(
            (
                str(value),
                f'\n  <option value="{escaped}">{text}</option>\n',
                f'\n  <option value="{escaped}" selected>{text}</option>\n',
            )
        )
    options = tuple(options)
    if kept is not None:
        kept[key] = options
    return options


def _choices(form_field, records=None) -> list:
    """A field's choices as its iterator gives them, the records of a model choice read in
    one query (or given, as ``records``): Django's ``ModelChoiceIterator`` reads them with
    ``QuerySet.iterator()``, which on PostgreSQL is a server-side cursor, three round trips
    (DECLARE, FETCH, CLOSE) for a list of a few dozen rows (#15)."""
    iterator = form_field.choices
    if not isinstance(iterator, forms.models.ModelChoiceIterator):
        # Iterated, not list()-ed: a model choice iterator's len() is a COUNT query of its own.
        return [choice for choice in iterator]  # noqa: C416
    rows = []
    if form_field.empty_label is not None:
        rows.append(("", form_field.empty_label))
    if getattr(form_field, "null_label", None) is not None:  # django-filter's null choice
        rows.append((form_field.null_value, form_field.null_label))
    # all(): a copy, so that the form's own queryset is not evaluated and kept.
    if records is None:
        records = iterator.queryset.all()
    rows += [iterator.choice(record) for record in records]
    return rows


@functools.cache
def _choice_labels(field, language: str) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice(obj, name: str):
    """``obj.get_<name>_display()``, read from a table made once per field and language.

    Django's ``get_FOO_display`` rebuilds the field's choices as a dict on every call; a list
    showing a kind and a status per row spent a tenth of its time there (#15).
    """
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return _choice_labels(field, get_language() or settings.LANGUAGE_CODE).get(value, value)


@register.filter
def filters_in_use(form) -> bool:
    """Whether a filter other than the search box has a value: then the folded filters of a
    phone start open (#14)."""
    if not form.is_bound:
        return False
    return any(form.data.get(name) for name in form.fields if name != "q")


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """(hreflang, absolute URL) of this page in every language, itself included, and
    x-default (the default language's page): the alternates search engines and Lighthouse
    check (#14), absolute as they require."""
    request = context.get("request")
    absolute = request.build_absolute_uri if request else str
    if request is not None:
        try:
            request.get_host()
        except DisallowedHost:
            # The 400 page of a request to an unknown host: its links stay relative rather
            # than name a host the site does not serve.
            absolute = str
    urls = _in_languages(request)
    links = [(code, absolute(urls[code])) for code, _name in settings.LANGUAGES]
    default = dict(links).get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", default))
    return links


@register.filter
def involvement(projects):
    """The municipality's bodies and schools working with a place, and on what (S3)."""
    from website.queries import involvement as involved

    return involved(projects)


@register.simple_tag(takes_context=True)
def search_marked(context, project, field: str, words: int = 0):
    """A project's title or summary with the words the search matched in ``<mark>`` (#14).

    PostgreSQL's ``ts_headline`` marked them in the query (``search_title``,
    ``search_summary``); where it marked nothing (SQLite, a trigram match) the search's word
    starts are marked here. Escaped first, always (``projects.search.marked_html``).
    """
    return _search_marked(project, field, context.get("search_words") or [], words)


def _search_marked(project, field: str, found, words: int = 0):
    text = getattr(project, f"search_{field}", None)
    if text is None or (found and search.START not in text):
        text = getattr(project, field) or ""
        text = search.mark_words(text, found) if found else text
    if words:
        text = Truncator(text).words(words)
    return search.marked_html(text)


def project_period(project) -> str:
    """``includes/_project_period.html`` of a project that has a start, in Python."""
    if project.ends_on:
        return f"{project.starts_on.isoformat()} – {project.ends_on.isoformat()}\n"
    return gettext("from %(start)s") % {"start": project.starts_on.isoformat()} + "\n"


@functools.cache
def _item_choices(model, name: str, language: str, shown) -> dict:
    """A choice field's labels as an item shows them (``shown``, escaped), by value."""
    field = model._meta.get_field(name)
    return {value: conditional_escape(shown(label)) for value, label in field.flatchoices}


def _item_choice(project, name: str, shown=str):
    """``conditional_escape(shown(choice(project, name)))``, the labels escaped once per
    field and language; a value that is no choice as ``choice`` gives it."""
    language = get_language() or settings.LANGUAGE_CODE
    value = getattr(project, name)
    labels = _item_choices(type(project), name, language, shown)
    if value in labels:
        return labels[value]
    return conditional_escape(shown(choice(project, name)))


@register.simple_tag(takes_context=True)
def project_item(context, project):
    """A project's item in a list (the start page, the project list, a place's page): title
    with its address and the search's marks, kind, status, period, partners and summary.

    Written here rather than by an included template per row: the include, its tags and
    some 25 variable lookups per project were a third of the project list's time uncached
    (#15). The HTML is the one the template wrote, byte for byte
    (``tests/website/test_project_item.py``).
    """
    language = context.get("LANGUAGE_CODE") or get_language() or settings.LANGUAGE_CODE
    found = context.get("search_words") or []
    title_lang = text_lang(project, "title")
    title_attr = "" if title_lang == language else f' lang="{conditional_escape(title_lang)}"'
    url = conditional_escape(detail_url(context, "website:project-detail", project.slug))
    title = _search_marked(project, "title", found)
    meta = [_item_choice(project, "kind", capfirst), " · ", _item_choice(project, "status")]
    if project.starts_on:
        meta += [" · ", conditional_escape(project_period(project))]
    places = getattr(project, "public_places", None)
    if places:
        meta += [" · ", ", ".join(conditional_escape(place.name) for place in places)]
    summary = ""
    if project.summary:
        summary_lang = text_lang(project, "summary")
        summary_attr = (
            "" if summary_lang == language else f' lang="{conditional_escape(summary_lang)}"'
        )
        marked = _search_marked(project, "summary", found, 40)
        summary = f'<p class="project-item__summary"{summary_attr}>{marked}</p>'
    return mark_safe(  # noqa: S308  (every value escaped above; marks by marked_html)
        f'\n<li class="project-item">\n  <h3 class="project-item__title"><a href="{url}"'
        f"{title_attr}>{title}</a></h3>\n"
        f'  <p class="project-item__meta">\n    {"".join(meta)}\n  </p>\n'
        f"  {summary}\n</li>\n"
    )


@register.simple_tag(takes_context=True)
def detail_url(context, url_name: str, slug) -> str:
    """``{% url url_name slug %}`` for a row of a list: the address is reversed once per
    request and language with a marker, then each slug is put in its place (#15: a
    ``reverse()`` per row was a tenth of the start page). A slug of another form, or no
    request, goes through ``reverse()`` itself."""
    request = context.get("request")
    if request is None:
        return reverse(url_name, args=[slug])
    links = getattr(request, "_detail_urls", None)
    if links is None:
        links = request._detail_urls = {}
    key = (url_name, get_language())
    if key not in links:
        marker, _form = _SLUG
        links[key] = reverse(url_name, args=[marker]).partition(marker)
    before, found, after = links[key]
    text = str(slug)
    if not found or not _SLUG_FORM.fullmatch(text):
        return reverse(url_name, args=[slug])
    return before + text + after


def relationship_period(relationship) -> str:
    """``includes/_relationship_period.html`` in Python, escaped as the template escapes:
    the values, not the translated words."""
    ended = relationship.ended_on
    end = f"{ended.year:04d}" if ended else ""
    if relationship.start_precision == "unknown":
        if ended:
            return gettext("until %(end)s") % {"end": end}
        return conditional_escape(gettext("start not known"))
    start = conditional_escape(relationship.start_display)
    if relationship.start_precision == "approximate" or ended:
        return start + (f"–{end}" if ended else "")
    return gettext("since %(start)s") % {"start": start}


@register.simple_tag(takes_context=True)
def partner_items(context, places):
    """The start page's partner list: each place with its address, country and published
    relationships (kind, period, a status other than active).

    Written here rather than by the template's loop: an included period template per
    relationship, a country name through django-countries per place and the lookups were
    most of the start page's template time uncached (#15). The HTML is the one the loop
    wrote, byte for byte (``tests/website/test_partner_items.py``).
    """
    names: dict[str, str] = {}
    parts = []
    for place in places:
        code = place.country_code
        if code not in names:
            names[code] = countries.name(code)
        url = detail_url(context, "website:place-detail", place.slug)
        parts.append(
            f'\n        <li>\n          <a href="{conditional_escape(url)}">'
            f"{conditional_escape(place.display_name)}</a>, {conditional_escape(names[code])}"
            "\n          "
        )
        for relationship in place.public_relationships:
            status = ""
            if not relationship.is_active:
                status = f" ({conditional_escape(choice(relationship, 'status'))})"
            parts.append(
                '\n          <span class="partner-list__relationship">'
                f"{conditional_escape(capfirst(choice(relationship, 'kind')))}, "
                f"{relationship_period(relationship)}\n{status}</span>"
                "\n          "
            )
        parts.append("\n        </li>\n        ")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


class RenderedOnceNode(template.Node):
    """``{% rendered_once part ... %} ... {% endrendered_once %}``: see ``rendered_once``."""

    # A part of the page names its keys from a small set (a section, the municipality's
    # name); more than this many versions of one part is a mistake, and starts it afresh.
    MAX_VERSIONS = 64

    def __init__(self, nodelist, names, parts):
        self.nodelist = nodelist
        self.names = names
        self.parts = parts
        self.rendered: dict = {}

    def render(self, context):
        values = tuple(part.resolve(context) for part in self.parts)
        key = (get_language(), get_script_prefix(), get_urlconf(), context.autoescape, values)
        html = self.rendered.get(key)
        if html is None:
            # Only the named values: a part cannot depend on anything its key does not say.
            own = context.new(dict(zip(self.names, values, strict=True)))
            html = self.nodelist.render(own)
            if len(self.rendered) >= self.MAX_VERSIONS:
                self.rendered.clear()
            self.rendered[key] = html
        return html


@register.tag
def rendered_once(parser, token):
    """``{% rendered_once section municipality_name %} ... {% endrendered_once %}``: a part of
    the page that depends on the language and the named variables alone (the header, the
    navigation, the footer's links), rendered once per process and language and those values.

    The part sees the named variables and nothing else of the page's context, so it cannot
    depend on what its key leaves out; its translations, ``{% url %}`` and ``{% static %}``
    are the same for every request in one language. Every public page rendered the base
    template's navigation and links anew: some twenty ``{% url %}`` and ``{% translate %}``
    per request (#15). The HTML is the same, byte for byte.
    """
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endrendered_once",))
    parser.delete_first_token()
    for bit in bits:
        if not bit.isidentifier():
            raise template.TemplateSyntaxError(f"rendered_once takes variable names, not {bit!r}.")
    return RenderedOnceNode(nodelist, bits, [parser.compile_filter(bit) for bit in bits])


class RenderedPerVersionNode(template.Node):
    """``{% rendered_per_version "name" variable ... %}``: see ``rendered_per_version``."""

    def __init__(self, nodelist, name, names):
        self.nodelist = nodelist
        self.name = name
        self.names = names

    def render(self, context):
        key = (self.name, get_language(), get_script_prefix(), get_urlconf(), context.autoescape)

        def render():
            # Only the named variables, as they are (a callable is called only here): the
            # part cannot depend on anything of the page its key does not say.
            return self.nodelist.render(
                context.new({name: context.get(name) for name in self.names})
            )

        # The page's own version (``website.context_processors.site``), read once a request;
        # None where the page says so (a preview is never cached, website.preview).
        version = context.get("content_version")
        if callable(version):
            version = version()
        return caching.rendered_per_version(version, key, render)


@register.tag
def rendered_per_version(parser, token):
    """``{% rendered_per_version "site-contact" public_contacts %} ...
    {% endrendered_per_version %}``: a part of every page that shows records (the footer's
    public contact), rendered once per process, language and content version
    (``website.caching.rendered_per_version``).

    The part sees the named variables and nothing else of the page's context; they are handed
    over unread, so a callable such as ``public_contacts`` is read only when the part is
    rendered. With the dummy cache of the benchmarks the footer's ``{% cache %}`` rendered
    and read the contact on every page: one query per public page (#15).
    """
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endrendered_per_version",))
    parser.delete_first_token()
    if not bits or bits[0][:1] not in "'\"" or bits[0][-1:] != bits[0][:1]:
        raise template.TemplateSyntaxError("rendered_per_version takes a quoted name first.")
    for bit in bits[1:]:
        if not bit.isidentifier():
            raise template.TemplateSyntaxError(
                f"rendered_per_version takes variable names, not {bit!r}."
            )
    return RenderedPerVersionNode(nodelist, bits[0][1:-1], bits[1:])


# The start page's map as HTML, by language and the places it is drawn from (a few versions:
# the places change when the coordinator publishes, the language with the visitor).
_MAPS: dict = {}
_MAPS_KEPT = 4


def _drawn_from(places) -> tuple:
    """Everything of the places (``website.queries.MapPlace``) the map may read, as a key."""
    return tuple(
        (
            place.pk,
            place.slug,
            place.name,
            place.local_name,
            place.country_code,
            place.latitude,
            place.longitude,
            tuple(
                (r.kind, r.status, r.started_on, r.start_precision, r.start_note, r.ended_on)
                for r in place.public_relationships
            ),
        )
        for place in places
    )


@register.simple_tag(takes_context=True)
def partner_map_html(context, places):
    """``includes/_map.html`` of these places (the start page's map), drawn once per process,
    language and places: the map is a function of the places' names, positions and
    relationships alone, which are read on every request and are the key here; placing the
    labels and writing the SVG were some 2 ms of every start page (#15). The HTML is the one
    the include wrote (``tests/website/test_partner_map_html.py``)."""
    places = list(places)
    key = (
        get_language(),
        get_script_prefix(),
        settings.MUNICIPALITY_NAME,
        settings.MUNICIPALITY_LATITUDE,
        settings.MUNICIPALITY_LONGITUDE,
        _drawn_from(places),
    )
    html = _MAPS.get(key)
    if html is None:
        home = (settings.MUNICIPALITY_LATITUDE, settings.MUNICIPALITY_LONGITUDE)
        drawn = partner_map.build(places, home, settings.MUNICIPALITY_NAME)
        include = context.template.engine.get_template("includes/_map.html")
        html = include.render(context.new({"partner_map": drawn}))
        if len(_MAPS) >= _MAPS_KEPT:
            _MAPS.pop(next(iter(_MAPS)))
        _MAPS[key] = html
    return html


@register.simple_tag(takes_context=True)
def pagination(context):
    """``includes/_pagination.html`` in Python, byte for byte (#15: the include, its loop and
    a ``{% querystring %}`` and some ten lookups per page link were half a millisecond of
    every page of the project list). The links are Django's own ``{% querystring %}``, the
    page numbers shown as a template shows a value (``render_value_in_context``: localized,
    escaped), the words translated as ``{% translate %}`` gives a literal (safe, not escaped
    again). ``tests/website/test_pagination_tag.py`` compares it with the include."""
    if not context.get("is_paginated"):
        return mark_safe("\n")
    page, paginator = context.get("page_obj"), context.get("paginator")

    def link(number) -> str:
        href = querystring(context, page=number)
        return conditional_escape(href) if context.autoescape else href

    hidden_page = gettext("page")
    shown = gettext("Page")
    parts = [
        f'\n<nav class="pagination-nav" aria-label="{gettext("Pages")}">\n'
        '  <ul class="pagination flex-wrap">\n    '
    ]
    if page.has_previous():
        parts.append(
            f'\n    <li class="page-item"><a class="page-link" '
            f'href="{link(page.previous_page_number())}" rel="prev">{gettext("Previous")}'
            f'<span class="visually-hidden"> {hidden_page}</span></a></li>\n    '
        )
    parts.append("\n    ")
    for number in context.get("page_range") or ():
        if number == page.number:
            parts.append(
                '\n    \n    <li class="page-item active"><span class="page-link" '
                f'aria-current="page"><span class="visually-hidden">{shown} </span>'
                f"{render_value_in_context(number, context)}</span></li>\n    \n    "
            )
        elif number == paginator.ELLIPSIS:
            parts.append(
                '\n    \n    <li class="page-item disabled"><span class="page-link">…</span>'
                "</li>\n    \n    "
            )
        else:
            parts.append(
                f'\n    \n    <li class="page-item"><a class="page-link" href="{link(number)}">'
                f'<span class="visually-hidden">{shown} </span>'
                f"{render_value_in_context(number, context)}</a></li>\n    \n    "
            )
    parts.append("\n    ")
    if page.has_next():
        parts.append(
            f'\n    <li class="page-item"><a class="page-link" '
            f'href="{link(page.next_page_number())}" rel="next">{gettext("Next")}'
            f'<span class="visually-hidden"> {hidden_page}</span></a></li>\n    '
        )
    parts.append("\n  </ul>\n</nav>\n\n")
    return mark_safe("".join(parts))  # noqa: S308  (links escaped, numbers rendered as templates do)

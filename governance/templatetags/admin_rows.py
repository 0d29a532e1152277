"""``{% result_list_rows cl %}``: Django's ``{% result_list cl %}`` with the rows of
``governance.admin_rows`` (the same HTML, worked out once per list and joined here, templates/
admin/change_list_rows.html; #15). ``{% nav_app_list %}``:
the admin side bar's list of pages, Django's template's HTML written in Python (#15).
``{% filter_choices %}``: a list filter's box, Django's ``admin/filter.html`` in Python (#15)."""

from urllib.parse import quote

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from governance import admin_rows

register = template.Library()


def result_list(cl):
    headers = list(result_headers(cl))
    results = list(admin_rows.results(cl))
    num_sorted_fields = sum(1 for h in headers if h["sortable"] and h["sorted"])
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": num_sorted_fields,
        "head": _head(headers, num_sorted_fields),
        "results": results,
        "rows": _rows(cl, results),
    }


def _head(headers, num_sorted_fields):
    """The table's column headers as Django's ``admin/change_list_results.html`` writes them:
    its loop over the headers, with a translation and three links in each sorted one, cost
    a sixteenth of the admin project list's time (#15)."""
    remove, toggle = conditional_escape(gettext("Remove from sorting")), None
    out = []
    for header in headers:
        out.append(f'\n<th scope="col"{conditional_escape(header["class_attrib"])}>\n   ')
        sortable = header["sortable"]
        if sortable and header["sort_priority"] > 0:
            if toggle is None:
                toggle = conditional_escape(gettext("Toggle sorting"))
            priority = ""
            if num_sorted_fields > 1:
                shown = conditional_escape(header["sort_priority"])
                title = gettext("Sorting priority: %(priority_number)s") % {
                    "priority_number": shown
                }
                priority = f'<span class="sortpriority" title="{title}">{shown}</span>'
            direction = "ascending" if header["ascending"] else "descending"
            out.append(
                '\n       <div class="sortoptions">\n         <a class="sortremove" '
                f'href="{conditional_escape(header["url_remove"])}" title="{remove}"></a>\n'
                f"         {priority}\n"
                f'         <a href="{conditional_escape(header["url_toggle"])}" '
                f'class="toggle {direction}" title="{toggle}"></a>\n       </div>\n   '
            )
        text = conditional_escape(capfirst(header["text"]))
        if sortable:
            text = f'<a href="{conditional_escape(header["url_primary"])}">{text}</a>'
        else:
            text = f"<span>{text}</span>"
        out.append(f'\n   <div class="text">{text}</div>\n   <div class="clear"></div>\n</th>')
    return mark_safe("".join(out))


def _rows(cl, results):
    """The table's rows as the template's loop writes them, or None for a list of forms (its
    rows may carry errors): a loop of 50 rows in the template cost a twentieth of the admin
    project list's time (#15)."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    return mark_safe("".join([f"\n\n<tr>{''.join(row)}</tr>\n" for row in results]))


@register.tag(name="result_list_rows")
def result_list_rows(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_rows.html",
        takes_context=False,
    )


@register.simple_tag(takes_context=True)
def nav_app_list(context):
    """The admin side bar's list of every admin page: Django's ``admin/app_list.html`` with
    ``show_changelinks=False`` (what ``admin/nav_sidebar.html`` includes), written in Python.
    The template cost a quarter of the admin project list's time (#15); the HTML is the
    template's, character for character (tests/governance/test_admin_rows.py)."""
    apps = context.get("available_apps")
    request = context.get("request")
    if not apps:
        text = admin_rows.escaped(gettext("You don’t have permission to view or edit anything."))
        return mark_safe(f"\n\n\n  <p>{text}</p>\n\n")
    path = quote(request.path) if request is not None else ""
    head = "".join(
        f'            <th scope="col">{admin_rows.escaped(gettext(name))}</th>\n'
        for name in ("Model name", "Add link", "Change or view list link")
    )
    add = admin_rows.escaped(gettext("Add"))
    out = ["\n\n\n  "]
    for app in apps:
        label = admin_rows.escaped(app.get("app_label", ""))
        name = admin_rows.escaped(app.get("name", ""))
        title = blocktranslate_models_in(app.get("name", ""))
        current_app = _current(app.get("app_url"), path, " current-app")
        out.append(
            f'\n    <div class="app-{label} module{current_app}">'
            "\n      <table>\n        <caption>\n"
            f'          <a href="{admin_rows.escaped(app.get("app_url", ""))}" class="section" '
            f'title="{title}">{name}</a>\n'
            '        </caption>\n        <thead class="visually-hidden">\n          <tr>\n'
            f"{head}          </tr>\n        </thead>\n        "
        )
        for model in app.get("models", ()):
            model_name = admin_rows.escaped(str(model.get("object_name", "")).lower())
            shown = admin_rows.escaped(model.get("name", ""))
            url = model.get("admin_url")
            row_id = f"{label}-{model_name}"
            if url:
                aria = _current(url, path, ' aria-current="page"')
                link = (
                    f'\n                  <a href="{admin_rows.escaped(url)}"{aria}>{shown}</a>\n'
                )
            else:
                link = f"\n                  {shown}\n"
            if model.get("add_url"):
                add_cell = (
                    f'\n                <td><a href="{admin_rows.escaped(model["add_url"])}" '
                    f'class="addlink" aria-describedby="{row_id}">{add}</a></td>\n              '
                )
            else:
                add_cell = "\n                <td></td>\n              "
            current_model = _current(url, path, " current-model")
            out.append(
                "\n          \n"
                f'            <tr class="model-{model_name}{current_model}">\n'
                f'              <th scope="row" id="{row_id}">\n                {link}'
                f"                \n              </th>\n\n              {add_cell}\n\n"
                "              \n            </tr>\n          \n        "
            )
        out.append("\n      </table>\n    </div>\n  ")
    out.append("\n\n")
    return mark_safe("".join(out))


def _current(url, path, text):
    """``text`` when ``url`` is in the request's path, as the template's ``{% if url in
    request.path|urlencode %}`` (a missing address is never current)."""
    return text if isinstance(url, str) and url in path else ""


def blocktranslate_models_in(name):
    return gettext("Models in the %(name)s application") % {"name": admin_rows.escaped(name)}


@register.simple_tag(takes_context=True)
def filter_choices(context, title, choices):
    """One list filter's box as Django's ``admin/filter.html`` writes it (templates/admin/
    filter.html holds this tag and the file's last line break): a template loop cost a tenth
    of the admin project list's time (#15); tests/governance/test_admin_rows.py compares."""
    shown = render_value_in_context(title, context)
    by = gettext(" By %(filter_title)s ") % {"filter_title": shown}
    out = [f'\n<details data-filter-title="{shown}" open>\n  <summary>\n    {by}\n  </summary>']
    out.append("\n  <ul>\n  ")
    for choice in choices:
        selected = ' class="selected"' if choice["selected"] else ""
        href = render_value_in_context(iri_to_uri(choice["query_string"]), context)
        display = render_value_in_context(choice["display"], context)
        out.append(f'\n    <li{selected}>\n    <a href="{href}">{display}</a></li>\n  ')
    out.append("\n  </ul>\n</details>")
    return mark_safe("".join(out))

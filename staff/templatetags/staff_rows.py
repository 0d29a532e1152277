"""The staff project list's rows, written in Python (#15).

Fifty rows of six cells were some 400 variable lookups and a translated plural per row, the
better part of the list's rendering. ``staff_project_rows`` writes the same HTML, each value
escaped as ``{{ }}`` escapes it, byte for byte as the loop did
(``tests/staff/test_project_rows.py`` renders the former loop beside it).
"""

from html import escape

from django import template
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from governance.escaping import escaper

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_project_rows(context, projects):
    """The rows of ``projects`` (from ``staff.views.projects.ProjectListView``, with their
    ``detail_url``, ``kind_label``, ``status_label`` and ``check_count``)."""
    esc = escaper()  # the bodies, units and labels repeat on most rows

    completed = render_value_in_context(gettext("Completed"), context)
    checks = {}
    rows = []
    for project in projects:
        if project.funding_check_complete:
            check = completed
        else:
            count = project.check_count
            check = checks.get(count)
            if check is None:  # as {% blocktranslate count %} writes it, once per number
                check = checks[count] = ngettext(
                    "Open, %(counter)s source checked", "Open, %(counter)s sources checked", count
                ) % {"counter": render_value_in_context(count, context)}
        unit = project.unit.name if project.unit is not None else ""
        rows.append(
            f'\n    <tr>\n      <td><a href="{escape(str(project.detail_url))}">'
            f"{escape(str(project.title))}</a></td>\n"
            f"      <td>{esc(project.kind_label)}</td>\n"
            f"      <td>{esc(project.responsible_body.short_name)}</td>\n"
            f"      <td>{esc(unit or '–')}</td>\n"
            f"      <td>{esc(project.status_label)}</td>\n"
            f"      <td>{check}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308  (every value escaped above)


# An application key no application has: where each row's own goes in its page's address.
_KEY_MARK = 8642097531


@register.simple_tag(takes_context=True)
def staff_application_rows(context, applications, since=None):
    """The rows of ``applications`` (read with ``LIST_RELATED`` and their ``last_change``,
    ``staff.views.applications``) in the staff lists' table: what the loop over them with an
    include of ``staff/_status.html`` per row wrote (#15). ``since``: the previous visit."""
    esc = escaper()

    before, _key, after = reverse("staff:application-detail", args=[_KEY_MARK]).partition(
        str(_KEY_MARK)
    )
    news = (
        ' <span class="badge text-bg-info new-since"><span aria-hidden="true">'
        f"{render_value_in_context(gettext('New'), context)}</span>"
        '<span class="visually-hidden">'
        f"{render_value_in_context(gettext('New or changed since your last visit'), context)}"
        "</span></span>"
    )
    not_consulted = (
        ' <span class="badge text-bg-warning">'
        f"{render_value_in_context(gettext('Not consulted (S9)'), context)}</span>"
    )
    rows = []
    for application in applications:
        changed = application.last_change
        new = news if since and changed and changed > since else ""
        project = application.project
        body = project.responsible_body.short_name if project is not None else ""
        submitted = application.submitted_on.isoformat() if application.submitted_on else ""
        decision = application.decision
        decided = (
            f"{esc(decision.citation)}: {esc(decision.get_outcome_display())}" if decision else "–"
        )
        if application.is_decided:
            badge = "text-bg-success"
        elif application.may_be_decided:
            badge = "text-bg-primary"
        elif application.is_withdrawn:
            badge = "text-bg-secondary"
        else:
            badge = "text-bg-light border"
        warning = not_consulted if application.lacks_consultation else ""
        rows.append(
            f'\n    <tr>\n      <td><a href="{before}{application.pk}{after}">'
            f"{escape(str(application.title))}</a>{new}</td>\n"
            f"      <td>{esc(application.get_kind_display())}</td>\n"
            f"      <td>{esc(application.addressed_to.short_name)}</td>\n"
            f"      <td>{esc(body or '–')}</td>\n"
            f'      <td class="text-nowrap">{submitted or "–"}</td>\n'
            f'      <td><span class="badge {badge}">{esc(application.get_status_display())}'
            f"</span>{warning}\n</td>\n"
            f"      <td>{decided}</td>\n    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308  (every value escaped above)

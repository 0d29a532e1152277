"""The role groups of governance.access, with their permissions (roles are code, not data).

Which records a contributor or a board member sees is limited to their own body by the
admin and the staff pages (governance.access); the permissions here only say which kinds of
record a role may touch at all.
"""

from django.contrib.auth.models import Group, Permission
from simple_history.models import HistoricalChanges

from governance.access import BOARD_MEMBER_GROUP, CONTRIBUTOR_GROUP, COORDINATOR_GROUP
from governance.records import PublicRecord

DOMAIN_APPS = ("governance", "partners", "network", "projects")

ROLE_PERMISSIONS = {
    CONTRIBUTOR_GROUP: {
        "projects.project": "view add change",
        "projects.participantcount": "view add change delete",
        "projects.projectcost": "view add change delete",
        "projects.fundingcheck": "view add change",
        "projects.reportobligation": "view add change",
        "projects.application": "view add change",
        "projects.funder": "view",
        "projects.programme": "view",
        "projects.call": "view",
        "partners.place": "view",
        "partners.relationship": "view",
        "network.objective": "view",
        "governance.body": "view",
    },
    BOARD_MEMBER_GROUP: {
        "projects.application": "view",
        "projects.project": "view",
        "projects.fundingcheck": "view",
        "projects.steeringgroup": "view add change",
        "projects.steeringgroupmember": "view add change delete",
        "governance.decision": "view",
        "governance.meeting": "view",
        "governance.body": "view",
        "network.objective": "view",
    },
}


class MissingPermission(LookupError):
    """A permission the roles need does not exist: the database is not migrated."""


def _permissions() -> dict[str, Permission]:
    """The permissions of the domain apps and auth, by "app_label.codename"."""
    found = Permission.objects.filter(content_type__app_label__in=(*DOMAIN_APPS, "auth"))
    return {
        f"{p.content_type.app_label}.{p.codename}": p for p in found.select_related("content_type")
    }


def _coordinator_may(permission: Permission) -> bool:
    """Everything on the domain models, except what would destroy a record or its history.

    A public record (decisions, relationships, agreements, memberships, meetings, funding
    checks, strategies: governance.records) cannot be deleted, and losing edit history counts
    as destroying it, so history is view-only. Applications and projects keep their delete
    permission for drafts; a decided one is refused by projects.predicates.may_be_deleted.
    """
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None:
        return False
    if issubclass(model, HistoricalChanges):
        return action == "view"
    return not (issubclass(model, PublicRecord) and action == "delete")


def wanted_permissions(available: dict[str, Permission]) -> dict[str, list[Permission]]:
    domain = [p for p in available.values() if p.content_type.app_label in DOMAIN_APPS]
    wanted = {COORDINATOR_GROUP: [p for p in domain if _coordinator_may(p)]}
    wanted[COORDINATOR_GROUP].append(_pick(available, "auth.view_user"))
    for group, rules in ROLE_PERMISSIONS.items():
        wanted[group] = [
            _pick(available, f"{label.split('.')[0]}.{action}_{label.split('.')[1]}")
            for label, actions in rules.items()
            for action in actions.split()
        ]
    return wanted


def _pick(available: dict[str, Permission], key: str) -> Permission:
    try:
        return available[key]
    except KeyError as exc:
        raise MissingPermission(f"Permission {key} is missing; run migrate first.") from exc


def ensure_groups(tally) -> None:
    """Create each role group with exactly its permissions; save only what differs."""
    for name, permissions in wanted_permissions(_permissions()).items():
        group, created = Group.objects.get_or_create(name=name)
        differs = set(group.permissions.values_list("pk", flat=True)) != {p.pk for p in permissions}
        if differs:
            group.permissions.set(permissions)
        tally.add(Group, "created" if created else "updated" if differs else "unchanged")

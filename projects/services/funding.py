"""The funding check every project and exchange needs before approval (S6)."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Person
from projects.models import DeadlineFeed, Project


@transaction.atomic
def complete_funding_check(
    project: Project, *, by: Person, on: datetime.date | None = None
) -> Project:
    """Close a project's funding check once every relevant source has been looked at.

    Side effects: records who completed the check and when. Refuses, naming what is missing,
    a project with no recorded check or with a programme that may fit it and has no outcome
    (``funding_match.completion_errors``, which ``Project.clean`` asks on every path).
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.funding_checks.exists():
        raise ValidationError(
            _("Record at least one funding source that was checked before completing the check.")
        )
    locked.funding_check_closed_on = on or timezone.localdate()
    locked.funding_check_closed_by = by
    locked.save()
    project.refresh_from_db()
    return locked


# --- The coordinator's personal feed of deadlines (#13) ------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def make_deadline_feed(user) -> str:
    """A new secret address for the user's deadline feed; the earlier one ends.

    Returns the secret, which is never stored (only its hash): the page shows it once.
    """
    token = secrets.token_urlsafe(32)
    DeadlineFeed.objects.filter(user=user).delete()
    DeadlineFeed.objects.create(user=user, token_hash=_hash(token))
    return token


@transaction.atomic
def revoke_deadline_feed(user) -> bool:
    """End the user's feed address; False when there was none."""
    deleted, _count = DeadlineFeed.objects.filter(user=user).delete()
    return bool(deleted)


def deadline_feed_user(token: str):
    """The active user whose feed address carries ``token``, or None."""
    if not token:
        return None
    feed = (
        DeadlineFeed.objects.filter(token_hash=_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None

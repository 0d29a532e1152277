"""The staff menu, shared by the staff pages (/arbete/) and the follow-up (/uppfoljning/)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from governance import access


def staff_nav(request):
    """What the staff menu offers the signed-in user: it only hides what the server refuses.

    Lazy, so a page that shows no staff menu (the public site, the admin) asks nothing.
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    if settings.STAFF_OTP_REQUIRED and not user.is_verified():
        return {}  # Nothing to offer until the second factor is confirmed.

    def flags():
        coordinator = access.is_coordinator(user)
        return {
            "work": access.may_draft(user),
            "queue": coordinator or access.is_board_member(user),
            "visits": access.may_see_visits(user),
            "follow_up": access.may_follow_up(user),
            "records": access.may_keep_records(user),
        }

    return {"nav": SimpleLazyObject(flags)}

"""The staff menu, shared by the staff pages (/arbete/) and the follow-up (/uppfoljning/)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def staff_nav(request):
    """What the staff menu offers the signed-in user: it only hides what the server refuses.

    Asked of ``request.rights`` (governance.access), lazily, so a page that shows no staff menu
    (the public site, the admin) asks nothing.
    """
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    if settings.STAFF_OTP_REQUIRED and not user.is_verified():
        return {}  # Nothing to offer until the second factor is confirmed.

    def flags():
        rights = request.rights
        return {
            "work": rights.may_draft,
            "queue": rights.may_see_queue,
            "visits": rights.may_see_visits,
            "places": rights.may_keep_places,
            "meetings": rights.may_see_meetings,
            "publishing": rights.may_publish,
            "follow_up": rights.may_follow_up,
            "records": rights.may_keep_records,
            "terms": rights.may_register_term,
            "funding_calendar": rights.may_see_funding_calendar,
        }

    return {"nav": SimpleLazyObject(flags)}

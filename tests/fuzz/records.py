"""Records of the models that other packages register in the admin (sign-in safety, TOTP).

The project's own models come from ``tests.admin_records``; these complete the admin's list.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import admin_records as records
from tests import factories

ATTEMPT = {
    "user_agent": "Mozilla/5.0",
    "ip_address": "127.0.0.1",
    "username": "samordnare",
    "http_accept": "text/html",
    "path_info": "/arbete/logga-in/",
}

MAKERS = {
    AccessAttempt: lambda: AccessAttempt.objects.create(
        **ATTEMPT, get_data="next=/", post_data="username=samordnare", failures_since_start=1
    ),
    AccessLog: lambda: AccessLog.objects.create(**ATTEMPT),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(**ATTEMPT, locked_out=False),
    TOTPDevice: lambda: TOTPDevice.objects.create(user=factories.UserFactory(), name="Telefon"),
}


def make(model):
    """A record of ``model``: the admin tests' maker, or one of the above."""
    if model in MAKERS:
        return MAKERS[model]()
    return records.make(model)

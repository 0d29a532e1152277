"""The staff user who signs in, and the setting that asks for a second factor."""

import pytest

from tests import factories


@pytest.fixture
def user(db):
    return factories.UserFactory(username="handlaggare", is_staff=True, is_superuser=True)


@pytest.fixture
def otp_required(settings):
    settings.STAFF_OTP_REQUIRED = True

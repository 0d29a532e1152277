"""Fixtures for the admin tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The record makers create many login accounts; the real hasher takes a second for each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

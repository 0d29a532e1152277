"""A fixed day for the follow-up tests: the dashboard judges everything against today."""

import datetime

import pytest
import time_machine
from django.utils import translation

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield

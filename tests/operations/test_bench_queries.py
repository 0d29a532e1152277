"""The bench's query counts of a page (``bench.queries.cold_and_warm``) say the same for the
same page whatever came before it (#15): a staff list that keeps the time of the user's
visit writes it on the cold request every time, and never on the warm one."""

import pytest
from django.urls import reverse

from bench.queries import cold_and_warm

pytestmark = pytest.mark.django_db


def test_a_staff_lists_cold_count_is_the_same_after_a_visit_in_the_same_second(client, coordinator):
    client.force_login(coordinator)
    path = reverse("staff:home")
    client.get(path)  # a visit just before: its time is already in the session

    first = cold_and_warm(client, path)
    second = cold_and_warm(client, path)

    cold, _cold_ms, warm, _warm_ms = first
    assert cold > warm  # the cold request wrote the visit's time, the warm one did not
    assert (second[0], second[2]) == (cold, warm)


def test_an_anonymous_client_is_given_no_session(client):
    cold, _cold_ms, warm, _warm_ms = cold_and_warm(client, reverse("website:home"))

    assert cold >= warm
    assert "sessionid" not in client.cookies

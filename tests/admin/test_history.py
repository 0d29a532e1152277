"""Who changed what: the admin records the user in each record's history (DESIGN.md)."""

from django.urls import reverse

from partners.models import Place
from tests import factories


def test_place_changed_in_admin_records_the_coordinator(client, coordinator):
    place = factories.PlaceFactory(name="Joniškis", slug="joniskis", country="LT")
    client.force_login(coordinator)
    data = {"name": "Joniškis", "slug": "joniskis", "country": "LT", "kind": "municipality"}
    data["public_text_sv"] = "Vänort sedan 1994."

    response = client.post(reverse("admin:partners_place_change", args=[place.pk]), data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.public_text_sv == "Vänort sedan 1994."
    assert place.history.first().history_user == coordinator


def test_history_page_lists_the_change_by_the_coordinator(client, coordinator):
    place = factories.PlaceFactory()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_change", args=[place.pk])
    data = {"name": "Rygge", "slug": place.slug, "country": "NO", "kind": "municipality"}
    client.post(url, data)

    response = client.get(reverse("admin:partners_place_history", args=[place.pk]))

    assert response.status_code == 200
    assert "samordnare" in response.content.decode()


def test_reverting_to_an_old_version_is_refused(client, coordinator):
    """Reverting would skip the services (a decision could be undone); history is read-only."""
    place = factories.PlaceFactory(name="Moss")
    version = place.history.first()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_simple_history", args=[place.pk, version.history_id])
    data = {"name": "Ändrad", "slug": place.slug, "country": "NO", "kind": "municipality"}

    response = client.post(url, data)

    assert response.status_code == 403
    assert Place.objects.get().name == "Moss"


def test_old_version_can_be_viewed(client, coordinator):
    place = factories.PlaceFactory()
    version = place.history.first()
    client.force_login(coordinator)
    url = reverse("admin:partners_place_simple_history", args=[place.pk, version.history_id])

    response = client.get(url)

    assert response.status_code == 200

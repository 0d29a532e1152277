"""A sign-in with a ``next`` to another site lands on a real page: the admin's index after the
admin's sign-in, the staff start page after the site's; never the other site, never a 404
(#15 hardening)."""

import pytest

from tests import factories

PASSWORD = "demo-password"
REFUSED = ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]


@pytest.fixture
def staff_user(db):
    user = factories.UserFactory(username="handlaggare", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, url, next_url, *, in_query):
    data = {"username": "handlaggare", "password": PASSWORD}
    if in_query:
        url = f"{url}?next={next_url}"
    else:
        data["next"] = next_url
    return client.post(url, data)


@pytest.mark.parametrize("next_url", REFUSED)
@pytest.mark.parametrize("in_query", [True, False])
@pytest.mark.parametrize(
    ("login", "start"),
    [
        ("/admin/login/", "/admin/"),
        ("/en/admin/login/", "/en/admin/"),
        ("/arbete/logga-in/", "/arbete/"),
        ("/en/work/sign-in/", "/en/work/"),
    ],
)
def test_a_refused_next_lands_on_the_start_page_of_the_way_in(
    client, staff_user, login, start, next_url, in_query
):
    response = _sign_in(client, login, next_url, in_query=in_query)

    assert response.status_code == 302
    assert response.url == start
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("login", "start"), [("/admin/login/", "/admin/"), ("/arbete/logga-in/", "/arbete/")]
)
def test_the_form_does_not_carry_the_refused_address(client, db, login, start):
    page = client.get(login, {"next": "https://evil.example/"}).content.decode()

    # The address stays in the page's own address (the form's action, the language switch),
    # where it is refused again; the form's next is the start page.
    assert 'value="https://evil.example/"' not in page
    assert f'name="next" value="{start}"' in page


@pytest.mark.parametrize(
    ("login", "wanted"),
    [("/admin/login/", "/admin/projects/project/"), ("/arbete/logga-in/", "/uppfoljning/")],
)
def test_a_next_on_this_site_is_still_followed(client, staff_user, login, wanted):
    response = _sign_in(client, login, wanted, in_query=False)

    assert response.url == wanted

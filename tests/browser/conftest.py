"""Browser tests of the public site, against live_server (Chromium set up in tests/conftest.py)."""

import pytest

from tests.website.conftest import _fresh_cache_and_swedish, world  # noqa: F401


@pytest.fixture
def live_world(transactional_db, world, live_server):  # noqa: F811 (the imported fixture)
    """The published world, served by a live server."""
    return world

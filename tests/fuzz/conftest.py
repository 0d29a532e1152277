"""Fuzzing (issue #6): personas and a small world of records, as the staff tests have them.

The staff fixtures are reused, not copied: the same school, project and applications at each
step, on the same fixed day (so that terms of office don't expire under the tests).
"""

import pytest
from hypothesis import Phase, settings

# Imported fixtures are registered by pytest under their own names.
from tests.staff.conftest import (  # noqa: F401 (fixtures)
    approved,
    bun_administration,
    bun_project,
    contributor,
    coordinator,
    draft,
    frozen_today,
    network_meeting,
    submitted,
)


@pytest.fixture
def fuzz_client(db, client):
    """A client that answers a server error with a 500 page instead of raising it. Its tests
    use the database from the start (``db``): their records are asked for by name inside the
    test (``request.getfixturevalue``), too late for a run in one process (``-n 0``) to set
    up the test database first."""
    client.raise_request_exception = False
    return client


# While hunting bugs: `pytest tests/fuzz --hypothesis-profile=explore` reports without shrinking.
settings.register_profile("explore", phases=[Phase.explicit, Phase.reuse, Phase.generate])

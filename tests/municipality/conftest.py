import pytest

from tests.municipality.helpers import run


@pytest.fixture
def vimmerby(db):
    """Vimmerby's data, loaded as the quick start does."""
    return run("load_municipality")

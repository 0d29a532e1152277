"""The application's own settings plus one bare view, so the baseline runs the same stack.

Everything else (database, cache, security) still comes from the environment, exactly as in
production; only the URLconf differs, so the baseline never reaches the production URLs.
"""

from vimmerby_intl.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

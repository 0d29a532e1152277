"""gunicorn starts as many workers as the settings believe, so `check --deploy` judges them."""

import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_gunicorn_and_the_settings_default_to_the_same_number_of_workers(monkeypatch, tmp_path):
    if "WEB_CONCURRENCY" in os.environ:
        pytest.skip("the settings were read with WEB_CONCURRENCY set")
    monkeypatch.setenv("INTL_RELEASE_DIRECTORY", str(tmp_path))

    workers = runpy.run_path(str(CONF))["workers"]

    assert workers == settings.WEB_CONCURRENCY == 1


def test_gunicorn_takes_the_workers_from_web_concurrency(monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("INTL_RELEASE_DIRECTORY", str(tmp_path))

    assert runpy.run_path(str(CONF))["workers"] == 3

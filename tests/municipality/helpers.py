"""Run a management command and count what is in the database."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from simple_history.models import HistoricalChanges

APPS = ("auth", "governance", "partners", "network", "projects")


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def _models(history: bool):
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges) == history:
                yield model


def record_counts() -> dict[str, int]:
    """How many records each model holds (history tables excluded)."""
    return {m._meta.label: m._default_manager.count() for m in _models(history=False)}


def history_counts() -> dict[str, int]:
    """How many history rows each tracked model has: every save adds one."""
    return {m._meta.label: m._default_manager.count() for m in _models(history=True)}

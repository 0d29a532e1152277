"""What collectstatic collects: every file a page names, none of Bootstrap's unused builds, of
the browsable API or of the flags (#15).

django-bootstrap-static ships Bootstrap's whole distribution; the site serves its minified CSS
alone. ``vimmerby_intl.staticfiles.AppDirectoriesFinder`` leaves the rest out, which halves the time
collectstatic spends hashing and compressing (docs/performance.md).
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


def collected() -> set[str]:
    """The paths collectstatic copies, found as it finds them (its ignore patterns)."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    return {path for finder in finders.get_finders() for path, _storage in finder.list(ignore)}


def named_in_templates() -> set[str]:
    """Every ``{% static '...' %}`` of the project's templates."""
    names = set()
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        names.update(re.findall(r"""{%\s*static\s+['"]([^'"]+)['"]""", template.read_text()))
    return names


def test_every_file_a_template_names_is_collected():
    names = named_in_templates()
    assert "bootstrap/css/bootstrap.min.css" in names
    missing = names - collected()
    assert not missing


def test_bootstraps_minified_css_and_its_map_are_collected_and_nothing_else_of_it():
    bootstrap = {path for path in collected() if path.startswith("bootstrap/")}
    assert bootstrap == {"bootstrap/css/bootstrap.min.css", "bootstrap/css/bootstrap.min.css.map"}


def test_the_other_apps_files_are_still_collected():
    paths = collected()
    # The admin's own jQuery is not Bootstrap's package: it stays.
    assert "admin/js/vendor/jquery/jquery.min.js" in paths
    assert "admin/css/base.css" in paths
    assert "css/site.css" in paths


def test_the_browsable_apis_files_and_the_flags_are_not_collected():
    """The API renders JSON alone (no page of Django REST framework's browsable API is
    served) and no page shows a flag: their 1,000-odd files were hashed and compressed for
    nothing by every collectstatic (#15)."""
    from rest_framework.renderers import BrowsableAPIRenderer

    from website import api

    paths = collected()
    assert not [path for path in paths if path.startswith(("rest_framework/", "flags/"))]
    assert settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] == [
        "rest_framework.renderers.JSONRenderer"
    ]
    views = [value for value in vars(api).values() if hasattr(value, "renderer_classes")]
    assert views
    assert not any(
        issubclass(renderer, BrowsableAPIRenderer)
        for view in views
        for renderer in view.renderer_classes
    )


def test_the_admins_unminified_vendor_scripts_are_not_collected_and_never_named(settings):
    """With DEBUG off (a deployment: what collectstatic is for) the admin's pages name the
    minified jQuery, Select2 and XRegExp alone; the unminified builds are left out (#15)."""
    from django.contrib import admin
    from django.contrib.admin.widgets import AutocompleteSelect

    from projects.models import Project

    settings.DEBUG = False
    named = " ".join(
        [str(model_admin.media) for model_admin in admin.site._registry.values()]
        + [str(AutocompleteSelect(Project._meta.get_field("responsible_body"), admin.site).media)]
    )
    paths = collected()
    for unminified in (
        "admin/js/vendor/jquery/jquery.js",
        "admin/js/vendor/select2/select2.full.js",
        "admin/js/vendor/xregexp/xregexp.js",
    ):
        minified = unminified.removesuffix(".js") + ".min.js"
        assert unminified not in paths
        assert f"/{unminified}" not in named
        assert minified in paths
        assert f"/{minified}" in named


def test_the_static_files_app_is_installed_by_its_name():
    """pytest-django's live server serves the static files (the browser tests' CSS and
    JavaScript) only when it finds ``django.contrib.staticfiles`` in INSTALLED_APPS."""
    assert "django.contrib.staticfiles" in settings.INSTALLED_APPS

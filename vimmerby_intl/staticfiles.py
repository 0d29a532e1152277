"""The apps' static files, without the parts of Bootstrap's package (and of other packages)
the site never serves.

django-bootstrap-static ships Bootstrap's whole distribution (its JavaScript, jQuery, the
right-to-left, grid, reboot and utilities builds, each with a source map); the pages use its
minified CSS alone (``bootstrap/css/bootstrap.min.css`` and the map it names). collectstatic
hashed and compressed the rest twice over (gzip and Brotli, the hashed copy too): 2.5 MB of
the 5 MB it compresses, half of its time (#15). The files are left out of the list
collectstatic copies; a pattern is matched against a file's name and its path below the
app's ``static`` folder, as collectstatic's own ``--ignore`` patterns are.

A finder rather than ``StaticFilesConfig.ignore_patterns``: tools test for
``"django.contrib.staticfiles" in INSTALLED_APPS`` by name (pytest-django's live server
serves the static files only then), so the app stays as it is.
"""

from django.contrib.staticfiles import finders

UNUSED = (
    "bootstrap/js/*",
    "bootstrap/css/bootstrap-*",
    "bootstrap/css/bootstrap.rtl*",
    "bootstrap/css/bootstrap.css",
    "bootstrap/css/bootstrap.css.map",
    # Django REST framework's browsable API (its Bootstrap, fonts, scripts): the API renders
    # JSON alone (REST_FRAMEWORK's renderers, website/api.py), so no page of it is served.
    "rest_framework/*",
    # django-countries' 500-odd flag images: no page shows a country's flag.
    "flags/*",
    # The admin's vendor scripts unminified (783 kB of the 3.4 MB compressed): with DEBUG off
    # the admin names their minified builds alone (``ModelAdmin.media``, the autocomplete's
    # ``media``), and with DEBUG on the files are served from the apps, not collected.
    "admin/js/vendor/jquery/jquery.js",
    "admin/js/vendor/select2/select2.full.js",
    "admin/js/vendor/xregexp/xregexp.js",
)


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Django's finder of the apps' ``static`` folders, listing none of ``UNUSED``."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or ()), *UNUSED])

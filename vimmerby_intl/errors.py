"""The server-error page, which must answer even when what broke is the page machinery.

Django's own handler renders 500.html with `{% static %}`; with a missing static manifest
entry (collectstatic not run for this STATIC_ROOT) that raised again, and the visitor got a
bare error. Here the stylesheets are looked up first and left out when they cannot be found,
and the page gives the request's id, so that a report can be matched with its log line.
"""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

STYLESHEETS = ("bootstrap/css/bootstrap.min.css", "css/site.css")


def _stylesheets() -> list[str]:
    found = []
    for path in STYLESHEETS:
        try:
            found.append(staticfiles_storage.url(path))
        except ValueError:  # not in the static manifest: the page answers unstyled
            continue
    return found


@requires_csrf_token
def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    context = {
        "stylesheets": _stylesheets(),
        "request_id": getattr(request, "request_id", ""),
    }
    return HttpResponseServerError(template.render(context))

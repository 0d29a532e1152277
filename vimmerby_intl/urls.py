"""Root URLs: Swedish without a prefix, English under /en/ (admin included)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminSignInForm
from accounts.sign_in import admin_login

admin.site.site_header = _("International relations")
admin.site.site_title = _("International relations")
admin.site.index_title = _("Records of the international work")
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Open data API: one URL for both languages (texts carry _sv and _en), so outside i18n.
    path("api/", include("website.api")),
]
urlpatterns += i18n_patterns(
    # The admin's sign-in, before the admin's own URLs: a refused next lands on its index.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path(_("work/"), include("accounts.urls")),
    path(_("work/"), include("staff.urls")),
    path(_("follow-up/"), include("followup.urls")),
    path("", include("website.urls")),
    prefix_default_language=False,
)

# The server-error page answers even when the static files' manifest is what failed.
handler500 = "vimmerby_intl.errors.server_error"

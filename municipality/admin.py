"""The register extract as an admin action on the person list.

governance owns Person and its admin but is the lowest layer, which may not import this app;
so the action is added here, by registering Person again with a subclass of governance's
admin that has it. This app's admin module is imported after governance's (INSTALLED_APPS
order, and the import below), so the subclass is the one the site uses.

Likewise, being imported after every other app's admin, it gives the admins of other packages
(accounts, sign-in attempts, second-factor devices) governance's bounded changelist, which
answers a year or id too large for a date or a column as a bad filter, not a 500 (#15).
"""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance import access
from governance import admin as governance_admin
from governance.models import Person
from municipality import register_extract

admin.site.unregister(Person)

for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, governance_admin.BoundedChangeListMixin):
        _bounded = type(
            f"Bounded{type(_model_admin).__name__}",
            (governance_admin.BoundedChangeListMixin, type(_model_admin)),
            {},
        )
        admin.site.unregister(_model)
        admin.site.register(_model, _bounded)


@admin.register(Person)
class PersonAdmin(governance_admin.PersonAdmin):
    """governance's person admin, with the register extract for the coordinator."""

    actions = ["register_extract"]

    def has_register_extract_permission(self, request):
        """The extract holds all of a person's data: the coordinator's only."""
        return request.user.is_superuser or access.may_keep_records(request.user)

    @admin.action(description=_("Register extract (JSON)"), permissions=["register_extract"])
    def register_extract(self, request, queryset):
        """Download everything held about one person (registerutdrag, GDPR art. 15)."""
        people = list(queryset.select_related("user")[:2])
        if len(people) != 1:
            message = _("Select exactly one person for a register extract.")
            self.message_user(request, message, messages.ERROR)
            return None
        person = people[0]
        content = register_extract.extract_file(register_extract.register_extract(person))
        filename = register_extract.extract_filename(person.pk, timezone.localdate())
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

"""The sign-in forms: the staff pages' and the admin's."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UsernameLengthMixin:
    """Refuses a user name longer than the column, as a field error.

    Django's sign-in form gives the user name's length to the widget only, so a longer name
    reached ``authenticate()``, and django-axes' record of the failed sign-in (255
    characters) failed on PostgreSQL: a 500 instead of "at most 150 characters".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(UsernameLengthMixin, AuthenticationForm):
    """The staff pages' sign-in (/arbete/logga-in/)."""


class AdminSignInForm(UsernameLengthMixin, AdminAuthenticationForm):
    """The admin's own sign-in (/admin/login/)."""

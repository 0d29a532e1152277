"""Places abroad that the municipality works with."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from governance.pictures import Picture
from governance.records import BoundedTextField, ValidatedModel


class PlaceKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    TOWN = "town", _("town")
    DISTRICT = "district", _("district")
    REGION = "region", _("region")
    OTHER = "other", _("other")


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Place(ValidatedModel):
    """A foreign municipality or town, with what administers it now (S1, S2)."""

    name = models.CharField(_("name"), max_length=200, help_text=_("The name used in Swedish."))
    local_name = models.CharField(
        _("local spelling"), max_length=200, blank=True, help_text=_("For example Skærbæk.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    administered_by = models.ForeignKey(
        "self",
        verbose_name=_("administered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administers",
        help_text=_("The municipality that administers the place today, e.g. Tønder."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The municipality this one merged into."),
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata id looks like Q12345."))],
    )
    public_text = BoundedTextField(_("public text"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    internal_note = BoundedTextField(_("internal note"), blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(country=""),
                name="%(app_label)s_%(class)s_has_country",
                violation_error_message=_("A place must have a country."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_range",
                violation_error_message=_("The latitude must be between -90 and 90 degrees."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_range",
                violation_error_message=_("The longitude must be between -180 and 180 degrees."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_both_coordinates",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True, merged_on__isnull=True)
                | Q(successor__isnull=False, merged_on__isnull=False),
                name="%(app_label)s_%(class)s_merger_complete",
                violation_error_message=_("A merger needs both the successor and the date."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def country_code(self) -> str:
        """The country's ISO code (the map and the partner lists read the code, #15)."""
        return str(self.country)

    @property
    def display_name(self) -> str:
        if self.local_name and self.local_name != self.name:
            return f"{self.name} ({self.local_name})"
        return self.name

    def clean(self):
        errors = {}
        if self.pk and self.administered_by_id == self.pk:
            errors["administered_by"] = _("A place cannot administer itself.")
        if self.pk and self.successor_id == self.pk:
            errors["successor"] = _("A place cannot be its own successor.")
        if errors:
            raise ValidationError(errors)


class PlacePicture(Picture):
    """A picture on a place's public page (#14), when it and the place are public."""

    url_name = "website:place-picture"

    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.CASCADE, related_name="pictures"
    )

    class Meta(Picture.Meta):
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

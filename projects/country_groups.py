"""Named groups of countries that funding programmes cover (S6, #13).

A programme names the groups its rules speak of ("Nordplus countries", "ICLD's partner
countries") and may add single countries; the matcher checks a project's partner countries
against their union. Each group is a list of ISO 3166-1 alpha-2 codes with the page it was
read from and the day it was read, so that whoever updates it knows where to look. A group
whose list changes (a new ICLD partner country, a new EU member) changes here, in one place.

The group ``any`` covers every country: a programme that states no country limit.
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

READ_ON = datetime.date(2026, 12, 3)


@dataclass(frozen=True)
class CountryGroup:
    key: str
    name: Promise
    countries: frozenset[str] | None  # None: every country
    source: str
    read_on: datetime.date = READ_ON

    def covers(self, code: str) -> bool:
        return self.countries is None or code in self.countries


def _codes(text: str) -> frozenset[str]:
    """Codes written as one string, "DK FI IS", which keeps the lists below readable."""
    return frozenset(text.split())


EU_MEMBER_STATES = _codes(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
)
NORDIC = _codes("DK FI IS NO SE AX FO GL")
BALTIC = _codes("EE LV LT")

_GROUPS = [
    CountryGroup("any", _("any country"), None, ""),
    CountryGroup(
        "eu",
        _("EU member states"),
        EU_MEMBER_STATES,
        "https://european-union.europa.eu/principles-countries-history/eu-countries_en",
    ),
    # The Programme Guide's "EU Member States and third countries associated to the
    # Programme": the 27 and North Macedonia, Serbia, Iceland, Liechtenstein, Norway, Türkiye.
    CountryGroup(
        "erasmus",
        _("Erasmus+ programme countries"),
        EU_MEMBER_STATES | _codes("MK RS IS LI NO TR"),
        "https://erasmus-plus.ec.europa.eu/programme-guide/part-a/eligible-countries",
    ),
    CountryGroup("nordic", _("the Nordic countries"), NORDIC, "https://www.norden.org/en"),
    # Nordplus: the five Nordic and three Baltic countries and Åland, the Faroe Islands and
    # Greenland.
    CountryGroup(
        "nordic_baltic",
        _("the Nordic and Baltic countries (Nordplus)"),
        NORDIC | BALTIC,
        "https://www.nordplusonline.org/programmes/faq/",
    ),
    # ICLD's municipal partnership programme, four clusters: Europe (Bosnia and Herzegovina,
    # Kosovo, Serbia, Ukraine), Latin America (Colombia, Guatemala), East Africa (Kenya,
    # Tanzania, Uganda) and Southern Africa (Botswana, South Africa, Zambia, Zimbabwe).
    CountryGroup(
        "icld",
        _("ICLD's partner countries"),
        _codes("BA XK RS UA CO GT KE TZ UG BW ZA ZM ZW"),
        "https://icld.se/en/what-we-do/municipal-partnerships/",
    ),
    # The SI Baltic Sea Neighbourhood Programme: "13 countries; the EU countries around the
    # Baltic Sea and 5 countries of the EU's Eastern Partnership" (si.se), that is the eight
    # EU countries on the Baltic (Sweden included) and Armenia, Azerbaijan, Georgia, Moldova
    # and Ukraine.
    CountryGroup(
        "si_baltic_sea",
        _("the Swedish Institute's Baltic Sea region"),
        _codes("SE DK DE PL LT LV EE FI AM AZ GE MD UA"),
        "https://si.se/33-beviljade-ansokningar-inom-ramen-for-sis-nya-projektstod-si-baltic-sea-neighbourhood-programme/",
    ),
    # Interreg programme areas, by country (each programme covers only some regions of them).
    CountryGroup(
        "interreg_central_baltic",
        _("the Interreg Central Baltic countries"),
        _codes("SE FI AX EE LV"),
        "https://centralbaltic.eu/",
    ),
    CountryGroup(
        "interreg_south_baltic",
        _("the Interreg South Baltic countries"),
        _codes("DE DK SE LT PL"),
        "https://southbaltic.eu/programme/about-the-programme",
    ),
    CountryGroup(
        "interreg_baltic_sea",
        _("the Interreg Baltic Sea Region countries"),
        _codes("DK EE FI DE LV LT PL SE NO"),
        "https://interreg-baltic.eu/about/",
    ),
]

GROUPS: dict[str, CountryGroup] = {group.key: group for group in _GROUPS}


def unknown_groups(keys) -> list[str]:
    """The keys that name no group, in the order given."""
    return [key for key in keys if key not in GROUPS]


def eligible(groups, countries) -> frozenset[str] | None:
    """The countries the groups and single countries cover together; None for any country."""
    codes: set[str] = {str(code) for code in countries}
    for key in groups:
        group = GROUPS[key]
        if group.countries is None:
            return None
        codes |= group.countries
    return frozenset(codes)

"""IATI 2.03 activity XML of the published aid-funded work (S4: Mukono through ICLD).

Aid-funded means: published, with funding granted by an external funder, and with a partner
in a country on the OECD DAC list of ODA recipients. The file is meant for the IATI
Registry; https://iatistandard.org/en/iati-standard/203/ describes every element used here.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from projects import predicates
from projects.models import FundingCheck, FundingOutcome, Project, ProjectStatus

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# OrganisationType 11: local government. OrganisationRole 1 funding, 2 accountable, 4 implementing.
LOCAL_GOVERNMENT = "11"
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
TRANSACTION_INCOMING_FUNDS = "1"
# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# ActivityStatus: 1 pipeline, 2 implementation, 4 closed, 5 cancelled.
ACTIVITY_STATUS = {
    ProjectStatus.IDEA: "1",
    ProjectStatus.PLANNED: "1",
    ProjectStatus.APPROVED: "1",
    ProjectStatus.ONGOING: "2",
    ProjectStatus.COMPLETED: "4",
    ProjectStatus.CANCELLED: "5",
}

# The OECD DAC list of ODA recipients for reporting on 2024 and 2025 flows (ISO 3166-1).
# It changes every three years: https://www.oecd.org/en/topics/oda-eligibility-and-conditions.html
# One line per DAC group (least developed, lower middle, upper middle income) reads and updates
# better than a list of 140 quoted codes.
ODA_RECIPIENTS = frozenset(
    """
    AF AO BD BJ BF BI KH CF TD KM CD DJ ER ET GM GN GW HT KI LA LS LR MG MW ML MR MZ MM NP NE
    RW SN SL SB SO SS SD TZ TL TG TV UG YE ZM
    BT BO CV CM CG CI DZ EG SV SZ FM GH HN IN IR KE KG LB MA MN NG NI PK PG PH PS WS ST LK TJ
    TN UA UZ VU VN ZW
    AL AR AM AZ BY BZ BA BW BR CN CO CR CU DM DO EC GQ FJ GA GE GD GT GY ID IQ JM JO KZ XK LY
    MY MV MH MU MX ME MS MK MD NR NU PA PY PE LC VC RS ZA SR TH TO TR TM VE WF
    """.split()  # noqa: SIM905
)


def organisation_identifier() -> str:
    """The municipality's IATI organisation identifier (e.g. SE-ON-<organisation number>)."""
    configured = getattr(settings, "IATI_ORGANISATION_IDENTIFIER", "")
    return configured or f"SE-ON-{slugify(settings.MUNICIPALITY_NAME)}"


def aid_funded_activities():
    """Published work with granted external funding and a partner in an ODA recipient country."""
    granted = FundingCheck.objects.filter(project=OuterRef("pk"), outcome=FundingOutcome.GRANTED)
    granted_checks = FundingCheck.objects.filter(outcome=FundingOutcome.GRANTED).select_related(
        "programme__funder"
    )
    return (
        Project.objects.published()
        .filter(Exists(granted), places__country__in=ODA_RECIPIENTS)
        .distinct()
        .select_related("responsible_body")
        .prefetch_related("places", Prefetch("funding_checks", granted_checks, to_attr="grants"))
        .order_by("slug")
    )


def _narratives(parent, tag, texts: dict[str, str], **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    for lang, text in texts.items():
        if text:
            narrative = etree.SubElement(element, "narrative")
            narrative.text = text
            if lang != "sv":
                narrative.set(XML_LANG, lang)
    return element


def _texts(project, name) -> dict[str, str]:
    default = getattr(project, name)
    return {
        "sv": getattr(project, f"{name}_sv", None) or default,
        "en": getattr(project, f"{name}_en", None) or "",
    }


def _dates(activity, project):
    start = project.starts_on or timezone.localdate(project.created_at)
    etree.SubElement(activity, "activity-date", type=PLANNED_START, **{"iso-date": str(start)})
    if predicates.has_started(project) and project.starts_on:
        etree.SubElement(activity, "activity-date", type=ACTUAL_START, **{"iso-date": str(start)})
    if project.ends_on:
        kind = ACTUAL_END if predicates.is_completed(project) else PLANNED_END
        etree.SubElement(activity, "activity-date", type=kind, **{"iso-date": str(project.ends_on)})


def _countries(activity, project):
    codes = sorted({str(p.country) for p in project.places.all()} & ODA_RECIPIENTS)
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"))
    for index, code in enumerate(codes):
        percentage = share if index < len(codes) - 1 else Decimal(100) - share * (len(codes) - 1)
        etree.SubElement(activity, "recipient-country", code=code, percentage=str(percentage))


def _transactions(activity, project):
    """Each grant as incoming funds (transaction type 1), in the grant's own currency with
    the day it was recorded as its value date (#13): IATI converts at that day's rate, and
    the kronor at the coordinator's rate stay in the yearly report."""
    for check in project.grants:
        if check.amount_granted is None:
            continue
        transaction = etree.SubElement(activity, "transaction")
        etree.SubElement(transaction, "transaction-type", code=TRANSACTION_INCOMING_FUNDS)
        etree.SubElement(transaction, "transaction-date", **{"iso-date": str(check.checked_on)})
        value = etree.SubElement(
            transaction,
            "value",
            currency=check.currency or "SEK",
            **{"value-date": str(check.checked_on)},
        )
        value.text = str(check.amount_granted)
        _narratives(transaction, "provider-org", {"sv": check.programme.funder.name})


def activity_element(project, organisation: str, municipality: str):
    """One <iati-activity> for a project, its elements in the order the schema requires."""
    activity = etree.Element("iati-activity", **{"default-currency": "SEK"})
    activity.set(XML_LANG, "sv")
    activity.set("last-updated-datetime", project.updated_at.replace(microsecond=0).isoformat())
    etree.SubElement(activity, "iati-identifier").text = f"{organisation}-{project.slug}"
    _narratives(
        activity, "reporting-org", {"sv": municipality}, ref=organisation, type=LOCAL_GOVERNMENT
    )
    _narratives(activity, "title", _texts(project, "title"))
    summary = _texts(project, "summary")
    _narratives(
        activity, "description", summary if summary["sv"] else _texts(project, "title"), type="1"
    )
    for check in project.grants:
        _narratives(
            activity, "participating-org", {"sv": check.programme.funder.name}, role=ROLE_FUNDING
        )
    _narratives(
        activity,
        "participating-org",
        {"sv": municipality},
        ref=organisation,
        role=ROLE_ACCOUNTABLE,
        type=LOCAL_GOVERNMENT,
    )
    for place in project.places.all():
        _narratives(
            activity, "participating-org", {"sv": place.display_name}, role=ROLE_IMPLEMENTING
        )
    etree.SubElement(activity, "activity-status", code=ACTIVITY_STATUS[project.status])
    _dates(activity, project)
    _countries(activity, project)
    _transactions(activity, project)
    return activity


def activities_xml(projects=None, *, now: datetime.datetime | None = None) -> bytes:
    """The <iati-activities> document; ``projects`` defaults to every aid-funded activity."""
    projects = aid_funded_activities() if projects is None else projects
    now = (now or timezone.now()).replace(microsecond=0)
    root = etree.Element(
        "iati-activities", version=IATI_VERSION, **{"generated-datetime": now.isoformat()}
    )
    organisation = organisation_identifier()
    for project in projects:
        root.append(activity_element(project, organisation, settings.MUNICIPALITY_NAME))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

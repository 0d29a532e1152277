"""Staff-page personas and a small world: a school's project, applications at each step."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from governance.access import BOARD_MEMBER_GROUP
from governance.models import BodyKind, Role
from projects.models import ProjectStatus
from projects.services import applications, funding
from tests import factories

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# Inside the 2023-2026 term of KS and the committees, after the demo meeting of 2026-03-10.
TODAY = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas are created per test; a slow password hash would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen_today(request):
    """Staff tests run on a fixed day, so terms of office don't expire under them."""
    if request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


ACCOUNT_PAGES = {"login", "logout", "second-factor"}


def en(name, *args):
    """The English URL of a staff page: responses then speak English, whatever the .po says."""
    namespace = "accounts" if name in ACCOUNT_PAGES else "staff"
    with translation.override("en"):
        return reverse(f"{namespace}:{name}", args=args)


@pytest.fixture
def bun_administration(bun):
    return factories.BodyFactory(
        short_name="BUF",
        name="Barn- och utbildningsförvaltningen",
        kind=BodyKind.ADMINISTRATION,
        parent=bun,
    )


@pytest.fixture
def contributor(contributor, bun_administration):
    """A school official: works for BUN through the BUN administration (S12)."""
    person = contributor.person
    person.email = "skola@example.org"
    person.save()
    factories.MembershipFactory(
        person=person,
        body=bun_administration,
        role=Role.OFFICIAL,
        starts_on=datetime.date(2020, 8, 1),
    )
    return contributor


@pytest.fixture
def coordinator(coordinator):
    coordinator.email = "samordnare@example.org"
    coordinator.save()
    return coordinator


def board_member(username, body, starts_on, ends_on=None, role=Role.MEMBER):
    user = factories.UserFactory(username=username)
    group, _ = Group.objects.get_or_create(name=BOARD_MEMBER_GROUP)
    user.groups.add(group)
    person = factories.PersonFactory(user=user)
    factories.MembershipFactory(
        person=person, body=body, role=role, starts_on=starts_on, ends_on=ends_on
    )
    return user


@pytest.fixture
def ended_member(bun):
    """A BUN member of the previous term (2019-2022): no rights any more."""
    return board_member("bun-forra", bun, datetime.date(2019, 1, 1), datetime.date(2022, 12, 31))


@pytest.fixture
def kf_member(kf):
    return board_member("kf-ledamot", kf, datetime.date(2022, 10, 15))


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def bun_project(bun, contributor):
    project = factories.ProjectFactory(
        title="Skolutbyte med Joniškis",
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
    )
    project.places.add(factories.PlaceFactory(name="Joniškis"))
    check = factories.FundingCheckFactory(project=project, checked_by=contributor.person)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    project.refresh_from_db()
    return project


def make_application(project, applicant, **fields):
    return factories.ApplicationFactory(
        project=project, addressed_to=project.responsible_body, submitted_by=applicant, **fields
    )


@pytest.fixture
def draft(bun_project, contributor):
    return make_application(bun_project, contributor.person, title="Utkast")


@pytest.fixture
def submitted(bun_project, contributor):
    application = make_application(bun_project, contributor.person, title="Inskickad")
    return applications.submit(application, on=datetime.date(2026, 2, 1))


@pytest.fixture
def approved(bun_project, contributor, bun_member):
    application = make_application(bun_project, contributor.person, title="Beviljad")
    applications.submit(application, on=datetime.date(2026, 2, 1))
    applications.decide(
        application,
        by=bun_member,
        outcome="approved",
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=40,
        case_number="BUN 2026/40",
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def bun_meeting(bun):
    """BUN's sitting of 2026-03-10, before the pinned day (#12: the staff meeting pages)."""
    return factories.MeetingFactory(
        body=bun,
        starts_at=datetime.datetime(2026, 3, 10, 18, 0, tzinfo=STOCKHOLM),
        location="Stadshuset",
    )


@pytest.fixture
def network_meeting(network_body):
    # On the frozen day, before the clock: a consultation is given once the application
    # exists (#11), and the applications here are drafted on that day.
    return factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2026, 4, 15, 9, 0, tzinfo=STOCKHOLM)
    )


# --- Units (#11): two schools under BUN's administration, a contributor at each -------------


def unit_contributor(username, unit):
    """A contributor with an official's membership of one unit (a school)."""
    from governance.access import CONTRIBUTOR_GROUP

    user = factories.UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)[0])
    person = factories.PersonFactory(user=user)
    factories.MembershipFactory(
        person=person, body=unit, role=Role.OFFICIAL, starts_on=datetime.date(2023, 1, 1)
    )
    return user


@pytest.fixture
def sodra(bun_administration):
    return factories.BodyFactory(
        short_name="SODRA", name="Södra skolan", kind=BodyKind.UNIT, parent=bun_administration
    )


@pytest.fixture
def vimar(bun_administration):
    return factories.BodyFactory(
        short_name="VIMAR", name="Vimarskolan", kind=BodyKind.UNIT, parent=bun_administration
    )


@pytest.fixture
def sodra_contributor(sodra):
    return unit_contributor("skola-sodra", sodra)


@pytest.fixture
def vimar_contributor(vimar):
    return unit_contributor("skola-vimar", vimar)


@pytest.fixture
def sodra_exchange(bun, sodra):
    """Södra skolan's exchange, with internal notes another school must not read."""
    return factories.ProjectFactory(
        title="Brevväxling med Kauhava",
        kind="school_exchange",
        responsible_body=bun,
        unit=sodra,
        school="Södra skolan",
        status=ProjectStatus.PLANNED,
        internal_notes="Hemligt: elevlistan",
    )


@pytest.fixture
def waiting_proposal(bun_project, contributor):
    """A change to the published project's title, waiting for the coordinator (#11)."""
    from projects.models import TextProposal

    bun_project.published = True
    bun_project.save()
    return TextProposal.objects.create(
        project=bun_project, changes={"title_sv": "Ny titel"}, proposed_by=contributor.person
    )


# --- Documents of case work (#12) -----------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="plan.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_document(target, *, by, kind="plan", title="", public=False, name="plan.pdf"):
    from projects.services import documents

    return documents.add_document(
        target, by=by, kind=kind, title=title, file=pdf_upload(name), public=public
    )


@pytest.fixture
def submitted_document(media, submitted, contributor):
    """The school's plan on the case waiting for BUN's decision."""
    return add_document(submitted, by=contributor, title="Reseplan")


# --- Pictures of a project (#14) ------------------------------------------------------------


@pytest.fixture
def bun_picture(media, bun_project, contributor):
    """The school's internal picture on its project, 600 px wide (renditions 480 and 600)."""
    from projects.services import pictures
    from tests.pictures import picture_upload

    return pictures.add_picture(
        bun_project,
        by=contributor,
        image=picture_upload(width=600, height=400),
        alt_sv="Elever från Vimmerby och Joniškis på torget",
        rights_holder="Södra skolan",
    )


@pytest.fixture
def bun_picture_file(bun_picture):
    """The address arguments of the picture's smallest rendition: (pk, width)."""
    return (bun_picture.pk, 480)


@pytest.fixture
def partner_place(db):
    """A published partner place, Joniškis, without pictures."""
    return factories.PlaceFactory(name="Joniškis", published=True)


@pytest.fixture
def place_picture(media, partner_place, coordinator):
    """The coordinator's internal picture of the place, 600 px wide (renditions 480 and 600)."""
    from projects.services import pictures
    from tests.pictures import picture_upload

    return pictures.add_picture(
        partner_place,
        by=coordinator,
        image=picture_upload(width=600, height=400),
        alt_sv="Torget i Joniškis en sommardag",
        rights_holder="Joniškis rajon",
    )


@pytest.fixture
def place_picture_file(place_picture):
    """The address arguments of the place picture's smallest rendition: (pk, width)."""
    return (place_picture.pk, 480)

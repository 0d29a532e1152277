"""What the open data API says about each published record. Every field is listed by name:
a new model field never reaches the public by accident. Texts come in both languages."""

import re

from django.urls import reverse
from django.utils.translation import override
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.models import Decision, DecisionCorrection, Meeting
from partners.models import Agreement, NordicMeeting, Place, Relationship, StatusChange
from projects.models import Project
from strategy.models import Objective


def _page(request, name: str, *args) -> dict[str, str]:
    """The record's public page in each language, as absolute URLs."""
    pages = {}
    for code in ("sv", "en"):
        with override(code):
            path = reverse(name, args=args)
        pages[code] = request.build_absolute_uri(path) if request else path
    return pages


class PageLinks:
    """``_page`` for many records of one kind: each language's address is reversed once with
    markers in place of the arguments, then each record's values are put where the markers
    were (#15: two ``reverse()`` per row were half of a list's serialisation).

    ``arguments`` gives, per argument of the URL pattern, a marker its converter accepts and
    the form a value must have to be written unchanged (that converter's pattern); a value
    of any other form goes through ``reverse()`` itself, as before.
    """

    SLUG = ("0slugmarker0", r"[-a-zA-Z0-9_]+")
    ISO_DATE = ("1111-11-11", r"\d{4}-\d{2}-\d{2}")
    NUMBER = ("98765432123456789", r"[0-9]+")

    def __init__(self, request, url_name: str, *arguments):
        self.request = request
        self.url_name = url_name
        self.forms = [re.compile(form) for _marker, form in arguments]
        self.templates = {}
        for code in ("sv", "en"):
            with override(code):
                path = reverse(url_name, args=[marker for marker, _form in arguments])
            url = request.build_absolute_uri(path) if request else path
            parts, rest = [], url
            for marker, _form in arguments:
                before, found, rest = rest.partition(marker)
                if not found or marker in rest:
                    parts = None
                    break
                parts.append(before)
            self.templates[code] = None if parts is None else (parts, rest)

    def __call__(self, *values) -> dict[str, str]:
        texts = [str(value) for value in values]
        plain = all(form.fullmatch(text) for form, text in zip(self.forms, texts, strict=True))
        if not plain or None in self.templates.values():
            return _page(self.request, self.url_name, *values)
        links = {}
        for code, (parts, end) in self.templates.items():
            links[code] = "".join(p + t for p, t in zip(parts, texts, strict=True)) + end
        return links


PAGES_SCHEMA = {
    "type": "object",
    "properties": {"sv": {"type": "string"}, "en": {"type": "string"}},
}


@extend_schema_field(PAGES_SCHEMA)
class PagesField(serializers.Field):
    """Links to the record's public page, keyed by language."""

    def __init__(self, url_name: str, lookup: str = "pk", **kwargs):
        self.url_name = url_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return _page(self.context.get("request"), self.url_name, getattr(value, self.lookup))


# English texts and links to unpublished records are null, and the description says so.
NULLABLE_STRING = {"type": "string", "nullable": True}


def _public_slug(place) -> str | None:
    return place.slug if place is not None and place.published else None


class DecisionRefSerializer(serializers.ModelSerializer):
    """A decision as it is cited, with its id in the decisions endpoint."""

    class Meta:
        model = Decision
        fields = ["id", "citation"]


class StatusChangeSerializer(serializers.ModelSerializer):
    decision = DecisionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = StatusChange
        fields = ["changed_on", "from_status", "to_status", "reason_sv", "reason_en", "decision"]


class AgreementSerializer(serializers.ModelSerializer):
    decision = DecisionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Agreement
        fields = [
            "title_sv",
            "title_en",
            "signed_on",
            "signed_precision",
            "valid_from",
            "valid_until",
            "theme_sv",
            "theme_en",
            "withdrawn_on",
            "decision",
        ]


class RelationshipSerializer(serializers.ModelSerializer):
    """A twin town, partnership or informal contact, with its whole status history."""

    place = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chain = serializers.SerializerMethodField()
    established_by = DecisionRefSerializer(read_only=True, allow_null=True)
    ended_by = DecisionRefSerializer(read_only=True, allow_null=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True, source="public_changes")
    agreements = AgreementSerializer(many=True, read_only=True, source="public_agreements")

    class Meta:
        model = Relationship
        fields = [
            "id",
            "place",
            "kind",
            "status",
            "started_on",
            "start_precision",
            "start_note_sv",
            "start_note_en",
            "ended_on",
            "channel",
            "channel_organisation",
            "theme_sv",
            "theme_en",
            "period_ends_on",
            "chain",
            "established_by",
            "ended_by",
            "public_text_sv",
            "public_text_en",
            "status_changes",
            "agreements",
        ]

    @extend_schema_field(NULLABLE_STRING)
    def get_chain(self, relationship) -> str | None:
        return relationship.chain.name if relationship.chain else None


class PlaceSerializer(serializers.ModelSerializer):
    """A partner place; its merger and who administers it now (S1, S2)."""

    country = serializers.CharField(source="country.code", read_only=True)
    administered_by = serializers.SerializerMethodField()
    successor = serializers.SerializerMethodField()
    relationships = serializers.SerializerMethodField()
    pages = PagesField("website:place-detail", lookup="slug")

    class Meta:
        model = Place
        fields = [
            "slug",
            "name",
            "local_name",
            "country",
            "kind",
            "latitude",
            "longitude",
            "wikidata_id",
            "administered_by",
            "successor",
            "merged_on",
            "public_text_sv",
            "public_text_en",
            "relationships",
            "pages",
        ]

    def get_relationships(self, place) -> list[int]:
        """Ids of the place's published relationships (see the relationships endpoint)."""
        return [relationship.pk for relationship in place.public_relationships]

    @extend_schema_field(NULLABLE_STRING)
    def get_administered_by(self, place) -> str | None:
        return _public_slug(place.administered_by)

    @extend_schema_field(NULLABLE_STRING)
    def get_successor(self, place) -> str | None:
        return _public_slug(place.successor)


class ProjectSerializer(serializers.ModelSerializer):
    """A published project or exchange. Costs, notes and funding details are not public."""

    places = serializers.SerializerMethodField()
    relationships = serializers.SerializerMethodField()
    responsible_body = serializers.CharField(source="responsible_body.short_name")
    cooperating_bodies = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="short_name"
    )
    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    funders = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    pages = PagesField("website:project-detail", lookup="slug")

    class Meta:
        model = Project
        fields = [
            "slug",
            "title_sv",
            "title_en",
            "summary_sv",
            "summary_en",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "places",
            "relationships",
            "responsible_body",
            "cooperating_bodies",
            "school",
            "objectives",
            "participants",
            "funders",
            "decisions",
            "updated_at",
            "pages",
        ]

    def get_places(self, project) -> list[str]:
        """Slugs of the project's published partner places."""
        return [place.slug for place in project.public_places]

    def get_relationships(self, project) -> list[int]:
        return [relationship.pk for relationship in project.public_relationships]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_participants(self, project) -> dict:
        """How many took part at each level (S15); counts only, never names."""
        return {count.level: count.count for count in project.participant_counts.all()}

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_funders(self, project) -> list[str]:
        """Funders that granted money; amounts and the checks' notes stay internal."""
        return sorted({str(check.programme.funder) for check in project.granted_checks})

    @extend_schema_field(DecisionRefSerializer(many=True))
    def get_decisions(self, project) -> list[dict]:
        return DecisionRefSerializer(
            [a.decision for a in project.decided_applications], many=True
        ).data


class ObjectiveSerializer(serializers.ModelSerializer):
    """One of the strategy's objectives and where to find the published work serving it (S16).

    Not the work itself: a list of every project serving an objective grew with the data
    (105,000 slugs at 100,000 projects, #15); the project list filtered by the objective
    (``projects``) is read in pages like every other list."""

    strategy = serializers.CharField(source="strategy.title")
    projects = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = [
            "id",
            "number",
            "short_name_sv",
            "short_name_en",
            "text_sv",
            "text_en",
            "strategy",
            "projects",
        ]

    def get_projects(self, objective) -> str:
        """The address of the published projects serving the objective (a paged list)."""
        path = f"{reverse('api:project-list')}?objective={objective.pk}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DecisionCorrectionSerializer(serializers.ModelSerializer):
    """A correction (rättelse) of a decision: the decision shows the corrected value (#11)."""

    class Meta:
        model = DecisionCorrection
        fields = ["made_on", "field", "original", "corrected", "reason"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision behind published work, cited "KF 2016-06-27 § 172", as corrected; its
    corrections keep the values as recorded (#11)."""

    corrections = DecisionCorrectionSerializer(many=True, read_only=True)

    body = serializers.CharField(source="body.short_name")
    body_name_sv = serializers.CharField(source="body.name_sv")
    body_name_en = serializers.CharField(source="body.name_en", allow_null=True)
    pages = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "citation",
            "body",
            "body_name_sv",
            "body_name_en",
            "meeting_date",
            "paragraph",
            "case_number",
            "title_sv",
            "title_en",
            "outcome",
            "text",
            "minutes_approved_on",
            "notice_posted_on",
            "appeal_deadline",
            "corrections",
            "pages",
        ]

    @extend_schema_field(PAGES_SCHEMA)
    def get_pages(self, decision) -> dict:
        args = (decision.body.slug, decision.meeting_date.isoformat(), decision.paragraph)
        links = self.context.get("decision_pages")
        if links is None:  # made once for a list's rows, which share the context
            args_forms = (PageLinks.SLUG, PageLinks.ISO_DATE, PageLinks.NUMBER)
            links = PageLinks(self.context.get("request"), "website:decision-detail", *args_forms)
            self.context["decision_pages"] = links
        return links(*args)


class MeetingSerializer(serializers.ModelSerializer):
    """A public meeting: body, time, place and agenda."""

    body = serializers.CharField(source="body.short_name")
    body_name_sv = serializers.CharField(source="body.name_sv")
    body_name_en = serializers.CharField(source="body.name_en", allow_null=True)
    pages = PagesField("website:meeting-detail")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name_sv",
            "body_name_en",
            "starts_at",
            "ends_at",
            "location",
            "agenda",
            "pages",
        ]


class NordicMeetingSerializer(serializers.ModelSerializer):
    """A Nordic meeting of the twin-town chain (S18); the delegation is not public."""

    chain_sv = serializers.CharField(source="chain.name_sv")
    chain_en = serializers.CharField(source="chain.name_en", allow_null=True)
    host = serializers.SerializerMethodField()
    pages = PagesField("website:nordic-meeting-detail")

    class Meta:
        model = NordicMeeting
        fields = ["id", "chain_sv", "chain_en", "year", "host", "starts_on", "ends_on", "pages"]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"name": {"type": "string"}, "slug": NULLABLE_STRING},
        }
    )
    def get_host(self, meeting) -> dict | None:
        """The host place (its slug only when its page is public); null when we host."""
        if meeting.host is None:
            return None
        return {"name": meeting.host.name, "slug": _public_slug(meeting.host)}

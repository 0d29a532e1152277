"""The partner map: each place drawn by its direction and distance from the municipality.

No tiles and no scripts: an azimuthal equidistant projection centred on the municipality,
rendered by the server as inline SVG. The radius grows with the square root of the distance,
so that neighbours across the Baltic and a partner in Uganda fit on one picture; labelled
rings keep the distances honest. The table beside the map carries the same facts in text.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from partners.models import Place

EARTH_RADIUS_KM = 6371.0088
RING_STEPS_KM = (100, 250, 500, 1000, 2000, 4000, 8000, 16000, 20016)
RADIUS = 230  # SVG units from the centre to the outermost ring
NEAR_KM = 200  # below this distance the radius grows about linearly, above it logarithmically
LABEL_GAP = 14  # the smallest vertical distance between two labels on the same side

COMPASS_POINTS = (
    _("north"),
    _("north-east"),
    _("east"),
    _("south-east"),
    _("south"),
    _("south-west"),
    _("west"),
    _("north-west"),
)


@dataclass
class Marker:
    """A place on the map, with where its label goes and the shape that shows its status."""

    place: Place
    distance_km: int
    direction: str
    x: float
    y: float
    shape: str
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"

    @property
    def corner_x(self) -> float:
        """The top left corner of the square drawn for an "other" contact."""
        return round(self.x - 5, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 5, 1)


@dataclass
class Ring:
    distance_km: int
    radius: float
    label_y: float


@dataclass
class PartnerMap:
    """Everything the SVG template needs, in SVG units around the centre (0, 0)."""

    home_label: str
    rings: list[Ring] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    unplaced: list[Place] = field(default_factory=list)
    radius: int = RADIUS

    @property
    def rows(self) -> list[tuple[Place, Marker | None]]:
        """Every place with its marker (None without coordinates), in name order."""
        rows = [(m.place, m) for m in self.markers] + [(p, None) for p in self.unplaced]
        return sorted(rows, key=lambda row: row[0].name)

    @property
    def links_svg(self) -> SafeString:
        """A line from the centre to each marker. Written here, not in the template: a loop
        of template tags per marker cost a fifth of the start page (#15)."""
        return format_html_join(
            "",
            '\n    <line class="map-link" x1="0" y1="0" x2="{}" y2="{}"/>',
            ((m.x, m.y) for m in self.markers),
        )

    @property
    def markers_svg(self) -> SafeString:
        """Each marker, its shape by status (not colour alone), and its label."""
        shapes = {
            "active": '<circle class="map-marker map-marker--active" cx="{}" cy="{}" r="6"/>',
            "ended": '<circle class="map-marker map-marker--ended" cx="{}" cy="{}" r="5"/>',
        }
        square = '<rect class="map-marker map-marker--other" x="{}" y="{}" width="10" height="10"/>'
        label = '\n    <text class="map-label" x="{}" y="{}" text-anchor="{}">{}</text>'
        return SafeString(
            "".join(
                (
                    format_html("\n    " + shapes[m.shape], m.x, m.y)
                    if m.shape in shapes
                    else format_html("\n    " + square, m.corner_x, m.corner_y)
                )
                + format_html(label, m.label_x, m.label_y, m.anchor, m.place.name)
                for m in self.markers
            )
        )

    @property
    def view_box(self) -> str:
        width, height = 2 * RADIUS + 260, 2 * RADIUS + 60
        return f"{-width / 2:.0f} {-height / 2:.0f} {width:.0f} {height:.0f}"


def distance_and_bearing(lat1, lon1, lat2, lon2) -> tuple[float, float]:
    """Great-circle distance in km and initial bearing in degrees (0 = north, clockwise)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta_lambda = math.radians(lon2 - lon1)
    cos_angle = math.sin(phi1) * math.sin(phi2) + math.cos(phi1) * math.cos(phi2) * math.cos(
        delta_lambda
    )
    angle = math.acos(max(-1.0, min(1.0, cos_angle)))
    y = math.sin(delta_lambda) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(delta_lambda)
    bearing = (math.degrees(math.atan2(y, x)) + 360) % 360
    return angle * EARTH_RADIUS_KM, bearing


def compass_point(bearing: float) -> str:
    return str(COMPASS_POINTS[round(bearing / 45) % 8])


def status_shape(place: Place) -> str:
    """active (filled circle), ended (ring) or other (square): shape, not colour alone."""
    relationships = getattr(place, "public_relationships", [])
    if any(r.is_active for r in relationships):
        return "active"
    if relationships and all(r.has_ended for r in relationships):
        return "ended"
    return "other"


def _outer_ring(max_km: float) -> int:
    return next((step for step in RING_STEPS_KM if step >= max_km), RING_STEPS_KM[-1])


def _place_labels(markers: list[Marker]) -> None:
    """Put each label beside its dot, on the outer side, nudged down past its neighbours."""
    for side in ("start", "end"):
        taken: list[float] = []
        for marker in sorted(
            (m for m in markers if (m.x >= 0) == (side == "start")), key=lambda m: m.y
        ):
            y = marker.y + 4
            while any(abs(y - other) < LABEL_GAP for other in taken):
                y += LABEL_GAP / 2
            taken.append(y)
            marker.anchor = side
            marker.label_x = marker.x + (8 if side == "start" else -8)
            marker.label_y = y


def build(places, home: tuple[float, float] | None, home_label: str) -> PartnerMap:
    """Project ``places`` around ``home`` (lat, lon); without a home, around their centre."""
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    partner_map = PartnerMap(
        home_label=home_label,
        unplaced=[p for p in places if p.latitude is None or p.longitude is None],
    )
    if not located:
        return partner_map
    if home is None:
        home = (
            sum(float(p.latitude) for p in located) / len(located),
            sum(float(p.longitude) for p in located) / len(located),
        )
    measured = [
        (p, *distance_and_bearing(home[0], home[1], float(p.latitude), float(p.longitude)))
        for p in located
    ]
    outer = _outer_ring(max(km for _, km, _ in measured))

    def scale(km: float) -> float:
        return RADIUS * math.log1p(km / NEAR_KM) / math.log1p(outer / NEAR_KM)

    partner_map.rings = [
        Ring(distance_km=step, radius=round(scale(step), 1), label_y=round(-scale(step) - 3, 1))
        for step in RING_STEPS_KM
        if step <= outer and scale(step) >= 30
    ]
    for place, km, bearing in measured:
        r = scale(km)
        partner_map.markers.append(
            Marker(
                place=place,
                distance_km=round(km),
                direction=compass_point(bearing),
                x=round(r * math.sin(math.radians(bearing)), 1),
                y=round(-r * math.cos(math.radians(bearing)), 1),
                shape=status_shape(place),
            )
        )
    _place_labels(partner_map.markers)
    return partner_map

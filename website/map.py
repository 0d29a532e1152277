"""The partner map: country outlines and each partner place as a point, drawn by the server.

No tiles, no scripts and no request to anyone: the outlines are Natural Earth's countries,
read from a declared package (``website.world``), projected with a Lambert azimuthal
equal-area projection around the places near the municipality and written as inline SVG.
Places far away (more than ``NEAR_KM`` from the municipality, Mukono in Uganda) are drawn in
an inset in a free corner, so the near ones are not squeezed into a dot. Labels are at least
12 px on a 390 px wide phone and never overlap: each takes the first free spot around its
point, with a leader line when it has to move away. The table beside the map carries the same
facts in text, with the same status words as the legend.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from partners.models import Place
from website import world

EARTH_RADIUS_KM = world.EARTH_RADIUS_KM
WIDTH = 400  # SVG units across; the map is drawn at most this wide in CSS px times 1.5
MIN_RENDER_WIDTH = 340  # the map's width in CSS px on a 390 px phone (page margins off)
LABEL_SIZE = 14.5  # SVG units: 14.5 * 340 / 400 = 12.3 px on that phone
CHAR_WIDTH = 0.56  # a label's width per character, in font sizes (a generous estimate)
NEAR_KM = 3000
INSET_SHARE = 0.32  # the inset's width, as a share of the map's
INSET_HEIGHT_SHARE = 0.6  # and its height at most
INSET_PAD_KM = 900.0  # room around the inset's places, so a point and its label stay inside
MARGIN = 6
LABEL_GAP = LABEL_SIZE + 2

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

# What a marker's shape says; the legend and the table's "On the map" read the same words.
CATEGORIES = {
    "active": _("active relationship"),
    "ended": _("ended relationship"),
    "other": _("other contact (informal, dormant or projects only)"),
}


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: "Box") -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


@dataclass
class Frame:
    """One projected picture: the main map or the inset, placed at (left, top) in the SVG."""

    lat0: float
    lon0: float
    km_per_unit: float
    box_km: tuple[float, float, float, float]
    left: float
    top: float
    width: float
    height: float

    def to_svg(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = world.Projection(self.lat0, self.lon0).forward(lat, lon)
        return (
            round(self.left + (float(x) - self.box_km[0]) / self.km_per_unit, 1),
            round(self.top + (self.box_km[3] - float(y)) / self.km_per_unit, 1),
        )

    @property
    def bounds(self) -> Box:
        return Box(self.left, self.top, self.left + self.width, self.top + self.height)


@dataclass
class Marker:
    """A place on the map, with where its label goes and the shape that shows its status."""

    place: Place | None
    name: str
    distance_km: int
    direction: str
    x: float
    y: float
    shape: str
    in_inset: bool = False
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    leader: bool = False

    @property
    def label_box(self) -> Box:
        width = len(self.name) * LABEL_SIZE * CHAR_WIDTH
        x0 = self.label_x - (width if self.anchor == "end" else 0)
        if self.anchor == "middle":
            x0 = self.label_x - width / 2
        return Box(
            x0, self.label_y - LABEL_SIZE * 0.8, x0 + width, self.label_y + LABEL_SIZE * 0.25
        )

    @property
    def category(self) -> str:
        return str(CATEGORIES.get(self.shape, CATEGORIES["other"]))


@dataclass
class PartnerMap:
    """Everything the template needs: the SVG and the rows of the table."""

    home_label: str
    width: float = WIDTH
    height: float = 0.0
    frame: Frame | None = None
    inset: Frame | None = None
    home: Marker | None = None
    home_in_inset: tuple[float, float] | None = None
    markers: list[Marker] = field(default_factory=list)
    unplaced: list[Place] = field(default_factory=list)
    highlighted: frozenset[str] = frozenset()

    @property
    def rows(self) -> list[tuple[Place, Marker | None]]:
        """Every place with its marker (None without coordinates), in name order."""
        rows = [(m.place, m) for m in self.markers] + [(p, None) for p in self.unplaced]
        return sorted(rows, key=lambda row: row[0].name)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    @property
    def categories(self) -> list[tuple[str, str]]:
        """The legend: only the shapes that are drawn, in a fixed order."""
        drawn = {m.shape for m in self.markers}
        return [(shape, str(label)) for shape, label in CATEGORIES.items() if shape in drawn]

    @property
    def inset_places(self) -> str:
        return ", ".join(m.name for m in self.markers if m.in_inset)

    def _outlines(self, frame: Frame, clip_id: str) -> str:
        paths = world.outlines(
            frame.lat0,
            frame.lon0,
            frame.km_per_unit,
            frame.box_km,
            self.highlighted,
        )
        body = "".join(
            f'<path class="map-land{" map-land--partner" if partner else ""}" d="{data}"/>'
            for data, partner in paths
        )
        return (
            f'<clipPath id="{clip_id}"><rect x="0" y="0" width="{frame.width:.1f}" '
            f'height="{frame.height:.1f}"/></clipPath>'
            f'<g transform="translate({frame.left:.1f} {frame.top:.1f})" '
            f'clip-path="url(#{clip_id})"><rect class="map-sea" x="0" y="0" '
            f'width="{frame.width:.1f}" height="{frame.height:.1f}"/>'
            f"{body}</g>"
        )

    @property
    def svg_body(self) -> SafeString:
        """Outlines, the inset's frame, markers, leader lines and labels. Written here, not in
        the template: a loop of template tags per marker cost a fifth of the start page (#15).
        Path data are numbers only; names go through format_html."""
        if self.frame is None:
            return SafeString("")
        parts = [self._outlines(self.frame, "map-clip-main")]
        if self.inset is not None:
            inset = self.inset
            parts.append(self._outlines(inset, "map-clip-inset"))
            parts.append(
                f'<rect class="map-inset-frame" x="{inset.left:.1f}" y="{inset.top:.1f}" '
                f'width="{inset.width:.1f}" height="{inset.height:.1f}"/>'
            )
        drawn = [m for m in [self.home, *self.markers] if m is not None]
        if self.home is not None and self.home_in_inset is not None:
            x, y = self.home_in_inset
            drawn.append(Marker(None, "", 0, "", x, y, "home", in_inset=True))
        for m in drawn:
            if m.leader:
                parts.append(
                    format_html(
                        '<line class="map-leader" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                        m.x,
                        m.y,
                        round(m.label_box.x0 if m.anchor == "start" else m.label_box.x1, 1),
                        round(m.label_y - LABEL_SIZE * 0.3, 1),
                    )
                )
        for m in drawn:
            parts.append(_shape(m))
        for m in drawn:
            if not m.name:
                continue
            parts.append(
                format_html(
                    '<text class="map-label" x="{}" y="{}" text-anchor="{}" '
                    'font-size="{}">{}</text>',
                    round(m.label_x, 1),
                    round(m.label_y, 1),
                    m.anchor,
                    LABEL_SIZE,
                    m.name,
                )
            )
        return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (numbers and escaped names)


def _shape(m: Marker) -> str:
    if m.shape == "home":
        d = f"M{m.x} {m.y - 7}L{m.x + 7} {m.y}L{m.x} {m.y + 7}L{m.x - 7} {m.y}Z"
        return format_html('<path class="map-home" d="{}"/>', d)
    if m.shape == "active":
        return format_html(
            '<circle class="map-marker map-marker--active" cx="{}" cy="{}" r="6"/>', m.x, m.y
        )
    if m.shape == "ended":
        return format_html(
            '<circle class="map-marker map-marker--ended" cx="{}" cy="{}" r="5"/>', m.x, m.y
        )
    return format_html(
        '<rect class="map-marker map-marker--other" x="{}" y="{}" width="10" height="10"/>',
        round(m.x - 5, 1),
        round(m.y - 5, 1),
    )


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


def _frame(points, width: float, min_aspect: float, max_aspect: float, pad_km: float) -> Frame:
    """A frame around ``points`` (lat, lon), ``width`` SVG units wide."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat0, lon0 = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    projection = world.Projection(lat0, lon0)
    xy = [projection.forward(lat, lon) for lat, lon in points]
    xs, ys = [float(p[0]) for p in xy], [float(p[1]) for p in xy]
    span_x = max(xs) - min(xs) + 2 * pad_km
    span_y = max(ys) - min(ys) + 2 * pad_km
    if span_y < span_x * min_aspect:
        span_y = span_x * min_aspect
    if span_y > span_x * max_aspect:
        span_x = span_y / max_aspect
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    box = (
        round(cx - span_x / 2, 1),
        round(cy - span_y / 2, 1),
        round(cx + span_x / 2, 1),
        round(cy + span_y / 2, 1),
    )
    km_per_unit = round(span_x / width, 4)
    return Frame(
        lat0=round(lat0, 4),
        lon0=round(lon0, 4),
        km_per_unit=km_per_unit,
        box_km=box,
        left=0.0,
        top=0.0,
        width=width,
        height=round(span_y / km_per_unit, 1),
    )


def _label_spots(m: Marker):
    """Where a label may go, nearest first: beside, above and below, then further away with a
    leader line."""
    r = 9
    yield m.x + r, m.y + LABEL_SIZE * 0.35, "start", False
    yield m.x - r, m.y + LABEL_SIZE * 0.35, "end", False
    yield m.x, m.y - r - 2, "middle", False
    yield m.x, m.y + r + LABEL_SIZE * 0.8, "middle", False
    for step in range(1, 8):
        for dy in (step * LABEL_GAP, -step * LABEL_GAP):
            yield m.x + r + 8, m.y + LABEL_SIZE * 0.35 + dy, "start", True
            yield m.x - r - 8, m.y + LABEL_SIZE * 0.35 + dy, "end", True


def _place_labels(markers: list[Marker], obstacles: list[Box], bounds_of) -> None:
    """Give every label the first spot free of the other labels, the points and ``obstacles``,
    inside its frame (``bounds_of(marker)``)."""
    dots = [Box(m.x - 7, m.y - 7, m.x + 7, m.y + 7) for m in markers]
    taken: list[Box] = []
    for m in markers:
        frame = bounds_of(m)
        inner = Box(frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
        fallback = None
        for x, y, anchor, leader in _label_spots(m):
            m.label_x, m.label_y, m.anchor, m.leader = x, y, anchor, leader
            box = m.label_box
            if not box.inside(inner):
                continue
            fallback = fallback or (x, y, anchor, leader)
            if any(box.overlaps(b) for b in taken + dots + obstacles):
                continue
            break
        else:
            if fallback:
                m.label_x, m.label_y, m.anchor, m.leader = fallback
        taken.append(m.label_box)


def build(places, home: tuple[float, float] | None, home_label: str) -> PartnerMap:
    """Draw ``places`` around ``home`` (lat, lon), the near ones on the main map and the far
    ones in an inset; without a home, around the places' centre."""
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    partner_map = PartnerMap(
        home_label=home_label,
        unplaced=[p for p in places if p.latitude is None or p.longitude is None],
        highlighted=frozenset(p.country_code for p in located),
    )
    if not located:
        return partner_map
    centre = home or (
        sum(float(p.latitude) for p in located) / len(located),
        sum(float(p.longitude) for p in located) / len(located),
    )
    measured = []
    for p in located:
        lat, lon = float(p.latitude), float(p.longitude)
        km, bearing = distance_and_bearing(centre[0], centre[1], lat, lon)
        measured.append((p, lat, lon, km, bearing))
    near = [row for row in measured if row[3] <= NEAR_KM]
    far = [row for row in measured if row[3] > NEAR_KM]
    if not near:
        near, far = far, []
    main_points = [(lat, lon) for _, lat, lon, _, _ in near] + ([centre] if home else [])
    pad = max(150.0, 0.12 * max(r[3] for r in near))
    frame = _frame(main_points, WIDTH, 0.72, 1.1, pad)
    partner_map.frame = frame
    partner_map.height = frame.height

    def marker(row, target: Frame, in_inset: bool) -> Marker:
        place, lat, lon, km, bearing = row
        x, y = target.to_svg(lat, lon)
        return Marker(
            place=place,
            name=place.name,
            distance_km=round(km),
            direction=compass_point(bearing),
            x=x,
            y=y,
            shape=status_shape(place),
            in_inset=in_inset,
        )

    partner_map.markers = [marker(row, frame, False) for row in near]
    obstacles: list[Box] = []
    if far:
        inset_points = [(lat, lon) for _, lat, lon, _, _ in far] + [centre]
        inset = _frame(inset_points, round(WIDTH * INSET_SHARE), 0.8, 1.7, INSET_PAD_KM)
        tallest = round(frame.height * INSET_HEIGHT_SHARE)
        if inset.height > tallest:
            inset = _frame(
                inset_points, round(inset.width * tallest / inset.height), 0.8, 1.7, INSET_PAD_KM
            )
        partner_map.inset = inset
        _place_inset(partner_map, inset)
        obstacles.append(inset.bounds)
        partner_map.markers += [marker(row, inset, True) for row in far]
        if home:
            partner_map.home_in_inset = inset.to_svg(*home)
    if home:
        x, y = frame.to_svg(*home)
        partner_map.home = Marker(
            place=None, name=home_label, distance_km=0, direction="", x=x, y=y, shape="home"
        )
    drawn = ([partner_map.home] if partner_map.home else []) + partner_map.markers
    main_bounds = frame.bounds

    def bounds_of(m: Marker) -> Box:
        return partner_map.inset.bounds if m.in_inset else main_bounds

    _place_labels([m for m in drawn if not m.in_inset], obstacles, bounds_of)
    _place_labels([m for m in drawn if m.in_inset], [], bounds_of)
    return partner_map


def _place_inset(partner_map: PartnerMap, inset: Frame) -> None:
    """Put the inset in the corner of the main map with the fewest places under it."""
    frame = partner_map.frame
    corners = [
        (frame.width - inset.width - MARGIN, frame.height - inset.height - MARGIN),
        (MARGIN, frame.height - inset.height - MARGIN),
        (frame.width - inset.width - MARGIN, MARGIN),
        (MARGIN, MARGIN),
    ]
    points = [m for m in partner_map.markers if not m.in_inset]

    def crowd(corner) -> int:
        box = Box(
            corner[0] - 60,
            corner[1] - 20,
            corner[0] + inset.width + 60,
            corner[1] + inset.height + 20,
        )
        return sum(1 for m in points if box.x0 <= m.x <= box.x1 and box.y0 <= m.y <= box.y1)

    inset.left, inset.top = min(corners, key=crowd)
    inset.left, inset.top = round(inset.left, 1), round(inset.top, 1)

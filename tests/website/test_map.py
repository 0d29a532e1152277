"""The partner map: direction and distance from the municipality, drawn without tiles
(the outlines, the inset and the labels: test_partner_map.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from partners.models import Place, Relationship, RelationshipStatus
from website import map as partner_map

VIMMERBY = (57.6664, 15.8553)


def test_distance_and_bearing_to_joniskis():
    km, bearing = partner_map.distance_and_bearing(*VIMMERBY, 56.24083, 23.61611)

    assert 480 < km < 510
    with override("en"):
        assert partner_map.compass_point(bearing) == "east"


def test_distance_and_bearing_to_mukono():
    km, bearing = partner_map.distance_and_bearing(*VIMMERBY, 0.35333, 32.75528)

    assert 6400 < km < 6700
    with override("en"):
        assert partner_map.compass_point(bearing) == "south"


def _place(name, lat, lon, statuses=()):
    place = Place(name=name, slug=name.lower(), country="LT")
    place.latitude = None if lat is None else Decimal(str(lat))
    place.longitude = None if lon is None else Decimal(str(lon))
    place.public_relationships = [Relationship(status=s) for s in statuses]
    return place


def test_build_puts_east_to_the_right_and_north_up():
    east = _place("Joniškis", 56.24, 23.62, [RelationshipStatus.ACTIVE])
    north = _place("Kauhava", 63.10, 23.06, [RelationshipStatus.ACTIVE])

    built = partner_map.build([east, north], VIMMERBY, "Vimmerby")

    by_name = {m.place.name: m for m in built.markers}
    assert by_name["Joniškis"].x > built.home.x
    assert by_name["Kauhava"].y < built.home.y
    assert all(0 <= m.x <= built.width and 0 <= m.y <= built.height for m in built.markers)


def test_shape_follows_status_not_colour_alone():
    places = [
        _place("A", 56, 23, [RelationshipStatus.ACTIVE]),
        _place("B", 55, 9, [RelationshipStatus.ENDED]),
        _place("C", 59, 10, [RelationshipStatus.INFORMAL]),
    ]

    built = partner_map.build(places, VIMMERBY, "Vimmerby")

    assert [m.shape for m in built.markers] == ["active", "ended", "other"]


def test_place_without_coordinates_is_listed_but_not_drawn():
    built = partner_map.build([_place("Utan", None, None)], VIMMERBY, "Vimmerby")

    assert built.markers == []
    assert [place.name for place, marker in built.rows] == ["Utan"]


def test_labels_on_one_side_do_not_overlap():
    crowd = [_place(f"P{i}", 56 + i * 0.01, 23, [RelationshipStatus.ACTIVE]) for i in range(5)]

    built = partner_map.build(crowd, VIMMERBY, "Vimmerby")

    boxes = [m.label_box for m in built.markers]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


@pytest.mark.django_db
def test_map_is_inline_svg_with_a_text_alternative(client, world):
    html = client.get(reverse("website:place-list")).content.decode()

    assert '<svg class="partner-map__svg"' in html
    assert 'role="img" aria-labelledby="map-title map-desc"' in html
    assert "<table" in html and "Joniškis" in html
    assert "," not in html.split('viewBox="')[1].split('"')[0]  # no decimal commas in SVG


def test_country_outlines_are_kept_as_arrays_of_floats():
    """Every worker keeps the world's outlines for its life: as arrays of 32-bit floats,
    4.4 MB; as the reader's lists of Python floats they were 60 MB, more than the rest of a
    worker, as 64-bit arrays 8.8 MB (#15). No country keeps its polygons between frames."""
    import numpy as np

    from website import world

    countries = world.countries()
    sweden = next(c for c in countries if c.code == "SE")

    assert all(isinstance(c.points, np.ndarray) and c.points.dtype == np.float32 for c in countries)
    assert sum(c.points.nbytes for c in countries) < 5 * 1024 * 1024
    west, south, east, north = sweden.bbox
    assert 10 < west < east < 25 and 55 < south < north < 70
    assert len(world.shapely.get_parts(sweden.geometry)) == len(sweden.parts)
    assert sweden.geometry is not sweden.geometry  # made for a frame, not kept


def test_the_outlines_read_from_the_file_s_bytes_are_those_the_shapefile_reader_reads():
    """world reads the shapes straight from the .shp, one record at a time, to keep a worker
    small (#15): every country's code, box and rings are exactly pyshp's, its points pyshp's
    to within 2 m (32-bit floats: 1.5e-5 degrees at 180)."""
    import numpy as np
    import shapefile

    from website import world

    expected = []
    with shapefile.Reader(str(world.shapefile_path()), encoding="utf-8") as reader:
        for row in reader.iterShapeRecords(fields=["ISO_A2_EH"]):
            if row.shape.points:
                code = row.record["ISO_A2_EH"]
                expected.append((code, tuple(row.shape.bbox), tuple(row.shape.parts), row.shape))
    countries = world.countries()

    assert len(countries) == len(expected) > 200
    for country, (code, bbox, parts, shape) in zip(countries, expected, strict=True):
        assert country.code == ("" if code in ("-99", None) else code)
        assert country.bbox == bbox and country.parts == parts
        expected_points = np.asarray(shape.points, dtype=float)
        assert country.points.shape == expected_points.shape
        assert np.abs(country.points - expected_points).max() <= 1.6e-5
        assert country.points.flags.c_contiguous and country.points.flags.owndata

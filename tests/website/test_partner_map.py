"""The partner map (#14): Natural Earth's outlines from a declared package, the near places
zoomed in, the far ones in an inset, labels readable at 390 px that never overlap, and a
legend that says what the table says."""

import re
import subprocess
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from partners.models import Place, Relationship, RelationshipStatus
from website import map as partner_map
from website import world

VIMMERBY = (57.6664, 15.8553)


def _vimmerby_places():
    """The published places of the municipality's data file, as the public pages show them."""
    data = tomllib.loads((Path(settings.BASE_DIR) / "data" / "vimmerby.toml").read_text())
    places = []
    for row in data["places"]:
        if not row.get("published") or "latitude" not in row:
            continue
        place = Place(name=row["name"], slug=row["slug"], country=row["country"])
        place.latitude = Decimal(str(row["latitude"]))
        place.longitude = Decimal(str(row["longitude"]))
        place.public_relationships = [Relationship(status=RelationshipStatus.ACTIVE)]
        places.append(place)
    return places


def test_the_outlines_come_from_the_installed_package_not_from_this_repository():
    path = world.shapefile_path()

    assert path.is_file()
    assert "site-packages" in str(path) or "dist-packages" in str(path)
    # Installed, not committed: the quick start's .venv lies inside the project folder.
    assert ".venv" in path.parts or not str(path).startswith(str(settings.BASE_DIR))
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
    )
    assert tracked.returncode != 0
    codes = {country.code for country in world.countries()}
    assert {"SE", "LT", "FI", "IS", "DK", "NO", "UG"} <= codes


def test_the_near_places_are_on_the_map_and_mukono_in_the_inset():
    built = partner_map.build(_vimmerby_places(), VIMMERBY, "Vimmerby")

    inset = {m.name for m in built.markers if m.in_inset}
    assert inset == {"Mukono"}
    assert built.inset is not None
    assert built.inset.bounds.inside(built.frame.bounds)
    main = [m for m in built.markers if not m.in_inset]
    assert all(not built.inset.bounds.overlaps(m.label_box) for m in main)
    for m in main:  # every near place and its label inside the main map, outside the inset
        assert 0 < m.x < built.width and 0 < m.y < built.height
        assert not (
            built.inset.bounds.x0 <= m.x <= built.inset.bounds.x1
            and built.inset.bounds.y0 <= m.y <= built.inset.bounds.y1
        )


def test_labels_are_at_least_12_px_on_a_phone_and_never_overlap():
    built = partner_map.build(_vimmerby_places(), VIMMERBY, "Vimmerby")

    assert partner_map.LABEL_SIZE * partner_map.MIN_RENDER_WIDTH / built.width >= 12
    labelled = [built.home, *built.markers]
    boxes = [m.label_box for m in labelled]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    for m in labelled:
        frame = built.inset if m.in_inset else built.frame
        assert m.label_box.inside(frame.bounds), m.name
    dots = [partner_map.Box(m.x - 5, m.y - 5, m.x + 5, m.y + 5) for m in labelled]
    assert not any(box.overlaps(dot) for box in boxes for dot in dots)


def test_a_crowd_of_neighbours_gets_labels_that_do_not_overlap():
    crowd = []
    for i in range(6):
        place = Place(name=f"Ort {i}", slug=f"ort-{i}", country="NO")
        place.latitude, place.longitude = Decimal("59.40") + Decimal(i) / 100, Decimal("10.70")
        place.public_relationships = []
        crowd.append(place)

    built = partner_map.build(crowd, VIMMERBY, "Vimmerby")

    boxes = [m.label_box for m in [built.home, *built.markers]]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_the_svg_draws_countries_and_asks_no_one_else():
    built = partner_map.build(_vimmerby_places(), VIMMERBY, "Vimmerby")

    svg = str(built.svg_body)
    assert svg.count('class="map-land') > 10
    assert svg.count("map-land--partner") >= 6  # IS, NO, DK, FI, LT; UG in the inset
    assert "http" not in svg and "xlink:href" not in svg
    assert len(re.findall(r'class="map-label"', svg)) == len(built.markers) + 1
    assert "," not in built.view_box


def test_without_coordinates_nothing_is_drawn_and_the_place_is_listed():
    place = Place(name="Utan", slug="utan", country="LT")
    place.public_relationships = []

    built = partner_map.build([place], VIMMERBY, "Vimmerby")

    assert built.frame is None and str(built.svg_body) == ""
    assert [p.name for p, _ in built.rows] == ["Utan"]


def test_places_only_far_away_get_a_map_of_their_own_and_no_inset():
    built = partner_map.build(
        [p for p in _vimmerby_places() if p.slug == "mukono"], VIMMERBY, "Vimmerby"
    )

    assert built.inset is None
    assert [m.name for m in built.markers] == ["Mukono"]
    assert 0 < built.markers[0].x < built.width


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_legend_and_table_use_the_same_words(client, world, language):
    """Skærbæk's relationship is ended in the test world: the table's "On the map" and the
    legend say the same (the legend once said "other contact" while the table said ended)."""
    with override(language):
        html = client.get(reverse("website:place-list")).content.decode()
        assert f'lang="{language}"' in html
        legend = html.split('class="partner-map__legend"')[1].split("</figcaption>")[0]
        table = html.split("<table")[1].split("</table>")[0]
        for shape, label in partner_map.CATEGORIES.items():
            in_table = f"legend--{shape}" in table
            assert in_table == (f"legend--{shape}" in legend), shape
            if in_table:
                assert str(label).capitalize() in legend and str(label).capitalize() in table


@pytest.mark.django_db
def test_the_map_page_names_natural_earth_and_has_no_sideways_scrolling_table(client, world):
    html = client.get(reverse("website:place-list")).content.decode()

    assert "Natural Earth" in html
    assert "table-responsive" not in html.split("<table")[0][-200:]
    assert 'class="table place-table stack-on-phone"' in html

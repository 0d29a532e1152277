"""governance/templatetags/tables.py: a table that scrolls sideways on a phone is a named region
a keyboard reaches (WCAG 2.1.1, #14/#15), and every such wrapper is written with the tag."""

import pathlib

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

ROOT = pathlib.Path(settings.BASE_DIR)


def test_the_wrapper_is_a_named_region_in_the_tab_order():
    template = Template(
        "{% load tables %}{% scrolls_sideways label %}<table><caption>{{ label }}</caption>"
        "</table>{% endscrolls_sideways %}"
    )
    html = template.render(Context({"label": "Möten & <beslut>"}))
    assert html == (
        '<div class="table-responsive" tabindex="0" role="region"'
        ' aria-label="Möten &amp; &lt;beslut&gt;"><table><caption>Möten &amp; &lt;beslut&gt;'
        "</caption></table></div>"
    )


@pytest.mark.parametrize(("language", "name"), [("sv", "Partnerorter"), ("en", "Partner places")])
def test_a_translated_name_is_said_in_the_users_language(language, name):
    template = Template(
        '{% load tables %}{% scrolls_sideways _("Partner places") %}{% endscrolls_sideways %}'
    )
    with translation.override(language):
        assert f'aria-label="{name}"' in template.render(Context())


def test_a_wrapper_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError, match="the region's name"):
        Template("{% load tables %}{% scrolls_sideways %}{% endscrolls_sideways %}")


def test_no_template_writes_the_wrapper_by_hand():
    folders = [ROOT / "templates"] + [
        app / "templates" for app in ROOT.iterdir() if (app / "templates").is_dir()
    ]
    templates = [path for folder in folders for path in folder.rglob("*.html")]
    assert len(templates) > 50
    by_hand = [
        str(path.relative_to(ROOT)) for path in templates if "table-responsive" in path.read_text()
    ]
    assert by_hand == []

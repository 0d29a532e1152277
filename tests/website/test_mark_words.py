"""``projects.search.mark_words`` marks what it marked when it folded every character anew
(#15): a reference copy of that version beside it, on texts with accents, letters that fold
to two (æ, ß), combining marks, punctuation and plain ASCII."""

import re

import pytest

from projects.search import _FOLDED, START, STOP, fold, mark_words


def _reference(text: str, found: list[str]) -> str:
    if not text or not found:
        return text
    folded, origin = [], []
    for index, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        origin.extend([index] * len(part))
    alternatives = "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")
    pieces, last = [], 0
    for match in pattern.finditer("".join(folded)):
        begin, end = origin[match.start()], origin[match.end() - 1] + 1
        pieces += [text[last:begin], START, text[begin:end], STOP]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


TEXTS = [
    "Skolutbyte med Joniškis: klimat och KLIMATET i Joniškio rajonas",
    "Plain ASCII text about climate, Klimat and klimatsmart schools.",
    "Ærø og Æbeltoft; Straße, STRASSE and straße-fest",
    "Cafe\u0301 cafe\u0301s and CAFÉ (combining and composed)",
    "Łódź, Đakovo, Þórshöfn, Ørsta, İstanbul and ǅemal",
    "ﬁnal ligature ﬁre and ½ half",
    "",
    "klimat_klimat klimat-klimat 2klimat",
]
FOUND = [
    ["klimat"],
    ["joniskis", "joniskio"],
    ["aero", "strasse"],
    ["cafe"],
    ["lodz", "orsta"],
    ["final", "fire"],
    ["klimat", "kli"],
    ["istanbul", "dzemal"],
]


@pytest.mark.parametrize("found", FOUND)
@pytest.mark.parametrize("text", TEXTS)
def test_the_same_marks_as_folding_every_character(text, found):
    assert mark_words(text, found) == _reference(text, found)


def test_a_word_is_marked_where_it_stands_in_the_original_text():
    marked = mark_words("Ærø Joniškis", ["joniskis"])
    assert marked == f"Ærø {START}Joniškis{STOP}"


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_folded_whole_is_its_characters_folds_joined(text):
    """The fast path (#15): a text with none of the words is folded whole by ``translate``
    and left as it is; that fold must be the characters' folds, one by one."""
    assert text.translate(_FOLDED) == "".join(fold(char) for char in text)

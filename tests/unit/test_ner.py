"""The Arabic recogniser's word features: the name-shape model."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.nlp.ner import SHAPE_FILE, NameShape, word_features

# Tiny labelled sentences of my own: transliterated foreign names and Arabic names against ordinary words.
SENTS = [
    (["قال", "فلاديمير", "بوتين", "إن", "الحكومة", "مستعدة"], ["O", "B-PERS", "I-PERS", "O", "O", "O"]),
    (["وأكد", "غيرهارد", "شرودر", "أن", "الاقتصاد", "ينمو"], ["O", "B-PERS", "I-PERS", "O", "O", "O"]),
    (["التقى", "نيكولا", "ساركوزي", "بالوزراء", "في", "باريس"], ["O", "B-PERS", "I-PERS", "O", "O", "B-LOC"]),
    (["وأعلنت", "الوزارة", "الاقتصادية", "عن", "المشروعات", "الجديدة"], ["O"] * 6),
    (["ارتفعت", "الأسعار", "في", "الأسواق", "المحلية", "والعالمية"], ["O"] * 6),
]


@pytest.fixture(scope="module")
def shape() -> NameShape:
    return NameShape.fit(SENTS, frozenset())


@pytest.mark.parametrize(
    ("name", "ordinary"),
    [("بوتيني", "الاقتصاديات"), ("شرودير", "المحليات"), ("ساركوزيف", "المشروعات")],
)
def test_names_look_more_like_names_than_ordinary_words(shape: NameShape, name: str, ordinary: str) -> None:
    assert shape.feature(name) > shape.feature(ordinary)  # "cs0" < ... < "cs4"


def test_other_entity_types_are_not_counted(shape: NameShape) -> None:
    # باريس is a place here: its letters count neither for persons nor for ordinary words.
    assert "ريس$" not in shape.person and "ريس$" not in shape.other
    assert "تين$" in shape.person and "يه$" not in shape.person


def test_save_and_load_round_trip(shape: NameShape, tmp_path: Path) -> None:
    path = tmp_path / "shape.tsv.gz"
    shape.save(path)
    again = NameShape.load(path)
    assert again is not None
    assert again.person == shape.person and again.other == shape.other
    for w in ("بوتين", "الاقتصاد", "زوربلاكس"):
        assert again.feature(w) == shape.feature(w)
    first = path.read_bytes()
    shape.save(path)
    assert path.read_bytes() == first  # same counts, same bytes
    assert NameShape.load(tmp_path / "absent.tsv.gz") is None


def test_word_features_carry_the_shape_of_arabic_words_only(shape: NameShape) -> None:
    ar = word_features("بوتين", "بوتين", frozenset(), None, shape)
    assert sum(f.startswith("cs") for f in ar) == 1
    assert not any(f.startswith("cs") for f in word_features("Putin", "Putin", frozenset(), None, shape))
    assert not any(f.startswith("cs") for f in word_features("بوتين", "بوتين", frozenset(), None, None))


def test_shipped_shape_loads_and_reads_foreign_names_as_names() -> None:
    shipped = NameShape.load(SHAPE_FILE)
    assert shipped is not None
    assert shipped.feature("جوتشولك") > shipped.feature("الاقتصاديه")

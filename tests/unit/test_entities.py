"""Entity tagging: gazetteer matching across scripts, Arabic proclitics, CRF merge, ids and ordering."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import cast

import pytest

from streams.nlp.arabic import TOKEN_RE, strip_proclitics
from streams.nlp.entities import (
    Doc,
    EntityTagger,
    Mention,
    _lead_end,
    aggregate,
    merge,
    token_view,
    tokenise,
)
from streams.nlp.gazetteer import streams_id
from streams.nlp.ner import (
    FeatureCache,
    join_family_names,
    join_name_links,
    neighbour_features,
    sentence_features,
    word_features,
)
from streams.schema import Entity
from streams.stages.clean import matching_form


@pytest.fixture(scope="module")
def full() -> EntityTagger:
    return EntityTagger(ner_model="full")


@pytest.fixture(scope="module")
def off() -> EntityTagger:
    return EntityTagger(ner_model="off")


@pytest.fixture(scope="module")
def lead() -> EntityTagger:
    return EntityTagger(ner_model="lead")


def find(tagger: EntityTagger, text: str, lang: str) -> list[Entity]:
    return tagger.find(text, matching_form(text, lang), lang)


def ids(ents: list[Entity]) -> set[str]:
    return {e.id for e in ents}


# (language, text, ids that must be found)
FOUND = [
    (
        "ar",
        "التقى وفد من روسيا وكوريا الشمالية في بيونغ يانغ أمس.",
        {"iso3166:RU", "iso3166:KP", "geonames:1871859"},
    ),
    ("ar", "وصل الوفد إلى بيونغيانغ قادما من موسكو.", {"geonames:1871859", "geonames:524901"}),
    ("ar", "أكد الأمين العام لحلف شمال الأطلسي أن الناتو لن يتدخل.", {"wikidata:Q7184"}),
    ("ar", "وقالت وزارة الخارجية إن للعراق حقا وبالعراق خيرات كثيرة.", {"iso3166:IQ"}),
    (
        "ar",
        "زار الرئيس الفرنسي إيمانويل ماكرون لبنان وفلسطين.",
        {"wikidata:Q3052772", "iso3166:LB", "iso3166:PS"},
    ),
    (
        "ar",
        "قالت منظمة الصحة العالمية إن الوباء انتشر في مصر والسودان.",
        {"wikidata:Q7817", "iso3166:EG", "iso3166:SD"},
    ),
    (
        "en",
        "Russia and North Korea signed a pact in Pyongyang, NATO said.",
        {"iso3166:RU", "iso3166:KP", "wikidata:Q7184"},
    ),
    ("en", "The US and the UN disagreed about Gaza.", {"iso3166:US", "wikidata:Q1065", "geonames:281133"}),
    (
        "fr",
        "La France et l'Allemagne ont rencontré l'OTAN à Bruxelles.",
        {"iso3166:FR", "iso3166:DE", "wikidata:Q7184"},
    ),
    (
        "ru",
        "Путин заявил, что России и Китаю нужна стабильность в Москве.",
        {"wikidata:Q7747", "iso3166:RU", "iso3166:CN"},
    ),
    (
        "zh",
        "习近平在北京会见了普京，双方讨论了朝鲜问题。",
        {"wikidata:Q15031", "geonames:1816670", "wikidata:Q7747", "iso3166:KP"},
    ),
    ("de", "Bundeskanzler Olaf Scholz reiste nach Washington.", {"wikidata:Q61053", "geonames:4140963"}),
    (
        "es",
        "El presidente de Francia visitó Marruecos y Argelia.",
        {"iso3166:FR", "iso3166:MA", "iso3166:DZ"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FOUND)
def test_finds_entities(full: EntityTagger, lang: str, text: str, expected: set[str]) -> None:
    assert expected <= ids(find(full, text, lang))


# (language, text, ids that must not be found): ordinary words that are also names somewhere.
NOT_FOUND = [
    (
        "en",
        "We ate turkey and chad is not a word here; nice weather, china plates.",
        {"iso3166:TR", "iso3166:CN"},
    ),
    ("en", "Tell us about the plan.", {"iso3166:US"}),
    ("ar", "قال إن الوضع المالي صعب وإن الأمان مطلوب في السنة القادمة.", {"iso3166:ML"}),
    ("ar", "نظر إلى القمر في السماء.", {"iso3166:KM"}),
    ("ar", "كيف حالك اليوم؟", {"geonames:703448"}),
]


@pytest.mark.parametrize(("lang", "text", "absent"), NOT_FOUND)
def test_no_hits_on_common_words(off: EntityTagger, lang: str, text: str, absent: set[str]) -> None:
    assert not absent & ids(find(off, text, lang))


def test_proclitic_stripped_in_display_text(off: EntityTagger) -> None:
    ents = find(off, "وروسيا ولروسيا وبروسيا مع للعراق.", "ar")
    by_id = {e.id: e for e in ents}
    assert by_id["iso3166:RU"].text == "روسيا"
    assert by_id["iso3166:RU"].count == 3
    assert by_id["iso3166:IQ"].text == "العراق"


def test_vowelled_text_maps_back_to_display(off: EntityTagger) -> None:
    ents = find(off, "زار وَفْدٌ رُوسِيَا.", "ar")
    assert [e.text for e in ents if e.id == "iso3166:RU"] == ["رُوسِيَا"]


def test_counts_sorting_and_most_frequent_surface(off: EntityTagger) -> None:
    text = "Russia met Russia. RUSSIA again. Iran once."
    ents = find(off, text, "en")
    assert ents[0].id == "iso3166:RU" and ents[0].count == 3 and ents[0].text == "Russia"
    assert [e.count for e in ents] == sorted((e.count for e in ents), reverse=True)


def test_crf_finds_unlisted_arabic_names(full: EntityTagger) -> None:
    text = "وقال وزير الخارجية فوزي صلوخ إن الحكومة ستجتمع. وصرح المتحدث سامي الخطيب للصحفيين في بيروت."
    ents = find(full, text, "ar")
    persons = {e.text for e in ents if e.type == "person"}
    assert {"فوزي صلوخ", "سامي الخطيب"} <= persons
    unlisted = [e for e in ents if e.id.startswith("streams:")]
    for e in unlisted:
        key = matching_form(e.text, "ar")
        assert e.id == streams_id(
            e.type, " ".join([strip_proclitics(key.split()[0], full.known)[1], *key.split()[1:]])
        )


def test_arabic_spelling_variants_of_places(off: EntityTagger) -> None:
    # CLDR and geonames spell these تايلاند, الدانمرك, شانغهاي; news also writes the forms below.
    text = "وصل الوفد من تايلند إلى الدنمارك ثم إلى شنغهاي، ومن الدانمارك عاد."
    got = {e.id: e.count for e in find(off, text, "ar")}
    assert got["iso3166:TH"] == 1 and got["iso3166:DK"] == 2
    assert off.gazetteer.lookup(matching_form("شنغهاي", "ar")) == off.gazetteer.lookup(
        matching_form("شانغهاي", "ar")
    )


def test_titles_are_context_not_part_of_curated_names(off: EntityTagger) -> None:
    ents = find(off, "استقبل الملك عبدالله الثاني الوفد، وقال الملك محمد السادس إن الزيارة مهمة.", "ar")
    assert {e.text for e in ents if e.type == "person"} == {"عبدالله الثاني", "محمد السادس"}
    # A bare first name is the king only after his title.
    salman = off.gazetteer.lookup(matching_form("سلمان بن عبد العزيز", "ar"))
    assert salman is not None
    assert salman.id in ids(find(off, "قال الملك سلمان إن", "ar"))
    assert salman.id not in ids(find(off, "قال سلمان إن", "ar"))


def test_model_mentions_of_persons_have_no_digits(full: EntityTagger) -> None:
    text = "سجل الهدف في الدقيقة 38د 18ث من المباراة"
    doc = tokenise(text, matching_form(text, "ar"))
    first = doc.words.index(matching_form("38د", "ar"))
    assert full._model_mention(doc, first, first + 2, "person") is None
    kept = full._model_mention(doc, 0, 1, "person")
    assert kept is not None and kept.text == "سجل"


def test_crf_only_for_arabic(full: EntityTagger) -> None:
    assert find(full, "Zorblax Quentin visited nowhere.", "en") == []


def test_modes_and_version() -> None:
    with pytest.raises(ValueError):
        EntityTagger(ner_model="sometimes")
    assert "crf-off" in EntityTagger(ner_model="off").version


def test_deterministic(full: EntityTagger) -> None:
    text = "التقى محمود عباس في رام الله مع وفد من الاتحاد الأوروبي ومن روسيا."
    assert find(full, text, "ar") == find(full, text, "ar")


def test_extra_gazetteer_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    rec = {
        "id": "wikidata:Q42",
        "type": "person",
        "name": "Douglas Adams",
        "aliases": ["Douglas Adams", "دوغلاس آدامز"],
    }
    extra.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    tagger = EntityTagger(ner_model="off", extra_gazetteer=extra)
    assert "wikidata:Q42" in ids(find(tagger, "كتب دوغلاس آدامز رواية.", "ar"))
    assert "wikidata:Q42" in ids(find(tagger, "Douglas Adams wrote a novel.", "en"))


def test_tokenise_aligns_despite_nfkc_changes() -> None:
    text = "ﷺ روسيا ﻻ"  # ligatures that NFKC expands into several words
    doc = tokenise(text, matching_form(text))
    assert len(doc.words) == len(doc.match_text.split(" "))


def test_lead_end_counts_paragraphs() -> None:
    para = "x" * 50
    text = "\n".join(["Title", para, para, para, para])
    assert _lead_end(text) == len("Title\n") + 3 * (len(para) + 1)


def test_aggregate_empty() -> None:
    assert aggregate([]) == []


def test_lead_mode_carries_names_into_the_body() -> None:
    lead = EntityTagger(ner_model="lead")
    body = "\n".join(["وتابع المراسل أن الأوضاع في المنطقة ما زالت متوترة منذ أسابيع طويلة."] * 12)
    text = f"وقال وزير الخارجية فوزي صلوخ إن الحكومة ستجتمع غدا.\n{body}\nوأضاف صلوخ أن الوفد سيزور باريس."
    persons = [e for e in find(lead, text, "ar") if e.type == "person"]
    assert [(p.id, p.count) for p in persons] == [(streams_id("person", "فوزي صلوخ"), 2)]


def test_full_mode_reads_a_surname_alone_from_the_full_name(full: EntityTagger) -> None:
    alone = "ورفض حداد التعليق على الخبر، وغادر حداد القاعة."
    assert find(full, alone, "ar") == []  # the model does not tag the surname by itself here
    text = f"وقال وزير الخارجية سمير حداد إن الحكومة ستجتمع غدا. {alone}"
    got = full.mentions(text, matching_form(text, "ar"), "ar")
    pid = streams_id("person", "سمير حداد")
    assert [(m.text, m.type, m.id) for m in got] == [("سمير حداد", "person", pid)] + [
        ("حداد", "person", pid)
    ] * 2
    # find reports them as one person mentioned three times.
    assert [(e.id, e.count) for e in find(full, text, "ar") if e.type == "person"] == [(pid, 3)]


def _m(first: int, last: int, typ: str, gaz: bool, curated: bool = False) -> Mention:
    return Mention(first, last, typ, f"{typ}:{first}-{last}", "x", gaz, curated)  # type: ignore[arg-type]


# (gazetteer mentions, model mentions, ids kept)
MERGES = [
    ([_m(0, 1, "location", True)], [_m(0, 2, "organization", False)], ["organization:0-2"]),  # جامعة القاهرة
    ([_m(0, 2, "location", True)], [_m(0, 1, "location", False)], ["location:0-2"]),  # الولايات المتحدة
    ([_m(0, 1, "location", True)], [_m(0, 1, "organization", False)], ["organization:0-1"]),  # فاز برشلونة
    ([_m(0, 1, "location", True, True)], [_m(0, 1, "person", False)], ["location:0-1"]),  # curated wins
    (
        [_m(0, 1, "organization", True, True), _m(1, 3, "location", True, True)],
        [_m(0, 3, "organization", False)],
        ["organization:0-1", "location:1-3"],
    ),  # الكرملين بيونغ يانغ: two names, not one
]


@pytest.mark.parametrize(("gaz", "model", "kept"), MERGES)
def test_merge(gaz: list[Mention], model: list[Mention], kept: list[str]) -> None:
    assert [m.id for m in merge(gaz, model)] == kept


# (folded words, CRF labels, labels after joining آل and the family name to the person before it)
FAMILY_NAMES = [
    (
        ["الشيخ", "حمد", "بن", "خليفه", "ال", "ثاني", "امير"],
        ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O", "O"],
        ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "I-PERS", "O"],
    ),
    (
        ["حمد", "بن", "خليفه", "ال", "ثاني"],
        ["B-PERS", "I-PERS", "I-PERS", "O", "O"],
        ["B-PERS", "I-PERS", "I-PERS", "I-PERS", "I-PERS"],
    ),
    (  # not after a person
        ["زار", "ال", "ثاني"],
        ["O", "O", "O"],
        ["O", "O", "O"],
    ),
    (  # the next word is already another entity: leave it
        ["خليفه", "ال", "ثاني"],
        ["B-PERS", "O", "B-LOC"],
        ["B-PERS", "O", "B-LOC"],
    ),
    (  # punctuation after آل
        ["خليفه", "ال", "،"],
        ["B-PERS", "O", "O"],
        ["B-PERS", "O", "O"],
    ),
]


@pytest.mark.parametrize(("words", "labels", "expected"), FAMILY_NAMES)
def test_join_family_names(words: list[str], labels: list[str], expected: list[str]) -> None:
    assert join_family_names(words, list(labels)) == expected


# (folded words, CRF labels, labels after carrying a person that ends on بن/أبي/ولد ... to the next word)
NAME_LINKS = [
    (  # علي بن أبي | طالب: طالب is also "student", the CRF stopped before it
        ["تولي", "علي", "بن", "ابي", "طالب", "الخلافه"],
        ["O", "B-PERS", "I-PERS", "I-PERS", "O", "O"],
        ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"],
    ),
    (  # the link itself left out
        ["محمد", "بن", "سلمان", "ولي"],
        ["B-PERS", "O", "O", "O"],
        ["B-PERS", "I-PERS", "I-PERS", "O"],
    ),
    (  # not after a person
        ["وهو", "ابن", "عشر", "سنين"],
        ["O", "O", "O", "O"],
        ["O", "O", "O", "O"],
    ),
    (  # the next word is another entity, or punctuation
        ["محمد", "بن", "قطر", "ابو", "،"],
        ["B-PERS", "I-PERS", "B-LOC", "B-PERS", "O"],
        ["B-PERS", "I-PERS", "B-LOC", "B-PERS", "O"],
    ),
    (  # ولد "was born" before an ordinary word; a name after it joins
        ["فرويد", "ولد", "في", "محمد", "ولد", "عبد"],
        ["B-PERS", "O", "O", "B-PERS", "I-PERS", "O"],
        ["B-PERS", "O", "O", "B-PERS", "I-PERS", "I-PERS"],
    ),
]


@pytest.mark.parametrize(("words", "labels", "expected"), NAME_LINKS)
def test_join_name_links(words: list[str], labels: list[str], expected: list[str]) -> None:
    assert join_name_links(words, list(labels), {"في"}) == expected


SENTENCE = ["وقال", "الوزير", "فوزي", "صلوخ", "ان", "الحكومه", "ستجتمع", "في", "بيروت", "."]


@pytest.mark.parametrize(("start", "end"), [(0, 10), (0, 1), (2, 5), (8, 10), (9, 10), (3, 3)])
def test_sentence_features_of_a_window_match_the_whole_sentence(start: int, end: int) -> None:
    cache = FeatureCache(frozenset())
    gaz = [""] * 8 + ["B-location", ""]
    whole = sentence_features(SENTENCE, SENTENCE, gaz, cache)
    assert sentence_features(SENTENCE, SENTENCE, gaz, cache, start, end) == whole[start:end]


def test_feature_memo_holds_nothing_the_garbage_collector_scans() -> None:
    import gc

    cache = FeatureCache(frozenset(), allowed=frozenset({"w=بيروت", "+1s=بيروت"}))
    sentence_features(SENTENCE, SENTENCE, [""] * len(SENTENCE), cache)
    gc.collect()  # tuples of strings are untracked when a collection meets them; the tuple holding
    gc.collect()  # them, at the next one
    # A worker's memo holds up to 200k words: as lists, every full collection would walk them all.
    assert cache.cache and not any(gc.is_tracked(v) for v in cache.cache.values())
    assert cache.get("بيروت", "بيروت") == (("w=بيروت",), ("+1s=بيروت",), ())


# (words, gazetteer tags, windows the CRF reads); "" in tags: no gazetteer name there.
WINDOWS = [
    (["في", "من", "في", "من", "في", "من", "في"], [""] * 7, []),  # ordinary words only: no CRF at all
    (["في", "2025", "من", "7", "في"], [""] * 5, []),  # numbers are not candidates either
    (["في", "من", "في", "من", "في", "من", "في"], ["", "", "", "B-location", "", "", ""], [(1, 6)]),
    (
        ["في", "من", "في", "من", "في", "من", "في"],
        ["B-location", "", "", "", "", "", "B-location"],
        [(0, 3), (4, 7)],
    ),
    (["في", "من", "في", "من", "في", "من", "في"], ["B-location", "", "", "B-location", "", "", ""], [(0, 6)]),
]


@pytest.mark.parametrize(("words", "gaz", "expected"), WINDOWS)
def test_crf_windows_around_candidates(
    full: EntityTagger, words: list[str], gaz: list[str], expected: list[tuple[int, int]]
) -> None:
    assert full.ner is not None
    assert full.ner.windows(words, words, gaz) == expected


def test_crf_reads_unknown_words(full: EntityTagger) -> None:
    assert full.ner is not None
    words = ["في", "من", "زوربلاكس", "من", "في", "من", "في"]
    assert full.ner.windows(words, words, [""] * 7) == [(0, 5)]


def test_ordinary_words_are_not_sent_to_the_model(tmp_path: Path) -> None:
    # A word the model never tags in unlabelled news (train_ner.py build_ordinary) is no candidate; the
    # same word is one for a tagger without the list, and a gazetteer tag still makes it one.
    import gzip

    words = ["في", "من", "زوربلاكس", "من", "في", "من", "في"]
    listed = tmp_path / "ordinary.txt.gz"
    with gzip.open(listed, "wt", encoding="utf-8") as fh:
        fh.write("زوربلاكس\n")
    with_list = EntityTagger(ner_model="full", ordinary=listed)
    without = EntityTagger(ner_model="full", ordinary=None)
    assert with_list.ner is not None and without.ner is not None
    assert with_list.ner.windows(words, words, [""] * 7) == []
    assert without.ner.windows(words, words, [""] * 7) == [(0, 5)]
    gaz = ["", "", "B-location", "", "", "", ""]
    assert with_list.ner.windows(words, words, gaz) == [(0, 5)]


def test_shipped_ordinary_words_hold_no_listed_name(full: EntityTagger) -> None:
    assert full.ner is not None
    ordinary = full.ner.cache.ordinary
    assert len(ordinary) > 5000  # the list ships and loads
    for name in ("روسيا", "بغداد", "محمد", "الرياض", "واشنطن"):
        assert matching_form(name, "ar") not in ordinary


def _token_view_by_regex(doc: Doc, limit: int) -> list[tuple[int, int, int]]:
    """Reference: every TOKEN_RE match before `limit`, words numbered in order."""
    out: list[tuple[int, int, int]] = []
    w = 0
    for m in TOKEN_RE.finditer(doc.text, 0, limit):
        a, b = m.span()
        if w < len(doc.wspans) and doc.wspans[w][0] == a:
            out.append((a, b, w))
            w += 1
        else:
            out.append((a, b, -1))
    return out


TOKEN_TEXTS = [
    "",
    " ",
    "...",
    "قال: «نعم»! ثم مضى.",
    "،قال الوزير",
    "  two  spaces\nand a line. ",
    "وَفْدٌ رُوسِيَا.",
    "ﷺ روسيا ﻻ",
    "Zorblax, Quentin (UN) -- 3.5%",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
@pytest.mark.parametrize("limit", [None, 0, 5, 12])
def test_token_view_matches_a_regex_scan(text: str, limit: int | None) -> None:
    doc = tokenise(text, matching_form(text))
    end = len(text) if limit is None else min(limit, len(text))
    assert token_view(doc, end) == _token_view_by_regex(doc, end)


# (text, (display text, type) pairs that must be found, display texts that must not be found at all): a place
# read by its context, in gazetteer-only mode so the rules alone decide.
PLACE_CONTEXT = [
    # The head belongs to the organization's name.
    ("درس في جامعة القاهرة قبل سنوات.", {("جامعة القاهرة", "organization")}, {"القاهرة"}),
    ("قال رئيس اتحاد طنجة إن الفريق جاهز.", {("اتحاد طنجة", "organization")}, {"طنجة"}),
    ("وأعلن مدير لجامعة القاهرة أمس.", {("جامعة القاهرة", "organization")}, {"القاهرة"}),
    # The head announces an organization named after the place.
    ("فاز فريق برشلونة أمس على ضيفه.", {("برشلونة", "organization")}, set()),
    # A masculine nationality adjective: the club; the feminine one: the city.
    ("تعادل برشلونة الإسباني مع ضيفه.", {("برشلونة", "organization")}, set()),
    ("وصل الوفد إلى برشلونة الإسبانية أمس.", {("برشلونة", "location")}, set()),
    ("تعادل ميلان الإيطالي مع روما.", {("ميلان", "organization"), ("روما", "location")}, set()),
    # A newspaper named after its city, and a name that fills a pair of quotes on its own.
    ("نشرت واشنطن تايمز تقريرا عن الحرب.", {("واشنطن تايمز", "organization")}, {"واشنطن"}),
    ("وقال لـ « الشرق الأوسط » إن الاتفاق قريب.", {("الشرق الأوسط", "organization")}, set()),
    ("وصل الوزير إلى الشرق الأوسط أمس.", {("الشرق الأوسط", "location")}, set()),
    # An accord named after a place is not the place.
    ("أكد التزامه باتفاق الطائف أمس.", set(), {"الطائف"}),
    ("وصل الوفد إلى الطائف أمس.", {("الطائف", "location")}, set()),
]


@pytest.mark.parametrize(("text", "found", "absent"), PLACE_CONTEXT)
def test_places_read_by_context(
    off: EntityTagger, text: str, found: set[tuple[str, str]], absent: set[str]
) -> None:
    ents = find(off, text, "ar")
    got = {(e.text, e.type) for e in ents}
    assert found <= got
    assert not absent & {e.text for e in ents}


def test_place_context_ids_are_stable(off: EntityTagger) -> None:
    # The club and the city are different entities; the same club gets the same id from both rules.
    a = {e.text: e for e in find(off, "فاز فريق برشلونة أمس.", "ar")}["برشلونة"]
    b = {e.text: e for e in find(off, "تعادل برشلونة الإسباني أمس.", "ar")}["برشلونة"]
    c = {e.text: e for e in find(off, "وصل إلى برشلونة أمس.", "ar")}["برشلونة"]
    assert a.id == b.id == streams_id("organization", matching_form("برشلونة"))
    assert c.id != a.id and c.type == "location"


# (text, organization display text that must be found, id it keeps): head words an organization's name takes
# in or leaves out; the id is the name's either way.
ORG_HEADS = [
    ("أعلن تنظيم القاعدة مسؤوليته عن الهجوم.", "تنظيم القاعدة", "wikidata:Q34490"),
    ("وانتقد حزب الليكود الحكومة.", "حزب الليكود", None),
    ("وأعلنت منظمة أوبك خفض الإنتاج.", "منظمة أوبك", "wikidata:Q7795"),
    ("وقال حزب الله إن المقاومة مستمرة.", "حزب الله", "wikidata:Q41053"),
    ("وفي بيان لتنظيم القاعدة أمس.", "تنظيم القاعدة", "wikidata:Q34490"),
]


@pytest.mark.parametrize(("text", "name", "eid"), ORG_HEADS)
def test_organization_head_words(off: EntityTagger, text: str, name: str, eid: str | None) -> None:
    got = {e.id: e.text for e in find(off, text, "ar") if e.type == "organization"}
    if eid is None:
        assert name in got.values()
    else:
        assert got.get(eid) == name


def test_organization_drops_announcing_head(off: EntityTagger) -> None:
    # شركة/حركة announce the name and stay outside it; a name of one word is left as it is.
    ents = find(off, "قالت حركة حماس إن شركة توتال وقعت العقد.", "ar")
    texts = {e.text for e in ents if e.type == "organization"}
    assert "حماس" in texts and not any(t.startswith(("حركة", "شركة")) for t in texts)


# (text, place names that must be found, words that must not be places): an unlisted name after a word for a
# kind of place (حي, بلدة, مخيم ...) is that place; an ordinary word after one is not.
AFTER_PLACE_WORD = [
    ("وقع انفجار في مخيم قلنديا أمس.", {"قلنديا"}, set()),
    ("اقتحمت القوات بلدة طمرايا فجر اليوم.", {"طمرايا"}, set()),
    ("سقطت قذيفة على حي الزهراوي شرق المدينة.", {"الزهراوي"}, set()),
    ("انتقل إلى مدينة كبيرة بعد سنوات.", set(), {"كبيرة"}),
    ("يعيش في قرية صغيرة قرب النهر.", set(), {"صغيرة"}),
]


@pytest.mark.parametrize("mode", ["full", "lead"])
@pytest.mark.parametrize(("text", "places", "not_places"), AFTER_PLACE_WORD)
def test_name_after_place_word(
    full: EntityTagger, lead: EntityTagger, mode: str, text: str, places: set[str], not_places: set[str]
) -> None:
    tagger = full if mode == "full" else lead
    got = {e.text for e in find(tagger, text, "ar") if e.type == "location"}
    assert places <= got
    assert not not_places & got


def _sid(etype: str, name: str) -> str:
    """The derived id of a curated record without an `id` (see gazetteer.curated_id)."""
    return streams_id(etype, matching_form(name))


# (text, (display text, type, id) triples that must be found): provinces, regions, clubs, companies, media and
# persons of the curated file, with their Arabic spelling variants and context-only names after their context.
CURATED_NEWS = [
    (
        "تظاهر آلاف في كاليفورنيا وتكساس أمس.",
        {("كاليفورنيا", "location", "geonames:5332921"), ("تكساس", "location", "geonames:4736286")},
    ),
    (
        "اندلعت اشتباكات في القفقاس وداغستان والشيشان.",
        {
            ("القفقاس", "location", _sid("location", "Caucasus")),
            ("داغستان", "location", _sid("location", "Dagestan")),
            ("الشيشان", "location", _sid("location", "Chechnya")),
        },
    ),
    (
        "قتل جنود في الأنبار ونينوى وحضرموت.",
        {
            ("الأنبار", "location", _sid("location", "Al Anbar")),
            ("نينوى", "location", _sid("location", "Nineveh")),
            ("حضرموت", "location", _sid("location", "Hadhramaut")),
        },
    ),
    (
        "زار الوفد بافاريا ثم كتالونيا وسيبيريا.",
        {
            ("بافاريا", "location", _sid("location", "Bavaria")),
            ("كتالونيا", "location", _sid("location", "Catalonia")),
            ("سيبيريا", "location", _sid("location", "Siberia")),
        },
    ),
    ("وصل الوفد إلى محافظة الشرقية أمس.", {("الشرقية", "location", _sid("location", "Sharqia Governorate"))}),
    ("انطلقت المظاهرات في منطقة القبائل.", {("القبائل", "location", _sid("location", "Kabylie"))}),
    (
        "فاز نادي النصر على الزمالك وتعادل الترجي مع ريال مدريد.",
        {
            ("النصر", "organization", _sid("organization", "Al Nassr")),
            ("الترجي", "organization", _sid("organization", "Espérance de Tunis")),
            ("ريال مدريد", "organization", _sid("organization", "Real Madrid")),
        },
    ),
    (
        "أعلنت أرامكو وسابك أرباحا قياسية بحسب شينخوا.",
        {
            ("أرامكو", "organization", _sid("organization", "Saudi Aramco")),
            ("سابك", "organization", _sid("organization", "SABIC")),
            ("شينخوا", "organization", _sid("organization", "Xinhua")),
        },
    ),
    (
        "التقى برلسكوني مع هوغو شافيز في كراكاس.",
        {
            ("برلسكوني", "person", _sid("person", "Silvio Berlusconi")),
            ("هوغو شافيز", "person", _sid("person", "Hugo Chávez")),
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), CURATED_NEWS)
def test_curated_news_entities(off: EntityTagger, text: str, expected: set[tuple[str, str, str]]) -> None:
    assert expected <= {(e.text, e.type, e.id) for e in find(off, text, "ar")}


def test_curated_spelling_variants_share_an_entry(off: EntityTagger) -> None:
    pairs = [
        ("كاليفورنيا", "كالفورنيا"),
        ("القوقاز", "القفقاس"),
        ("كتالونيا", "كاتالونيا"),
        ("California", "كالفورنيا"),
    ]
    for a, b in pairs:
        ea = off.gazetteer.lookup(matching_form(a))
        assert ea is not None and ea == off.gazetteer.lookup(matching_form(b))


# Ordinary Arabic sentences whose words are curated names only after a context word (النصر, الاتحاد,
# الشباب, العين, السد, نجد, العيون, السند ...) or not names at all (الصعيد, المتوسط, الهادئ): nothing to find.
ORDINARY = [
    "قال إن الوضع على الصعيد الدولي صعب وإن المتوسط العام للأسعار ارتفع.",
    "الرجاء عدم التدخين، فالنصر قريب والاتحاد قوة.",
    "دعا الشباب إلى الوحدة الوطنية وبناء السد.",
    "نحن لا نجد حجة قوية في الأمر، والعين لا ترى.",
    "يعيش في العيون الزرقاء حلم، والمياه الهادئة.",
    "كان ضالعا في الهجوم مع العمال المهرة.",
    "فتح الباب أمام السند القانوني.",
    "نقلوا المصابين إلى معسكر للجيش قرب البحيرة.",
    "تحدث عن الأوضاع في المنطقة الشرقية من البلاد وعلى الحدود الشمالية.",
    "قال الشيخ الجليل إن الأمانة واجبة.",
    "الكرة البيضاء وهذه حجة واهية.",
    "أعلن عن خطة الإعمار بعد الحرب.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_have_no_curated_names(off: EntityTagger, text: str) -> None:
    assert find(off, text, "ar") == []


def _train_ner() -> ModuleType:
    """scripts/train_ner.py as a module (scripts/ is not a package)."""
    import sys

    scripts = str(Path(__file__).resolve().parents[2] / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    import train_ner

    return cast(ModuleType, train_ner)


def test_gazetteer_dropout_hides_whole_entries_deterministically(off: EntityTagger) -> None:
    train_ner = _train_ner()
    cache = FeatureCache(off.known)
    # Two names the gazetteer knows, each twice, in one training sentence.
    tokens = ["زار", "الوفد", "موسكو", "ثم", "بيروت", "وعاد", "إلى", "موسكو", "من", "بيروت", "."]

    def gaz_words(feats: list[list[str]]) -> list[int]:
        return [i for i, f in enumerate(feats) if any(x.startswith("g=") for x in f)]

    assert gaz_words(train_ner.featurise(off, cache, tokens)) == [2, 4, 7, 9]
    assert gaz_words(train_ner.featurise(off, cache, tokens, 1.0)) == []
    moscow, beirut = "geonames:524901", "geonames:276781"
    patterns = set()
    for seed in range(40):
        seen = gaz_words(train_ner.featurise(off, cache, tokens, 0.5, seed))
        # An entry is hidden in all its mentions or in none: the CRF sees a name the gazetteer lacks.
        mentions = ((2, moscow), (4, beirut), (7, moscow), (9, beirut))
        expected = [i for i, e in mentions if not train_ner.hidden_entry(e, 0.5, seed)]
        assert seen == expected
        assert seen == gaz_words(train_ner.featurise(off, cache, tokens, 0.5, seed))
        patterns.add(tuple(seen))
    assert patterns == {(2, 4, 7, 9), (2, 7), (4, 9), ()}  # each entry drawn on its own
    # About the asked share of entries is hidden, and the draw is fixed (not Python's salted str hash).
    ids_ = [f"wikidata:Q{i}" for i in range(2000)]
    share = sum(train_ner.hidden_entry(e, 0.4, 13) for e in ids_) / len(ids_)
    assert 0.36 < share < 0.44
    # Pinned: the same entries are hidden in every run and process, so `train_ner.py --all` reproduces.
    assert [train_ner.hidden_entry(e, 0.4, 13) for e in ids_[:8]] == [False] * 3 + [True] + [False] * 4
    assert not any(train_ner.hidden_entry(e, 0.0, 13) for e in ids_)


def _build_clusters() -> ModuleType:
    """scripts/build_clusters.py as a module."""
    _train_ner()  # puts scripts/ on sys.path
    import build_clusters

    return cast(ModuleType, build_clusters)


def test_word_clusters_group_words_read_in_the_same_contexts(off: EntityTagger) -> None:
    bc = _build_clusters()
    people = ["زيدوني", "نعماني", "تفتاني", "جرجاني"]
    places = ["سمرقندا", "طشقندا", "خيوانا", "دشنبا"]
    texts = []
    for _ in range(4):
        texts += [f"وقال الرئيس {p} إن الحكومة ستجتمع غدا ." for p in people]
        texts += [f"وصل الوفد إلى مدينة {q} صباح اليوم ." for q in places]
    lex = bc.build_clusters(texts, off.known, min_count=3, sizes=[2, 4], contexts=40, dims=4)
    assert lex == bc.build_clusters(texts, off.known, min_count=3, sizes=[2, 4], contexts=40, dims=4)
    for level in (0, 1):
        person_ids = {lex[p][level] for p in people}
        place_ids = {lex[q][level] for q in places}
        assert len(person_ids) == 1 and len(place_ids) == 1 and person_ids != place_ids
    assert all(len(f) == 2 and f[0].startswith("z1_") and f[1].startswith("z2_") for f in lex.values())
    # The CRF reads a word's clusters through the lexicon, on the word and on its neighbours.
    feats = word_features("زيدوني", "زيدوني", off.known, lex)
    assert lex["زيدوني"][0] in feats and lex["زيدوني"][1] in feats
    assert "+1" + lex["زيدوني"][0] in neighbour_features(feats, 1)
    assert "-1" + lex["زيدوني"][0] in neighbour_features(feats, -1)


# locations
# Transliteration variants of places (ANERcorp's spellings next to CLDR/geonames'), ordinary words that are a
# place name after a proclitic (فرقة = ف + رقة), and currencies the model may take for places.
LOCATION_VARIANTS = [
    (
        "تقع تركمنستان وأوزباكستان وطاجكستان وقرغيزستان على طريق الحرير .",
        {"iso3166:TM", "iso3166:UZ", "iso3166:TJ", "iso3166:KG"},
    ),
    ("زار الوفد سيرلانكا ثم استوكهولم .", {"iso3166:LK", "geonames:2673730"}),
    ("عاد السكان إلى نيو أورليانز بعد الإعصار .", {"geonames:4335045"}),
    ("وصل إلى الرقة ثم عاد من الرقة إلى حلب .", {"geonames:172955"}),
]


@pytest.mark.parametrize(("text", "expected"), LOCATION_VARIANTS)
def test_location_spelling_variants(off: EntityTagger, text: str, expected: set[str]) -> None:
    got = [e for e in find(off, text, "ar") if e.id in expected]
    assert {e.id for e in got} == expected and all(e.type == "location" for e in got)


def test_new_orleans_is_one_place(full: EntityTagger) -> None:
    places = [e.text for e in find(full, "يعرض الفيلم في نيو أورليانز اليوم .", "ar") if e.type == "location"]
    assert places == ["نيو أورليانز"]


# Ordinary sentences with words that hold a place name after a proclitic: no place at all, in any mode.
NO_PLACE = [
    "انضم إلى فرقة موسيقية ثم قدم ورقة عمل في الندوة .",
    "قدمت الفرقة عرضا جديدا وكتب فرقه ورقة .",
    "تمت الموافقة على المشروع وزاريا أمس .",
    "هددت بتجربة سلاح نووي وشعر السكان بهزة أرضية قوية .",
    "النحاس موصل جيد ويعمل في النقل بحري ولا لوم عليه .",
]


@pytest.mark.parametrize("text", NO_PLACE)
@pytest.mark.parametrize("mode", ["off", "full"])
def test_no_place_in_words_with_proclitics(
    off: EntityTagger, full: EntityTagger, mode: str, text: str
) -> None:
    tagger = off if mode == "off" else full
    assert [e.text for e in find(tagger, text, "ar") if e.type == "location"] == []


def test_currency_is_never_a_place(off: EntityTagger, full: EntityTagger) -> None:
    text = "بلغت الخسائر ستة مليارات شيكل ونحو مليار درهم وبالدينار أقل ."
    doc = tokenise(text, matching_form(text, "ar"))
    # As if the model had read each currency as a place: the context rules drop them all.
    cands = [Mention(i, i + 1, "location", f"x:{i}", doc.words[i], False) for i in (4, 7, 8)]
    assert [doc.words[i] for i in (4, 7, 8)] == ["شيكل", "درهم", "وبالدينار"]
    assert off.resolve_places(doc, cands) == []
    assert [e for e in find(full, text, "ar") if e.type == "location"] == []
    # A place next to a currency stays.
    assert {e.id for e in find(full, "بلغت الخسائر مليار شيكل في إسرائيل .", "ar")} >= {"iso3166:IL"}


# person merge


def _pm(first: int, last: int, typ: str, eid: str, text: str) -> Mention:
    return Mention(first, last, typ, eid, text, False)  # type: ignore[arg-type]


def test_person_display_prefers_the_full_name_between_equal_counts() -> None:
    # The surname carried from the full name shares its id: one mention each, the full name is shown.
    got = aggregate([_pm(0, 2, "person", "p", "توني بلير"), _pm(5, 6, "person", "p", "بلير")])
    assert [(e.text, e.count) for e in got] == [("توني بلير", 2)]
    got = aggregate([_pm(5, 6, "person", "p", "بلير"), _pm(0, 2, "person", "p", "توني بلير")])
    assert got[0].text == "توني بلير"
    # The more frequent form still wins.
    many = [
        _pm(0, 2, "person", "p", "توني بلير"),
        _pm(4, 5, "person", "p", "بلير"),
        _pm(7, 8, "person", "p", "بلير"),
    ]
    assert [(e.text, e.count) for e in aggregate(many)] == [("بلير", 3)]
    # Other types keep the plain order of equally frequent forms.
    locs = [_pm(0, 2, "location", "l", "الولايات المتحدة"), _pm(4, 5, "location", "l", "أمريكا")]
    assert aggregate(locs)[0].text == "أمريكا"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # "ابن عمه" (his cousin) says whose relative follows: it is not part of the name.
        ("أمر صدام حسين ابن عمه علي الكيماوي بقمع التمرد", (1, 5), "صدام حسين"),
        ("وبعث الأمير زيان ابن أخيه ليفاوض الملك", (2, 5), "زيان"),
        # A name link before a name stays (طالب is also an ordinary word).
        ("وقال علي بن أبي طالب في خطبته", (1, 5), "علي بن أبي طالب"),
        # A month is no person, wherever the model reads one as a name.
        ("وسقطت المدينة في رمضان 630 هـ يوليو 1233 م", (6, 7), None),
        ("وقال أحمد يوليو إن الفريق جاهز", (1, 3), "أحمد يوليو"),
    ],
)
def test_model_persons_read_in_context(
    full: EntityTagger,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    span: tuple[int, int],
    expected: str | None,
) -> None:
    assert full.ner is not None
    a, b = span

    def tag_doc(words: list[str], displays: list[str], gaz: list[str], offsets: list[int]) -> list[str]:
        return ["B-PERS" if i == a else "I-PERS" if a < i < b else "O" for i in range(len(words))]

    monkeypatch.setattr(full.ner, "tag_doc", tag_doc)
    persons = [m.text for m in full.mentions(text, matching_form(text, "ar"), "ar") if m.type == "person"]
    assert persons == ([expected] if expected else [])

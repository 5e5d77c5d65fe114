"""Keywords: language-aware stopwords, Arabic clitics, phrases, display forms and the output contract."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.nlp.keywords import (
    _TOKEN,
    VERSION,
    KeywordExtractor,
    _split,
    _Tok,
    _tokens,
    keywords,
    raw_tokens,
    strip_clitics,
)
from streams.stages.clean import matching_form


@pytest.fixture(scope="module")
def kx() -> KeywordExtractor:
    return KeywordExtractor()


def kw(kx: KeywordExtractor, lang: str, text: str, k: int = 8) -> list[str]:
    return kx.extract(text, matching_form(text, lang), lang, k)


# (language, text, must appear, must not appear) — texts written for these tests.
CASES = [
    (
        "en",
        "The European Central Bank raised interest rates on Thursday. The European Central Bank said "
        "inflation was still too high, and investors sold bonds.",
        {"European Central Bank", "inflation"},
        {"the", "The", "and", "was", "Thursday."},
    ),
    (
        "fr",
        "Le Paris Saint-Germain a battu Marseille au stade. Le Paris Saint-Germain reste en tête du "
        "championnat.",
        {"Paris Saint-Germain"},
        {"le", "Le", "au", "du", "en"},
    ),
    (
        "ar",
        "أعلنت الحكومة عن خطة جديدة للتشغيل. وقالت الحكومة إن الخطة تستهدف الشباب في الجهات الداخلية، "
        "وأكدت أن الحكومة ستمول المشاريع الصغرى.",
        {"حكومة"},
        {"في", "إن", "أن", "والحكومة", "الحكومة", "وقالت"},
    ),
    (
        "ar",
        "فاز النجم الساحلي على الترجي الرياضي في مباراة قوية. وقد سجل النجم الساحلي هدفين في الشوط الثاني.",
        {"النجم الساحلي"},
        {"في", "على", "وقد"},
    ),
    (
        "de",
        "Die Gewerkschaft kündigte einen Streik an. "
        "Die Gewerkschaft fordert mehr Lohn für die Beschäftigten.",
        {"Gewerkschaft"},
        {"die", "Die", "der", "für", "einen"},
    ),
    (
        "es",
        "El terremoto sacudió la ciudad y los bomberos buscan a los desaparecidos tras el terremoto.",
        {"terremoto"},
        {"el", "la", "los", "y", "tras"},
    ),
    (
        "ru",
        "Правительство утвердило бюджет. Министр финансов заявил, что бюджет сбалансирован.",
        {"бюджет"},
        {"что", "и", "в"},
    ),
    (
        "tr",
        "Merkez bankası faiz oranlarını artırdı ve enflasyon ile mücadele için yeni adımlar attı.",
        {"enflasyon"},
        {"ve", "ile", "için"},
    ),
    (
        "fa",
        "بانک مرکزی نرخ بهره را افزایش داد و تورم در این ماه کاهش یافت.",
        {"تورم"},
        {"و", "در", "این", "را"},
    ),
    (
        "ur",
        "حکومت نے نیا بجٹ پیش کیا اور وزیر خزانہ نے کہا کہ مہنگائی کم ہوگی۔",
        {"بجٹ"},
        {"نے", "اور", "کہ", "کیا"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "must", "never"), CASES)
def test_keywords(kx: KeywordExtractor, lang: str, text: str, must: set[str], never: set[str]) -> None:
    got = kw(kx, lang, text)
    assert must <= set(got), got
    assert not (never & set(got)), got
    assert len(got) == len(set(got))
    assert all(not re.search(r"[^\w\s\-\u064b-\u065f]", g) for g in got), got  # no punctuation
    assert got == kw(kx, lang, text)  # deterministic


@pytest.mark.parametrize("k", [1, 3, 8])
def test_k(kx: KeywordExtractor, k: int) -> None:
    assert len(kw(kx, "en", CASES[0][1], k)) == k


@pytest.mark.parametrize("text", ["", "   ", "!!! ... ???", "the and of", "في من على"])
def test_nothing_to_say(kx: KeywordExtractor, text: str) -> None:
    assert kw(kx, "en", text) == [] or kw(kx, "ar", text) == []


def test_module_function_matches_extractor(kx: KeywordExtractor) -> None:
    text = CASES[2][1]
    assert keywords(text, matching_form(text, "ar"), "ar") == kw(kx, "ar", text)
    assert VERSION


def test_arabic_phrases_keep_the_article(kx: KeywordExtractor) -> None:
    text = (
        "توقع المعهد الوطني للرصد الجوي أمطارا غزيرة وتساقط الثلوج بالمرتفعات الغربية. "
        "وأكد المعهد الوطني للرصد الجوي أن الأمطار ستتواصل."
    )
    got = kw(kx, "ar", text)
    assert "الرصد الجوي" in got, got  # للرصد -> الرصد, not لرصد
    assert "الثلوج المرتفعات" not in got  # no phrase across the preposition of بالمرتفعات


def test_undetermined_language_uses_every_stoplist(kx: KeywordExtractor) -> None:
    text = "The government approved the budget and the minister defended the budget in parliament."
    got = kw(kx, "und", text)
    assert "budget" in got and not {"the", "and", "in"} & set(got), got


def test_vowelled_arabic_keeps_display_marks(kx: KeywordExtractor) -> None:
    text = "الحُكومةُ تُعلن خطة. وَالحُكومةُ تدعم المشاريع. الحُكومةُ قوية."
    got = kw(kx, "ar", text)
    assert "حُكومةُ" in got, got


@pytest.mark.parametrize(
    ("word", "n", "n_keep"),
    [("والحكومه", 3, 1), ("بالمدرسه", 3, 1), ("للحكومه", 2, 1), ("حكومه", 0, 0), ("الي", 0, 0)],
)
def test_strip_clitics(word: str, n: int, n_keep: int) -> None:
    assert strip_clitics(word) == n
    assert strip_clitics(word, keep_article=True) == n_keep


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=300),
    language=st.sampled_from(["ar", "en", "fa", "ur", "ru", "und", "zh", ""]),
)
def test_never_crashes(kx: KeywordExtractor, text: str, language: str) -> None:
    got = kx.extract(text, matching_form(text, language), language, 5)
    assert len(got) <= 5 and all(isinstance(g, str) and g.strip() for g in got)
    # A caller may hand in a matching form that does not line up with the text.
    kx.extract(text, "unrelated words here", language, 5)


def _runs(toks: list[_Tok | None]) -> list[tuple[str, str, str, bool, bool] | None]:
    """Tokens with their phrase breaks collapsed (the general path writes one None per run of breaks)."""
    out: list[tuple[str, str, str, bool, bool] | None] = []
    for t in toks:
        x = None if t is None else (t.display, t.phrase_display, t.key, t.definite, t.conj)
        if x is not None or (out and out[-1] is not None):
            out.append(x)
    while out and out[-1] is None:
        out.pop()
    return out


# Punctuation, digits, stopwords and invented words (not in the packaged tables, so looked up by their
# matching form through the punctuation-aware alignment), some repeated.
ARABIC_MIXED = (
    "قال المتحدث، إن مشروع زرقلوطة (الجديد) سيبدأ في 2025: وأضاف أن زرقلوطة ستربط المدن! "
    "وأكدت الوزارة «أن برنامج فلانوتية» يشمل 12 مدينة؛ وفلانوتية مشروع طموح... للحكومة والمواطنين."
)


def test_arabic_fast_path_matches_general_path(kx: KeywordExtractor) -> None:
    stop = kx.stop["ar"]
    match = matching_form(ARABIC_MIXED, "ar")
    fast = _tokens(ARABIC_MIXED, match, "ar", stop, kx.df, kx.ar_table, kx.ar_words, {}, kx.ar_idf, 1.5)
    general = _tokens(ARABIC_MIXED, match, "ar", stop, kx.df, kx.ar_table)
    assert _runs(fast) == _runs(general)
    keys = {t.key for t in fast if t is not None}
    assert {"زرقلوطه", "فلانوتي"} <= keys  # the invented words got their own matching forms
    # Every token of the Arabic path carries its key's IDF (the unseen value for invented words).
    assert all(t.idf == kx.ar_idf.get(t.key, 1.5) for t in fast if t is not None)
    assert {t.idf for t in fast if t is not None and t.key == "زرقلوطه"} == {1.5}


def test_token_cache_does_not_change_results(kx: KeywordExtractor) -> None:
    fresh = KeywordExtractor()
    first = kw(fresh, "ar", ARABIC_MIXED)
    assert fresh._token_cache["ar"]  # the invented words were cached
    assert kw(fresh, "ar", ARABIC_MIXED) == first  # served from the cache
    assert kw(kx, "ar", ARABIC_MIXED) == first  # another extractor, other cache contents
    assert "زرقلوطة" in first, first


def test_arabic_rare_word_outranks_common_one(kx: KeywordExtractor) -> None:
    # Same count, later position: only the IDF (a common word vs one the corpus has not seen) decides.
    text = "أعلنت الحكومة اليوم خطة لحماية السلاحف في البحر. وقالت الحكومة إن السلاحف مهددة."
    got = kw(kx, "ar", text, 3)
    assert got[:2] == ["سلاحف", "حكومة"], got


@pytest.fixture(scope="module")
def kx_presplit() -> KeywordExtractor:
    return KeywordExtractor()


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, text) for lang, text, _, _ in CASES] + [("ar", ARABIC_MIXED), ("und", ARABIC_MIXED)],
)
def test_presplit_match_words_change_nothing(
    kx: KeywordExtractor, kx_presplit: KeywordExtractor, lang: str, text: str
) -> None:
    # The tagger hands over match_text.split() once for all stages; two extractors, so neither call
    # is served by the other's token cache.
    match = matching_form(text, lang)
    alone = kx.extract(text, match, lang, 8)
    shared = kx_presplit.extract(text, match, lang, 8, match_words=match.split())
    assert shared == alone
    assert alone, text


# Texts whose chunks are not all plain words: punctuation glued to words, underscores, marks alone or
# inside words, a ligature, newlines (a token) next to other whitespace (not one), no-break spaces.
RAW_CASES = [
    "",
    "\n",
    "\n\n",
    " a ",
    "word",
    "كَتَبَ الطالبُ، ثم خرج.",
    "قال: (نعم) «جيد» - انتهى!\nسطر ثان\r\nثالث",
    "snake_case __init__ _ x_",
    "\u064b \u064bب ب\u064b",
    "صلى الله عليه وسلم ﷺ ½ x²",
    "a\u00a0b\u2028c\x1cd\x85e\tf\vg",
    "Saint-Germain, 3.5% (2024)\n",
    "\n  \n word\n",
    '(بداية "اقتباس نهاية" كلمة، أخرى. _ ) « x_ _x',
]


def _split_reference(text: str) -> tuple[list[str], list[int]]:
    tokens = _TOKEN.findall(text)
    return tokens, [i for i, t in enumerate(tokens) if not (t[0].isalnum() or t[0] == "_")]


@pytest.mark.parametrize("text", RAW_CASES)
def test_raw_tokens_match_the_pattern(text: str) -> None:
    assert raw_tokens(text) == _TOKEN.findall(text)
    assert _split(text) == _split_reference(text)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab_1 \n\t\r.-،\u064b\u0651ﷺ½كة\u00a0\u2028\x1c\x85é²")), max_size=40
    )
)
def test_raw_tokens_match_the_pattern_anywhere(text: str) -> None:
    assert _split(text) == _split_reference(text)


RANKED_AR = (
    "أعلنت وزارة الصحة اليوم حملة تطعيم جديدة. وقالت وزارة الصحة إن الحملة تشمل المدارس والجامعات، "
    "وإن اللقاح متوفر في المراكز الصحية. وأضافت أن الحملة تستمر شهرا."
)
RANKED_EN = (
    "The city council of Springfield approved the new budget. Mayor Anna Berg said the Springfield "
    "budget funds schools, roads and the public library."
)


# The full order of every candidate term (a big k), and its head: terms are taken best first, a phrase
# replacing the single words it holds; these lists were made with the full sort the ranking used to do.
@pytest.mark.parametrize(
    ("lang", "text", "k", "expected"),
    [
        ("ar", RANKED_AR, 1, ["حملة"]),
        ("ar", RANKED_AR, 3, ["حملة", "وزارة الصحة", "تطعيم"]),
        (
            "ar",
            RANKED_AR,
            30,
            [
                "حملة",
                "وزارة الصحة",
                "تطعيم",
                "لقاح",
                "متوفر",
                "تستمر",
                "مدارس",
                "المراكز الصحية",
                "تشمل",
                "شهرا",
                "جامعات",
                "جديدة",
            ],
        ),
        ("en", RANKED_EN, 1, ["Springfield"]),
        ("en", RANKED_EN, 3, ["Springfield", "budget", "Mayor Anna Berg"]),
        (
            "en",
            RANKED_EN,
            30,
            [
                "Springfield",
                "budget",
                "Mayor Anna Berg",
                "approved",
                "council",
                "city",
                "schools",
                "funds",
                "library",
                "public",
                "roads",
            ],
        ),
    ],
)
def test_ranking_order(kx: KeywordExtractor, lang: str, text: str, k: int, expected: list[str]) -> None:
    assert kw(kx, lang, text, k) == expected

"""IPTC topics: multilingual lexicon, trained Arabic model, thresholds and the output contract."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.nlp import topics
from streams.nlp.topics import (
    IPTC,
    TopicClassifier,
    arabic_key,
    feature_keys,
    key_map,
    lexicon_raw,
    lexicon_scores,
    load_stopwords,
    parse_lexicon,
)
from streams.schema import Topic
from streams.stages.clean import matching_form


@pytest.fixture(scope="module")
def clf() -> TopicClassifier:
    return TopicClassifier()


def predict(clf: TopicClassifier, lang: str, title: str, text: str) -> list[Topic]:
    return clf.predict(text, matching_form(text, lang), title, lang)


# (language, title, text, expected best IPTC code) — texts written for these tests.
BEST = [
    (
        "en",
        "Storm brings heavy rain",
        "Forecasters issued a weather warning as a storm brought heavy rain, strong winds and snow on the "
        "hills. Temperatures will fall below freezing overnight with frost and fog.",
        "medtop:17000000",
    ),
    (
        "en",
        "Bank raises rates",
        "The central bank raised interest rates again as inflation stayed high; investors sold shares and "
        "the currency rose against the dollar while economists cut their growth forecasts.",
        "medtop:04000000",
    ),
    (
        "en",
        "Flu outbreak",
        "Doctors and nurses at the hospital treated hundreds of patients during an influenza outbreak, and "
        "health officials urged vaccination before the epidemic peaks.",
        "medtop:07000000",
    ),
    (
        "fr",
        "Victoire au stade",
        "L'équipe a gagné le match de championnat dimanche : l'attaquant a marqué deux buts devant les "
        "supporters et l'entraîneur a félicité ses joueurs.",
        "medtop:15000000",
    ),
    (
        "es",
        "Terremoto en la costa",
        "Un terremoto sacudió la costa; los bomberos y equipos de rescate buscan desaparecidos entre los "
        "escombros y las autoridades declararon la emergencia y evacuaron a los vecinos.",
        "medtop:03000000",
    ),
    (
        "ru",
        "Выборы",
        "Избирательная комиссия подвела итоги голосования на выборах в парламент. Партия власти получила "
        "большинство, оппозиция заявила о нарушениях, президент поздравил депутатов.",
        "medtop:11000000",
    ),
    (
        "de",
        "Streik",
        "Die Gewerkschaft hat zu einem Streik aufgerufen und fordert höhere Löhne für die Beschäftigten; "
        "die Verhandlungen über den Tarifvertrag sind gescheitert.",
        "medtop:09000000",
    ),
    (
        "en",
        "Visit to the mosque",
        "The pope visited the mosque and prayed with the imam, calling for dialogue between Christians and "
        "Muslims in a message of faith.",
        "medtop:12000000",
    ),
    (
        "fa",
        "واکسن",
        "وزارت بهداشت اعلام کرد که واکسن جدید در بیمارستان ها و درمانگاه ها به بیماران تزریق می شود "
        "و پزشکان از کاهش بیماری خبر دادند.",
        "medtop:07000000",
    ),
    (
        "ur",
        "کرکٹ",
        "پاکستان کی کرکٹ ٹیم نے میچ میں شاندار فتح حاصل کی، "
        "کپتان نے سنچری بنائی اور باؤلر نے پانچ وکٹیں لیں۔",
        "medtop:15000000",
    ),
    (
        "tr",
        "Seçim",
        "Cumhurbaşkanı seçim sonuçlarını açıkladı; muhalefet partileri meclis oylamasına itiraz etti ve "
        "milletvekilleri toplandı.",
        "medtop:11000000",
    ),
    (
        "ar",
        "منخفض جوي",
        "توقع المعهد الوطني للرصد الجوي أمطارا غزيرة ورياحا قوية مع انخفاض في درجات الحرارة وتساقط الثلوج "
        "بالمرتفعات الغربية.",
        "medtop:17000000",
    ),
    (
        "ar",
        "صلاة الجمعة",
        "أدى آلاف المصلين صلاة الجمعة في المسجد الكبير، وتحدث الإمام في خطبة الجمعة عن قيم الإسلام "
        "والتسامح بمناسبة شهر رمضان.",
        "medtop:12000000",
    ),
    (
        "ar",
        "الفريق يفوز في المباراة",
        "فاز الفريق على منافسه بهدفين دون رد في مباراة الجولة العاشرة من البطولة الوطنية لكرة القدم وسط "
        "حضور جماهيري كبير، وأشاد المدرب باللاعبين.",
        "medtop:15000000",
    ),
    (
        "ar",
        "البنك المركزي يرفع نسبة الفائدة",
        "قرر البنك المركزي الترفيع في نسبة الفائدة المديرية لمواجهة ارتفاع نسبة التضخم وتراجع قيمة الدينار "
        "أمام الدولار واليورو، وسط عجز في الميزان التجاري.",
        "medtop:04000000",
    ),
    (
        "ar",
        "البرلمان يصادق على مشروع قانون",
        "صادق مجلس نواب الشعب في جلسة عامة على مشروع القانون بعد نقاش بين كتل الأحزاب والمعارضة، "
        "وحضر رئيس الحكومة وعدد من الوزراء.",
        "medtop:11000000",
    ),
    (
        "ar",
        "هاتف ذكي جديد",
        "كشفت الشركة عن هاتف ذكي جديد يعمل بنظام أندرويد مع تطبيقات للمحادثات على الإنترنت وكاميرا "
        "متطورة، كما أعلنت عن تحديث لحماية المستخدمين من الاختراق والفيروسات.",
        "medtop:13000000",
    ),
    (
        "ar",
        "مهرجان المسرح",
        "افتتحت الدورة الجديدة من مهرجان المسرح بعرض مسرحية لفرقة شابة، ويتضمن البرنامج أفلاما سينمائية "
        "وحفلات موسيقية ومعرضا للفنون التشكيلية وتكريم عدد من الفنانين.",
        "medtop:01000000",
    ),
]


@pytest.mark.parametrize(("lang", "title", "text", "code"), BEST)
def test_best_topic(clf: TopicClassifier, lang: str, title: str, text: str, code: str) -> None:
    got = predict(clf, lang, title, text)
    assert got, "a clear article must get a topic"
    assert got[0].code == code, got


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The quick brown fox jumps over the lazy dog while nothing else happens at all."),
        ("ar", "هذا نص قصير لا يتحدث عن أي شيء محدد على الإطلاق."),
        ("fr", "Il était une fois un petit texte sans sujet particulier."),
        ("und", "zzz qqq xxx"),
        ("en", ""),
    ],
)
def test_nothing_confident(clf: TopicClassifier, lang: str, text: str) -> None:
    assert predict(clf, lang, "", text) == []


@pytest.mark.parametrize(("lang", "title", "text", "code"), BEST)
def test_presplit_tokens_change_nothing(
    clf: TopicClassifier, lang: str, title: str, text: str, code: str
) -> None:
    # The tagger hands over match_text.split() once for all stages: same scores to the bit.
    match = matching_form(text, lang)
    assert clf.scores(match, title, lang, tokens=match.split()) == clf.scores(match, title, lang)
    assert clf.predict(text, match, title, lang, tokens=match.split()) == predict(clf, lang, title, text)


@pytest.mark.parametrize(("lang", "title", "text", "code"), BEST)
def test_contract(clf: TopicClassifier, lang: str, title: str, text: str, code: str) -> None:
    got = predict(clf, lang, title, text)
    assert 1 <= len(got) <= 3
    assert [t.score for t in got] == sorted((t.score for t in got), reverse=True)
    assert all(0.0 < t.score <= 1.0 for t in got)
    labels = dict(IPTC)
    assert all(labels[t.code] == t.label for t in got)
    assert got == predict(clf, lang, title, text)  # deterministic


def test_untitled_and_undetermined_arabic(clf: TopicClassifier) -> None:
    text = next(b[2] for b in BEST if b[0] == "ar" and b[3] == "medtop:15000000")
    got = clf.predict(text, matching_form(text, "und"), None, "und")
    assert got and got[0].code == "medtop:15000000"


def test_secondary_topic_from_lexicon(clf: TopicClassifier) -> None:
    text = (
        "ضرب زلزال بقوة 6 درجات جنوب البلاد وأسفر عن مقتل 12 شخصا وإصابة العشرات، وتواصل فرق الإنقاذ "
        "والحماية المدنية البحث عن مفقودين تحت الأنقاض."
    )
    assert "medtop:03000000" in {t.code for t in predict(clf, "ar", "زلزال", text)}


def test_version(clf: TopicClassifier) -> None:
    assert clf.version.startswith("iptc-")


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("والحكومه", "حكومه"),
        ("للحكومه", "حكومه"),
        ("الحكومات", "حكومه"),
        ("جامعه", "جامعه"),
        ("التونسيين", "تونسي"),
        ("سياسيه", "سياسي"),
        ("من", "من"),
    ],
)
def test_arabic_key(word: str, key: str) -> None:
    assert arabic_key(word) == key


def test_lexicon_format() -> None:
    lex = parse_lexicon("[medtop:17000000]\nen: heavy rain^2, storm*\nru: прогноз* погод*\n")
    en = lex["en"]
    assert en.single["storm*"] == ((16, 1.0),)
    assert en.multi["heavy"] == ((("rain",), 16, 2.0),)
    assert en.match("storms") == ("storm*",)
    assert lex["ru"].multi["прогноз*"] == ((("погод*",), 16, 1.0),)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=300),
    title=st.one_of(st.none(), st.text(max_size=40)),
    language=st.sampled_from(["ar", "en", "fa", "ur", "ru", "und", "zh", ""]),
)
def test_never_crashes(clf: TopicClassifier, text: str, title: str | None, language: str) -> None:
    got = clf.predict(text, matching_form(text, language), title, language)
    assert len(got) <= 3 and all(0.0 < t.score <= 1.0 for t in got)


def training_scores(clf: TopicClassifier, match: str, title_match: str) -> list[float]:
    """Arabic scores the way scripts/train_topics.py builds a document's inputs (string features)."""
    stop = load_stopwords()["ar"]
    feats = feature_keys(match, stop) + feature_keys(title_match, stop)
    toks = match.split()
    raw = lexicon_raw(clf.lexicons["ar"], toks, title_match.split(), key_map(toks))
    lex = lexicon_scores(raw, len(toks), clf.lexicon_params)
    return clf.blend.combine(clf.model.proba(feats, lex).tolist(), lex, clf.model.classes)


@pytest.mark.parametrize(
    ("title", "text"),
    [(title, text) for lang, title, text, _ in BEST if lang == "ar"]
    + [
        (
            "الحكومة تعلن الميزانية",
            # Repeated words and bigrams, digits, one-letter tokens, stopwords and invented words.
            "أعلنت الحكومة الميزانية العامة لسنة 2025 و أكد وزير المالية أن الميزانية العامة تدعم "
            "الاستثمار؛ وقال إن زرقلوطة الاقتصادية ستنمو 3 في المئة. الحكومة الحكومة ستراقب الأسعار.",
        ),
        (None, "فاز الفريق في المباراة و سجل المهاجم هدفين وفاز الفريق باللقب"),
        (
            # Lexicon phrases of two and three words in the title and the text (one cut off at the end),
            # a word both alone and inside a phrase, clitics on lexicon words and an invented word.
            "حادث مرور ووقف اطلاق النار",
            "دعت الأطراف إلى وقف إطلاق النار بعد معركة عنيفة، ثم أعلن الجيش وقف إطلاق النار. وفي حادث "
            "مرور قرب المدينة تدخلت الحماية المدنية وبالحماية المدنية فرق للإنقاذ. وقال فلانوتي إن "
            "حادث مرور آخر وقع أمس والحرب مستمرة. ثم وقف",
        ),
    ],
)
def test_arabic_scores_match_training_features(clf: TopicClassifier, title: str | None, text: str) -> None:
    # The classifier counts vocabulary ids and reuses token counts; training builds feature strings.
    # Same features, same order, same floats.
    match = matching_form(text, "ar")
    title_match = matching_form(title, "ar") if title else ""
    assert clf.scores(match, title, "ar") == training_scores(clf, match, title_match)


def test_bounded_token_cache_changes_nothing(clf: TopicClassifier, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tokens outside the frequent forms join the classifier's token table as they are met; with a tiny
    # bound the table starts afresh many times within one article, and the scores stay the same.
    fresh = TopicClassifier()
    monkeypatch.setattr(topics, "CACHE_MAX", 2)
    text = (
        "قال زرقلوطي إن فلانوتية وعلانوتية وبرقاشة ستشارك في مهرجان كمشوطة الثقافي، وأكد زرقلوطي أن "
        "الحكومة تدعم المهرجان والمسرح والسينما."
    )
    for title in (None, "مهرجان برقاشة وكمشوطة"):
        match = matching_form(text, "ar")
        assert fresh.scores(match, title, "ar") == clf.scores(match, title, "ar")
        assert len(fresh._ar_all) <= len(fresh._ar_tok) + 2
    assert fresh.predict(text, matching_form(text, "ar"), None, "ar") == clf.predict(
        text, matching_form(text, "ar"), None, "ar"
    )

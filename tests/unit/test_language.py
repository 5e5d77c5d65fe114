"""Language stage: table-driven checks on hand-written fixtures in many languages and scripts."""

from __future__ import annotations

import gzip

import msgspec
import numpy as np
import pytest

from streams.schema import LanguageInfo
from streams.stages._lid_script import (
    ArabicWordFrequencies,
    NgramModel,
    WordFrequencies,
    script_census,
    serbian_cyrillic,
    tokens,
    train_ngram_model,
)
from streams.stages.language import LanguageConfig, LanguageDetector


@pytest.fixture(scope="module")
def det() -> LanguageDetector:
    return LanguageDetector(LanguageConfig())


SENTENCES = [
    ("en", "The central bank raised interest rates again on Thursday to fight inflation."),
    ("de", "Die Regierung hat am Mittwoch ein neues Gesetz zur Energiepolitik beschlossen."),
    ("fr", "Le gouvernement a annoncé mercredi une nouvelle réforme des retraites."),
    ("es", "El presidente se reunió ayer con los líderes de la oposición en Madrid."),
    ("pt", "O governo anunciou ontem novas medidas para conter a inflação no país."),
    ("it", "Il governo ha approvato ieri sera il nuovo decreto sulle pensioni."),
    ("nl", "De regering heeft gisteren een nieuw plan voor de woningmarkt gepresenteerd."),
    ("pl", "Rząd przedstawił wczoraj nowy plan reformy systemu emerytalnego."),
    ("tr", "Hükümet dün akşam yeni ekonomik tedbirleri açıkladı."),
    ("ru", "Правительство объявило в среду о новых мерах поддержки экономики."),
    ("uk", "Уряд оголосив у середу про нові заходи підтримки економіки країни."),
    ("bg", "Правителството обяви в сряда нови мерки за подкрепа на икономиката."),
    ("el", "Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα στήριξης της οικονομίας."),
    ("he", "הממשלה הודיעה ביום רביעי על צעדים חדשים לתמיכה בכלכלה."),
    ("zh", "政府周三宣布了支持经济的新措施。"),
    ("ja", "政府は水曜日に経済を支援する新たな措置を発表した。"),
    ("ko", "정부는 수요일 경제를 지원하기 위한 새로운 조치를 발표했다."),
    ("hi", "सरकार ने बुधवार को अर्थव्यवस्था को समर्थन देने के लिए नए उपायों की घोषणा की।"),
    ("th", "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนเศรษฐกิจเมื่อวันพุธ"),
    ("ar", "أعلنت الحكومة يوم الأربعاء عن إجراءات جديدة لدعم الاقتصاد الوطني."),
    ("fa", "دولت روز چهارشنبه از اقدامات تازه‌ای برای حمایت از اقتصاد خبر داد."),
    ("ur", "حکومت نے بدھ کے روز معیشت کی مدد کے لیے نئے اقدامات کا اعلان کیا۔"),
    ("ar", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ الْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ"),
]

# Short Arabic-script items (titles, word pairs, single words) written for these tests.
ARABIC_SHORT = [
    ("ar", "وزارة الخارجية"),
    ("ar", "المملكة العربية"),
    ("ar", "الحكومة الجديدة"),
    ("ar", "مدرسة"),
    ("fa", "خبرگزاری ایران"),
    ("fa", "می‌خواهم بروم"),
    ("fa", "دانشگاه تهران"),
    ("fa", "کتاب‌ها"),
    ("ur", "وزیر اعظم نے کہا"),
    ("ur", "پاکستان میں"),
    ("ur", "بڑی خبر"),
    ("ur", "لڑکیاں"),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES + ARABIC_SHORT)
def test_detects_language(det: LanguageDetector, lang: str, text: str) -> None:
    info = det.detect(text)
    assert info.code == lang, (text, info)
    assert 0.0 < info.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "x", "12 34 56", "!!!", "https://example.com/a/b", "\x00\x01"])
def test_undetectable_is_und(det: LanguageDetector, text: str) -> None:
    info = det.detect(text)
    assert info.code == "und"
    assert info.confidence <= 0.2


def test_control_chars_are_stripped(det: LanguageDetector) -> None:
    text = "Die Regierung hat\x00 am Mittwoch ein neues\x07 Gesetz beschlossen."
    assert det.detect(text).code == "de"


def test_mixed_document_keeps_main_language_and_reports_segments(det: LanguageDetector) -> None:
    arabic = (
        "أعلنت الحكومة يوم الأربعاء عن حزمة جديدة من الإجراءات الاقتصادية لدعم الأسر ذات الدخل المحدود. "
        "وقال وزير المالية في مؤتمر صحفي إن الحزمة تشمل دعم أسعار الخبز والوقود لمدة ستة أشهر. "
        "وأضاف أن الحكومة ستراجع الأسعار كل شهر بالتعاون مع البنك المركزي والغرف التجارية. "
    )
    text = arabic + 'The minister said: "We will not let families pay for the crisis alone." ' + arabic
    info = det.detect(text)
    assert info.code == "ar"
    assert info.segments is not None
    shares = {s.code: s.share for s in info.segments}
    assert shares["ar"] > 0.7
    assert 0.0 < shares.get("en", 0.0) < 0.3
    assert [s.share for s in info.segments] == sorted((s.share for s in info.segments), reverse=True)


def test_title_detected_separately(det: LanguageDetector) -> None:
    body = "Правительство объявило в среду о новых мерах поддержки экономики и малого бизнеса в регионах."
    info = det.detect(body, title="Government announces new support measures")
    assert info.code == "ru"
    assert info.title is not None and info.title.code == "en"


def test_hint_is_recorded_not_trusted(det: LanguageDetector) -> None:
    text = "Die Regierung hat am Mittwoch ein neues Gesetz zur Energiepolitik beschlossen."
    info = det.detect(text, hint="fr")
    assert info.code == "de"
    assert info.hint == "fr"


def test_deterministic(det: LanguageDetector) -> None:
    text = "پاکستان میں"
    assert det.detect(text, title="خبر", hint="ur") == det.detect(text, title="خبر", hint="ur")


def test_output_is_schema_type_with_iso_codes(det: LanguageDetector) -> None:
    info = det.detect("政府周三宣布了支持经济的新措施。")
    assert isinstance(info, LanguageInfo)
    assert info.code == "zh"
    assert "lingua" in det.version and "pycld2" in det.version


# Short text mixing Latin with another script (written for these tests): Latin boilerplate, names and
# brands sit inside Arabic-script or Greek text, so a quarter of the letters in the other script decides.
MIXED_SCRIPT = [
    ("ur", "Breaking News Update from Karachi: پاکستان میں شدید بارش"),
    ("ar", "Live updates: انتخابات الرئاسة في مصر"),
    ("fa", "Full story on BBC Persian: تورم در ایران رکورد زد"),
    ("el", "Watch the video here: Νέα μέτρα για την οικονομία"),
    # Below that share the Latin text keeps its language.
    ("en", "The interview with the minister محمد was published on Monday in the morning edition"),
]


@pytest.mark.parametrize(("lang", "text"), MIXED_SCRIPT)
def test_short_mixed_script_text(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # Eight or more Han characters and no kana: Chinese, whatever fastText says.
        ("zh", "中华人民共和国国务院新闻办公室"),
        ("ja", "東京都知事選挙の投票が始まりました"),  # kana: Japanese
        ("zh", "北京"),  # too short for the rule: fastText decides
    ],
)
def test_han_script(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang


_AR_BODY = (
    "أعلنت الحكومة يوم الأربعاء عن حزمة جديدة من الإجراءات الاقتصادية لدعم الأسر ذات الدخل المحدود. "
    "وقال وزير المالية في مؤتمر صحفي إن الحزمة تشمل دعم أسعار الخبز والوقود لمدة ستة أشهر. "
    "وأضاف أن الحكومة ستراجع الأسعار كل شهر بالتعاون مع البنك المركزي والغرف التجارية. "
)
_EN_BODY = (
    "The central bank raised interest rates again on Thursday, saying inflation had stayed above its target "
    "for a third quarter. The governor told reporters that further increases were possible if prices kept "
    "rising, and that the bank would publish its next forecast in March. "
)
_FA_BODY = (
    "دولت روز چهارشنبه از بسته تازه‌ای برای حمایت از خانواده‌های کم‌درآمد خبر داد. وزیر اقتصاد در یک "
    "نشست خبری گفت این بسته شامل یارانه نان و سوخت برای شش ماه آینده می‌شود و هر ماه بازبینی خواهد شد. "
)

# (body, title, body language, title language): a title in the body's language takes the cheap path, one in
# another language must still be found (the body is only a prior).
TITLES = [
    (_AR_BODY, "قمة في طرابلس لبحث التصعيد الإقليمي", "ar", "ar"),
    (_EN_BODY, "Finance Minister Aisha Rahman visits Nairobi", "en", "en"),
    (_FA_BODY, "وزیر اقتصاد: یارانه نان ادامه می‌یابد", "fa", "fa"),
    (_AR_BODY, "دولت از بسته حمایتی تازه خبر داد", "ar", "fa"),
    (_AR_BODY, "وزیر اعظم نے نئے بجٹ کا اعلان کر دیا", "ar", "ur"),
    (_AR_BODY, "Government announces new support measures", "ar", "en"),
    (_EN_BODY, "Regierung beschließt neues Gesetz zur Energiepolitik", "en", "de"),
    (_EN_BODY, "Die Regierung hat ein neues Gesetz beschlossen", "en", "de"),
]


@pytest.mark.parametrize(("body", "title", "lang", "title_lang"), TITLES)
def test_title_against_body(det: LanguageDetector, body: str, title: str, lang: str, title_lang: str) -> None:
    info = det.detect(body, title=title)
    assert info.code == lang
    assert info.title is not None and info.title.code == title_lang, info.title
    assert 0.5 < info.title.confidence <= 1.0


def test_single_language_long_text_has_one_full_segment(det: LanguageDetector) -> None:
    info = det.detect(_AR_BODY * 2)
    assert info.code == "ar"
    assert info.segments is not None
    assert [(s.code, s.share) for s in info.segments] == [("ar", 1.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("abc DEF", {"Latin": 6}),
        ("Ünïcödé", {"Latin": 7}),
        ("12 34 !? ٣٤ ،؟", {}),  # digits (Arabic-Indic too) and punctuation are no letters
        ("سلام\u200cها", {"Arabic": 6}),  # ZWNJ is no letter
        ("مرحبا hello", {"Arabic": 5, "Latin": 5}),
        ("Привет мир", {"Cyrillic": 9}),
        ("東京の空", {"Han": 3, "Kana": 1}),
        ("\U00020000\U00020001漢", {"Han": 3}),  # astral Han (extension B) counts like the BMP
        ("שלום Ελλάδα", {"Hebrew": 4, "Greek": 6}),
    ],
)
def test_script_census(text: str, expected: dict[str, int]) -> None:
    assert dict(script_census(text)) == expected


@pytest.fixture(scope="module")
def words() -> ArabicWordFrequencies:
    return ArabicWordFrequencies()


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("بچوں", "ur"),  # Urdu oblique plural: in no Arabic or Persian list
        ("الحكومة", "ar"),  # Arabic article + taa marbuta
        ("کشورها", "fa"),  # Persian plural -ها
        ("حکومت پاکستان", "ur"),
        ("العام الماضي", "ar"),
    ],
)
def test_word_frequency_evidence_names_the_language(
    words: ArabicWordFrequencies, text: str, best: str
) -> None:
    ev = words.evidence(text)
    assert ev[best] == 0.0  # relative to the likeliest language
    assert all(v < 0.0 for lang, v in ev.items() if lang != best)


@pytest.mark.parametrize("text", ["", "hello world", "ززززززز", "12345"])
def test_word_frequency_evidence_is_silent_on_unknown_words(words: ArabicWordFrequencies, text: str) -> None:
    assert words.evidence(text) == {}


def test_word_frequencies_are_optional() -> None:
    det = LanguageDetector(LanguageConfig(w_arabic_words=0.0, w_other_words=0.0))
    assert det._words is None and det._other_words is None and "wordfreq" not in det.version
    assert det.detect("وزیراعظم پاکستان نے کہا").code == "ur"  # the other detectors still decide
    assert det.detect("The central bank raised interest rates again on Thursday.").code == "en"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # The detector without the word lists calls the first one Persian; the rest guard that the lists'
        # evidence does not overturn clear cases.
        ("ar", "جدا"),
        ("fa", "قیمت نفت"),
        ("ur", "ڈالر کی قیمت"),
        ("fa", "سال گذشته"),
        ("ar", "أسعار النفط"),
        ("ur", "پچھلے سال"),
    ],
)
def test_short_arabic_script_items_with_word_frequencies(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang


@pytest.fixture(scope="module")
def other_words() -> WordFrequencies:
    return WordFrequencies()


@pytest.mark.parametrize(
    ("text", "candidates", "best"),
    [
        ("förhandlingarna", ["et", "sv", "fi"], "sv"),  # Swedish definite plural
        ("nemocnica", ["cs", "sk", "pl"], "sk"),  # Czech writes "nemocnice"
        ("Folketinget", ["nn", "da", "nb"], "da"),  # case does not matter
        ("временска прогноза", ["bg", "mk", "ru"], "mk"),
        ("o governo", ["es", "pt", "gl"], "pt"),
    ],
)
def test_latin_cyrillic_word_evidence_names_the_language(
    other_words: WordFrequencies, text: str, candidates: list[str], best: str
) -> None:
    ev = other_words.evidence(text, candidates, unlisted=1.0)
    assert ev[best] == 0.0
    listed = [c for c in candidates if c in other_words.langs]
    assert all(ev[c] < 0.0 for c in listed if c != best)
    # A candidate without a list (Galician here) sits a fixed step below the best.
    assert all(ev[c] == -1.0 for c in candidates if c not in other_words.langs)


@pytest.mark.parametrize("text", ["", "12345", "xqzvbt wqpfj"])
def test_latin_cyrillic_word_evidence_is_silent_on_unknown_words(
    other_words: WordFrequencies, text: str
) -> None:
    assert other_words.evidence(text, ["en", "de", "fr"], unlisted=1.0) == {}


# Single words and word pairs written for these tests; most of the first group were misread before the word
# lists (Slovak as Czech, Danish as Nynorsk, Croatian and Romanian as Latvian, Indonesian as Malay).
SHORT_LATIN_CYRILLIC = [
    ("sk", "nemocnica"),
    ("da", "folketinget"),
    ("hr", "vremenska prognoza"),
    ("ro", "prognoza meteo"),
    ("id", "prakiraan cuaca"),
    ("mk", "временска прогноза"),
    ("sv", "förhandlingarna"),
    ("nb", "regjeringen"),
    ("pt", "eleições"),
    ("es", "elecciones"),
    ("cs", "nemocnice"),
    ("nl", "verkiezingen"),
    ("de", "Bundesregierung"),
    ("it", "il governo"),
    ("fr", "prévisions météo"),
    ("hu", "választások"),
    ("fi", "sääennuste huomenna"),
    ("tr", "hava durumu"),
    ("en", "weather forecast"),
    ("ru", "прогноз погоды"),
    ("uk", "прогноз погоди"),
    # Setswana, told from Sesotho by lingua high-accuracy restricted to the two (lingua low-accuracy and
    # fastText say Sesotho or Indonesian).
    ("tn", "Ke a leboga"),
    ("tn", "Dumela rra"),
    # Welsh and Albanian single words and pairs that lingua high-accuracy restricted to the group settles
    # (before they joined it these were Slovak, Estonian, Icelandic, Swahili, Hungarian and English).
    ("cy", "ysbyty"),
    ("cy", "canu gwerin"),
    ("cy", "tafarn"),
    ("sq", "lumi i madh"),
    ("sq", "kodra"),
    ("sq", "fshati"),
    # Basque, which the blend already gets and the group must not lose.
    ("eu", "mendizaleak"),
    ("eu", "udaletxea"),
    ("eu", "herriko festak"),
]


@pytest.mark.parametrize(("lang", "text"), SHORT_LATIN_CYRILLIC)
def test_short_latin_cyrillic_text(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang


def test_lingua_high_accuracy_groups_are_built_lazily_and_reused(det: LanguageDetector) -> None:
    det.detect("Ke a leboga")
    assert any(set(group) >= {"tn", "st"} for group in det._high)
    n = len(det._high)
    det.detect("Ke a leboga")
    assert len(det._high) == n
    # What the re-ranking is for, on the evidence it was added to (the n-gram model now settles this one too).
    off = LanguageDetector(LanguageConfig(lingua_high_langs=(), w_ngrams=0.0))
    assert off.detect("Ke a leboga").code != "tn" and not off._high
    assert LanguageDetector(LanguageConfig(w_ngrams=0.0)).detect("Ke a leboga").code == "tn"


def test_lingua_high_accuracy_group_takes_welsh_and_albanian(det: LanguageDetector) -> None:
    # Without Welsh and Albanian in the group the blend's Estonian/Swahili/English candidates win these.
    # (Measured without the n-gram model, which came later and gets these right on its own.)
    before = LanguageConfig().lingua_high_langs
    without = LanguageDetector(
        LanguageConfig(
            lingua_high_langs=tuple(c for c in before if c not in ("cy", "eu", "sq")), w_ngrams=0.0
        )
    )
    with_group = LanguageDetector(LanguageConfig(w_ngrams=0.0))
    for lang, text in (("cy", "canu gwerin"), ("sq", "lumi i madh"), ("sq", "fshati")):
        assert without.detect(text).code != lang, text
        assert with_group.detect(text).code == lang, text
        assert det.detect(text).code == lang, text
    assert any({"cy", "sq"} & set(group) for group in det._high)


# fastText gives the first four 0.56-0.83 Japanese (学生 and 医院 are words in both languages; 较 and 变
# are simplified-only characters); below `han_ja_ft` kana-less Han stays Chinese.
@pytest.mark.parametrize("text", ["较大", "变化", "学生", "医院", "经济增长", "国际新闻", "天气预报"])
def test_short_han_without_kana_is_chinese(det: LanguageDetector, text: str) -> None:
    assert det.detect(text).code == "zh"


# Two consonants with vowel signs (marks, not letters in the census) are a whole word in these scripts.
@pytest.mark.parametrize(("lang", "text"), [("hi", "लोगों"), ("pa", "ਲੋਕਾਂ"), ("gu", "લોકો"), ("bn", "দেশে")])
def test_short_indic_words_are_not_und(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("ljubav", "љубав"), ("njegov", "његов"), ("džemper", "џемпер"), ("ćevapi", "ћевапи"), ("quiz", None)],
)
def test_serbian_cyrillic_transliteration(latin: str, cyrillic: str | None) -> None:
    assert serbian_cyrillic(latin) == cyrillic


def test_serbian_list_covers_both_alphabets(other_words: WordFrequencies) -> None:
    # The list is Latin; its Cyrillic transliteration is what Serbian Cyrillic text is matched against.
    for text in ("њихова влада", "njihova vlada"):
        ev = other_words.evidence(text, ["ru", "sr", "uk"], unlisted=1.0)
        assert ev["sr"] == 0.0 and ev["ru"] < 0.0 and ev["uk"] < 0.0, (text, ev)


# --- project-trained n-gram model ------------------------------------------------------------------------
# A toy model from hand-written English and German lines: what the model does, not how well it was trained.
TOY_ROWS = [
    ("en", "the house is small and the garden is green"),
    ("en", "we walked to the river with the children"),
    ("en", "the weather was cold this morning"),
    ("de", "das Haus ist klein und der Garten ist grün"),
    ("de", "wir gingen mit den Kindern zum Fluss"),
    ("de", "das Wetter war heute Morgen kalt"),
]


@pytest.fixture(scope="module")
def toy() -> NgramModel:
    return NgramModel(train_ngram_model(TOY_ROWS))


@pytest.mark.parametrize(
    ("text", "best"),
    [("the garden", "en"), ("der Garten", "de"), ("Kindern", "de"), ("children", "en"), ("THE RIVER", "en")],
)
def test_ngram_model_names_the_language_of_its_training_text(toy: NgramModel, text: str, best: str) -> None:
    ev = toy.evidence(tokens(text), ["en", "de", "fr"], unlisted=2.5, power=1.0)
    assert ev[best] == 0.0
    assert all(v < 0.0 for c, v in ev.items() if c not in (best, "fr"))
    assert ev["fr"] == -2.5  # a language the model does not know sits a fixed step below the best


def test_ngram_model_is_silent_without_words_or_known_candidates(toy: NgramModel) -> None:
    assert toy.evidence([], ["en", "de"], unlisted=1.0, power=1.0) == {}
    assert toy.evidence(tokens("12 34 !!"), ["en", "de"], unlisted=1.0, power=1.0) == {}
    assert toy.evidence(["house"], ["fr", "es"], unlisted=1.0, power=1.0) == {}


def test_ngram_model_caps_unseen_and_shielded_words(toy: NgramModel) -> None:
    # "gartenhaus" was never seen as a word: only its n-grams speak, and at most `unseen_cap` per word.
    free = toy.evidence(["gartenhaus"], ["en", "de"], unlisted=1.0, power=1.0)
    assert free["de"] == 0.0 and free["en"] < -1.0
    capped = toy.evidence(["gartenhaus"], ["en", "de"], unlisted=1.0, power=1.0, unseen_cap=1.0)
    assert capped["en"] == pytest.approx(-1.0)
    # "garden" was seen (English only): no unseen cap, but a shield (the word is in a list) caps it.
    seen = toy.evidence(["garden"], ["en", "de"], unlisted=1.0, power=1.0, unseen_cap=1.0)
    assert seen["de"] < -1.0
    shield = np.array([[False, True]])
    shielded = toy.evidence(["garden"], ["en", "de"], unlisted=1.0, power=1.0, cap=2.0, shield=shield)
    assert shielded["de"] == pytest.approx(-2.0)


def test_ngram_model_rejects_other_data_and_bounds_its_cache(toy: NgramModel) -> None:
    with pytest.raises(ValueError):
        NgramModel(gzip.compress(msgspec.msgpack.encode({"format": "something-else", "version": 2})))
    toy.cache_words = 4
    words = tokens("the house is small and the garden is green today")
    first = toy.word_log_likelihoods(words)
    assert len(toy._cache) <= max(4, len(set(words)))
    toy._cache.clear()
    assert np.array_equal(first, toy.word_log_likelihoods(words))  # cached or not, the same scores


def test_ngram_model_training_is_reproducible() -> None:
    assert train_ngram_model(TOY_ROWS) == train_ngram_model(list(TOY_ROWS))


def test_ngram_model_is_optional() -> None:
    off = LanguageDetector(LanguageConfig(w_ngrams=0.0, w_arabic_ngrams=0.0))
    assert off._ngrams is None and "lid-ngrams" not in off.version
    assert "lid-ngrams-" in LanguageDetector(LanguageConfig()).version
    assert off.detect("Die Regierung hat am Mittwoch ein neues Gesetz beschlossen.").code == "de"


# Word pairs and single words written for these tests, in close pairs where the blend without the packaged
# n-gram model errs on some (Afrikaans "ek weet nie" was Dutch) and must not lose the others.
CLOSE_PAIRS = [
    ("af", "ek weet nie"),
    ("nl", "ik weet het niet"),
    ("af", "nuwe regering"),
    ("nl", "nieuwe regering"),
    ("nn", "eg veit ikkje"),
    ("nb", "jeg vet ikke"),
    ("ms", "kerajaan negeri"),
    ("id", "pemerintah daerah"),
    ("ms", "kakitangan awam"),
    ("id", "tidak bisa"),
    ("hr", "kazalište"),
    ("bs", "pozorište"),
    ("zu", "ngiyabonga kakhulu"),
    ("xh", "urhulumente"),
]


@pytest.mark.parametrize(("lang", "text"), CLOSE_PAIRS)
def test_close_pairs_with_the_ngram_model(det: LanguageDetector, lang: str, text: str) -> None:
    assert det.detect(text).code == lang

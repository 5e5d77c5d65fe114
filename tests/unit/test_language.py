"""Language stage: table-driven checks on hand-written fixtures in many languages and scripts."""

from __future__ import annotations

import pytest

from streams.schema import LanguageInfo
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

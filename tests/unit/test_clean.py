"""Cleaning stage: boilerplate removal, learned per-source boilerplate, normalisation, HTML, rejection."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from streams.schema import RawArticle
from streams.stages import Rejected
from streams.stages._cleaning_rules import KINDS
from streams.stages.clean import (
    BoilerplateState,
    CleanConfig,
    clean,
    fingerprint,
    matching_form,
    normalize_display,
)

CFG = CleanConfig()
FIXTURES = Path(__file__).parent / "fixtures" / "clean"
LANGS = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def fixture(lang: str) -> tuple[str, str]:
    """(page as sent, expected article): `+++++` ends a header, `=====` starts the trailing furniture."""
    raw = (FIXTURES / f"{lang}.txt").read_text(encoding="utf-8")
    head, _, rest = raw.rpartition("+++++\n")
    body, _, tail = rest.partition("=====\n")
    return head + body + tail, normalize_display(body)


def run(body: str, state: BoilerplateState | None = None, **kw: object) -> str:
    return clean(RawArticle(body=body, **kw), state or BoilerplateState(CFG), CFG).text  # type: ignore[arg-type]


def test_fixtures_cover_ten_languages() -> None:
    assert set(LANGS) >= {"ar", "en", "fr", "es", "de", "ru", "tr", "fa", "ur", "zh"}


# Fixtures whose page shows a headline above the article (the others open on the body).
FIXTURE_HEADLINES = {"en": "City council approves new cycling lanes"}


@pytest.mark.parametrize("lang", LANGS)
def test_fixture_article_is_exactly_the_body(lang: str) -> None:
    page, expected = fixture(lang)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    headline = FIXTURE_HEADLINES.get(lang)
    assert res.title == headline
    if headline:
        expected = f"{headline}\n\n{expected}"  # the headline opens the text (and is the title)
    assert res.text == expected
    assert res.report.chars_after == len(expected)
    assert res.report.removed_blocks and set(res.report.removed_blocks) <= set(KINDS)
    assert set(res.report.removed_chars) == set(res.report.removed_blocks)


AR_BODY = (
    "أعلنت وزارة الصحة صباح اليوم عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير، "
    "في خطوة قالت إنها تهدف إلى تخفيف الضغط عن المستشفيات القائمة.\n\n"
    "وقال الوزير في مؤتمر صحفي إن المستشفى سيبدأ استقبال المرضى الشهر المقبل، "
    "وإن الطواقم الطبية تلقت تدريبا خاصا خلال الأسابيع الماضية."
)
EN_BODY = (
    "The regional airport will add three new routes this spring, the operator said on Friday.\n\n"
    "Officials expect the extra flights to bring more than forty thousand additional passengers a year."
)


@pytest.mark.parametrize(
    ("body", "tail", "kind"),
    [
        (AR_BODY, "\n\nالمصدر: وكالات", "source_line"),
        (AR_BODY, "\n\nكلمات دلالية: صحة صحة مستشفى وزارة صحة سياسة اقتصاد", "tags"),
        (
            AR_BODY,
            "\n\nإقرأ أيضاً:\n\nعنوان خبر آخر\n\nنص خبر آخر طويل بما يكفي، وفيه جملة تامة.",
            "read_also",
        ),
        (AR_BODY, "\n\nمقالات مشابهة\n\n  • خبر أول\n  • خبر ثان\n  • خبر ثالث", "related_list"),
        (EN_BODY, "\nShare\nTweet\nEmail", "share"),
        (EN_BODY, "\nCopyright 2024 Example Media Ltd. All rights reserved.", "copyright"),
        (EN_BODY, "\nSubscribe to our newsletter on Telegram", "promo"),
        (EN_BODY, "\nСледите за нами в Telegram и ВКонтакте", "promo"),
        (EN_BODY, "\nRetrouvez-nous sur Facebook et Instagram", "promo"),
        (EN_BODY, "\nConnect with us on LinkedIn and Facebook", "promo"),
        (EN_BODY, "\n(Reporting by Jane Doe; Editing by John Smith)", "source_line"),
        (AR_BODY, "\n\nکد خبر: 123456", "source_line"),
        (EN_BODY, "\nRelated stories\nMayor opens new library\nTrain strike called off", "related_list"),
    ],
)
def test_tail_removed_and_reported(body: str, tail: str, kind: str) -> None:
    res = clean(RawArticle(body=body + tail), BoilerplateState(CFG), CFG)
    assert res.text == body
    assert res.report.removed_blocks.get(kind, 0) >= 1
    assert res.report.removed_chars[kind] > 0


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("وأكد البيان استمرار التنسيق.سونا إنضم لقناة النيلين على واتساب", "وأكد البيان استمرار التنسيق."),
        ("The talks will resume next week. Join our WhatsApp channel", "The talks will resume next week."),
        ("Les discussions reprendront mardi. Suivez-nous sur Telegram", "Les discussions reprendront mardi."),
        # A sentence that merely names a platform is article text.
        (
            "The company said Telegram would appeal the fine.",
            "The company said Telegram would appeal the fine.",
        ),
    ],
)
def test_glued_promo_stripped_from_last_sentence(last: str, expected: str) -> None:
    assert run(EN_BODY + "\n\n" + last) == EN_BODY + "\n\n" + expected


def test_inline_headline_inside_body_is_kept() -> None:
    body = AR_BODY.replace("\n\n", "\n\nعنوان قصير داخل المقال\n\n", 1)
    assert run(body + "\n\nالمصدر: وكالات") == body


def test_source_line_before_the_body_does_not_cut_it() -> None:
    assert run("Source: wire services\n" + EN_BODY) == EN_BODY


def test_learned_footer_removed_after_n_articles() -> None:
    cfg = CleanConfig(boilerplate_min_docs=3)
    state = BoilerplateState(cfg)
    footer = "Radio Example broadcasts every weekday from seven in the morning, so stay tuned."
    bodies = [
        f"Story number {w} about the harbour: the ferry schedule changes on {w} and tickets cost more. "
        f"Passengers were told about the {w} timetable at the station."
        for w in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    ]
    outs = []
    for i, b in enumerate(bodies):
        res = clean(RawArticle(body=f"{b}\n{footer}", source="radio", id=f"a{i}"), state, cfg)
        outs.append(res)
    assert footer in outs[0].text and footer in outs[2].text
    assert outs[3].text == bodies[3] and outs[4].text == bodies[4]
    assert outs[4].report.removed_blocks == {"learned": 1}
    assert state.dirty == {"radio"}


def test_learned_lines_need_distinct_documents() -> None:
    cfg = CleanConfig(boilerplate_min_docs=3)
    state = BoilerplateState(cfg)
    page = EN_BODY + "\nA footer that no rule knows about, written as a full sentence."
    for _ in range(5):  # the same article redelivered: counted once
        out = run(page, state, source="s", id="same")
    assert out == page
    assert not state.is_learned(
        "s", fingerprint("A footer that no rule knows about, written as a full sentence.")
    )


def test_export_import_round_trip() -> None:
    cfg = CleanConfig(boilerplate_min_docs=2)
    a = BoilerplateState(cfg)
    lines = [fingerprint("Footer line"), fingerprint("Other line 12")]
    for i in range(4):
        a.observe("src", [*lines, fingerprint(f"body {chr(97 + i)} unique text")], doc_key=str(i))
    data = a.export_source("src")
    assert isinstance(data, bytes) and len(data) < 200
    b = BoilerplateState(cfg)
    b.import_source("src", data)
    assert b.export_source("src") == data
    assert b.is_learned("src", fingerprint("Footer line"))
    assert b.is_learned("src", fingerprint("Other line 99"))  # digits do not matter
    assert not b.is_learned("src", fingerprint("body b unique text"))
    a.observe("src", lines, doc_key="3")  # a redelivered document key is not counted again
    assert a.export_source("src") == data


def test_state_is_bounded() -> None:
    cfg = CleanConfig(boilerplate_max_lines=64, boilerplate_max_sources=3)
    state = BoilerplateState(cfg)
    for i in range(200):
        state.observe(f"s{i % 5}", [fingerprint(f"line {i} {j} x{i * j}") for j in range(20)], str(i))
    assert len(state.sources) == 3
    assert all(len(st.counts) <= 64 for st in state.sources.values())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("می\u200cخواهم\u200b", "می\u200cخواهم"),  # ZWNJ kept, zero-width space removed
        ("\u202bمرحبا\u202c \u200fبكم\u200e", "مرحبا بكم"),  # bidi controls removed
        ("العـــربية", "العربية"),  # tatweel removed
        ("cafe\u0301", "café"),  # NFC
        ("a\r\nb\rc\u2028d", "a\nb\nc\nd"),
        ("  one \t two\u00a0three  \n\n\n\nfour", "one two three\n\nfour"),
        ("الْعَرَبِيَّةُ", "الْعَرَبِيَّةُ"),  # diacritics are display text: kept
        ("x\x00y\x07z", "xyz"),
    ],
)
def test_normalize_display(raw: str, expected: str) -> None:
    assert normalize_display(raw) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("الْعَرَبِيَّةُ", None, "العربيه"),
        ("إلى أحمد مستشفى", "ar", "الي احمد مستشفي"),
        ("Ｆｕｌｌ-Width ŒUVRE", None, "full width œuvre"),
        ("كتاب يكتب", "fa", "کتاب یکتب"),  # Arabic kaf and yeh become Persian keh and yeh
        ("آب و آیینه", "fa", "آب و آیینه"),  # Persian alef madda is a letter of its own
        ("مدرسة كتاب", "ur", "مدرسہ کتاب"),
        ("Straße", "de", "strasse"),
    ],
)
def test_matching_form(text: str, language: str | None, expected: str) -> None:
    assert matching_form(text, language) == expected


def test_reject_empty() -> None:
    with pytest.raises(Rejected) as exc:
        run("المصدر: وكالات\nShare\nTweet")
    assert exc.value.reason == "empty_after_cleaning"


HTML_PAGE = """<!DOCTYPE html><html><head><title>Harbour reopens | Example News</title>
<meta property="article:published_time" content="2024-03-12T08:00:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Harbour reopens</h1>
<p>The old harbour reopened to fishing boats on Tuesday after a winter of repairs to its stone walls.</p>
<p>Fishermen said the new moorings were safer, though some complained that fees had doubled.</p>
<p>The port authority said the works had cost four million euros and finished on schedule.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_extracts_article_title_and_date() -> None:
    res = clean(RawArticle(body=HTML_PAGE, content_type="text/html"), BoilerplateState(CFG), CFG)
    assert "reopened to fishing boats" in res.text and "finished on schedule" in res.text
    assert "Home" not in res.text and "Copyright" not in res.text
    assert res.title is not None and "Harbour reopens" in res.title
    assert res.published_at is not None and res.published_at.startswith("2024-03-12")
    assert res.report.input_format == "text/html"


def test_html_is_sniffed_without_content_type() -> None:
    assert "fishing boats" in run(HTML_PAGE)


def test_html_external_entities_are_not_resolved() -> None:
    page = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>&xxe; The council met on Monday and agreed the budget for the coming year.</p>"
        "<p>Members said spending on schools would rise by a tenth.</p></body></html>"
    )
    out = run(page, content_type="text/html")
    assert "root:" not in out and "council met on Monday" in out


def test_html_deep_nesting_and_size_cap() -> None:
    deep = "<div>" * 50_000 + "<p>" + "A sentence about the weather today. " * 10 + "</p>" + "</div>" * 50_000
    cfg = CleanConfig(max_html_bytes=200_000)
    t0 = time.perf_counter()
    try:
        clean(RawArticle(body=deep, content_type="text/html"), BoilerplateState(cfg), cfg)
    except Rejected as exc:
        assert exc.reason == "empty_after_cleaning"
    assert time.perf_counter() - t0 < 10


@pytest.mark.parametrize(
    "body",
    [
        "word " * 2_000_000,  # 10 MB, one line
        ("إنضم لقناة " * 50 + "\n") * 2_000,  # promo openings without an end, many lines
        "Read also: " + "a" * 1_000_000,
        "• x\n" * 100_000,
    ],
)
def test_huge_and_pathological_inputs_run_in_linear_time(body: str) -> None:
    t0 = time.perf_counter()
    normalize_display(body)
    matching_form(body)
    with contextlib.suppress(Rejected):
        clean(RawArticle(body=body, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert time.perf_counter() - t0 < 20


# ---------------------------------------------------------------------------------------------------
# Body structure: parts of one article separated by credits, lists and headline boxes stay together.

RU_P = [
    "Городской совет в понедельник утвердил план ремонта трёх мостов через реку, который обсуждали "
    "почти два года.",
    "По словам главы транспортного департамента, работы начнутся весной и продлятся до конца осени, "
    "а движение будет перекрыто только ночью.",
    "Жители прибрежных кварталов жаловались на трещины в опорах ещё прошлой зимой, и проверка "
    "подтвердила, что два моста требуют срочного ремонта.",
    "Общая стоимость работ составит около двухсот миллионов рублей, большую часть денег выделит "
    "областной бюджет.",
]
PL_P = [
    "Rada miasta zdecydowała w poniedziałek o budowie nowej biblioteki w dzielnicy portowej, która "
    "ma zostać otwarta za dwa lata.",
    "Projekt przewiduje czytelnię dla dzieci, salę koncertową oraz ogród na dachu, z którego będzie "
    "widać całą zatokę.",
    "Mieszkańcy od lat skarżyli się, że najbliższa biblioteka jest oddalona o ponad pięć kilometrów "
    "i nie ma w niej miejsca na spotkania.",
    "Koszt inwestycji oszacowano na czterdzieści milionów złotych, a część pieniędzy pochodzi z "
    "funduszy unijnych.",
    "Przetarg na wykonawcę ma zostać ogłoszony jeszcze w tym miesiącu, poinformował rzecznik urzędu miasta.",
]
EN_P = [
    "The regional health authority said on Tuesday that the seasonal flu vaccine is still available "
    "at pharmacies and family doctors across the province.",
    "Doctors have confirmed the first cases of influenza in the capital, and officials expect the "
    "number of patients to grow over the coming weeks.",
    "The authority urged people who have not yet been vaccinated to book an appointment soon, as "
    "the vaccine takes two weeks to give full protection.",
    "Pharmacies reported long queues on Monday morning, but said there was enough vaccine for "
    "everyone who wanted it this winter.",
]
NAV = "\n".join(["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact"])


def _page(*parts: str) -> str:
    return "\n\n".join(parts)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # A photo or source credit between paragraphs does not split the article.
        (
            _page(NAV, RU_P[0], RU_P[1], "Фото: пресс-служба мэрии", RU_P[2], RU_P[3]),
            _page(RU_P[0], RU_P[1], RU_P[2], RU_P[3]),
        ),
        (
            _page(NAV, EN_P[0], EN_P[1], "Source: provincial health department", EN_P[2], EN_P[3]),
            _page(*EN_P),
        ),
        # "Read also: <headline>" inside the article: the headline goes, the article after it stays.
        (
            _page(
                NAV, RU_P[0], RU_P[1], "Читайте также: Мост через реку закроют на ремонт", RU_P[2], RU_P[3]
            ),
            _page(RU_P[0], RU_P[1], RU_P[2], RU_P[3]),
        ),
        # A list opened by a sentence ending in a colon belongs to the article, however long.
        (
            _page(
                NAV,
                EN_P[0],
                EN_P[1],
                "The vaccine is free for people at high risk of complications, including:",
                "\n".join(
                    f"• {x};"
                    for x in (
                        "adults with chronic conditions",
                        "residents of care homes",
                        "people aged 60 and over",
                        "children under two",
                        "health care workers",
                        "police officers and firefighters",
                        "pregnant women",
                        "household contacts of people at risk",
                        "farm workers",
                    )
                ),
                "• poultry workers.",
                EN_P[2],
                EN_P[3],
            ),
            None,  # everything after the navigation
        ),
        # A box of headlines inside the article ("Editor's picks") goes; the article goes on after it.
        (
            _page(
                NAV,
                PL_P[0],
                PL_P[1],
                "Redakcja poleca",
                "Nowy most w centrum miasta otwarty",
                "Festiwal muzyki w parku",
                PL_P[2],
                PL_P[3],
                PL_P[4],
            ),
            _page(PL_P[0], PL_P[1], PL_P[2], PL_P[3], PL_P[4]),
        ),
    ],
)
def test_article_parts_stay_together(page: str, expected: str | None) -> None:
    if expected is None:
        expected = page[len(NAV) + 2 :]
    assert run(page) == expected


TEASERS = [
    "Mayor opens new bus station downtown",
    "The station will serve twelve lines and open next week, officials said.",
    "Storm closes mountain roads overnight",
    "Snow and strong winds forced the police to close three roads, drivers were warned.",
]


@pytest.mark.parametrize(
    ("above", "heading", "below_tail"),
    [
        # Teasers and a "Comments" tab above the article: the heading does not end the page there.
        (TEASERS, "Комментарии", ["Комментарии:", "Иван 12:30", "Всё правильно сделали, давно пора было."]),
        (TEASERS, "Most read", ["Comments", "Anna 10:02", "Finally, the bridge needed work for years."]),
        (TEASERS, "Najczęściej komentowane", ["Komentarze (2)", "gość 11:15", "Bardzo dobra decyzja rady."]),
    ],
)
def test_heading_above_the_article_does_not_end_it(
    above: list[str], heading: str, below_tail: list[str]
) -> None:
    body = _page(*EN_P)
    page = _page(NAV, *above, heading, "• One headline", "• Another headline", body, *below_tail)
    assert run(page) == body


@pytest.mark.parametrize(
    ("body", "comments"),
    [
        (_page(*RU_P), ["Комментарии:", "• #2 Иван 05.01.12, 10:32", "Всё правильно сделали, давно пора."]),
        (_page(*PL_P), ["Komentarze", "gość 2011-12-21 10:19", "Bardzo dobra decyzja, gratuluję radzie."]),
        (_page(*EN_P), ["Submit a Comment", "Please be polite and keep your comments on topic."]),
        (_page(*EN_P), ["Σχόλια", "Γιώργος 12:10", "Πολύ καλή απόφαση, επιτέλους."]),
    ],
)
def test_comment_section_removed(body: str, comments: list[str]) -> None:
    res = clean(RawArticle(body=_page(body, *comments)), BoilerplateState(CFG), CFG)
    assert res.text == body
    assert res.report.removed_blocks.get("share", 0) >= 1


def test_legal_notice_below_rights_line_is_not_an_article() -> None:
    body = _page(RU_P[0], RU_P[1])
    legal = [
        "© 2012 Новости региона",
        "Рубрики:",
        "• Общество",
        "• Экономика",
        "Правовые ограничения: все материалы сайта охраняются законом об авторском праве, и их "
        "перепечатка без письменного разрешения редакции запрещена.",
        "Допускается цитирование материалов без согласования с редакцией при условии прямой ссылки "
        "на источник в первом абзаце текста.",
        "Редакция не несёт ответственности за содержание рекламных объявлений и материалов, "
        "размещённых партнёрами сайта.",
    ]
    assert run(_page(NAV, body, *legal)) == body


@pytest.mark.parametrize(
    ("body", "tail", "kept"),
    [
        # Short bullet headlines straight after the article, with no heading: related links.
        (
            _page(*PL_P),
            ["• Jak walczyć z grypą?", "• Wzmocnij odporność", "• Czym jest ospa wietrzna?"],
            False,
        ),
        (
            _page(*RU_P),
            ["• Мосты закроют на ремонт", "• Новый парк откроют летом", "• Цены на такси..."],
            False,
        ),
        # The article's own list: announced by a sentence ending in a colon, or full sentences.
        (
            _page(*EN_P) + "\n\nThe clinics are open at these three places:",
            ["• Main Street", "• Harbour Road", "• Station Square"],
            True,
        ),
        (_page(*EN_P), ["• Wash your hands.", "• Stay at home.", "• Call your doctor."], True),
        # Two items are not a list of links.
        (_page(*PL_P), ["• Jak walczyć z grypą?", "• Czym jest ospa wietrzna?"], True),
    ],
)
def test_trailing_list_of_headlines(body: str, tail: list[str], kept: bool) -> None:
    page = _page(NAV, body, "\n".join(tail))
    assert run(page) == (_page(body, "\n".join(tail)) if kept else body)


# Headline: the page's headline is lifted into `title` when the publisher sent none; the publisher's
# title line leaves the text. Pages: (language, lines above the body, headline, body).
RU_BODY = (
    "В субботу власти города открыли новый мост через реку, строительство которого заняло три года.\n\n"
    "По словам мэра, мост позволит разгрузить центральные улицы и сократить время в пути на двадцать минут."
)
ZH_BODY = (
    "北京市园林局昨天表示，今年将在城区新建三座公园，总面积超过一百公顷，预计年底前全部向市民开放。\n\n"
    "园林局负责人说，新建公园将增加健身步道和儿童游乐设施，方便周边居民日常休闲。"
)
HEADED_PAGES = [
    (
        "ar",
        "الرئيسية > أخبار > صحة\nالأكثر قراءة\n",
        "افتتاح مستشفى جديد في المدينة",
        "الأحد 12 مايو 2024 - 10:45\n",
        AR_BODY,
    ),
    (
        "en",
        "Home | News | Sport | Weather\nLocal news\n",
        "Regional airport adds three new routes",
        "By Jane Smith\n12 March 2024 10:45\n",
        EN_BODY,
    ),
    (
        "ru",
        "Главная / Новости / Город\n",
        "Власти открыли новый мост через реку",
        "12.03.2024 10:45\nФото: пресс-служба мэрии\n",
        RU_BODY,
    ),
    (
        "zh",
        "首页 > 新闻 > 北京\n",
        "北京新建三座公园",
        "2024年03月12日 10:45 来源：本报\n字号：大 中 小\n",
        ZH_BODY,
    ),
]


def headed_page(top: str, headline: str, under: str, body: str) -> str:
    return f"{top}\n{headline}\n{under}\n{body}\n"


@pytest.mark.parametrize(("lang", "top", "headline", "under", "body"), HEADED_PAGES)
def test_headline_found_above_the_body_is_the_title_and_opens_the_text(
    lang: str, top: str, headline: str, under: str, body: str
) -> None:
    # The headline is part of the article as the page shows it: it opens `text` (as a reader and
    # human-cleaned references have it) and is given as `title`; the furniture around it goes.
    page = headed_page(top, headline, under, body)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert res.title == headline
    assert res.text == f"{headline}\n\n{normalize_display(body)}"  # the body itself is unchanged
    assert "title" not in res.report.removed_blocks
    assert res.report.removed_blocks["navigation"] >= 1


@pytest.mark.parametrize(
    ("lang", "top", "body"),
    [
        ("ar", "الرئيسية > أخبار > صحة\n• مستشفى\n• صحة\n• المدينة\n", AR_BODY),
        ("en", "Home | News | Sport | Weather\n• Regional airport news\n• Routes\n", EN_BODY),
        ("ru", "Главная / Новости / Город\n• Новый мост\n• Мэр города\n", RU_BODY),
        ("zh", "首页 > 新闻 > 北京\n• 北京新建公园\n• 公园开放\n2024年03月12日 10:45\n", ZH_BODY),
        # A section name and a kicker in capitals over the body: no headline (they are not one).
        ("en", "Home | News | Sport\nTRAVEL AIRPORT ROUTES\n", EN_BODY),
        # A line of tags that shares words with the article is not a headline either.
        ("en", "Home | News | Sport\nairport, routes, passengers\n", EN_BODY),
    ],
)
def test_no_headline_when_the_top_is_navigation(lang: str, top: str, body: str) -> None:
    res = clean(RawArticle(body=f"{top}\n{body}\n", content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert res.title is None
    assert res.text == normalize_display(body)
    assert "title" not in res.report.removed_blocks


@pytest.mark.parametrize(("lang", "top", "headline", "under", "body"), HEADED_PAGES)
def test_publisher_title_wins_and_its_line_leaves_the_text(
    lang: str, top: str, headline: str, under: str, body: str
) -> None:
    page = headed_page(top, headline, under, body)
    sent = f"  {headline.upper()}  "  # equal in matching form (case and spaces aside)
    res = clean(RawArticle(body=page, content_type="text/plain", title=sent), BoilerplateState(CFG), CFG)
    assert res.title == normalize_display(sent)
    assert res.text == normalize_display(body)
    assert res.report.removed_blocks["title"] == 1
    # Another title from the publisher wins over the page's headline, which goes as before.
    other = clean(
        RawArticle(body=page, content_type="text/plain", title="Publisher headline"),
        BoilerplateState(CFG),
        CFG,
    )
    assert other.title == "Publisher headline"
    assert other.text == normalize_display(body)
    assert "title" not in other.report.removed_blocks


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("هل يفتتح المستشفى الجديد قريبا؟", AR_BODY),
        ("Will the airport add new routes this spring?", EN_BODY),
        ("Откроют ли новый мост через реку в этом году?", RU_BODY),
        ("北京今年将新建几座公园？", ZH_BODY),
    ],
)
def test_title_line_opening_the_body_is_not_duplicated(title: str, body: str) -> None:
    # A question headline reads as a sentence and opens the body: with the title sent, it leaves it.
    page = f"{title}\n\n{body}\n"
    kept = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert kept.text.startswith(title) and kept.title is None  # never lifted from inside the body
    res = clean(RawArticle(body=page, content_type="text/plain", title=title), BoilerplateState(CFG), CFG)
    assert res.title == title
    assert res.text == normalize_display(body)
    assert res.report.removed_blocks["title"] == 1
    assert res.report.removed_chars["title"] == len(title)


# ---------------------------------------------------------------------------------------------------
# Portal pages, toolbars, disclaimers, widget labels, leads without a full stop, credited tables.

FR_P = [
    "Le conseil municipal a voté lundi soir la rénovation complète de la piscine olympique, fermée "
    "depuis deux ans pour des raisons de sécurité.",
    "Selon l'adjoint aux sports, les travaux commenceront au printemps et dureront environ dix-huit "
    "mois, pour un coût estimé à douze millions d'euros.",
    "Les clubs de natation de la ville s'entraînent depuis la fermeture dans une commune voisine, "
    "ce qui leur impose de longs trajets chaque semaine.",
    "La région et l'État financeront près de la moitié du projet, a précisé la mairie dans un "
    "communiqué publié mardi matin.",
]


def _teaser_grid(heading: str, n: int = 3) -> list[str]:
    """A portal's grid of teaser boxes, each closed by the same box heading and two links."""
    out = []
    for k in range(n):
        out += [
            f"Teaser headline number {k}",
            f"First summary sentence of teaser {k} runs on for quite a while, so that it reads like a "
            "paragraph of a story on the front page of the portal and counts as prose here.",
            f"Second summary sentence of teaser {k} is just as long and keeps the block of prose going "
            "well past the size of a single short paragraph on this busy page.",
            heading,
            f"• Link {k} one",
            f"• Link {k} two",
        ]
    return out


@pytest.mark.parametrize(
    ("heading", "paras"),
    [
        ("See also:", EN_P),
        ("Zobacz także:", PL_P),
        ("Читайте также:", RU_P),
        ("Lire aussi :", FR_P),
    ],
)
def test_box_heading_repeated_over_a_teaser_grid_does_not_end_the_page(
    heading: str, paras: list[str]
) -> None:
    # The same heading under every teaser is a portal's grid: the article below it is kept.
    body = _page(*paras)
    page = _page(NAV, *_teaser_grid(heading), body, "Tags:", "• one", "• two")
    assert run(page) == body


@pytest.mark.parametrize(
    ("bar", "paras"),
    [
        (["Add a comment", "Email this article"], EN_P),
        (["Dodaj komentarz", "Poleć znajomemu"], PL_P),
        (["Комментарии", "Отправить по почте"], RU_P),
        (["Le maire devant la piscine fermée (© Agence/archives)"], FR_P),
    ],
)
def test_share_bar_or_photo_credit_over_the_article_does_not_end_it(bar: list[str], paras: list[str]) -> None:
    # Teaser paragraphs above, then the article's toolbar (or a © photo credit) right over a much
    # bigger article.
    teasers = [
        *_teaser_grid("", 1)[:3],
        "A third summary sentence makes the teaser a block of paragraphs as big as a short article "
        "would be, which is what a front page of teasers looks like to the rules.",
    ]
    body = _page(*paras, *(f"{k}. {p}" for k, p in enumerate(paras)))
    page = _page(NAV, *teasers, *bar, body, "Tags:", "• one", "• two")
    assert run(page) == body


@pytest.mark.parametrize(
    ("body", "disclaimer"),
    [
        (
            EN_BODY,
            "Disclaimer: The views expressed in this article are those of the author and do not "
            "necessarily reflect the official position of this website or its partners.",
        ),
        (
            AR_BODY,
            "إخلاء المسؤولية: الآراء الواردة في هذا المقال تعبر عن رأي كاتبها ولا تعكس بالضرورة موقف الموقع.",
        ),
        (
            ZH_BODY,
            "免责声明：本文仅代表作者个人观点，与本网无关。其原创性以及文中陈述文字和内容未经本站证实，"
            "对本文以及其中全部或者部分内容的真实性、完整性、及时性本站不作任何保证或承诺，请读者仅作参考。",
        ),
        (ZH_BODY, "某某网声明：凡本网注明来源的所有作品，版权均属于本网，未经书面授权不得转载。"),
        (RU_BODY, "Отказ от ответственности: мнение автора может не совпадать с позицией редакции."),
        (
            _page(FR_P[0], FR_P[1]),
            "Avertissement : cet article ne constitue pas un conseil en investissement.",
        ),
    ],
)
def test_disclaimer_under_the_article_removed(body: str, disclaimer: str) -> None:
    res = clean(
        RawArticle(body=_page(body, disclaimer), content_type="text/plain"), BoilerplateState(CFG), CFG
    )
    assert res.text == normalize_display(body)
    assert res.report.removed_blocks.get("copyright", 0) >= 1


@pytest.mark.parametrize(
    ("heading", "glued", "paras"),
    [
        ("Read also", "Mayor opens bus station Storm closes roads? NEW FACTS Train strike off - VIDEO", EN_P),
        ("Przeczytaj też", "Nowy most otwarty Festiwal w parku? NOWE FAKTY Koncert odwołany - SONDA", PL_P),
        ("Lire aussi", "Le maire inaugure la gare Tempête sur les routes ? La grève annulée - VIDÉO", FR_P),
        ("Lee también", "El alcalde abre la estación ¿Cierran las carreteras? La huelga - VÍDEO", EN_P),
        ("Zobacz też", "Nowy most otwarty. Festiwal w parku? Koncert w hali (ZDJĘCIA)", PL_P),
    ],
)
def test_read_also_takes_its_headlines_even_when_they_look_like_a_sentence(
    heading: str, glued: str, paras: list[str]
) -> None:
    # Headlines glued into one line ("A? B - VIDEO") have sentence marks inside but no full stop.
    page = _page(NAV, paras[0], heading, glued, *paras[1:])
    assert run(page) == _page(*paras)


@pytest.mark.parametrize(
    ("headline", "lead", "body"),
    [
        (
            "Власти открыли новый мост через реку",
            "Мост, строительство которого заняло три года, соединил два района города, разгрузил "
            "центральные улицы и, по словам мэра, сократит время в пути на двадцать минут",
            RU_BODY,
        ),
        (
            "北京新建三座公园",
            "北京市园林局表示，今年将在城区新建三座公园，总面积超过一百公顷，新建公园将增加健身步道和"
            "儿童游乐设施，预计年底前全部向市民开放，方便周边居民日常休闲，提升城市绿化水平，园林局还将"
            "在公园周边增设停车场和公交站点，让市民出行更加便利",
            ZH_BODY,
        ),
        (
            "Regional airport adds three new routes",
            "The regional airport, which lost two airlines last year, will add three new routes this "
            "spring, a move its operator says will bring thousands of extra passengers to the region",
            EN_BODY,
        ),
    ],
)
def test_lead_without_full_stop_belongs_to_the_body(headline: str, lead: str, body: str) -> None:
    # A lead paragraph that lost its full stop is still a sentence: its clauses are several words long.
    page = f"{NAV}\n{headline}\n12.03.2024 10:45\n{lead}\n\n{body}\n"
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert res.text == normalize_display(_page(headline, lead, body))
    assert res.title == headline


def test_comma_list_of_names_is_not_a_lead() -> None:
    towns = (
        "Lublin, Zamość, Chełm, Biała Podlaska, Puławy, Kraśnik, Świdnik, Łuków, Biłgoraj, Hrubieszów, "
        "Tomaszów Lubelski, Janów Lubelski, Włodawa"
    )
    assert run(_page(NAV, towns, *PL_P)) == _page(*PL_P)


@pytest.mark.parametrize(
    ("label", "paras"),
    [
        ("Advertisement", EN_P),
        ("Enlarge this image", EN_P),
        ("Click here to enlarge the photo", EN_P),
        ("Реклама", RU_P),
        ("Загрузка...", RU_P),
        ("Publicité", FR_P),
        ("Anzeige", EN_P),
        ("إعلان", EN_P),
        ("广告", EN_P),
        ("انتهای پیام", EN_P),
        ("[点击进入浏览]", EN_P),
        # A teaser's link to the rest of the text (the bare "Read more:" heads a box of links instead).
        ("∨ Read more", EN_P),
        ("Continue reading", EN_P),
        ("Подробнее", RU_P),
        ("∨ Czytaj dalej", EN_P),
        ("∨ Lire la suite…", FR_P),
        ("∨ Leer más", EN_P),
        ("∨ Weiterlesen", EN_P),
        ("∨ Devamını oku", EN_P),
        ("∨ اقرأ المزيد", EN_P),
        ("ادامه مطلب", EN_P),
        ("∨ مزید پڑھیں", EN_P),
        ("阅读全文", EN_P),
    ],
)
def test_widget_label_between_paragraphs_removed(label: str, paras: list[str]) -> None:
    page = _page(NAV, paras[0], paras[1], label, paras[2], paras[3])
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert res.text == _page(*paras)
    assert res.report.removed_blocks.get("navigation", 0) >= 2  # the menu and the label


TABLE = [
    "Results by district",
    "District Votes Share",
    "North 12 400 41%",
    "South 9 800 33%",
    "East 4 100 14%",
    "West 3 600 12%",
]


@pytest.mark.parametrize(
    ("paras", "rows", "credit"),
    [
        (EN_P, TABLE, "(Reporting by Jane Doe; Editing by John Smith)"),
        (
            [ZH_BODY],
            [
                "不合格产品名单",
                "产品名称 生产企业 不合格项目",
                "芒果布丁 某某食品厂 菌落总数",
                "花色面包 某某面包坊 溴酸钾",
            ],
            "(陈巍 编辑)",
        ),
    ],
)
def test_table_before_the_closing_credit_belongs_to_the_article(
    paras: list[str], rows: list[str], credit: str
) -> None:
    body = _page(*paras)
    page = _page(NAV, body, *rows, credit, "Share", "Tweet")
    assert run(page) == normalize_display(_page(body, *rows))
    # Without the credit, the short lines after the article are not its own.
    assert run(_page(NAV, body, *rows)) == normalize_display(body)


@pytest.mark.parametrize(
    ("ticker", "paras"),
    [
        (
            "Мэр открыл новый мост. Движение запущено Цены на такси выросли? Прогноз на выходные "
            "Футбол: местный клуб вышел в финал",
            RU_P,
        ),
        (
            "Mayor opens new bridge. Traffic resumes Will taxi fares go up? Weekend weather "
            "Football: local club reaches the final",
            EN_P,
        ),
        (
            "Le maire inaugure le pont. La circulation reprend Les taxis plus chers ? Météo du week-end",
            FR_P,
        ),
    ],
)
def test_ticker_over_the_article_is_not_its_first_line(ticker: str, paras: list[str]) -> None:
    # Glued headlines without a full stop, set apart from the article by a date and the headline.
    page = _page(NAV, ticker, "— 27.11.2011 09:08 —", "Headline of the story", *paras)
    assert run(page) == _page(*paras)


@pytest.mark.parametrize("paras", [EN_P, RU_P, FR_P, PL_P])
def test_box_repeating_the_article_under_it_removed(paras: list[str]) -> None:
    # Under the article: its date, its headline again and its lead cut short ("...").
    lead = paras[0]
    box = ["— 27.11.11 09:08 —", "Headline of the story", lead[: len(lead) // 2].rstrip() + "..."]
    page = _page(NAV, "Headline of the story", *paras, *box)
    assert run(page) == _page(*paras)
    # A last paragraph that repeats nothing stays.
    assert run(_page(NAV, *paras, "The council will vote again next week...")).endswith("next week...")


@pytest.mark.parametrize(
    ("message", "paras"),
    [
        ("Please enter a valid email address.", EN_P),
        ("You must have an Example News account to follow a company.", EN_P),
        ("An error occurred, please try again later.", EN_P),
        ("Оцените, пожалуйста, статью. Нам важно ваше мнение.", RU_P),
        ("Спасибо! Ваше мнение учтено.", RU_P),
        ("Veuillez saisir une adresse e-mail valide.", FR_P),
        ("Por favor, introduce un correo electrónico válido.", EN_P),
        ("Bitte geben Sie Ihre E-Mail-Adresse ein.", EN_P),
        ("Lütfen geçerli bir e-posta adresi girin.", EN_P),
        ("يرجى إدخال بريد إلكتروني صحيح.", EN_P),
        ("请输入您的电子邮件地址。", EN_P),
    ],
)
def test_form_message_under_the_article_removed(message: str, paras: list[str]) -> None:
    # A newsletter or rating box under the article: its messages read like sentences, but go.
    res = clean(RawArticle(body=_page(NAV, *paras, message)), BoilerplateState(CFG), CFG)
    assert res.text == _page(*paras)
    assert res.report.removed_blocks.get("share", 0) >= 1
    # A sentence of the article reporting an error stays.
    kept = _page(*paras, "An error occurred in the count, the council admitted on Friday.")
    assert run(_page(NAV, kept)) == kept


def test_rights_footer_over_a_long_legal_notice_still_ends_the_article() -> None:
    # Unlike a photo credit, a footer's rights line ends the page, however long the notice under it.
    body = _page(*EN_P)
    notice = [
        f"Clause {k}: the material on this site may not be reproduced, distributed, transmitted, cached "
        "or otherwise used, except with the prior written permission of the publisher, and any use "
        "beyond what the law allows requires a licence."
        for k in range(8)
    ]
    page = _page(NAV, body, "© 2024 Example Media. All rights reserved.", *notice)
    assert run(page) == body


def test_comments_heading_over_long_comments_still_ends_the_article() -> None:
    # Comments outweighing the article are still comments: each follows its author's line.
    body = _page(*EN_P)
    comments = []
    for k in range(12):
        comments += [
            f"reader{k} 12.01.2012 10:{k}0",
            f"Comment {k}: I have been saying this for years, and nobody at the council listens, so I "
            "doubt that anything will change now, whatever the health authority promises us this winter.",
        ]
    page = _page(NAV, body, "Comments", *comments)
    assert run(page) == body


# ---------------------------------------------------------------------------------------------------
# Counters glued before paragraphs; threads of readers' comments under the article.


@pytest.mark.parametrize(
    ("digit", "paras"),
    [("0", RU_P), ("0", EN_P), ("3", PL_P), ("0", FR_P)],
)
def test_counter_glued_before_every_paragraph_removed(digit: str, paras: list[str]) -> None:
    # A widget's count rendered without a space before each paragraph ("0Городской совет ...").
    page = _page(NAV, *(digit + p for p in paras))
    assert run(page) == _page(*paras)
    # One paragraph starting with a glued number is text ("3D-печать", "5G"), and so is a number
    # with a space after it.
    kept = [paras[0], "3D-принтеры печатают детали для мостов уже в трёх городах области.", *paras[1:]]
    assert run(_page(NAV, *kept)) == _page(*kept)
    spaced = [digit + " " + p for p in paras]
    assert run(_page(NAV, *spaced)) == _page(*spaced)


_COMMENTS = {
    "en": [
        (
            "JAKE 671 at 4:10 AM January 12, 2012",
            "I wonder what the list would look like if people ate well.",
        ),
        (
            "philip at 2:23 PM January 11, 2012",
            "This is good news? How could we allow this to go on for so long?",
        ),
        ("anna5 at 1:44 PM January 11, 2012", "I wonder what this would look like with universal coverage."),
    ],
    "ru": [
        ("Иван 05.01.12, 23:35", "Давно пора было этим заняться, а то каждый год одно и то же."),
        ("Допа 05.01.12, 22:38", "А кто будет платить за всё это? Опять мы, налогоплательщики."),
        ("Ольга 05.01.12, 21:02", "Мост у нас на улице ремонтируют уже третий год, и конца не видно."),
    ],
    "pl": [
        (
            "lbn (gość), 03.01.12, 23:09:06",
            "Dajcie już spokój, to się robi męczące, jakaś nagonka na ten klub?",
        ),
        ("gelo (gość), 03.01.12, 22:09:02", "Tylko jakieś trójliterówki, wstyd mi za was, naprawdę wstyd."),
        (
            "olo (gość), 03.01.12, 19:12:09",
            "Pierwsze zdanie wskazuje, że był kiedyś piłkarzem, a to nieprawda.",
        ),
    ],
    "ar": [
        ("أحمد 2012-01-05 10:32", "هذا خبر جيد ولكن يجب على المسؤولين أن يفعلوا المزيد من أجل المواطنين."),
        ("سارة 2012-01-05 11:40", "لقد انتظرنا هذا المشروع منذ سنوات طويلة ولم يتغير شيء حتى الآن."),
        ("علي 2012-01-05 12:15", "أتمنى أن ينتهي العمل في الموعد المحدد هذه المرة وليس بعد سنتين."),
    ],
}


@pytest.mark.parametrize(
    ("lang", "paras"),
    [("en", EN_P), ("ru", RU_P), ("pl", PL_P), ("ar", EN_P)],
)
def test_thread_of_comments_under_the_article_removed(lang: str, paras: list[str]) -> None:
    # No "Comments" heading over them: the bylines (a name and a date) over each comment end the article.
    thread = [line for byline, text in _COMMENTS[lang] for line in (byline, text)]
    assert run(_page(NAV, *paras, *thread)) == _page(*paras)
    # A live blog's bare time stamps are its entries, not bylines.
    blog = [line for k, (_, text) in enumerate(_COMMENTS[lang]) for line in (f"1{k}:05", text)]
    assert run(_page(NAV, *paras, *blog)).endswith(_COMMENTS[lang][-1][1])
    # Two dated lines are no thread.
    two = thread[:4]
    assert run(_page(NAV, *paras, *two)).endswith(two[-1])


@pytest.mark.parametrize(
    ("lede", "other", "paras"),
    [
        (
            "The seasonal flu vaccine is still available at pharmacies and family doctors, the regional "
            "health authority said.",
            "A new bridge over the river will open next spring, the city council announced on Monday.",
            EN_P,
        ),
        (
            "Городской совет утвердил план ремонта трёх мостов через реку, который обсуждали два года.",
            "В субботу в центре города пройдёт ярмарка местных фермеров и ремесленников, сообщила мэрия.",
            RU_P,
        ),
        (
            "Rada miasta zdecydowała o budowie nowej biblioteki w dzielnicy portowej, otwarcie za dwa lata.",
            "Policja zatrzymała w sobotę dwóch mężczyzn podejrzanych o kradzież samochodów w centrum.",
            PL_P,
        ),
        (
            "Le conseil municipal a voté la rénovation complète de la piscine olympique, fermée depuis "
            "deux ans.",
            "Le festival de jazz de la ville accueillera cette année plus de quarante concerts en plein air.",
            FR_P,
        ),
    ],
)
def test_lede_over_the_toolbar_belongs_to_the_article(lede: str, other: str, paras: list[str]) -> None:
    # The article's summary, set over its share bar, repeats the words of its opening: it stays.
    bar = ["Tweet", "• Comments: 0", "• 27.11.2011 09:08"]
    assert run(_page(NAV, lede, *bar, *paras)) == _page(lede, *paras)
    # Another story's teaser in the same place does not.
    assert run(_page(NAV, other, *bar, *paras)) == _page(*paras)


@pytest.mark.parametrize(
    ("fields", "policy", "paras"),
    [
        (
            "Your name* Email* Comment*",
            "The newspaper is not responsible for posted comments, so please be polite and stay on topic.",
            EN_P,
        ),
        (
            "Ваше имя *",
            "Редакция не несёт ответственности за комментарии, будьте вежливы и не отходите от темы.",
            RU_P,
        ),
        (
            "Votre nom* E-mail* Commentaire*",
            "La rédaction n'est pas responsable des commentaires publiés, merci de rester courtois.",
            FR_P,
        ),
        (
            "Imię* E-mail*",
            "Redakcja nie odpowiada za treść komentarzy, prosimy o zachowanie kultury wypowiedzi.",
            PL_P,
        ),
    ],
)
def test_comment_form_under_the_article_ends_it(fields: str, policy: str, paras: list[str]) -> None:
    # A comment box's required fields part its rules from the article (no "Comments" heading over it).
    assert run(_page(NAV, *paras, fields, policy)) == _page(*paras)
    # A footnote marker alone, or after one word of a paragraph, is not a form.
    kept = _page(*paras, "*", "Prices include tax* and delivery, the council said in its notice.")
    assert run(_page(NAV, kept)) == kept


@pytest.mark.parametrize(
    ("headline", "deck", "paras"),
    [
        (
            "Flu vaccine still available across the province",
            "Regional health authority urges people to book at pharmacies and family doctors",
            EN_P,
        ),
        (
            "Совет утвердил ремонт мостов",
            "Ремонт трёх мостов через реку начнётся весной, движение перекроют ночью",
            RU_P,
        ),
        (
            "Nowa biblioteka w dzielnicy portowej",
            "Rada miasta zdecydowała o budowie biblioteki z czytelnią dla dzieci i ogrodem na dachu",
            PL_P,
        ),
        (
            "La piscine olympique sera rénovée",
            "Le conseil municipal a voté la rénovation de la piscine, fermée depuis deux ans",
            FR_P,
        ),
    ],
)
def test_deck_under_the_headline_belongs_to_the_article(headline: str, deck: str, paras: list[str]) -> None:
    # The deck sums the story up under its headline: it stays in the text, under the headline (the title).
    page = _page(NAV, headline, deck, "27.11.2011 09:08", *paras)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert (res.title, res.text) == (headline, _page(headline, deck, *paras))
    # The publisher's title takes its line out of the text and changes nothing else.
    sent = clean(RawArticle(body=page, content_type="text/plain", title=headline), BoilerplateState(CFG), CFG)
    assert sent.text == _page(deck, *paras)
    # The same line further down, over the body (a caption), is not a deck.
    page = _page(NAV, headline, "27.11.2011 09:08", deck, "Photo: Agency", *paras)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert (res.title, res.text) == (headline, _page(headline, *paras))


@pytest.mark.parametrize(
    ("question", "paras"),
    [
        ("Is the seasonal flu vaccine still available at pharmacies and family doctors?", EN_P),
        ("Когда начнётся ремонт трёх мостов через реку?", RU_P),
        ("Czy nowa biblioteka w dzielnicy portowej zostanie otwarta za dwa lata?", PL_P),
    ],
)
def test_question_headline_over_the_toolbar_is_not_a_lede(question: str, paras: list[str]) -> None:
    # A headline asking a question reads as a sentence and shares the article's words: still the title.
    page = _page(NAV, question, "Tweet", "• Comments: 0", *paras)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    assert (res.title, res.text) == (question, _page(question, *paras))


@pytest.mark.parametrize(
    ("link", "paras"),
    [
        ("Get science news from the Daily Example »", EN_P),
        ("Czytaj dalej >", PL_P),
        ("Все новости раздела »", RU_P),
        ("Lire la suite »", FR_P),
        ("更多 >>", EN_P),
        ("اقرأ المزيد ›", EN_P),
    ],
)
def test_link_ending_on_an_arrow_removed(link: str, paras: list[str]) -> None:
    # A link under (or inside) the article: the arrow set apart at its end marks it.
    page = _page(NAV, paras[0], link, *paras[1:], link)
    assert run(page) == _page(*paras)
    # A French quote closing on " »" after its opening « is text.
    quote = "« Nous rouvrirons la piscine avant l'été prochain, c'est promis. »"
    kept = _page(paras[0], quote, *paras[1:])
    assert run(_page(NAV, kept)) == kept


@pytest.mark.parametrize(
    ("credit", "paras"),
    [
        ("記者陳大文／台北報導", EN_P),
        ("【晚報╱記者王小明／即時報導】", EN_P),
        ("本报记者 李明 摄", EN_P),
        ("攝影╱張大同 部分圖片╱資料照片", EN_P),
        ("fot.: Jan Kowalski", PL_P),
        ("Foto.: Agencia Local", EN_P),
        ("Фото.: пресс-служба мэрии", RU_P),
    ],
)
def test_credit_line_inside_the_article_removed(credit: str, paras: list[str]) -> None:
    # A reporter's or photographer's credit between paragraphs: it goes, the article stays whole.
    assert run(_page(NAV, paras[0], credit, *paras[1:])) == _page(*paras)
    # A sentence about a reporter is text.
    said = "记者昨日致电该公司，工作人员告诉记者，公司内部已经统一口径，不接受采访。"
    assert run(_page(NAV, paras[0], said, *paras[1:])) == _page(paras[0], said, *paras[1:])


# ---------------------------------------------------------------------------------------------------
# Boxes and teaser lists, run-together tickers, share bars, promos and photo credits (issue 3).

EL_P = [
    "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα την ανακαίνιση της παλιάς αγοράς, που είχε κλείσει "
    "πριν από τρία χρόνια λόγω ζημιών στη στέγη.",
    "Σύμφωνα με τον αντιδήμαρχο, οι εργασίες θα ξεκινήσουν την άνοιξη και θα διαρκέσουν περίπου "
    "δεκαοκτώ μήνες, με κόστος οκτώ εκατομμυρίων ευρώ.",
    "Οι έμποροι της περιοχής ζητούσαν εδώ και καιρό τη λύση, καθώς οι πελάτες μετακινήθηκαν στα "
    "μεγάλα καταστήματα έξω από την πόλη.",
    "Η περιφέρεια θα καλύψει το μεγαλύτερο μέρος του κόστους, ανέφερε ο δήμος σε ανακοίνωσή του.",
]
EN_MORE = [
    "Officials said the clinics in the northern districts would stay open until nine in the evening "
    "for the rest of the month, to shorten the waiting lists.",
    "Health workers will also visit care homes next week, where most residents have already "
    "received their first dose of the vaccine this season.",
    "The authority will publish weekly figures on its website, so that families can see how the "
    "outbreak develops in their own area over the winter.",
]


def _box(heading: str, items: list[tuple[str, str]]) -> list[str]:
    """A box of headlines as a copied page renders it: a bare bullet line, the headline, its date."""
    return [heading, *(line for headline, date in items for line in ("•", headline, date))]


_BOX_ITEMS = [
    ("Harbour reopens after the storm", "23 Oct 2023"),
    ("New ferry timetable for the islands", "20 Dec 2023"),
    ("Bridge repairs to start in spring", "01 Dec 2023"),
    ("Council approves the budget", "19 May 2023"),
    ("Library opens a reading room", "16 Dec 2022"),
]


@pytest.mark.parametrize(
    ("heading", "before", "after"),
    [
        ("Related Articles", EN_P[:3], [EN_P[3], *EN_MORE]),
        ("Материалы по теме", [*RU_P, EN_P[0]], [*EN_MORE, EN_P[1], EN_P[2]]),
        ("Zobacz także", PL_P[:4], [PL_P[4], *EN_MORE]),
    ],
)
def test_box_with_bare_bullets_inside_the_article_keeps_both_parts(
    heading: str, before: list[str], after: list[str]
) -> None:
    # Five headlines with their dates, each after a bare bullet line: fifteen lines, but five items
    # of a box, and the article (a block of paragraphs before it) goes on under it.
    page = _page(NAV, *before, *_box(heading, _BOX_ITEMS), *after)
    assert run(page) == _page(*before, *after)


def _ticker(k: int) -> str:
    """Headlines of a news ticker run together into one long line, hardly a sentence end inside."""
    heads = [
        f"Council approves bridge plan number {i} Ferry service resumes after storm in district {i} "
        f"Rents rising again in the old town Local team wins the regional cup for the {i}th time"
        for i in range(k)
    ]
    return "Why are rents rising? " + " ".join(heads)


@pytest.mark.parametrize(
    ("ticker", "paras"),
    [
        (_ticker(12), EN_P),
        (_ticker(12).replace("Council", "Совет").replace("Ferry", "Паром"), RU_P),
        (_ticker(12), PL_P),
    ],
)
def test_run_together_ticker_over_the_article_is_not_the_article(ticker: str, paras: list[str]) -> None:
    # Over a thousand characters without a full stop at the end and one question mark inside: no
    # paragraph of an article, however long.
    assert len(ticker) > 1000
    headline = "Flu vaccine still available"
    page = _page(NAV, ticker, "You are here: Home » Health » News", headline, *paras)
    res = clean(RawArticle(body=page, content_type="text/plain"), BoilerplateState(CFG), CFG)
    # The line over the English article shares its words: its headline (it opens the text); elsewhere none.
    assert res.title == (headline if paras is EN_P else None)
    assert res.text == (_page(headline, *paras) if res.title else _page(*paras))
    # A long paragraph with its sentences is prose, and so is one that lost its last full stop.
    long_para = " ".join(paras) + " " + " ".join(paras)
    assert run(_page(NAV, long_para, *paras)) == _page(long_para, *paras)
    unfinished = (paras[0] + " " + paras[1] + " " + paras[2]).replace(". ", ", and ", 1).rstrip(".")
    assert run(_page(NAV, unfinished, *paras[3:])) == _page(unfinished, *paras[3:])


@pytest.mark.parametrize(
    ("crumb", "paras"),
    [
        ("Агентство » Новости » Общество » Городской совет утвердил план ремонта…", RU_P),
        ("Example News » Health » Regional authority says the seasonal vaccine...", EN_P),
        ("Strona główna » Wiadomości » Rada miasta zdecydowała o budowie…", PL_P),
    ],
)
def test_breadcrumb_ending_on_a_cut_headline_removed(crumb: str, paras: list[str]) -> None:
    # The last crumb is the page's headline cut short: the ellipsis makes no sentence of it.
    assert run(_page(NAV, crumb, *paras)) == _page(*paras)
    # A sentence trailing off with an ellipsis is text.
    trailing = "Officials said the work would take a year, maybe two, maybe more…"
    assert run(_page(NAV, paras[0], trailing, *paras[1:])) == _page(paras[0], trailing, *paras[1:])


def _teaser_box(heading: str, lang: str) -> list[str]:
    """A box of teasers: a heading, then a bullet headline over a one-sentence summary, five times."""
    summary = {
        "el": "Οι εργαζόμενοι του νοσοκομείου συνεχίζουν τις συναντήσεις με τη διοίκηση, χωρίς όμως "
        "αποτέλεσμα, καθώς δεν διαφαίνεται λύση στο πρόβλημα των δεδουλευμένων αποδοχών τους {k}.",
        "en": "Hospital staff met the management again on Tuesday, without a result, as no solution to "
        "the dispute over unpaid wages is in sight for the workers of ward {k} this winter.",
        "ru": "Сотрудники больницы снова встретились с руководством во вторник, но договориться о "
        "выплате долгов по зарплате за осень так и не удалось, сообщили в профсоюзе отделения {k}.",
    }[lang]
    out = [heading]
    for k in range(5):
        out += [f"• Headline of teaser {k}", summary.format(k=k)]
    return out


@pytest.mark.parametrize(
    ("lang", "heading", "paras"),
    [("el", "Τελευταία Νέα", EL_P), ("en", "Latest news", EN_P), ("ru", "Последние новости", RU_P)],
)
def test_teaser_box_under_its_heading_removed_with_the_summaries(
    lang: str, heading: str, paras: list[str]
) -> None:
    # A short article (one paragraph and its source), then a box of teasers whose summaries together
    # outweigh it: the summaries under the box's bullet headlines are the box's, not an article.
    article = paras[0]
    page = _page(NAV, "Headline of the article", article, "Πηγές: example.gr", *_teaser_box(heading, lang))
    assert run(page) == article
    # A paragraph after a box of headlines inside an article, followed by more paragraphs, stays.
    after = [
        *EN_MORE,
        "Pharmacists in the smaller towns said they had ordered more doses after the first cases were "
        "confirmed in the capital last week.",
        "The authority thanked the volunteers who helped to run the vaccination points over the "
        "weekend, when the queues were the longest.",
    ]
    inner = _page(NAV, *paras, heading, "• One headline", "• Another headline", *after)
    assert run(inner) == _page(*paras, *after)


@pytest.mark.parametrize(
    ("bar", "paras"),
    [
        ("Share this article", EN_P),
        ("Поделиться новостью", RU_P),
        ("Αποστολή Εκτύπωση Μέγεθος κειμένου Μοιραστείτε το:", EL_P),
    ],
)
def test_teaser_list_does_not_outweigh_the_article(bar: str, paras: list[str]) -> None:
    # A list of timed headlines, each over its summary, under the article's share bar: more prose
    # than the article, but no two summaries follow each other as an article's paragraphs do.
    teasers = []
    for k in range(8):
        teasers += [
            f"10:{k}7 Headline of another story number {k}",
            f"Summary of another story number {k}, which the site shows under its headline in the "
            "list of the latest news of the day.",
        ]
    page = _page(NAV, *paras, bar, *teasers)
    assert run(page) == _page(*paras)


@pytest.mark.parametrize(
    ("bar", "paras"),
    [
        ("Livejournal Twitter Facebook Myspace Blogger Google Buzz Gmail", RU_P),
        ("Delicious Facebook Google Messenger Reddit Twitter StumbleUpon", EN_P),
        ("Αποστολή Εκτύπωση Μέγεθος κειμένου Μοιραστείτε το:", EL_P),
        ("X Share & bookmark", EN_P),
    ],
)
def test_share_bar_of_network_names_parts_the_article_from_an_ad(bar: str, paras: list[str]) -> None:
    # The bar closes the article: the advertisement under it does not join it.
    ad = "«What else do you drink besides milk? ...answer and win a trip to the islands for two»"
    page = _page(NAV, *paras, bar, "Advertiser links", ad)
    assert run(page) == _page(*paras)
    # A network's name alone is a subheading of the article, not a share bar.
    kept = [paras[0], paras[1], "Google", paras[2], paras[3]]
    assert run(_page(NAV, *kept)) == _page(*kept)


@pytest.mark.parametrize(
    ("promo", "paras"),
    [
        (
            "Codziennie rano najświeższe informacje z miasta na Twoją skrzynkę. Zapisz się do newslettera!",
            PL_P,
        ),
        ("Chcesz być na bieżąco? Zamów bezpłatny newsletter Portalu.", PL_P),
        ("Читайте новости нашего сайта в социальных сетях facebook и twitter.", RU_P),
        ("Ακολουθήστε μας στο Facebook για όλα τα νέα της πόλης.", EL_P),
        (
            "本站科技频道正式登陆Facebook专页，我们会天天送上最新的数码资讯。"
            "还不快点到Facebook LIKE 我们的专页~http://www.facebook.com/examplenews",
            EN_P,
        ),
        ("Like our page for more health news: facebook.com/examplehealth", EN_P),
    ],
)
def test_channel_promo_under_the_article_removed(promo: str, paras: list[str]) -> None:
    res = clean(RawArticle(body=_page(NAV, *paras, promo)), BoilerplateState(CFG), CFG)
    assert res.text == _page(*paras)
    assert res.report.removed_blocks.get("promo", 0) >= 1
    # A sentence reporting on a network is text, and so is a long one before a promo ending a line.
    news = "The ministry said that the Facebook pages of public offices must be kept up to date."
    assert run(_page(NAV, *paras, news)) == _page(*paras, news)
    long = (
        "The council met on Monday and decided after a long debate to close the old market hall "
        "for good next year. Join the debate on Facebook!"
    )
    assert run(_page(NAV, *paras, long)) == _page(*paras, long)


@pytest.mark.parametrize(
    ("credit", "paras"),
    [
        ("P. Kevin Morley, AP", EN_P),
        ("Peter Morenus/University of Connecticut, via Associated Press", EN_P),
        ("Jan Nowak/PAP/EPA", PL_P),
        ("/PAP/EPA", PL_P),
        ("Fot. Anna Kowalska", PL_P),
        ("Photograph by: John Smith, Example Press", EN_P),
        ("Zdjęcie", PL_P),
        ("Фото", RU_P),
        ("Πηγές: example.gr", EL_P),
        ("(AP Photo/Evan Smith, File)", EN_P),
        ("REUTERS/Jan Nowak", PL_P),
        ("AFP PHOTO / JOHN SMITH", EN_P),
    ],
)
def test_photo_credit_naming_its_agency_removed(credit: str, paras: list[str]) -> None:
    # A photo's credit (or its bare label) between paragraphs goes; the article stays whole.
    assert run(_page(NAV, paras[0], credit, *paras[1:])) == _page(*paras)
    # A sentence naming an agency is text, and so is a poll's name opening a line.
    for said in [
        "The figures were first reported by the AP.",
        "Reuters/Ipsos poll shows support for the plan rising",
    ]:
        assert run(_page(NAV, paras[0], said, *paras[1:])) == _page(paras[0], said, *paras[1:])


@pytest.mark.parametrize("heading", ["ΠΑΡΟΜΟΙΑ ΘΕΜΑΤΑ", "Παρόμοια θέματα"])
def test_greek_related_heading_in_capitals_ends_the_article(heading: str) -> None:
    # Capitals drop the accents: the heading is the same cue.
    others = [
        "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τους αγρότες της περιοχής, που θα ισχύσουν από τον "
        "επόμενο μήνα και για όλο το έτος.",
        "Οι εκπαιδευτικοί της πόλης θα απεργήσουν την Πέμπτη, ζητώντας αυξήσεις και περισσότερες "
        "προσλήψεις στα σχολεία.",
    ]
    assert run(_page(NAV, *EL_P, heading, *others)) == _page(*EL_P)


@pytest.mark.parametrize(
    ("paras", "tail"),
    [
        (
            EL_P,
            [
                "• Η οικονομική κρίση φέρνει νέα μέτρα. Πρώτη η πόλη στη λίστα (09/12 - 11:06)",
                "• Εκδήλωση για την υγεία στο λιμάνι (08/12 - 19:30)",
                "• Δωρεάν εμβόλια στα σχολεία της περιοχής (08/12 - 16:34)",
                "• Ελλείψεις κλινών στο νοσοκομείο (08/12 - 15:10)",
            ],
        ),
        (
            EN_P,
            [
                "• Flu season starts early. Clinics open late (12/01 - 09:15)",
                "• Harbour reopens after the storm (11/01 - 18:40)",
                "• New ferry timetable for the islands (11/01 - 12:05)",
            ],
        ),
    ],
)
def test_list_of_headline_links_partly_read_as_prose_dropped(paras: list[str], tail: list[str]) -> None:
    # Its first item holds a sentence end and joins the article's run of prose; the items under it do
    # not. All of them are one list of links.
    assert run(_page(NAV, *paras, *tail)) == _page(*paras)
    # The article's own list of full sentences stays.
    own = ["• Wash your hands.", "• Stay at home.", "• Call your doctor."]
    assert run(_page(NAV, *paras, *own)) == _page(*paras, *own)


ZH_P = [
    "本报讯 市政府昨日宣布，城北新建的三座公园将于下月正式开放，市民可免费入园参观游览。",
    "据介绍，新公园总面积约二十公顷，园内设有儿童游乐区、健身步道和一座小型植物园。",
    "市园林局负责人表示，公园开放后将实行夜间照明，方便市民晚饭后散步和锻炼身体。",
    "此外，公园周边还将新增两条公交线路和五百个停车位，以缓解节假日期间的交通压力。",
]


@pytest.mark.parametrize(
    "widget",
    [
        ["共有评论0条 点击查看", "用户名 密码 注册", "所有评论仅代表网友意见，本网保持中立。"],
        ["0条评论 我要评论", "用户名 密码 登录"],
        ["已有3条评论，共12人参与"],
    ],
)
def test_comment_box_of_a_chinese_page_removed(widget: list[str]) -> None:
    # The comment counter, the sign-in box and the comment disclaimer between the article and its
    # editor's credit: the credit closes the article, but these lines are not the article's.
    res = clean(RawArticle(body=_page(NAV, *ZH_P, *widget, "编辑：王小明")), BoilerplateState(CFG), CFG)
    assert res.text == _page(*ZH_P)
    # A sentence with a number of comments in it is text.
    said = "该市民说，他在网上看到了很多条评论，大家都很支持这个计划。"
    assert run(_page(NAV, *ZH_P, said)) == _page(*ZH_P, said)


@pytest.mark.parametrize(
    ("count", "paras"),
    [("| 13 Comment(s)", EN_P), ("17 комментариев", RU_P), ("5 komentarzy", PL_P), ("4 σχόλια", EL_P)],
)
def test_comment_count_over_readers_comments_ends_the_article(count: str, paras: list[str]) -> None:
    # Readers' comments under their bare names (no date to tell a byline) outweigh the article; the
    # count heading them ends it all the same.
    names = ["Lindsay Gray", "reidjr", "Steve", "Anna K.", "MP", "Don", "Ruth Kincaid, Nepean"]
    comments = []
    for k, name in enumerate(names):
        comments += [
            name,
            f"I have lived in this city for {k + 10} years and I am not surprised at all, nothing changes "
            "here unless people complain loudly enough and for long enough.",
            "Maybe the council will listen this time, but I doubt it very much.",
        ]
    page = _page(NAV, *paras, "Please Add Comments", count, *comments)
    assert run(page) == _page(*paras)


@pytest.mark.parametrize(
    ("paras", "captions"),
    [
        (
            [
                "全球消费电子展昨日在拉斯维加斯开幕，本届展会展厅面积再创新高，吸引了来自一百三十多个国家和地区的"
                "十五万名观众，数千家厂商在展会上发布了新一代的电视、手机和平板电脑产品，业界人士普遍认为，"
                "今年的展会将成为智能电视和移动设备全面普及的起点。",
                "这款耳机造型靓丽，可以连接各种智能手机，音质表现出色。",
                "这款播放机采用了智能操作平台，可以搭配无线键鼠操作。",
            ],
            ["展台", "耳机", "小型服务器", "播放机产品"],
        ),
        (
            [
                " ".join(EN_P),
                "The new stand shows the headphones in six colours.",
                "The player runs on the latest version of the system.",
            ],
            ["The stand", "Headphones", "Small server", "The player"],
        ),
    ],
)
def test_paragraphs_between_picture_captions_belong_to_the_article(
    paras: list[str], captions: list[str]
) -> None:
    # A picture story: short paragraphs, each under the captions of three or four pictures. The
    # captions (a few words each) go; the paragraphs set apart by them stay with the article.
    page = _page(NAV, paras[0], *captions, paras[1], *captions[:3], paras[2])
    assert run(page) == _page(*paras)
    # Headlines of teasers under the article are longer than captions: the summaries under them go.
    heads = [
        "Harbour reopens after the winter storm damage",
        "New ferry timetable announced for the islands",
        "Council approves next year's budget at last",
    ]
    teased = _page(NAV, paras[0], *heads, paras[1])
    assert run(teased) == paras[0]


@pytest.mark.parametrize(
    ("label", "paras"),
    [("Advertisement", [*EN_P, *EN_MORE]), ("Реклама", [*RU_P, *EN_MORE]), ("Reklama", [*PL_P, *EN_MORE])],
)
def test_article_with_an_ad_label_between_its_paragraphs_outweighs_a_smaller_block(
    label: str, paras: list[str]
) -> None:
    # The ad label between every two paragraphs does not make them a list of teasers (each under
    # its headline): the article still outweighs a smaller block of paragraphs under it.
    lines = [x for p in paras for x in (p, label)][:-1]
    other = [
        "Readers wrote to us all week about the queues at the pharmacies and the clinics in the "
        "north, and most of them said the staff had been patient and kind.",
        "Some asked why the vaccination points could not open on Sundays as well, when most families "
        "have the time to go together.",
        "Others wanted to know whether the vaccine was free for students from other regions.",
    ]
    page = _page(NAV, *lines, "Share this article", *other)
    assert run(page) == _page(*paras)


@pytest.mark.parametrize(
    ("paras", "quote"),
    [
        (EN_P, "Doctors have confirmed the first cases of influenza in the capital"),
        (RU_P, "«Жители прибрежных кварталов жаловались на трещины в опорах ещё прошлой зимой…»"),
        (PL_P, "Projekt przewiduje czytelnię dla dzieci, salę koncertową oraz ogród na dachu..."),
    ],
)
def test_pull_quote_repeating_a_paragraph_removed(paras: list[str], quote: str) -> None:
    # A pull quote: part of a paragraph set apart in large type, without its full stop (or cut
    # short), next to the paragraph it repeats.
    page = _page(NAV, paras[0], paras[1], quote, *paras[2:])
    assert run(page) == _page(*paras)
    # A lead repeated as the opening sentence of a longer paragraph is the article's own.
    lead = paras[0]
    longer = lead + " " + paras[1]
    assert run(_page(NAV, lead, longer, *paras[2:])) == _page(lead, longer, *paras[2:])


# ---------------------------------------------------------------------------------------------------
# Round 2 (issue 3): promos against reported sentences, polls, pagers, links to the next article,
# calls to click, form notes.


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said it would follow the rules on Facebook pages of all public offices",
        "The ministry said it would follow the rules on Facebook pages of all public offices.",
        "وقال المتحدث إن موظفي الوزارة تابعوا الشكاوى على فيسبوك وتويتر طوال الأسبوع الماضي.",
        "وقالت الوزارة إنها ستتابع تطبيق القواعد على صفحات فيسبوك الرسمية للمؤسسات العامة",
        "El ministerio explicó que la campaña sigue activa en Facebook e Instagram hasta marzo.",
        "Der Verband kündigte an, dass Mitglieder den Newsletter abonnieren und Telegram nutzen können.",
        "Joint statements of both ministers were published on Twitter late on Monday evening.",
        "市政府表示，已有三千多名市民加入了官方微信群，反映交通问题和停车难的情况。",
    ],
)
def test_sentence_reporting_on_a_network_is_not_a_promo(sentence: str) -> None:
    # A promo's verb opens its clause ("Follow us on X", "For news, subscribe to ..."); the same verb
    # late in a reported clause, or inside a longer word ("ستتابع", "Joint"), is the article's.
    # (An unfinished line closing the page is not taken for the article's last sentence.)
    pages = [[EN_P[0], sentence, EN_P[1], EN_P[2]]] + ([[*EN_P, sentence]] if sentence[-1] in ".。" else [])
    for paras in pages:
        res = clean(RawArticle(body=_page(NAV, *paras)), BoilerplateState(CFG), CFG)
        assert res.text == _page(*paras)
        assert "promo" not in res.report.removed_blocks


@pytest.mark.parametrize(
    "promo",
    [
        "You can also follow us on Facebook and Twitter for the latest updates from the region",
        "For the latest news from the region, follow our Telegram channel every day",
        "لمزيد من الأخبار والتحديثات اليومية من مراسلينا تابعونا على فيسبوك",
        "وتابعونا على فيسبوك",
        "Чтобы первыми узнавать новости города, подписывайтесь на наш канал в Telegram",
        "更多精彩内容，请关注本报微信公众号",
    ],
)
def test_promo_opening_its_clause_removed(promo: str) -> None:
    res = clean(RawArticle(body=_page(NAV, *EN_P, promo)), BoilerplateState(CFG), CFG)
    assert res.text == _page(*EN_P)
    assert res.report.removed_blocks.get("promo", 0) >= 1


@pytest.mark.parametrize(
    ("poll", "paras"),
    [
        (
            ["Poll: Should the clinics open on Sundays too?", "• Yes, every week.", "• No.", "• Not sure."],
            EN_P,
        ),
        (
            [
                "Sonda - Czy biblioteka powinna być otwarta w niedziele?",
                "• Tak, zdecydowanie.",
                "• Nie.",
                "• Nie mam zdania.",
            ],
            PL_P,
        ),
        (["Опрос", "Как часто вы ездите по этим мостам?", "Каждый день", "Раз в неделю", "Никогда"], RU_P),
        (
            ["调查", "你如何看待新公园的开放？", "1.你如何看待新公园的开放？", "非常满意", "一般", "不满意"],
            ZH_P,
        ),
        (["Δημοσκόπηση: Συμφωνείτε με την ανακαίνιση της αγοράς;", "• Ναι", "• Όχι"], EL_P),
    ],
)
def test_reader_poll_under_the_article_removed(poll: list[str], paras: list[str]) -> None:
    # A poll's heading, its question (a sentence) and its answers (sentences or bullets) go.
    res = clean(RawArticle(body=_page(NAV, *paras, *poll)), BoilerplateState(CFG), CFG)
    assert res.text == _page(*paras)
    assert res.report.removed_blocks.get("share", 0) >= 1
    # A sentence opening with the word is the article's.
    kept = "Sonda przeprowadzona w maju wykazała, że większość mieszkańców popiera budowę biblioteki."
    assert run(_page(NAV, *PL_P, kept)) == _page(*PL_P, kept)


@pytest.mark.parametrize(
    ("lines", "paras", "credit"),
    [
        (
            ["Previous article: Harbour reopens after the storm", "Next article: Bridge repairs to start"],
            EN_P,
            "(Reporting by Jane Doe; Editing by John Smith)",
        ),
        (["Следующая статья » Мэрия открыла новый каток"], RU_P, "Источник: ТАСС"),
        (
            ["Poprzedni artykuł: Nowy rozkład jazdy tramwajów", "Następny artykuł: Festiwal w porcie"],
            PL_P,
            "Źródło: PAP",
        ),
        (["上一則▲：市政府擴建公園", "下一則▼：新公車路線下月通車"], ZH_P, "（陈巍 编辑）"),
        (["Επόμενο άρθρο: Νέα γραμμή λεωφορείου στο κέντρο"], EL_P, "Πηγή: ΑΠΕ-ΜΠΕ"),
    ],
)
def test_link_to_the_next_article_removed(lines: list[str], paras: list[str], credit: str) -> None:
    # A link to the site's next or previous article under it is a headline, not its text, even where
    # the short lines before a closing credit are the article's own (a table, a list).
    assert run(_page(NAV, *paras, *lines, credit)) == _page(*paras)
    assert run(_page(NAV, *paras, *lines)) == _page(*paras)


@pytest.mark.parametrize(
    ("pager", "paras"),
    [
        ("« Previous 1 2 3 Next »", EN_P),
        ("Page 1 of 4", EN_P),
        ("Strona 1 z 4", PL_P),
        ("Предыдущая 1 2 3 Следующая", RU_P),
        ("上一页 123 下一页", ZH_P),
    ],
)
def test_pager_of_a_paged_article_removed(pager: str, paras: list[str]) -> None:
    # Over the article, between its paragraphs or under it: page numbers and the words for next and
    # previous are navigation.
    for page in (
        _page(NAV, pager, *paras),
        _page(NAV, paras[0], pager, *paras[1:]),
        _page(NAV, *paras, pager),
    ):
        assert run(page) == _page(*paras)
    # A sentence with a page number in it is the article's.
    kept = [*paras[:2], "The next 3 pages of the report list the clinics.", *paras[2:]]
    assert run(_page(NAV, *kept)) == _page(*kept)


@pytest.mark.parametrize(
    ("line", "paras"),
    [
        (
            "If you have any questions about this story click here. To send us your own photos click here.",
            EN_P,
        ),
        ("Чтобы посмотреть все фотографии, нажмите здесь.", RU_P),
        ("Aby zobaczyć galerię zdjęć, kliknij tutaj.", PL_P),
        ("查看更多图片请点击这里。", ZH_P),
        ("Για περισσότερες φωτογραφίες κάντε κλικ εδώ.", EL_P),
    ],
)
def test_call_to_click_a_lost_link_removed(line: str, paras: list[str]) -> None:
    # The link is gone from a copied page: a line whose every sentence asks to click it is furniture,
    # between the paragraphs (without splitting the article) or under them.
    assert run(_page(NAV, paras[0], line, *paras[1:])) == _page(*paras)
    assert run(_page(NAV, *paras, line)) == _page(*paras)
    # A sentence of the article that also asks to click stays with it.
    mixed = paras[0] + " " + line
    assert run(_page(NAV, mixed, *paras[1:])) == _page(mixed, *paras[1:])


@pytest.mark.parametrize(
    ("note", "paras"),
    [
        ("*Submitted comments are subject to moderation before being displayed.", EN_P),
        (
            "To receive a weekly email with the news of the companies you follow, please provide your "
            "email address below.",
            EN_P,
        ),
        ("Комментарии проходят модерацию перед публикацией.", RU_P),
        ("Komentarze są moderowane przed publikacją.", PL_P),
        ("ctvottawa.ca", EN_P),
        ("www.example-news.pl", PL_P),
    ],
)
def test_form_note_or_site_address_removed(note: str, paras: list[str]) -> None:
    # A comment form's note or a newsletter box's request, and a line holding only the site's address
    # (its name under the logo), go wherever they stand: between paragraphs they do not split them.
    assert run(_page(NAV, note, *paras)) == _page(*paras)
    assert run(_page(NAV, paras[0], note, *paras[1:])) == _page(*paras)
    assert run(_page(NAV, *paras, note)) == _page(*paras)
    kept = [*paras[:2], "The ministry said comments from the public were reviewed by a panel.", *paras[2:]]
    assert run(_page(NAV, *kept)) == _page(*kept)


@pytest.mark.parametrize(
    ("heading", "items", "paras"),
    [
        (
            "Related News",
            [
                (
                    "Harbour reopens after the storm",
                    "Monday, 16th January 2012",
                    "The harbour reopened to ferries on Monday after a week of repairs to the pier.",
                ),
                (
                    "New ferry timetable for the islands",
                    "Thursday, 5th January 2012",
                    "Ferries to the islands will run every two hours from February, the operator said.",
                ),
            ],
            EN_P,
        ),
        (
            "Похожие новости",
            [
                (
                    "В городе открылся новый каток",
                    "16 января 2012",
                    "Каток в центральном парке будет работать ежедневно до конца февраля.",
                ),
                (
                    "Мэрия утвердила бюджет",
                    "5 января 2012",
                    "Депутаты приняли бюджет города на следующий год после долгих споров.",
                ),
                (
                    "Трамваи пойдут по новому маршруту",
                    "3 января 2012",
                    "Новый маршрут свяжет вокзал с университетом уже этой весной.",
                ),
            ],
            RU_P,
        ),
        (
            "Powiązane artykuły",
            [
                (
                    "Nowy rozkład jazdy tramwajów",
                    "Zmiany wejdą w życie od przyszłego miesiąca, podał przewoźnik.",
                ),
                ("Festiwal w porcie", "Na festiwal przyjedzie w tym roku ponad sto zespołów z całej Europy."),
            ],
            PL_P,
        ),
    ],
)
def test_teaser_box_without_bullets_over_the_article_removed(
    heading: str, items: list[tuple[str, ...]], paras: list[str]
) -> None:
    # "Related News" / headline / date / one-sentence summary, item after item (each a block of its
    # own), right over the article: the summaries are the box's, not the article's first paragraphs.
    box = [heading, *("\n".join(item) for item in items)]
    assert run(_page(NAV, "Headline of the article", *box, *paras)) == _page(*paras)
    # A box heading over a headline and paragraphs that go on is the article's own subheading area:
    # its paragraphs stay.
    inner = _page(NAV, *EN_MORE, heading, "A headline", "\n".join(paras[:2]), *paras[2:])
    assert run(inner).endswith(_page("\n".join(paras[:2]), *paras[2:]))


@pytest.mark.parametrize(
    ("lede", "box", "paras"),
    [
        (
            "Rada miasta zdecydowała o budowie nowej biblioteki w dzielnicy portowej, otwarcie za dwa lata.",
            [
                "Podziel się",
                "Przeczytaj więcej",
                *(
                    x
                    for h in (
                        "Nowy rozkład jazdy?",
                        "Festiwal w porcie. Bilety już są",
                        "Kto wygra wybory?",
                        "Pościg za złodziejem. Policja go złapała",
                        "Nowe przystanki",
                        "Remont mostu",
                    )
                    for x in ("•", h)
                ),
            ],
            PL_P,
        ),
        (
            "The seasonal flu vaccine is still available at pharmacies and family doctors, the regional "
            "health authority said.",
            [
                "Share",
                "Read more",
                *(
                    x
                    for h in (
                        "Who will win the vote?",
                        "Ferry strike. Talks resume today",
                        "Harbour reopens",
                        "New bus lines. Tickets on sale",
                        "Bridge repairs",
                        "Library opens late",
                    )
                    for x in ("•", h)
                ),
            ],
            EN_P,
        ),
    ],
)
def test_lede_over_a_box_of_headlines_belongs_to_the_article(
    lede: str, box: list[str], paras: list[str]
) -> None:
    # The lead, a share button and a box of headlines (a bare bullet over each, some headlines reading
    # as sentences), then the body: the box goes and the lead stays with the body.
    assert run(_page(NAV, lede, *box, *paras)) == _page(lede, *paras)


@pytest.mark.parametrize(
    ("lead", "paras"),
    [
        (
            "Rodzice maluchów z miejskich żłobków nie chcą ich szczepić przeciwko grypie, mimo że "
            "szczepionki za kilkaset złotych funduje im miasto",
            PL_P,
        ),
        (
            "Scientists should hold back the details of the new strains of the virus for now, because "
            "the data could be misused by those who want to cause harm",
            EN_P,
        ),
        (
            "Жители прибрежных кварталов жалуются на трещины в опорах старых мостов, хотя ремонт "
            "обещали начать ещё прошлой осенью",
            RU_P,
        ),
    ],
)
def test_lead_with_one_comma_and_no_full_stop_belongs_to_the_body(lead: str, paras: list[str]) -> None:
    # A lead that lost its full stop, with a single comma, is a sentence of small words: it stays over
    # the body, under its date line.
    page = _page(NAV, "Headline Of The Story", "28.12.2011 12:17", lead, *paras)
    assert run(page).endswith(_page(lead, *paras))
    # Headlines run together into one long line capitalise each word and stay out.
    ticker = (
        "Mayor Opens New Library In The Harbour District, Ferry Strike Ends After Talks With The "
        "Union Leaders On Monday"
    )
    assert run(_page(NAV, ticker, *paras)) == _page(*paras)


@pytest.mark.parametrize(
    ("toolbar", "paras"),
    [
        (">>请相信网络的力量! 加入收藏 | 设为首页 | 将本文分享到：", ZH_P),
        ("Add to favorites | Set as homepage", EN_P),
        ("Добавить в избранное", RU_P),
        ("Dodaj do ulubionych · Drukuj", PL_P),
    ],
)
def test_browser_toolbar_links_removed(toolbar: str, paras: list[str]) -> None:
    # Links to bookmark the page or make it the home page: furniture, wherever they stand.
    assert run(_page(NAV, paras[0], toolbar, *paras[1:])) == _page(*paras)
    assert run(_page(NAV, *paras, toolbar)) == _page(*paras)

"""Unit tests of the pure dedup core: verdicts, ordering, redelivery, eviction, rebuild, compactness."""

from __future__ import annotations

import gc
import hashlib
import random
import tracemalloc

import msgspec
import numpy as np
import pytest

from streams.stages.clean import matching_form
from streams.stages.dedup import (
    DedupConfig,
    DedupIndex,
    IndexEntry,
    Signature,
    jaccard,
    order_key,
    pack_mins,
    shingle_hashes,
    shingles,
    signature,
    similarity,
    source_fingerprint,
)

# Fixture articles written for these tests (not taken from any corpus).
AR = (
    "أعلنت وزارة الصحة اليوم الثلاثاء عن افتتاح مستشفى جديد في مدينة صفاقس بطاقة استيعاب تبلغ مائتي سرير. "
    "وقال الوزير في ندوة صحفية إن المستشفى سيضم أقساما للطب الباطني والجراحة العامة وطب الأطفال والتوليد. "
    "وأضاف أن تكلفة المشروع بلغت نحو ثمانين مليون دينار بتمويل من الدولة وقرض من أحد الصناديق العربية. "
    "ومن المنتظر أن يوفر المستشفى أكثر من خمسمائة موطن شغل لفائدة الأطباء والممرضين والإداريين في الجهة. "
    "وأكد المدير الجهوي للصحة أن الأشغال انطلقت منذ ثلاث سنوات وتأخرت بسبب صعوبات في التزود بالمعدات. "
    "ودعا المواطنين إلى التوجه إلى مراكز الصحة الأساسية في الحالات البسيطة لتخفيف الضغط على المستشفيات."
)
AR_OTHER = (
    "انهزم النادي الرياضي الصفاقسي مساء أمس الأحد أمام الترجي الرياضي التونسي بهدفين دون رد في ملعب رادس. "
    "وسجل المهاجم الجزائري الهدف الأول في الدقيقة العشرين بعد تمريرة من الجهة اليمنى ثم أضاف زميله "
    "الهدف الثاني. "
    "وبهذه النتيجة يعزز الترجي صدارته لترتيب البطولة بفارق خمس نقاط عن أقرب ملاحقيه "
    "قبل ثلاث جولات من النهاية. "
    "وقال مدرب الفريق الصفاقسي إن لاعبيه قدموا مباراة جيدة لكنهم افتقدوا النجاعة "
    "أمام المرمى في الشوط الثاني. "
    "ويستعد الفريقان للمشاركة في المسابقات الإفريقية خلال الأسابيع القادمة بعد توقف البطولة لفائدة المنتخب."
)
ZH = (
    "国家统计局今天发布数据显示，今年第一季度全国居民人均可支配收入比去年同期名义增长百分之六点二。"
    "其中城镇居民人均可支配收入增长百分之五点一，农村居民人均可支配收入增长百分之七点六。"
    "统计局新闻发言人表示，居民收入稳步增长，消费支出持续恢复，服务消费成为拉动增长的重要力量。"
    "他同时指出，外部环境依然复杂严峻，国内需求仍显不足，经济持续回升向好的基础还需要进一步巩固。"
)
ZH_OTHER = (
    "北京市气象台今天上午发布暴雨蓝色预警，预计今天午后到夜间本市大部分地区将出现中到大雨。"
    "气象专家提醒市民外出注意防范雷电和短时大风，尽量避开低洼地带和地下通道，驾车注意减速慢行。"
    "受降雨影响，部分航班可能出现延误，旅客出行前请及时关注航空公司发布的最新信息。"
)
EN = (
    "The city council approved a new budget on Tuesday that increases spending on public transport by twelve "
    "percent. The mayor said the extra money would pay for more frequent buses on the busiest routes and for "
    "the renovation of three tram stations. Opposition members criticised the plan, arguing that it "
    "relies on optimistic tax forecasts. The budget will take effect at the start "
    "of the next fiscal year in January."
)
BOILER = "تابعونا على فيسبوك وتويتر للمزيد من الأخبار العاجلة. جميع الحقوق محفوظة للموقع."
CFG = DedupConfig()
LEGACY = DedupConfig(scheme=0)  # the shingling of entries persisted before schemes existed


def sentences(text: str) -> list[str]:
    """Split a fixture text into its sentences (they end with '. ' or '。')."""
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch in ".。":
            out.append(cur.strip())
            cur = ""
    return out + ([cur.strip()] if cur.strip() else [])


def sig(text: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    """Signature of a display text, through the shared matching form."""
    return signature(matching_form(text, lang), CFG, lang)


def entry(
    doc_id: str, text: str, t: float, lang: str | None = None, published: float | None = None
) -> IndexEntry:
    """An entry with the pipeline's order key (published, then first seen, then id)."""
    return IndexEntry(id=doc_id, order_key=order_key(published, t, doc_id), seen_at=t, sig=sig(text, lang))


def diacritise(text: str) -> str:
    """Add a fatha after every third Arabic letter, as a vowelled spelling would."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and i % 3 == 0:
            out.append("\u064e")
    return "".join(out)


def edit_words(text: str, share: float, seed: int = 1) -> str:
    """Replace a share of the words by other words, as a rewriting editor would."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = "كلمة" + str(i)
    return " ".join(words)


S_AR = sentences(AR)
S_ZH = sentences(ZH)

NEAR = [
    ("drop one sentence", " ".join(S_AR[:2] + S_AR[3:]), "ar"),
    ("boilerplate added", BOILER + "\n" + AR + "\n" + BOILER, "ar"),
    ("paragraphs reordered", " ".join(S_AR[3:] + S_AR[:3]), "ar"),
    ("words edited 10%", edit_words(AR, 0.10), "ar"),
    ("tail cut", " ".join(S_AR[:4]), "ar"),
    ("cjk sentence dropped", "".join(S_ZH[:1] + S_ZH[2:]), "zh"),
    ("cjk trailing note", ZH + "（完）本报记者报道。", "zh"),
    ("cjk without language", "".join(S_ZH[1:]) + "编辑：王明", None),
]


@pytest.mark.parametrize(("name", "copy", "lang"), NEAR, ids=[n for n, _, _ in NEAR])
def test_near_duplicates_are_found(name: str, copy: str, lang: str | None) -> None:
    base = ZH if lang == "zh" or name.startswith("cjk") else AR
    idx = DedupIndex(CFG)
    assert idx.check(entry("orig", base, 1.0, lang)).status == "unique"
    info = idx.check(entry("copy", copy, 2.0, lang))
    assert info.status == "near_duplicate", name
    assert (
        info.original_id == "orig" and info.similarity is not None and CFG.threshold <= info.similarity <= 1.0
    )


DIFFERENT = [
    ("arabic other story", AR, AR_OTHER, "ar"),
    ("chinese other story", ZH, ZH_OTHER, "zh"),
    ("different scripts", AR, EN, None),
    ("english vs chinese", EN, ZH, None),
]


@pytest.mark.parametrize(("name", "a", "b", "lang"), DIFFERENT, ids=[n for n, _, _, _ in DIFFERENT])
def test_different_stories_are_unique(name: str, a: str, b: str, lang: str | None) -> None:
    idx = DedupIndex(CFG)
    idx.check(entry("a", a, 1.0, lang))
    assert idx.check(entry("b", b, 2.0, lang)).status == "unique", name


@pytest.mark.parametrize(("text", "lang"), [(AR, "ar"), (ZH, "zh"), (EN, "en")])
def test_exact_duplicates_including_vowelled_spelling(text: str, lang: str) -> None:
    idx = DedupIndex(CFG)
    idx.check(entry("first", text, 1.0, lang))
    idx.check(entry("second", text, 2.0, lang))
    copy = diacritise(text) if lang == "ar" else text.upper()
    info = idx.check(entry("third", copy, 3.0, lang))
    assert (info.status, info.original_id, info.similarity) == ("duplicate", "first", 1.0)


def test_original_is_earliest_order_key_not_first_arrival() -> None:
    idx = DedupIndex(CFG)
    # "late" arrives first but was published after "early"; "early" arrives second: it is the original.
    assert idx.check(entry("late", AR, 10.0, "ar", published=500.0)).status == "unique"
    assert idx.check(entry("early", AR + " " + BOILER, 20.0, "ar", published=100.0)).status == "unique"
    info = idx.check(entry("third", " ".join(S_AR[1:]), 30.0, "ar", published=600.0))
    assert info.status == "near_duplicate" and info.original_id == "early"


def test_redelivery_and_correction_never_match_themselves() -> None:
    idx = DedupIndex(CFG)
    e = entry("a", AR, 1.0, "ar")
    assert idx.check(e).status == "unique"
    assert idx.check(e).status == "unique"
    assert len(idx) == 1
    copy = entry("b", AR, 2.0, "ar")
    assert idx.check(copy).original_id == "a"
    # a correction of the original keeps its first-seen order key: the later copy is not its original
    corrected = IndexEntry(id="a", order_key=e.order_key, seen_at=1.0, sig=sig(AR + " تحديث.", "ar"))
    assert idx.check(corrected).status == "unique"
    assert len(idx) == 2


def test_rebuild_in_any_order_gives_the_same_verdicts() -> None:
    texts = [AR, " ".join(S_AR[1:]), AR + " " + BOILER, AR_OTHER, ZH, "".join(S_ZH[1:]), EN, AR]
    entries = [entry(f"d{i}", t, float(i)) for i, t in enumerate(texts)]
    probe = entry("probe", " ".join(S_AR[:5]), 99.0)
    verdicts = set()
    for seed in range(5):
        order = entries[:]
        random.Random(seed).shuffle(order)
        idx = DedupIndex(CFG)
        for e in order:
            decoded = msgspec.msgpack.decode(msgspec.msgpack.encode(e), type=IndexEntry)
            idx.add(decoded)
        verdicts.add(msgspec.json.encode(idx.check(probe)))
    assert (
        verdicts == {b'{"status":"near_duplicate","original_id":"d0","similarity":1.0}'} or len(verdicts) == 1
    )
    assert len(verdicts) == 1


def test_eviction_drops_old_documents_only() -> None:
    cfg = DedupConfig(window_s=100.0)
    idx = DedupIndex(cfg)
    for i in range(50):
        idx.add(IndexEntry(id=f"d{i}", order_key=f"{i:05d}", seen_at=float(i * 10), sig=sig(f"{AR} {i}")))
    idx.remove("d3")
    assert idx.evict(100.0) == []
    evicted = idx.evict(250.0)
    assert sorted(evicted, key=lambda s: int(s[1:])) == [f"d{i}" for i in range(15) if i != 3]
    assert len(idx) == 50 - 1 - 14
    assert idx.evict(250.0) == []
    info = idx.check(IndexEntry(id="new", order_key="99999", seen_at=600.0, sig=sig(AR + " 40")))
    assert info.status == "duplicate" and info.original_id == "d40"


def test_many_documents_slot_reuse_and_table_growth() -> None:
    idx = DedupIndex(CFG)
    rng = random.Random(7)
    words = AR.split() + AR_OTHER.split()
    docs = {f"x{i}": " ".join(rng.choices(words, k=40)) for i in range(3000)}
    for i, (doc_id, text) in enumerate(docs.items()):
        idx.add(IndexEntry(id=doc_id, order_key=f"{i:06d}", seen_at=float(i), sig=sig(text, "ar")))
    for i in range(0, 3000, 2):
        idx.remove(f"x{i}")
    assert len(idx) == 1500
    info = idx.check(IndexEntry(id="q", order_key="999999", seen_at=1e6, sig=sig(docs["x1001"], "ar")))
    assert info.status == "duplicate" and info.original_id == "x1001"
    info = idx.check(IndexEntry(id="q2", order_key="999999", seen_at=1e6, sig=sig(docs["x1000"], "ar")))
    assert info.status == "unique"


def test_signature_is_compact_and_deterministic() -> None:
    s = sig(AR, "ar")
    assert s == sig(AR, "ar")
    assert len(msgspec.msgpack.encode(s)) < 260
    assert jaccard(s, s) == 1.0 and similarity(s, s, CFG) == 1.0
    assert jaccard(s, sig(AR_OTHER, "ar")) < 0.1


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("a b c d", "en", {"a b c", "b c d"}),
        ("a b", None, {"a b"}),
        ("", "ar", set()),
        ("国家统计", "zh", {"国家统", "家统计"}),
        ("و قال ٢٠١٧", "ar", {"و قال ٢٠١٧"}),  # scheme 0 folds nothing
    ],
)
def test_legacy_shingles(text: str, lang: str | None, expected: set[str]) -> None:
    assert shingles(text, LEGACY, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("a b c d", "en", {"a b", "b c", "c d", "a b c", "b c d"}),  # bigrams and trigrams
        ("a b", None, {"a b"}),
        ("a", None, {"a"}),
        ("", "ar", set()),
        ("国家统计", "zh", {"国家统", "家统计"}),  # CJK keeps character trigrams
        ("و قال", "ar", {"و قال"}),
        # Arabic-Indic and Persian digits are folded to ASCII
        ("عام ٢٠١٧ و ۱۵", "ar", {"عام 2017", "2017 و", "و 15", "عام 2017 و", "2017 و 15"}),
        ("٢٠١٧", "ar", {"2017"}),
    ],
)
def test_shingles(text: str, lang: str | None, expected: set[str]) -> None:
    assert shingles(text, CFG, lang) == expected


def test_short_texts_are_only_exact_duplicates() -> None:
    idx = DedupIndex(CFG)
    idx.check(entry("a", "عاجل: انفجار في العاصمة", 1.0, "ar"))
    assert idx.check(entry("b", "عاجل: انفجار في المدينة", 2.0, "ar")).status == "unique"
    assert idx.check(entry("c", "عاجل: انفجار في العاصمة", 3.0, "ar")).status == "duplicate"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (AR, "ar"),
        (ZH, "zh"),
        (EN, "en"),
        ("a b", None),
        ("", None),
        ("国家", "zh"),
        (AR + " " + AR, "ar"),
        ("وقال و الوزير في عام ٢٠١٧ و۱۵ و", "ar"),
        ("١٢", "ar"),
    ],
)
@pytest.mark.parametrize("cfg", [CFG, LEGACY], ids=["scheme1", "scheme0"])
def test_vectorised_hashes_count_the_same_shingles(text: str, lang: str | None, cfg: DedupConfig) -> None:
    m = matching_form(text, lang)
    assert len(shingle_hashes(m, cfg, lang)) == len(shingles(m, cfg, lang)) == signature(m, cfg, lang).size


@pytest.mark.parametrize(("share", "seed"), [(0.2, 3), (0.25, 4), (0.25, 5)])
def test_bigrams_keep_heavily_edited_copies(share: float, seed: int) -> None:
    # Scattered word edits break three trigrams each but only two bigrams: scheme 1 keeps these copies,
    # which scheme 0 (trigrams only) lets through as unique at the same threshold (0.5, the default before
    # scheme 1; the default 0.47 is lower still).
    copy = edit_words(AR, share, seed)
    same = 0.5
    cases = (
        (CFG, "near_duplicate"),
        (DedupConfig(threshold=same), "near_duplicate"),
        (DedupConfig(scheme=0, threshold=same), "unique"),
    )
    for cfg, status in cases:
        idx = DedupIndex(cfg)
        idx.add(
            IndexEntry(
                id="orig", order_key="1", seen_at=1.0, sig=signature(matching_form(AR, "ar"), cfg, "ar")
            )
        )
        copy_sig = signature(matching_form(copy, "ar"), cfg, "ar")
        assert idx.check(IndexEntry(id="copy", order_key="2", seen_at=2.0, sig=copy_sig)).status == status
    other = signature(matching_form(AR_OTHER, "ar"), CFG, "ar")
    assert similarity(other, signature(matching_form(copy, "ar"), CFG, "ar"), CFG) < 0.1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("سجل ٣ أهداف في ٩٠ دقيقة أمام ٢٠ ألف متفرج", "سجل 3 أهداف في 90 دقيقة أمام 20 ألف متفرج"),
        ("سجل ۳ أهداف في ۹۰ دقيقة", "سجل 3 أهداف في 90 دقيقة"),
    ],
)
def test_outlet_spelling_variants_sign_alike(a: str, b: str) -> None:
    # Two outlets' spellings of one text: identical shingles (scheme 1), different ones before (scheme 0).
    ma, mb = matching_form(a, "ar"), matching_form(b, "ar")
    assert ma != mb
    assert shingle_hashes(ma, CFG, "ar").tolist() == shingle_hashes(mb, CFG, "ar").tolist()
    assert signature(ma, CFG, "ar").mins == signature(mb, CFG, "ar").mins
    assert signature(ma, LEGACY, "ar").mins != signature(mb, LEGACY, "ar").mins


# An IndexEntry as the code before the compact index wrote it to the ledger (msgpack, array_like): the
# signature of AR through the matching form of the time. Persisted entries must keep decoding and indexing.
OLD_ENTRY = bytes.fromhex(
    "94a56f6c642d31d929303030313730303030303030302e3030307c303030313730303030303130302e3530307c6f6c642d31"
    "cb41d954fc5920000094c408fb914dc51c71e4b05fc480973179d1e97a48f29513e2c1e3e8bf79aa5fd2870f1ccacc566db6"
    "6103861bd59a124599cbc863089a3b8bbf251c26577529893bda01526048df6fa0e33e9ea51e4df26ef9c834652913849aca"
    "8582edabb86bd4e34716084627aa2288cd3ec31fc568ec81f959bf3b987aaa127c102739bfd07b2ca2b74fa7d3e24e959929"
    "22c450bd7f5a5d8b5e37f3f59330dbc964bfa8bd2bbc1a71912339bb03fddb427df1b77b58dbb4c03f3dc23192b179c93d67"
    "be1c411837b435714f126d8020e3fdb6bc524e15a7b624d448e5da682081b185ef"
)


def later(doc_id: str, s: Signature, t: float = 1700000200.0) -> IndexEntry:
    """An entry first seen at t (after OLD_ENTRY), with the pipeline's order key."""
    return IndexEntry(id=doc_id, order_key=f"{t:017.3f}|{t:017.3f}|{doc_id}", seen_at=t, sig=s)


def test_old_format_entry_decodes_and_indexes() -> None:
    old = msgspec.msgpack.decode(OLD_ENTRY, type=IndexEntry)
    assert (old.id, old.seen_at, len(old.sig.mins), len(old.sig.bands)) == ("old-1", 1700000100.5, 128, 80)
    assert old.sig.size > CFG.min_shingles and old.sig.scheme == 0
    assert msgspec.msgpack.encode(old) == OLD_ENTRY  # the format itself did not change
    # An index of the old scheme decides as it always did.
    idx = DedupIndex(LEGACY)
    idx.add(old)
    assert "old-1" in idx and len(idx) == 1
    same = idx.check(later("same", old.sig))
    assert (same.status, same.original_id, same.similarity) == ("duplicate", "old-1", 1.0)
    near = idx.check(later("near", signature(matching_form(" ".join(S_AR[1:]), "ar"), LEGACY, "ar")))
    assert near.status == "near_duplicate" and near.original_id == "old-1"
    other = signature(matching_form(AR_OTHER, "ar"), LEGACY, "ar")
    assert idx.check(later("other", other)).status == "unique"
    # an entry judged earlier than the old one cannot be its copy
    assert idx.check(later("before", old.sig, t=1600000000.0)).status == "unique"


def test_old_scheme_entries_are_never_compared_with_new_ones() -> None:
    # After the upgrade the rebuilt index holds scheme-0 entries until they are evicted: their text still
    # matches identical text, but similarities of signatures of two schemes are never estimated.
    old = msgspec.msgpack.decode(OLD_ENTRY, type=IndexEntry)
    idx = DedupIndex(CFG)
    idx.add(old)
    assert "old-1" in idx and len(idx) == 1
    copy = " ".join(S_AR[1:])
    # a new-scheme near copy of the old text: not compared (it would be a near duplicate within a scheme)
    assert idx.check(later("near-new", sig(copy, "ar"))).status == "unique"
    assert idx.check(later("near-new-2", sig(copy + " " + BOILER, "ar"))).original_id == "near-new"
    # a scheme-0 signature (an intermediate record written before the upgrade) is compared with scheme 0
    legacy = signature(matching_form(copy, "ar"), LEGACY, "ar")
    info = idx.check(later("near-old", legacy, t=1700000300.0))
    assert (info.status, info.original_id) == ("near_duplicate", "old-1")
    # identical text matches across schemes through the exact hash (AR is the text of OLD_ENTRY)
    new = sig(AR, "ar")
    assert new.scheme == 1 and new.exact == old.sig.exact and new.mins != old.sig.mins
    same = idx.check(later("same", new, t=1700000400.0))
    assert (same.status, same.original_id, same.similarity) == ("duplicate", "old-1", 1.0)
    # ... but only with earlier documents, and not once the old entry is gone
    assert idx.check(later("before", new, t=1600000000.0)).status == "unique"
    idx.remove("old-1")
    idx.remove("near-old")
    assert not idx._other and not idx._other_exact
    assert idx.check(later("same-2", new, t=1700000500.0)).original_id == "before"  # earliest, same scheme


def test_mixed_scheme_verdicts_do_not_depend_on_insertion_order() -> None:
    old = msgspec.msgpack.decode(OLD_ENTRY, type=IndexEntry)
    entries = [old] + [
        later(f"n{i}", sig(text, "ar"), t=1700000200.0 + i)
        for i, text in enumerate([AR, " ".join(S_AR[1:]), AR_OTHER, AR + " " + BOILER])
    ]
    probes = [later("p1", sig(" ".join(S_AR[:5]), "ar"), 1.8e9), later("p2", old.sig, 1.8e9)]
    verdicts = []
    for seed in range(4):
        order = entries[:]
        random.Random(seed).shuffle(order)
        idx = DedupIndex(CFG)
        for e in order:
            idx.add(e)
        verdicts.append([idx.check(p) for p in probes])
    assert all(v == verdicts[0] for v in verdicts)
    first, second = verdicts[0]
    assert first.status == "near_duplicate" and first.original_id == "n0"  # earliest of the new scheme
    assert (second.status, second.original_id) == ("duplicate", "old-1")


@pytest.mark.parametrize(("cfg", "scheme", "band_bytes"), [(LEGACY, 0, 80), (CFG, 1, 81)])
def test_signature_carries_its_scheme_in_the_old_format(
    cfg: DedupConfig, scheme: int, band_bytes: int
) -> None:
    # No new field: scheme 0 adds nothing (old entries re-encode as they were), later schemes one byte
    # after the band keys, which the index reads from the front as before.
    s = signature("a b c d e f g h i j", cfg, "en")
    assert (s.scheme, len(s.bands)) == (scheme, band_bytes)
    raw = msgspec.msgpack.decode(msgspec.msgpack.encode(s))
    assert len(raw) == 4
    back = msgspec.msgpack.decode(msgspec.msgpack.encode(s), type=Signature)
    assert back == s and back.scheme == scheme
    idx = DedupIndex(cfg)
    assert idx._keys_and_mins(s) == idx._keys_and_mins(Signature(s.exact, s.size, s.mins, s.bands[:80]))


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_mins_bits_estimates_and_index_agree(bits: int) -> None:
    cfg = DedupConfig(mins_bits=bits)
    a, b, c = sig(AR, "ar"), sig(" ".join(S_AR[:2] + S_AR[3:]), "ar"), sig(AR_OTHER, "ar")
    assert similarity(a, a, cfg) == 1.0 and jaccard(a, a, cfg) == 1.0
    assert similarity(a, b, cfg) >= cfg.threshold > similarity(a, c, cfg)
    idx = DedupIndex(cfg)
    idx.add(later("a", a, 1.0))
    info = idx.check(later("b", b, 2.0))
    assert info.original_id == "a" and info.similarity == round(similarity(a, b, cfg), 4)


def test_eight_bit_mins_keep_the_previous_estimator() -> None:
    cfg = DedupConfig(mins_bits=8)
    a, b = sig(AR, "ar"), sig(" ".join(S_AR[:4]), "ar")
    agree = sum(x == y for x, y in zip(a.mins, b.mins, strict=True))
    expected = min(1.0, max(0.0, (agree / 128 - 1 / 256) / (1 - 1 / 256)))
    assert jaccard(a, b, cfg) == pytest.approx(expected, abs=1e-12)


def test_zero_group_count_without_numpy_bitwise_count(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = sig(AR, "ar"), sig(" ".join(S_AR[1:]), "ar")
    expected = {bits: similarity(a, b, DedupConfig(mins_bits=bits)) for bits in (1, 2, 4, 8)}
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    assert {bits: similarity(a, b, DedupConfig(mins_bits=bits)) for bits in (1, 2, 4, 8)} == expected


@pytest.mark.parametrize(
    ("mins", "bits", "packed"),
    [
        (bytes([0x12, 0x34]), 4, bytes([0x42]) + bytes(7)),
        (bytes([0xFF, 0x01, 0x02, 0x03]), 2, bytes([0b11100111]) + bytes(7)),
        (bytes([1, 0, 1, 1, 0, 0, 0, 1]), 1, bytes([0b10001101]) + bytes(7)),
        (bytes([0xAB]), 8, bytes([0xAB]) + bytes(7)),
        (b"", 4, bytes(8)),
    ],
)
def test_pack_mins(mins: bytes, bits: int, packed: bytes) -> None:
    assert pack_mins(mins, DedupConfig(num_perm=len(mins) or 1, mins_bits=bits)) == packed


def test_mins_bits_must_pack_into_bytes() -> None:
    with pytest.raises(ValueError, match="mins_bits"):
        DedupIndex(DedupConfig(mins_bits=3))


PIPELINE_KEY = "{:017.3f}|{:017.3f}|{}"
# (first id, its order key, second id, its order key): the second is an exact copy of the first; it is judged
# a duplicate exactly when the first key is smaller as a string, whatever form the keys have.
KEY_PAIRS = [
    ("a", PIPELINE_KEY.format(100.0, 200.0, "a"), "b", PIPELINE_KEY.format(150.0, 110.0, "b")),
    ("a", PIPELINE_KEY.format(150.0, 110.0, "a"), "b", PIPELINE_KEY.format(100.0, 200.0, "b")),
    ("a", PIPELINE_KEY.format(100.0, 200.0, "a"), "b", PIPELINE_KEY.format(100.0, 200.001, "b")),
    ("b", PIPELINE_KEY.format(100.0, 200.0, "b"), "a", PIPELINE_KEY.format(100.0, 200.0, "a")),
    ("a", PIPELINE_KEY.format(100.0, 200.0, "a"), "ab", PIPELINE_KEY.format(100.0, 200.0, "ab")),
    ("ز", PIPELINE_KEY.format(7.5, 7.5, "ز"), "z", PIPELINE_KEY.format(7.5, 7.5, "z")),
    (
        "a",
        PIPELINE_KEY.format(-5.0, 1.0, "a"),
        "b",
        PIPELINE_KEY.format(1.0, 1.0, "b"),
    ),  # negative: not parsed
    ("a", PIPELINE_KEY.format(1e13, 1.0, "a"), "b", PIPELINE_KEY.format(9e12, 1.0, "b")),  # 14 digits
    ("a", PIPELINE_KEY.format(1.0, 1.0, "other"), "b", PIPELINE_KEY.format(1.0, 1.0, "b")),  # id mismatch
    ("a", "00017", "b", PIPELINE_KEY.format(1.0, 1.0, "b")),
    ("a", PIPELINE_KEY.format(1.0, 1.0, "a"), "b", "00017"),
    ("a", "2", "b", "10"),
    ("a", "10", "b", "2"),
]


@pytest.mark.parametrize(("first", "k1", "second", "k2"), KEY_PAIRS)
def test_earlier_means_smaller_order_key_string(first: str, k1: str, second: str, k2: str) -> None:
    s = sig(AR, "ar")
    idx = DedupIndex(CFG)
    idx.add(IndexEntry(id=first, order_key=k1, seen_at=1.0, sig=s))
    info = idx.check(IndexEntry(id=second, order_key=k2, seen_at=2.0, sig=s))
    assert info.status == ("duplicate" if k1 < k2 else "unique")
    assert info.original_id == (first if k1 < k2 else None)


def test_original_is_the_smallest_key_among_many_copies() -> None:
    keys = [k for _, k, _, _ in KEY_PAIRS] + [k for _, _, _, k in KEY_PAIRS]
    for form in ("duplicate", "near_duplicate"):
        s = sig(AR, "ar") if form == "duplicate" else sig(" ".join(S_AR[1:]), "ar")
        for seed in range(3):
            order = list(enumerate(keys))
            random.Random(seed).shuffle(order)
            idx = DedupIndex(CFG)
            for i, k in order:
                idx.add(IndexEntry(id=f"d{i}", order_key=k, seen_at=float(i), sig=sig(AR, "ar")))
            info = idx.check(IndexEntry(id="q", order_key="~", seen_at=99.0, sig=s))
            assert info.status == form and info.original_id == f"d{keys.index(min(keys))}"


IDS = ["x", "", "日本-1", "a" * 70_000, "\ud800lone", "id|with|bars", "e\u0301"]


def test_ids_round_trip_through_the_compact_table() -> None:
    idx = DedupIndex(DedupConfig(window_s=1000.0))
    model: dict[str, int] = {}  # id -> step it was added at (its text is unique to that step)
    rng = random.Random(3)
    for step in range(3000):
        doc_id = rng.choice(IDS) if step % 7 == 0 else f"doc-{rng.randrange(400)}"
        if rng.random() < 0.3:
            idx.remove(doc_id)
            model.pop(doc_id, None)
        else:
            idx.add(
                IndexEntry(id=doc_id, order_key=f"{step:06d}", seen_at=float(step), sig=sig(f"{AR} {step}"))
            )
            model[doc_id] = step
        assert len(idx) == len(model)
    assert all(d in idx for d in model) and all(d not in idx for d in [*IDS, "doc-x"] if d not in model)
    assert 3 not in idx
    evicted = idx.evict(3000.0)
    assert sorted(evicted) == sorted(d for d, t in model.items() if t < 2000)
    assert len(idx) == len(model) - len(evicted)
    for d, step in model.items():
        if d not in evicted:  # every kept id comes back as the original of an exact copy of its text
            probe = IndexEntry(id="probe", order_key="999999", seen_at=3000.0, sig=sig(f"{AR} {step}"))
            assert idx.check(probe).original_id == d
            idx.remove("probe")


def test_verdicts_do_not_depend_on_table_size() -> None:
    # A long-lived index grown by many documents since removed decides as one rebuilt from what is left.
    rng = random.Random(11)
    words = AR.split() + AR_OTHER.split()
    kept = [
        IndexEntry(id=f"k{i}", order_key=f"{i:06d}", seen_at=float(i), sig=sig(t, "ar"))
        for i, t in enumerate([AR, AR_OTHER, " ".join(S_AR[2:]), AR + " " + BOILER])
    ]
    grown = DedupIndex(CFG)
    for i in range(6000):
        grown.add(
            IndexEntry(
                id=f"n{i}",
                order_key=f"5{i:05d}",
                seen_at=1.0,
                sig=sig(" ".join(rng.choices(words, k=30)), "ar"),
            )
        )
    for e in kept:
        grown.add(e)
    for i in range(6000):
        grown.remove(f"n{i}")
    rebuilt = DedupIndex(CFG)
    for e in reversed(kept):
        rebuilt.add(e)
    probes = [AR, " ".join(S_AR[:3]), AR_OTHER + " " + BOILER, EN, " ".join(rng.choices(words, k=60))]
    for i, text in enumerate(probes):
        e = IndexEntry(id=f"p{i}", order_key=f"9{i:05d}", seen_at=2.0, sig=sig(text, "ar"))
        assert grown.check(e) == rebuilt.check(e)


def test_index_memory_per_document() -> None:
    # Rebuilt from decoded entries as after a restart; the bench target is <= 300 bytes per document.
    rng = random.Random(5)
    words = list({w for t in (AR, AR_OTHER, EN) for w in t.split()})
    blobs = []
    for i in range(4000):
        s = signature(" ".join(rng.choices(words, k=60)), CFG, "ar")
        blobs.append(msgspec.msgpack.encode(later(f"gen-7-{i}", s, t=1.7e9 + i)))
    dec = msgspec.msgpack.Decoder(IndexEntry)
    entries = [dec.decode(b) for b in blobs]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        idx = DedupIndex(CFG)
        for e in entries:
            idx.add(e)
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(idx) == 4000
    assert used / len(idx) <= 300


def random_sig(rng: random.Random, pool: int) -> Signature:
    """A signature of random bytes; band keys and mins drawn from `pool` values, so bands collide."""
    bands = b"".join(rng.randrange(pool).to_bytes(4, "little") for _ in range(CFG.bands))
    mins = bytes(rng.randrange(pool) * 17 % 256 for _ in range(CFG.num_perm))
    return Signature(exact=rng.randbytes(8), size=100, mins=mins, bands=bands)


@pytest.mark.parametrize("bits", [4, 8, 2])
def test_candidates_are_exactly_the_documents_sharing_a_bucket_key(bits: int) -> None:
    # The rule the verdicts rest on, checked by brute force through growth, removals and slot reuse.
    cfg = DedupConfig(mins_bits=bits)
    rng = random.Random(bits)
    idx = DedupIndex(cfg)
    sigs: dict[str, Signature] = {}
    for i in range(2500):
        doc_id = f"d{rng.randrange(1500)}"
        if rng.random() < 0.2:
            idx.remove(doc_id)
            sigs.pop(doc_id, None)
        else:
            sigs[doc_id] = random_sig(rng, 3)
            idx.add(IndexEntry(id=doc_id, order_key=f"{i:05d}", seen_at=0.0, sig=sigs[doc_id]))
    keys = {d: idx._keys_and_mins(s)[0] for d, s in sigs.items()}
    for _ in range(30):
        q = idx._keys_and_mins(random_sig(rng, 3))[0]
        expected = {d for d, k in keys.items() if any(a == b for a, b in zip(k, q, strict=True))}
        assert {idx._id(s) for s in idx._candidates(q)} == expected


def test_unrelated_documents_are_rarely_candidates() -> None:
    # 16-bit stored keys plus 8 bits of the band's own mins: ~20 * n / 2**24 strangers per lookup.
    rng = random.Random(4)
    idx = DedupIndex(CFG)
    for i in range(20_000):
        idx.add(IndexEntry(id=f"r{i}", order_key=f"{i:06d}", seen_at=0.0, sig=random_sig(rng, 1 << 32)))
    found = [len(idx._candidates(idx._keys_and_mins(random_sig(rng, 1 << 32))[0])) for _ in range(200)]
    assert sum(found) / len(found) < 0.2


# Signatures are persisted and compared with new ones: these digests (of the msgpack encoding) are what the
# code before the compact index computed for the same matching forms. A faster signature() must match them.
SIGNATURE_DIGESTS = [
    (
        "the city council approved a new budget on tuesday that increases spending on public transport by "
        "twelve percent",
        "en",
        16,
        "90d05429997146632b8341800f038c80",
    ),
    (
        "اعلنت وزاره الصحه اليوم عن افتتاح مستشفي جديد في مدينه صفاقس بطاقه استيعاب تبلغ مائتي سرير",
        "ar",
        14,
        "6af07dc6b552368258d0ec5448eb4b48",
    ),
    (
        "国家统计局今天发布数据显示 今年第一季度全国居民人均可支配收入比去年同期名义增长",
        "zh",
        37,
        "5f855b37091e3a746d98b52b52d9d4af",
    ),
    ("two words", None, 1, "4fa142e97dd8523a53f9462391be65fc"),
    ("", None, 0, "5c647fc8aadc24d670b2c26da96e943b"),
    ("a  b   c d", "en", 5, "7fd5f52c684dc4cb08f1e3abeb5848ea"),
]


@pytest.mark.parametrize(("match", "lang", "size", "digest"), SIGNATURE_DIGESTS)
def test_signature_is_unchanged_for_persisted_entries(
    match: str, lang: str | None, size: int, digest: str
) -> None:
    s = signature(match, LEGACY, lang)
    assert s.size == size
    assert hashlib.sha256(msgspec.msgpack.encode(s)).hexdigest()[:32] == digest


# -- source-aware thresholds ------------------------------------------------------------------------------

# One outlet's daily weather bulletin (written for these tests): a fixed frame around the day's values. Two
# days share the frame, so their similarity lies between the cross-source and the same-source thresholds.
BULLETIN = (
    "نشرة الطقس ليوم {day}. تكون السماء قليلة السحب على أغلب جهات البلاد مع ظهور بعض السحب العابرة "
    "بالمناطق الغربية. وتتراوح درجات الحرارة القصوى بين {lo} و{hi} درجة بالمناطق الساحلية والمرتفعات "
    "وتكون أعلى قليلا بالجنوب. {wind} وننصح مستعملي الطريق بالتزام الحذر في الصباح الباكر بسبب ضباب محلي "
    "بالمناطق الداخلية."
)
MONDAY = BULLETIN.format(
    day="الاثنين",
    lo="عشرين",
    hi="خمس وعشرين",
    wind="وتكون الرياح شمالية غربية ضعيفة إلى معتدلة ثم تقوى نسبيا قرب السواحل والبحر هادئ.",
)
THURSDAY = BULLETIN.format(
    day="الخميس",
    lo="سبع عشرة",
    hi="اثنتين وعشرين",
    wind="وتهب رياح جنوبية شرقية قوية تصل سرعتها إلى ستين كيلومترا في الساعة والبحر شديد الاضطراب.",
)
RESENT = edit_words(MONDAY, 0.03)  # the same bulletin sent again with a couple of words corrected


def sourced(doc_id: str, text: str, t: float, source: str | None) -> IndexEntry:
    """An entry of an Arabic text from `source` (None: unknown), first seen at t."""
    return IndexEntry(
        id=doc_id, order_key=order_key(None, t, doc_id), seen_at=t, sig=sig(text, "ar").with_source(source)
    )


def test_fixture_similarities_sit_where_the_cases_need_them() -> None:
    template = similarity(sig(MONDAY, "ar"), sig(THURSDAY, "ar"), CFG)
    assert CFG.threshold + 0.1 < template < CFG.same_source_threshold - 0.1
    assert similarity(sig(MONDAY, "ar"), sig(RESENT, "ar"), CFG) > CFG.same_source_threshold + 0.1


SOURCE_CASES = [
    # (name, first text, its source, second text, its source, expected status of the second)
    ("same-source template of another day", MONDAY, "Radio Nord", THURSDAY, "Radio Nord", "unique"),
    ("same source, spelled differently", MONDAY, "Radio Nord", THURSDAY, "  radio NORD ", "unique"),
    ("cross-source copy of a template", MONDAY, "Radio Nord", THURSDAY, "Wire Agency", "near_duplicate"),
    ("cross-source edited copy", AR, "Wire Agency", edit_words(AR, 0.15), "Radio Nord", "near_duplicate"),
    ("same-source edited rewrite", AR, "Wire Agency", edit_words(AR, 0.15), "Wire Agency", "unique"),
    ("same-source re-send", MONDAY, "Radio Nord", RESENT, "Radio Nord", "near_duplicate"),
    ("new document of unknown source", MONDAY, "Radio Nord", THURSDAY, None, "near_duplicate"),
    ("earlier document of unknown source", MONDAY, None, THURSDAY, "Radio Nord", "near_duplicate"),
    ("both of unknown source", MONDAY, "", THURSDAY, None, "near_duplicate"),
    ("exact copy, same source", MONDAY, "Radio Nord", MONDAY, "Radio Nord", "duplicate"),
    ("exact copy, other source", MONDAY, "Radio Nord", MONDAY, "Wire Agency", "duplicate"),
    ("exact copy, unknown source", MONDAY, None, MONDAY, "Radio Nord", "duplicate"),
    ("different stories, other source", AR, "Radio Nord", AR_OTHER, "Wire Agency", "unique"),
]


@pytest.mark.parametrize(
    ("name", "first", "src1", "second", "src2", "status"), SOURCE_CASES, ids=[c[0] for c in SOURCE_CASES]
)
def test_same_source_candidates_need_the_higher_threshold(
    name: str, first: str, src1: str | None, second: str, src2: str | None, status: str
) -> None:
    idx = DedupIndex(CFG)
    assert idx.check(sourced("first", first, 1.0, src1)).status == "unique"
    info = idx.check(sourced("second", second, 2.0, src2))
    assert info.status == status
    assert info.original_id == (None if status == "unique" else "first")


def test_index_without_sources_decides_as_before() -> None:
    # Sources only raise the bar for same-source pairs: unsourced entries keep the cross-source threshold.
    idx = DedupIndex(CFG)
    idx.check(entry("mon", MONDAY, 1.0, "ar"))
    assert idx.check(entry("thu", THURSDAY, 2.0, "ar")).status == "near_duplicate"


@pytest.mark.parametrize(
    ("source", "fp"),
    [(None, 0), ("", 0), ("   ", 0), ("Radio Nord", source_fingerprint("radio nord"))],
)
def test_source_fingerprint_unknown_and_normalised(source: str | None, fp: int) -> None:
    assert source_fingerprint(source) == fp
    assert sig(AR, "ar").with_source(source).source == fp


def test_source_fingerprints_are_sixteen_bit_and_spread() -> None:
    fps = [source_fingerprint(f"outlet-{i}") for i in range(2000)]
    assert all(1 <= fp <= 0xFFFF for fp in fps)
    assert len(set(fps)) > 1950  # ~30 collisions expected among 2000 names in 65535 values


@pytest.mark.parametrize(("cfg", "plain_bytes"), [(LEGACY, 80), (CFG, 81)], ids=["scheme0", "scheme1"])
def test_source_rides_in_the_band_bytes_of_the_old_format(cfg: DedupConfig, plain_bytes: int) -> None:
    plain = signature(matching_form(AR, "ar"), cfg, "ar")
    tagged = plain.with_source("Radio Nord")
    assert (len(plain.bands), len(tagged.bands)) == (plain_bytes, 83)
    assert (tagged.source, tagged.scheme, plain.source) == (source_fingerprint("Radio Nord"), cfg.scheme, 0)
    # code that knows no fingerprint reads the scheme from the last byte and band keys from the front
    assert tagged.bands[-1] == cfg.scheme and tagged.bands[:80] == plain.bands[:80]
    assert (tagged.exact, tagged.size, tagged.mins) == (plain.exact, plain.size, plain.mins)
    back = msgspec.msgpack.decode(msgspec.msgpack.encode(tagged), type=Signature)
    assert back == tagged and back.source == tagged.source
    # replacing or removing the source gives back exactly the signature without one
    assert tagged.with_source(None) == plain and tagged.with_source("Other").with_source(None) == plain
    idx = DedupIndex(cfg)
    assert idx._keys_and_mins(tagged) == idx._keys_and_mins(plain)


def test_old_format_entry_is_of_unknown_source() -> None:
    old = msgspec.msgpack.decode(OLD_ENTRY, type=IndexEntry)
    assert old.sig.source == 0
    assert msgspec.msgpack.encode(old) == OLD_ENTRY
    # an edited rewrite of the old entry's text from a known source, between the two thresholds
    rewrite = signature(matching_form(edit_words(AR, 0.15), "ar"), LEGACY, "ar")
    assert LEGACY.threshold < similarity(old.sig, rewrite, LEGACY) < LEGACY.same_source_threshold
    idx = DedupIndex(LEGACY)
    idx.add(old)
    info = idx.check(later("rewrite", rewrite.with_source("Radio Nord")))
    assert info.status == "near_duplicate" and info.original_id == "old-1"  # unknown: cross-source rule
    # the same entry written with that source: the same-source threshold applies
    idx = DedupIndex(LEGACY)
    idx.add(IndexEntry(old.id, old.order_key, old.seen_at, old.sig.with_source("Radio Nord")))
    assert idx.check(later("rewrite", rewrite.with_source("Radio Nord"))).status == "unique"


def test_original_is_earliest_among_candidates_passing_their_threshold() -> None:
    # The earliest similar document is the same outlet's bulletin of another day (below its threshold):
    # the original is the next one, another outlet's copy, although it came later.
    entries = [
        sourced("nord-mon", MONDAY, 1.0, "Radio Nord"),
        sourced("wire-mon", MONDAY + " " + BOILER, 2.0, "Wire Agency"),
        sourced("sud-mon", MONDAY, 3.0, "Radio Sud"),
    ]
    idx = DedupIndex(CFG)
    for e in entries:
        idx.add(e)
    info = idx.check(sourced("nord-thu", THURSDAY, 4.0, "Radio Nord"))
    assert info.status == "near_duplicate" and info.original_id == "wire-mon"
    # a re-send from the same outlet passes the stricter threshold against its own earliest bulletin
    assert idx.check(sourced("nord-mon-2", RESENT, 5.0, "Radio Nord")).original_id == "nord-mon"


def test_source_aware_verdicts_do_not_depend_on_insertion_order_or_table_size() -> None:
    texts = [MONDAY, THURSDAY, RESENT, AR, edit_words(AR, 0.05, 3), AR_OTHER, MONDAY + " " + BOILER]
    sources = ["Radio Nord", "Radio Nord", None, "Wire Agency", "Radio Nord", "Radio Sud", "Wire Agency"]
    entries = [sourced(f"d{i}", t, float(i), s) for i, (t, s) in enumerate(zip(texts, sources, strict=True))]
    probes = [
        (THURSDAY + " " + BOILER, "Radio Nord", "d1"),  # own earlier bulletin of that day, not Monday's d0
        (THURSDAY, "Radio Sud", "d1"),  # identical text of another outlet
        (THURSDAY + " " + BOILER, "Radio Sud", "d0"),  # another outlet: every template counts, d0 earliest
        (edit_words(AR, 0.15, 2), "Wire Agency", "d4"),  # d3 is its own (below 0.8), d4 another outlet's
        (edit_words(AR, 0.15, 2), "Radio Nord", "d3"),  # d3 another outlet's: the earliest
        (AR_OTHER + " " + BOILER, "Radio Sud", "d5"),  # own re-send with boilerplate
    ]
    verdicts = set()
    rng = random.Random(2)
    words = AR.split() + AR_OTHER.split()
    for seed in range(6):
        order = entries[:]
        random.Random(seed).shuffle(order)
        idx = DedupIndex(CFG)
        if seed % 2:  # a larger table: many documents since removed
            for i in range(3000):
                idx.add(sourced(f"n{i}", " ".join(rng.choices(words, k=30)), 50.0, f"outlet-{i % 7}"))
        for e in order:
            idx.add(msgspec.msgpack.decode(msgspec.msgpack.encode(e), type=IndexEntry))
        for i in range(3000 if seed % 2 else 0):
            idx.remove(f"n{i}")
        got = []
        for i, (text, source, _) in enumerate(probes):
            got.append(idx.check(sourced(f"p{i}", text, 99.0, source)))
            idx.remove(f"p{i}")
        verdicts.add(tuple(msgspec.json.encode(v) for v in got))
        assert [v.original_id for v in got] == [want for _, _, want in probes]
    assert len(verdicts) == 1

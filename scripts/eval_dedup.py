"""Dev-only evaluation of the dedup core on planted near-duplicates of real articles (reads /work/shared)."""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable

import msgspec

from streams.stages.clean import matching_form
from streams.stages.dedup import DedupConfig, DedupIndex, IndexEntry, Signature, signature, similarity

AR_PATH = "/work/shared/data/ant_train.jsonl"
ZH_PATH = "/work/shared/data/clean_dev_daniel_200.jsonl"
BOILER = [
    "تابعونا على فيسبوك وتويتر للمزيد من الأخبار العاجلة",
    "جميع الحقوق محفوظة لموقع الإذاعة 2024",
    "اقرأ أيضا: آخر الأخبار الرياضية والسياسية في تونس والعالم",
    "للاشتراك في النشرة الإخبارية اضغط هنا وأدخل بريدك الإلكتروني",
    "شارك هذا المقال مع أصدقائك عبر مواقع التواصل الاجتماعي",
]
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"

Edit = Callable[[str, float, random.Random, list[str]], str]


def sentences(text: str) -> list[str]:
    """Split into sentences (Arabic and Latin stops, CJK stops, line breaks)."""
    return [s for s in re.split(r"(?<=[.!؟?。！？])\s*|\n+", text) if s.strip()]


def drop(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Drop about a share p of the text, whole sentences at a time."""
    s = sentences(t)
    total, target, keep = len(t), p * len(t), list(range(len(s)))
    rng.shuffle(keep)
    removed: set[int] = set()
    for i in keep:
        if sum(len(s[j]) for j in removed) + len(s[i]) > target + 0.5 * len(s[i]) or len(removed) + 1 >= len(
            s
        ):
            continue
        removed.add(i)
    del total
    return " ".join(x for j, x in enumerate(s) if j not in removed)


def wedit(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Edit a share p of the words (replaced, deleted or inserted) in short runs, as rewriting editors do."""
    w, out, i = t.split(), [], 0
    while i < len(w):
        if rng.random() < p / 2:  # runs average two words, so about p of the words change
            run = rng.randint(1, 3)
            op = rng.random()
            if op < 0.5:
                out += rng.sample(vocab, run)
            elif op < 0.75:
                pass
            else:
                out += w[i : i + run] + rng.sample(vocab, run)
            i += run
        else:
            out.append(w[i])
            i += 1
    return " ".join(out)


def scatter(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Replace a share p of single words scattered uniformly (harsher than real edits)."""
    w = t.split()
    for i in rng.sample(range(len(w)), int(len(w) * p)):
        w[i] = rng.choice(vocab)
    return " ".join(w)


def boiler(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Add boilerplate lines amounting to a share p of the length, before and after."""
    n = len(t.split())
    extra: list[str] = []
    while sum(len(b.split()) for b in extra) < p * n:
        extra.append(rng.choice(BOILER))
    h = rng.randrange(len(extra) + 1)
    return "\n".join([*extra[:h], t, *extra[h:]])


def diacritics(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Add harakat after a share of the Arabic letters (vowelled spelling)."""
    return "".join(
        c + (rng.choice(HARAKAT) if "\u0621" <= c <= "\u064a" and rng.random() < 3 * p else "") for c in t
    )


def reorder(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Move a share p of the sentences (paragraphs) elsewhere."""
    s = sentences(t)
    for _ in range(max(1, round(len(s) * p))):
        if len(s) > 1:
            s.insert(rng.randrange(len(s)), s.pop(rng.randrange(len(s))))
    return "\n".join(s)


def trunc(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Cut the last share p of the text (shorter version of the wire)."""
    w = t.split()
    return " ".join(w[: max(1, round(len(w) * (1 - p)))])


EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def outlet(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Another outlet's house style plus word edits: Arabic-Indic digits, و spaced or attached, p edits."""
    out = []
    for w in wedit(t, p, rng, vocab).translate(EASTERN_DIGITS).split():
        if w.startswith("و") and len(w) > 3 and rng.random() < 0.5:
            out += ["و", w[1:]]  # "وقال" -> "و قال"
        else:
            out.append(w)
    return " ".join(out)


def combo(t: str, p: float, rng: random.Random, vocab: list[str]) -> str:
    """Sentence drop, word edits, boilerplate and diacritics, p/3 each."""
    return diacritics(
        boiler(wedit(drop(t, p / 3, rng, vocab), p / 3, rng, vocab), p / 3, rng, vocab), p, rng, vocab
    )


KINDS: dict[str, Edit] = {
    "drop": drop,
    "wedit": wedit,
    "boiler": boiler,
    "diacritics": diacritics,
    "reorder": reorder,
    "trunc": trunc,
    "combo": combo,
    "scatter": scatter,
    "outlet": outlet,
}


def load(
    path: str, field: str, lang_field: str | None = None, lang: str | None = None
) -> list[dict[str, str]]:
    """Read a JSONL file, keeping rows of the wanted language."""
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r for r in rows if r.get(field) and (lang_field is None or r.get(lang_field) == lang)]


def sig_of(text: str, cfg: DedupConfig, lang: str) -> Signature:
    """Signature through the shared matching form, as the pipeline computes it."""
    return signature(matching_form(text, lang), cfg, lang)


def pair_verdict(
    a: Signature, b: Signature, cfg: DedupConfig, src_a: str = "outlet-a", src_b: str = "outlet-b"
) -> tuple[bool, float]:
    """Is b judged a (near-)duplicate of a by an index holding only a? (LSH included; two sources)."""
    idx = DedupIndex(cfg)
    idx.add(IndexEntry(id="a", order_key="1", seen_at=0.0, sig=a.with_source(src_a)))
    info = idx.check(IndexEntry(id="b", order_key="2", seen_at=1.0, sig=b.with_source(src_b)))
    return info.status != "unique", similarity(a, b, cfg)


def planted(
    rows: list[dict[str, str]], field: str, lang: str, cfg: DedupConfig, n: int, rng: random.Random
) -> None:
    """Recall per edit kind and rate on planted copies: from another outlet, then re-sent by the same one."""
    vocab = [w for r in rows[:300] for w in r[field].split()]
    sample = rng.sample(rows, min(n, len(rows)))
    base = [sig_of(r[field], cfg, lang) for r in sample]
    # Re-sends by the same outlet draw their edits from their own generator: the other sections sample
    # what they sampled before this one existed.
    for title, rates, src_b, edits in (
        ("another source", (0.1, 0.2, 0.3), "outlet-b", rng),
        ("same source (re-send)", (0.02, 0.05, 0.1), "outlet-a", random.Random(2)),
    ):
        print(f"recall on planted copies ({lang}, {len(sample)} articles), copy from {title}:")
        for kind, fn in KINDS.items():
            cells = []
            for p in rates:
                hits = [
                    pair_verdict(s, sig_of(fn(r[field], p, edits, vocab), cfg, lang), cfg, src_b=src_b)[0]
                    for r, s in zip(sample, base, strict=True)
                ]
                cells.append(f"{int(p * 100)}%: {sum(hits) / len(hits):.3f}")
            print(f"  {kind:<11}", "  ".join(cells))


def same_topic_pairs(rows: list[dict[str, str]], cfg: DedupConfig, n: int, rng: random.Random) -> None:
    """False positives on different stories of the same category."""
    by_cat: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    cats = [c for c, v in by_cat.items() if len(v) > 1]
    fp, fp_same, total, worst, top = 0, 0, 0, [], []
    cache: dict[str, Signature] = {}
    for _ in range(n):
        a, b = rng.sample(by_cat[rng.choice(cats)], 2)
        if matching_form(a["text"], "ar") == matching_form(b["text"], "ar"):
            continue
        sa = cache.setdefault(a["id"], sig_of(a["text"], cfg, "ar"))
        sb = cache.setdefault(b["id"], sig_of(b["text"], cfg, "ar"))
        flagged, sim = pair_verdict(sa, sb, cfg)
        fp += flagged
        fp_same += pair_verdict(sa, sb, cfg, src_b="outlet-a")[0]
        total += 1
        worst.append(sim)
        top.append((sim, a["title"], b["title"]))
    worst.sort()
    top.sort(reverse=True)
    print(
        f"same-category different-story pairs: {fp}/{total} flagged (FPR {fp / total:.5f}); "
        f"similarity p99={worst[int(0.99 * len(worst))]:.3f} max={worst[-1]:.3f}"
    )
    print(f"  precision on a balanced set (as many copies as pairs, recall 1): {total / (total + fp):.4f}")
    print(f"  the same pairs as one outlet's articles (same-source threshold): {fp_same}/{total} flagged")
    for sim, ta, tb in top[:3]:  # the corpus has real copies too: read these before calling them errors
        print(f"  {sim:.3f}  {ta[:60]}  |  {tb[:60]}")


def stream(rows: list[dict[str, str]], cfg: DedupConfig) -> None:
    """Every article once through one index in publication order: what it flags are real corpus copies.

    Run twice: without sources (every pair judged with the cross-source threshold, as before sources were
    known) and with the articles' own source (one outlet: the same-source threshold applies).
    """
    sigs = [sig_of(r["text"], cfg, "ar") for r in rows]
    by_id = {r["id"]: r for r in rows}
    for label, use_source in (("without sources", False), ("with their source", True)):
        idx = DedupIndex(cfg)
        flagged: list[tuple[str, str, float | None]] = []
        for i, (r, s) in enumerate(zip(rows, sigs, strict=True)):
            src = r.get("source") or r.get("source_site") if use_source else None
            e = IndexEntry(id=r["id"], order_key=f"{i:08d}", seen_at=float(i), sig=s.with_source(src))
            info = idx.check(e)
            if info.status == "near_duplicate":
                flagged.append((r["id"], info.original_id or "", info.similarity))
        print(f"stream of {len(rows)} real articles {label}: {len(flagged)} near-duplicates flagged")
        if use_source:
            for a, b, sim in flagged:
                print(f"  {sim}  {by_id[b]['title'][:60]}  <-  {by_id[a]['title'][:60]}")


def speed_and_memory(rows: list[dict[str, str]], cfg: DedupConfig, n_mem: int) -> None:
    """µs per signature and per check on ~3 KB Arabic; bytes per document in the index and persisted."""
    long = [r for r in rows if len(r["text"]) >= 2500]
    texts = [matching_form(r["text"][:3000], "ar") for r in long]
    # CPU time, not wall time: the dev machine is shared.
    t0 = time.process_time()
    sigs = [signature(m, cfg, "ar") for m in texts for _ in range(5)][::5]
    t_sig = (time.process_time() - t0) / (5 * len(sigs))
    idx = DedupIndex(cfg)
    for i, r in enumerate(rows):
        if len(r["text"]) < 2500:  # the queries below are new documents, as in the stream
            idx.add(
                IndexEntry(
                    id=r["id"], order_key=f"{i:08d}", seen_at=float(i), sig=sig_of(r["text"], cfg, "ar")
                )
            )
    t0 = time.process_time()
    for i, s in enumerate(sigs):
        idx.check(IndexEntry(id=f"q{i}", order_key=f"9{i:08d}", seen_at=1e9, sig=s))
    t_chk = (time.process_time() - t0) / len(sigs)
    print(
        f"speed (3 KB Arabic, {len(sigs)} docs): signature {t_sig * 1e6:.1f} µs/doc, "
        f"check (lookup+judge+index) {t_chk * 1e6:.1f} µs/doc with {len(idx)} docs indexed"
    )
    # Memory: n_mem distinct synthetic documents made of real words; entries are decoded from msgpack as
    # after a restart, so everything the index retains (ids, order keys, arrays, tables) is counted.
    rng = random.Random(5)
    vocab = [w for r in rows[:500] for w in matching_form(r["text"], "ar").split()]
    enc = msgspec.msgpack.Encoder()
    dec = msgspec.msgpack.Decoder(IndexEntry)
    blobs = []
    for i in range(n_mem):
        s = signature(" ".join(rng.choices(vocab, k=120)), cfg, "ar").with_source(f"outlet-{i % 500}")
        doc_id = f"JA-localNews-{i}-20170120"
        t = 1.5e9 + i
        blobs.append(
            enc.encode(IndexEntry(id=doc_id, order_key=f"{t:017.3f}|{t:017.3f}|{doc_id}", seen_at=t, sig=s))
        )
    print(
        f"persisted IndexEntry (msgpack): {sum(map(len, blobs)) / len(blobs):.0f} bytes/doc "
        f"(Signature alone {len(enc.encode(dec.decode(blobs[0]).sig))} bytes)"
    )
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    idx = DedupIndex(cfg)
    for b in blobs:
        idx.add(dec.decode(b))
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(
        f"index memory (tracemalloc, {n_mem} docs): {(after - before) / n_mem:.0f} bytes/doc, "
        f"of which {len(dec.decode(blobs[-1]).id.encode())} are the id's UTF-8 bytes"
    )
    t0 = time.process_time()
    for i, s in enumerate(sigs):
        idx.check(IndexEntry(id=f"q{i}", order_key=f"9{i:08d}", seen_at=1e9, sig=s))
    print(f"check with {len(idx)} docs indexed: {(time.process_time() - t0) / len(sigs) * 1e6:.1f} µs/doc")


def cjk(cfg: DedupConfig, rng: random.Random) -> None:
    """Recall on planted Chinese copies and false positives between different Chinese articles."""
    rows = [r for r in load(ZH_PATH, "gold_text", "language", "Chinese") if len(r["gold_text"]) > 200]
    for r in rows:
        r["text"] = r["gold_text"]
    planted(rows, "text", "zh", cfg, len(rows), rng)
    sigs = [sig_of(r["text"], cfg, "zh") for r in rows]
    fp = sum(pair_verdict(a, b, cfg)[0] for i, a in enumerate(sigs) for b in sigs[i + 1 :])
    n = len(sigs) * (len(sigs) - 1) // 2
    print(f"zh different-article pairs flagged: {fp}/{n}")


def main() -> None:
    """Run the evaluation; --threshold etc. override the default configuration."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threshold", type=float, default=DedupConfig.threshold)
    ap.add_argument("--same-source-threshold", type=float, default=DedupConfig.same_source_threshold)
    ap.add_argument("--measure", default=DedupConfig.measure)
    ap.add_argument("--words", type=int, default=DedupConfig.shingle_words)
    ap.add_argument("--mins-bits", type=int, default=DedupConfig.mins_bits, help="bits of each min compared")
    ap.add_argument(
        "--half",
        choices=("all", "even", "odd"),
        default="all",
        help="articles at even or odd positions only: tune on one half, report on the other",
    )
    ap.add_argument("--scheme", type=int, default=DedupConfig.scheme, help="shingle scheme")
    ap.add_argument("--bands", type=int, default=DedupConfig.bands)
    ap.add_argument("--rows", type=int, default=DedupConfig.rows)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--mem-docs", type=int, default=100_000)
    ap.add_argument("--only", default="planted,pairs,stream,cjk,speed")
    args = ap.parse_args()
    cfg = DedupConfig(
        threshold=args.threshold,
        same_source_threshold=args.same_source_threshold,
        measure=args.measure,
        shingle_words=args.words,
        mins_bits=args.mins_bits,
        scheme=args.scheme,
        bands=args.bands,
        rows=args.rows,
    )
    print(cfg)
    rng = random.Random(1)
    rows = load(AR_PATH, "text")
    rows.sort(key=lambda r: r["published"])
    if args.half != "all":
        rows = rows[args.half == "odd" :: 2]
    long_enough = [r for r in rows if len(r["text"].split()) >= 30]
    only = set(args.only.split(","))
    if "planted" in only:
        planted(long_enough, "text", "ar", cfg, args.n, rng)
    if "pairs" in only:
        same_topic_pairs(long_enough, cfg, 20_000, rng)
    if "stream" in only:
        stream(rows, cfg)
    if "cjk" in only:
        cjk(cfg, rng)
    if "speed" in only:
        speed_and_memory(rows, cfg, args.mem_docs)


if __name__ == "__main__":
    main()

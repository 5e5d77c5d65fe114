"""Dev-only: accuracy, speed and memory of the language stage on /work/shared data (prints the numbers).

Also trains the stage's n-gram model from lingua-py's language-testdata (`--testdata DIR --train-ngrams
streams/data/lid/ngrams.msgpack.gz`), holding out lid_75lang_450's lines and the evaluation lines.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

SHARED = "/work/shared/data"
NAMES = {"Chinese": "zh", "English": "en", "Greek": "el", "Polish": "pl", "Russian": "ru"}

# Short Arabic-script items written for this evaluation (not taken from any corpus).
OWN_SHORT: list[tuple[str, str, str]] = [
    ("ar", "word_pair", "رئيس الوزراء"),
    ("ar", "word_pair", "مجلس الأمن"),
    ("ar", "word_pair", "الأمم المتحدة"),
    ("ar", "word_pair", "وزير الدفاع"),
    ("ar", "word_pair", "قوات الاحتلال"),
    ("ar", "word_pair", "كرة القدم"),
    ("ar", "word_pair", "في المدينة"),
    ("ar", "word_pair", "سوق الأسهم"),
    ("ar", "single_word", "الحكومة"),
    ("ar", "single_word", "انتخابات"),
    ("ar", "single_word", "مستشفى"),
    ("ar", "single_word", "الجامعة"),
    ("ar", "single_word", "يتحدثون"),
    ("ar", "single_word", "سيارة"),
    ("ar", "single_word", "المعارضة"),
    ("ar", "single_word", "قالت"),
    ("fa", "word_pair", "رئیس جمهور"),
    ("fa", "word_pair", "مجلس شورا"),
    ("fa", "word_pair", "بازار بورس"),
    ("fa", "word_pair", "خبرگزاری فارس"),
    ("fa", "word_pair", "می‌گوید که"),
    ("fa", "word_pair", "تیم ملی"),
    ("fa", "word_pair", "نرخ تورم"),
    ("fa", "word_pair", "وزیر امور"),
    ("fa", "single_word", "دانشجویان"),
    ("fa", "single_word", "گفتگو"),
    ("fa", "single_word", "بنابراین"),
    ("fa", "single_word", "همچنین"),
    ("fa", "single_word", "شهرداری"),
    ("fa", "single_word", "می‌شود"),
    ("fa", "single_word", "کشورها"),
    ("fa", "single_word", "پژوهشگران"),
    ("ur", "word_pair", "وزیر اعظم"),
    ("ur", "word_pair", "قومی اسمبلی"),
    ("ur", "word_pair", "کرکٹ ٹیم"),
    ("ur", "word_pair", "انہوں نے"),
    ("ur", "word_pair", "سپریم کورٹ"),
    ("ur", "word_pair", "حکومت پاکستان"),
    ("ur", "word_pair", "بارش ہوئی"),
    ("ur", "word_pair", "لوگوں کو"),
    ("ur", "single_word", "ہمیشہ"),
    ("ur", "single_word", "لڑکے"),
    ("ur", "single_word", "چاہیے"),
    ("ur", "single_word", "انتخابات"),
    ("ur", "single_word", "پولیس"),
    ("ur", "single_word", "کیونکہ"),
    ("ur", "single_word", "ہوں"),
    ("ur", "single_word", "ٹیلیویژن"),
    # Sentences, some with the Latin boilerplate, names and brands that real Arabic-script pages carry.
    ("ar", "sentence", "قال المتحدث باسم الوزارة إن المفاوضات ستستأنف الأسبوع المقبل في القاهرة."),
    ("ar", "sentence", "Read more: ارتفاع أسعار النفط بعد قرار أوبك خفض الإنتاج"),
    ("ar", "sentence", "أعلنت شركة Apple عن هاتف iPhone الجديد في مؤتمرها السنوي"),
    ("fa", "sentence", "به گزارش خبرگزاری ایسنا، جلسه شورای شهر تهران امروز برگزار شد."),
    ("fa", "sentence", "Posted by admin: قیمت دلار در بازار آزاد امروز کاهش یافت"),
    ("fa", "sentence", "شرکت Samsung گوشی جدید خود را در تهران معرفی کرد"),
    ("ur", "sentence", "وزیر اعظم نے کہا کہ حکومت مہنگائی پر قابو پانے کے لیے اقدامات کر رہی ہے۔"),
    ("ur", "sentence", "Latest News Updates: کراچی میں بارش سے نظام زندگی متاثر"),
    ("ur", "sentence", "پاکستان کرکٹ ٹیم نے T20 سیریز میں کامیابی حاصل کر لی"),
    # Mostly Latin letters, but the text is the Arabic-script part.
    ("ur", "sentence", "Home | Latest Pakistan News Headlines Today: لاہور میں شدید دھند"),
    ("fa", "sentence", "Download the PDF version of this report here: گزارش سالانه بانک مرکزی"),
    ("ar", "sentence", "Copyright 2024 All Rights Reserved | Sports News: الهلال يفوز بالدوري"),
]


def rss_mb() -> float:
    """Resident set size of this process in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def report(title: str, rows: Iterable[tuple[str, str, str]], detect: object, errors: int = 0) -> None:
    """Accuracy per kind, per language (ar/fa/ur always shown) and overall; µs per item."""
    fn = detect  # callable: text -> code
    per_kind: dict[str, Counter[bool]] = defaultdict(Counter)
    per_lang: dict[str, Counter[bool]] = defaultdict(Counter)
    afu: dict[str, Counter[bool]] = defaultdict(Counter)
    bad: Counter[tuple[str, str]] = Counter()
    n = 0
    t0 = time.process_time()
    for lang, kind, text in rows:
        got = fn(text)  # type: ignore[operator]
        ok = got == lang
        per_kind[kind][ok] += 1
        per_lang[lang][ok] += 1
        if lang in ("ar", "fa", "ur"):
            afu[kind][ok] += 1
        if not ok:
            bad[(lang, got)] += 1
        n += 1
    us = (time.process_time() - t0) / max(n, 1) * 1e6

    def acc(c: Counter[bool]) -> str:
        return f"{c[True] / max(1, c[True] + c[False]):.3f} (n={c[True] + c[False]})"

    total: Counter[bool] = Counter()
    for c in per_kind.values():
        total.update(c)
    print(f"\n== {title}: overall {acc(total)}, {us:.0f} µs/item (CPU)")
    for kind, c in sorted(per_kind.items()):
        print(f"  {kind:12s} {acc(c)}   ar/fa/ur: {acc(afu[kind]) if afu[kind] else '-'}")
    worst = sorted(per_lang.items(), key=lambda kv: kv[1][True] / (kv[1][True] + kv[1][False]))
    print("  per language:", ", ".join(f"{k} {v[True] / (v[True] + v[False]):.2f}" for k, v in worst))
    if errors:
        print("  top confusions (gold, got):", bad.most_common(errors))


def load_testdata(root: str, mod: int, per: int = 20) -> list[tuple[str, str, str]]:
    """Every `per`-th line (offset `mod`) of lingua-py's language-testdata: held-out short items."""
    kinds = {"sentences": "sentence", "word-pairs": "word_pair", "single-words": "single_word"}
    out = []
    for d, kind in kinds.items():
        for f in sorted(os.listdir(os.path.join(root, d))):
            with open(os.path.join(root, d, f), encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i % per == mod and line.strip():
                        out.append((f.removesuffix(".txt"), kind, line.strip()))
    return out


def long_docs(limit: int = 200) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """News documents (ant_train Arabic; en/zh/el/pl/ru gold text) and ~3 KB Arabic articles with titles."""
    docs: list[tuple[str, str, str]] = []
    with open(f"{SHARED}/ant_train.jsonl", encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh][: limit * 4]
    arabic = [r["text"] for r in stories]
    docs += [("ar", "document", t) for t in arabic[:limit] if len(t) >= 200]
    with open(f"{SHARED}/clean_dev_daniel_200.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if len(r["gold_text"]) >= 200:
                docs.append((NAMES[r["language"]], "document", r["gold_text"]))
    # ~3 KB articles: consecutive Arabic stories glued until 3000 characters, under the first one's title.
    three_kb: list[tuple[str, str]] = []
    buf, title = "", ""
    for r in stories:
        title = title or r["title"]
        buf += r["text"] + "\n"
        if len(buf) >= 3000:
            three_kb.append((buf[:3000], title))
            buf, title = "", ""
    return docs, three_kb


def headlines() -> list[tuple[str, str]]:
    """Real Arabic news headlines (ant_train titles) with their article text."""
    with open(f"{SHARED}/ant_train.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [(r["title"], r["text"]) for r in rows if r["title"].strip()]


def train_ngrams(root: str, out: str, exclude: set[int]) -> None:
    """Train the n-gram model on lingua's test data without the lines `exclude` (mod 20) or lid_75lang_450."""
    from pathlib import Path

    from streams.stages._lid_script import train_ngram_model

    with open(f"{SHARED}/lid_75lang_450.jsonl", encoding="utf-8") as fh:
        held = {json.loads(line)["text"].strip() for line in fh}
    rows: list[tuple[str, str]] = []
    for mod in sorted(set(range(20)) - exclude):
        rows += [(lang, text) for lang, _, text in load_testdata(root, mod) if text not in held]
    # Held-out lines can repeat in other lines (short words do): drop every text that a held-out line has.
    for mod in sorted(exclude):
        held |= {text for _, _, text in load_testdata(root, mod)}
    rows = [(lang, text) for lang, text in rows if text not in held]
    data = train_ngram_model(rows)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    print(f"{out}: {len(rows)} lines, {len(data) / 1e6:.1f} MB")


def main() -> None:
    """Run every evaluation and print the numbers (or train the n-gram model with --train-ngrams)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--testdata", help="lingua-py language-testdata dir for a held-out sample")
    ap.add_argument("--mods", default="11,15", help="line offsets (mod 20) of the held-out sample")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument(
        "--reference", action="store_true", help="also run lingua high-accuracy, all languages (~1.3 GB)"
    )
    ap.add_argument("--train-ngrams", metavar="OUT", help="train the n-gram model on --testdata and stop")
    ap.add_argument(
        "--train-exclude", default="0,1,2,3,11,15", help="line offsets (mod 20) the n-gram model never sees"
    )
    ap.add_argument("--ngram-model", default="", help="n-gram model file instead of the packaged one")
    args = ap.parse_args()

    if args.train_ngrams:
        if not args.testdata:
            ap.error("--train-ngrams needs --testdata")
        train_ngrams(args.testdata, args.train_ngrams, {int(m) for m in args.train_exclude.split(",")})
        return

    from streams.stages.language import LanguageConfig, LanguageDetector

    r0 = rss_mb()
    det = LanguageDetector(LanguageConfig(ngram_model=args.ngram_model))
    det.detect("warm up: the models load lazily on first use in some detectors")
    print(f"models: {det.version}; RSS added by the detector: {rss_mb() - r0:.0f} MB")

    def code(text: str) -> str:
        return det.detect(text).code

    with open(f"{SHARED}/lid_75lang_450.jsonl", encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh]
    report("lid_75lang_450", ((r["lang"], r["granularity"], r["text"]) for r in items), code, args.errors)
    report("own ar/fa/ur short items", OWN_SHORT, code, args.errors)
    if args.testdata:
        for mod in (int(m) for m in args.mods.split(",")):
            rows = load_testdata(args.testdata, mod)
            report(f"lingua testdata held-out (lines ≡ {mod} mod 20)", rows, code, args.errors)
            report(
                f"  … ar/fa/ur only (lines ≡ {mod} mod 20)",
                [r for r in rows if r[0] in ("ar", "fa", "ur")],
                code,
                args.errors,
            )

    docs, three_kb = long_docs()
    report("long news documents", docs, code, args.errors)
    quote = ' وقال: "We will not accept any delay in the negotiations, the minister told reporters." '
    mixed = [
        ("ar", "mixed", t[: len(t) // 2] + quote + t[len(t) // 2 :]) for lang, _, t in docs if lang == "ar"
    ]
    report("Arabic documents with a quoted English sentence", mixed, code, args.errors)
    en_share = [
        next((s.share for s in (det.detect(t).segments or []) if s.code == "en"), 0.0)
        for _, _, t in mixed[:50]
    ]
    print(f"  mean English share reported in segments: {sum(en_share) / len(en_share):.3f}")

    heads = headlines()
    report("Arabic news headlines alone (ant_train titles)", [("ar", "headline", t) for t, _ in heads], code)
    t0 = time.process_time()
    titled = [det.detect(text, title=t) for t, text in heads]
    us = (time.process_time() - t0) / len(heads) * 1e6
    ok = sum(i.title is not None and i.title.code == "ar" for i in titled) / len(titled)
    print(f"  the same headlines as titles of their articles: {ok:.4f} ar; {us:.0f} µs/article (CPU)")

    for label, with_title in (("without", False), ("with", True)):
        t0 = time.process_time()
        for t, title in three_kb:
            det.detect(t, title=title if with_title else None)
        us = (time.process_time() - t0) / len(three_kb) * 1e6
        print(f"\n3 KB Arabic articles {label} a title: {us:.0f} µs/doc (CPU, n={len(three_kb)})")
    # Includes lingua high-accuracy models the short-text path loaded lazily for the data seen above.
    print(f"RSS after everything: +{rss_mb() - r0:.0f} MB")

    if args.reference:
        from lingua import LanguageDetectorBuilder

        ref = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

        def ref_code(text: str) -> str:
            lang = ref.detect_language_of(text)
            return "und" if lang is None else lang.iso_code_639_1.name.lower()

        rows = [(r["lang"], r["granularity"], r["text"]) for r in items]
        report("REFERENCE lingua high-accuracy, all languages: lid_75lang_450", rows, ref_code)
        for mod in (int(m) for m in args.mods.split(",")) if args.testdata else ():
            rows = load_testdata(args.testdata, mod)
            report(f"REFERENCE lingua all: testdata lines ≡ {mod} mod 20", rows, ref_code)
            afu_rows = [r for r in rows if r[0] in ("ar", "fa", "ur")]
            report(f"REFERENCE lingua all: … ar/fa/ur only (≡ {mod})", afu_rows, ref_code)


if __name__ == "__main__":
    main()

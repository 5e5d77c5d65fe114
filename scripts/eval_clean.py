"""Dev-only: token P/R/F1 and speed of the cleaning stage on the seeds and the DAniEL dev pages."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from streams.schema import RawArticle
from streams.stages import Rejected
from streams.stages._cleaning_html import parse, render
from streams.stages.clean import (
    BoilerplateState,
    CleanConfig,
    CleanResult,
    clean,
    matching_form,
    normalize_display,
)

SHARED = Path("/work/shared")
# Pages whose reference is not the article (scored apart with --valid): the gold holds text the page
# does not show (the other pages of a paged article: we-dwoje.pl), or the page's comment rules, its
# readers' comments or its menu instead of the article (aif.ru, msnbc.msn.com, likar.info).
FAULTY_REFS = frozenset(
    {
        "20111121_www.we-dwoje.pl_23e8eed1174fe689688251122a4acf4ece6619471fe85bc7bc656aa6",
        "20111121_www.we-dwoje.pl_5f8a356d92a7613cf2dd5ff4321157c618efbe8e001dd639eba48013",
        "20111207_www.we-dwoje.pl_aadc8a9177b08dbda4327b28103e911dbf959368dee591196e2b8732",
        "20111128_www.likar.info_33b13a3a8fdf43147153ab6bdc9299502cc39aa92f14d4e01e55dc50",
        "20120117_www.aif.ru_a7a2b954a2707bdba78a221747044782454c7e7c29ea9ac74797aa01",
        "20120117_www.aif.ru_bb2d7753ead60383ec06cb6bcf3493dd7d85d65ffb79b6507fc9b2c8",
        "20120117_vitals.msnbc.msn.com_446c16a3f7e197591efce13b4ab472f3462cd95375d64b6ec18e8d43",
    }
)
_TOK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|\w+")


def tokens(text: str) -> Counter[str]:
    """Word tokens (CJK: one per character), casefolded, as a bag."""
    return Counter(t.casefold() for t in _TOK.findall(text))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1."""
    p, g = tokens(pred), tokens(gold)
    common = sum((p & g).values())
    prec = common / max(1, sum(p.values()))
    rec = common / max(1, sum(g.values()))
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def run(body: str, ctype: str, cfg: CleanConfig) -> str:
    """Cleaned text, or empty when rejected."""
    res = run_full(body, ctype, cfg)
    return res.text if res else ""


def run_full(body: str, ctype: str, cfg: CleanConfig, title: str | None = None) -> CleanResult | None:
    """The cleaning result, or None when rejected."""
    try:
        art = RawArticle(body=body, content_type=ctype, title=title)  # type: ignore[arg-type]
        return clean(art, BoilerplateState(cfg), cfg)
    except Rejected:
        return None


def headline_match(found: str | None, gold: str) -> tuple[bool, bool]:
    """(equal, equal or a prefix of the gold's) in matching form: some golds append the site name."""
    if found is None:
        return False, False
    f, g = matching_form(found), matching_form(gold)
    return f == g, f == g or (len(f) >= 10 and g.startswith(f))


def trafilatura_alone(html: str) -> str:
    """trafilatura with favor_precision on the raw page."""
    import trafilatura

    return trafilatura.extract(html, favor_precision=True, include_comments=False) or ""


def select_all(html: str) -> str:
    """The page as a browser's select-all copy (navigation and footers included)."""
    tree = parse(html, 10**8)
    return normalize_display(render(tree)) if tree is not None else ""


def main() -> None:
    """Per-language P/R/F1: plain text (+h: its headline put back), HTML, trafilatura alone; µs/doc."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--worst", type=int, default=0, help="print the N worst plain-text pages")
    ap.add_argument("--headlines", action="store_true", help="print pages whose headline is not the gold's")
    ap.add_argument(
        "--halves",
        action="store_true",
        help="also score even and odd pages apart (tune on one, check the other)",
    )
    ap.add_argument(
        "--valid",
        action="store_true",
        help="also score the pages apart from the 7 with a faulty reference (ALL-valid)",
    )
    args = ap.parse_args()
    cfg = CleanConfig(min_text_chars=1)
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        raw = seed.read_text()
        ref = normalize_display(raw[: raw.index("المصدر:")])
        out = run(raw, "text/plain", cfg)
        print(f"seed {seed.name}: exact={out == ref} F1={prf(out, ref)[2]:.3f}")
        if out != ref:
            print("   extra:", out[len(ref) :][:300] if out.startswith(ref) else out[-300:])
    rows = [json.loads(x) for x in (SHARED / "data/clean_dev_daniel_200.jsonl").open()][: args.limit]
    scores: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(lambda: defaultdict(list))
    times: dict[str, float] = defaultdict(float)
    worst: list[tuple[float, str, str]] = []
    # Headline: per group, [pages, found, strict correct, lenient correct]; publisher title: pages whose
    # title line left the text, and pages whose text changed other than by that line.
    heads: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    titled = [0, 0, 0]
    for idx, r in enumerate(rows):
        lang, gold, html = r["language"], r["gold_text"], r["html"]
        plain = select_all(html)
        # CPU time: wall-clock time is noisy on a shared machine.
        t0 = time.process_time()
        res_plain = run_full(plain, "text/plain", cfg)
        t1 = time.process_time()
        out_plain = res_plain.text if res_plain else ""
        gold_head = gold.split("\n", 1)[0].strip()
        strict, lenient = headline_match(res_plain.title if res_plain else None, gold_head)
        groups = [lang, "ALL"] + (["ALL-" + ("even" if idx % 2 == 0 else "odd")] if args.halves else [])
        if args.valid and r["id"] not in FAULTY_REFS:
            groups.append("ALL-valid")
        for g in groups:
            h = heads[g]
            h[0] += 1
            h[1] += res_plain is not None and res_plain.title is not None
            h[2] += strict
            h[3] += lenient
        if args.headlines and not strict:
            got = res_plain.title if res_plain else None
            print(f"headline {idx} {lang}: got {got!r:.80} gold {gold_head!r:.80}")
        # The same page with its headline sent as the publisher's title: the title line must leave the
        # text (no duplicate) and nothing else may change.
        res_t = run_full(plain, "text/plain", cfg, title=gold_head)
        if res_t is not None:
            titled[0] += 1
            titled[1] += res_t.report.removed_blocks.get("title", 0) > 0
            titled[2] += res_t.text != out_plain and not out_plain.startswith(gold_head)
        out_html = run(html, "text/html", cfg)
        t2 = time.process_time()
        out_traf = trafilatura_alone(html)
        t3 = time.process_time()
        times["plain"] += t1 - t0
        times["html"] += t2 - t1
        times["traf"] += t3 - t2
        times["plain_chars"] += len(plain)
        # The headline lifted into `title` is not in the text; the references open with it.
        head = res_plain.title if res_plain and res_plain.title else ""
        with_head = f"{head}\n{out_plain}" if head and not out_plain.startswith(head) else out_plain
        outs = (
            ("plain", out_plain),
            ("plain+h", with_head),
            ("html", out_html),
            ("traf", out_traf),
            ("all", plain),
        )
        for name, out in outs:
            s = prf(out, gold)
            scores[name][lang].append(s)
            scores[name]["ALL"].append(s)
            for g in groups[2:]:
                scores[name][g].append(s)
        worst.append((prf(out_plain, gold)[2], r["id"], lang))
    print(f"{'method':8} {'lang':8} {'P':>6} {'R':>6} {'F1':>6}")
    for name in ("all", "traf", "html", "plain", "plain+h"):
        for lang, ss in sorted(scores[name].items()):
            n = len(ss)
            p, rc, f = (sum(x[i] for x in ss) / n for i in range(3))
            print(f"{name:8} {lang:8} {p:6.3f} {rc:6.3f} {f:6.3f}")
    print(
        f"{'headline':8} {'lang':8} {'P':>6} {'R':>6} {'P~':>6} {'R~':>6} (~: gold may append the site name)"
    )
    for lang, (pages, found, ok, ok2) in sorted(heads.items()):
        p1, r1, p2, r2 = ok / max(1, found), ok / pages, ok2 / max(1, found), ok2 / pages
        print(f"{'headline':8} {lang:8} {p1:6.3f} {r1:6.3f} {p2:6.3f} {r2:6.3f}")
    print(
        f"title sent: {titled[0]} pages, title line removed on {titled[1]}, "
        f"text changed otherwise on {titled[2]}"
    )
    n = len(rows)
    print(
        f"CPU µs/doc: plain {1e6 * times['plain'] / n:.0f} (avg {times['plain_chars'] / n:.0f} chars), "
        f"html {1e6 * times['html'] / n:.0f}, trafilatura alone {1e6 * times['traf'] / n:.0f}"
    )
    for f, rid, lang in sorted(worst)[: args.worst]:
        print(f"{f:.3f} {lang} {rid}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Evaluate topics (and time topics + keywords) on the fixed held-out part of ANT.

    python scripts/train_topics.py --holdout --out /tmp/topics_holdout
    python scripts/eval_topics.py --model /tmp/topics_holdout

Runs the real TopicClassifier (model + lexicon + thresholds) on the held-out mapped articles and prints
accuracy per class, the confusion matrix and µs per article for topics and keywords on ~3 KB articles.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_topics import DEFAULT_DATA, load, split  # noqa: E402

from streams.nlp.keywords import KeywordExtractor  # noqa: E402
from streams.nlp.topics import IPTC, TopicClassifier  # noqa: E402
from streams.stages.clean import matching_form  # noqa: E402


def main() -> None:
    """Print held-out accuracy, confusion and timings."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--model", default=None, help="model directory (default: the packaged model)")
    args = ap.parse_args()
    docs = load(args.data)
    _, test = split(docs)
    clf = TopicClassifier(args.model)
    short = {i: IPTC[i][1].split(",")[0][:9] for i in range(len(IPTC))}
    index = {code: i for i, (code, _) in enumerate(IPTC)}
    pairs: list[tuple[int, int]] = []
    n_topics: Counter[int] = Counter()
    for i in test:
        d = docs[i]
        got = clf.predict(d.text, d.match, d.title, "ar")
        n_topics[len(got)] += 1
        pairs.append((d.label, index[got[0].code] if got else -1))
    labels = sorted({t for t, _ in pairs})
    ok = sum(t == p for t, p in pairs)
    print(f"model: {args.model or 'packaged'} ({clf.version})")
    print(f"held-out accuracy {ok / len(pairs):.3f} ({ok}/{len(pairs)}); topics per article {dict(n_topics)}")
    for c in labels:
        n = sum(t == c for t, _ in pairs)
        k = sum(t == c and p == c for t, p in pairs)
        print(f"  {short[c]:<10} n={n:>3} acc={k / n:.3f}")
    cols = sorted({p for _, p in pairs} | set(labels))
    print("confusion (rows true, columns predicted top topic; none = nothing emitted)")
    print(" " * 11 + "".join(f"{(short[c] if c >= 0 else 'none')[:8]:>9}" for c in cols))
    for c in labels:
        print(f"{short[c]:<11}" + "".join(f"{sum(t == c and p == q for t, p in pairs):>9}" for q in cols))

    # Timing on ~3 KB (UTF-8) articles glued from held-out texts.
    arts: list[tuple[str, str]] = []
    buf = ""
    for i in test:
        buf = (buf + "\n" + docs[i].text).strip()
        if len(buf.encode("utf-8")) >= 3000:
            arts.append((buf, docs[i].title))
            buf = ""
    prepared = [(t, matching_form(t, "ar"), title) for t, title in arts]
    kx = KeywordExtractor()
    for name, fn in (
        ("topics", lambda t, m, title: clf.predict(t, m, title, "ar")),
        ("keywords", lambda t, m, title: kx.extract(t, m, "ar", 8)),
    ):
        for t, m, title in prepared[:5]:
            fn(t, m, title)  # warm up, as a running worker is
        # CPU time of this process, best of three: the machine is shared, wall time mostly measures others.
        runs = []
        for _ in range(3):
            t0 = time.process_time()
            for t, m, title in prepared:
                fn(t, m, title)
            runs.append(time.process_time() - t0)
        us = min(runs) / len(prepared) * 1e6
        print(f"{name}: {us:.0f} µs per ~3 KB Arabic article ({len(prepared)} articles)")


if __name__ == "__main__":
    main()

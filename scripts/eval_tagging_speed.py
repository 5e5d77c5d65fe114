"""Time the tagging stage on ~3 KB real Arabic news: entities, topics, keywords and the whole Tagger.tag.

Usage: python scripts/eval_tagging_speed.py [--data ant_train.jsonl] [--size 3000] [--runs 3]

Documents: the texts scripts/eval_topics.py holds out of the ANT corpus (held out of the topic model and of
the NER ordinary-word list; the NER word lexicon and clusters counted their words), glued in file order until
`--size` bytes and cut back to the last sentence end or line break before that size. Figures are process CPU
time (the machine may be shared: wall time would measure the neighbours). Three views:

- unseen: a worker that has already tagged every other text of the file (3,649 articles) tags these once.
  This is what a running worker pays for news it has not seen: every part memoises per word, and new words
  (names, mostly) cost their features. The headline figure.
- fresh worker: the same documents as the first articles a new worker tags.
- seen again: the best of `--runs` passes over documents already tagged (every word memoised): a floor.

Each document goes through the three parts and then the whole stage, one after the other as in a worker, so
each part pays for the caches the others evict.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_topics import DEFAULT_DATA, Doc, load, split  # noqa: E402

from streams.pipeline import settle_heap  # noqa: E402
from streams.stages.clean import matching_form  # noqa: E402
from streams.stages.tagging import Tagger  # noqa: E402


def documents(docs: list[Doc], test: list[int], size: int) -> list[str]:
    """Held-out ANT texts (`test`) glued into documents of at most `size` UTF-8 bytes, ending on a sentence
    end."""
    out: list[str] = []
    buf = ""
    for i in test:
        buf = (buf + "\n" + docs[i].text).strip()
        if len(buf.encode()) >= size:
            head = buf.encode()[:size].decode("utf-8", "ignore")
            cut = max(head.rfind("."), head.rfind("\n"))
            out.append(head[: cut + 1] if cut > size * 2 // 3 else head)
            buf = ""
    return out


def main() -> None:
    """Print µs per document for each part of the tagging stage."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    docs = load(args.data)
    _, test = split(docs)
    texts = documents(docs, test, args.size)
    prepared = [(t, matching_form(t, "ar")) for t in texts]
    parts = ("entities", "topics", "keywords", "tag")

    # Unseen: a worker warmed on the other texts of the file (held-out ones left out) meets these first.
    held = set(test)
    seasoned = Tagger()
    settle_heap()  # as a worker does once its models are loaded
    for i, d in enumerate(docs):
        if i not in held:
            seasoned.tag(d.text, d.match, None, "ar")
    unseen = dict.fromkeys(parts[:3], 0.0)
    for text, match in prepared:
        for part, dt in zip(parts[:3], _time_parts(seasoned, text, match), strict=True):
            unseen[part] += dt
    unseen = {p: v / len(prepared) * 1e6 for p, v in unseen.items()}

    tagger = Tagger()
    settle_heap()
    t0 = time.process_time()
    for text, match in prepared:
        tagger.tag(text, match, None, "ar")
    first = (time.process_time() - t0) / len(prepared) * 1e6
    best = dict.fromkeys(parts, float("inf"))
    for _ in range(args.runs):
        spent = dict.fromkeys(parts, 0.0)
        for text, match in prepared:
            for part, dt in zip(parts, _time_parts(tagger, text, match, whole=True), strict=True):
                spent[part] += dt
        for part in parts:
            best[part] = min(best[part], spent[part] / len(prepared) * 1e6)
    size = sum(len(t.encode()) for t in texts) / len(texts)
    print(f"{len(texts)} documents of {size:.0f} bytes (real Arabic news, ANT held-out texts)")
    print(
        "unseen, after the other texts: {}, sum {:.0f} µs/doc".format(
            ", ".join(f"{p} {v:.0f} µs" for p, v in unseen.items()), sum(unseen.values())
        )
    )
    print(f"fresh worker, first pass: {first:.0f} µs/doc")
    print("seen again, best of {}: {}".format(args.runs, ", ".join(f"{p} {best[p]:.0f} µs" for p in parts)))


def _time_parts(tagger: Tagger, text: str, match: str, whole: bool = False) -> list[float]:
    """CPU seconds of entities, topics and keywords on one document (and of the whole stage after them)."""
    words = match.split()
    a = time.process_time()
    tagger.entities.find(text, match, "ar")
    b = time.process_time()
    tagger.topics.predict(text, match, None, "ar", tokens=words)
    c = time.process_time()
    tagger.keywords.extract(text, match, "ar", tagger.cfg.max_keywords, match_words=words)
    d = time.process_time()
    out = [b - a, c - b, d - c]
    if whole:
        tagger.tag(text, match, None, "ar")
        out.append(time.process_time() - d)
    return out


if __name__ == "__main__":
    main()

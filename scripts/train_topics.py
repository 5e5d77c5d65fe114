"""Train the IPTC topic model on ANT (Arabic), fit the model/lexicon blend, and build the keyword DF table.

Reproducible: `python scripts/train_topics.py` reads /work/shared/data/ant_train.jsonl and writes
streams/data/topics/model.npz + model.json and streams/data/keywords/df_ar.tsv.gz.
`--holdout` trains on the fixed stratified training part only (for scripts/eval_topics.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streams.nlp import keywords as kw  # noqa: E402
from streams.nlp.topics import (  # noqa: E402
    FORMS_FILE,
    IPTC,
    SECTION_TO_CODE,
    BlendParams,
    LexiconParams,
    LinearModel,
    feature_keys,
    is_arabic_word,
    key_map,
    lexicon_raw,
    lexicon_scores,
    load_lexicon,
    load_stopwords,
)
from streams.stages.clean import matching_form  # noqa: E402

DEFAULT_DATA = "/work/shared/data/ant_train.jsonl"
SEED = 20170  # fixed split seed
TEST_SHARE = 0.25
VERSION = "1"
CODES = [c for c, _ in IPTC]
# Lexicon inputs are shrunk so that L2 makes the model earn its trust in them (unscaled, the dense
# lexicon columns crowd out the word features and sport/politics accuracy drops).
LEX_SCALE = float(os.environ.get("TOPICS_LEX_SCALE", "0.5"))


class Doc:
    """One ANT article in the forms training needs."""

    def __init__(self, d: dict[str, str], stop: frozenset[str]) -> None:
        self.id = d["id"]
        self.section = d["category"]
        self.text = d["text"]
        self.title = d.get("title") or ""
        self.match = matching_form(self.text, "ar")
        self.title_match = matching_form(self.title, "ar")
        self.feats = feature_keys(self.match, stop) + feature_keys(self.title_match, stop)
        toks = self.match.split()
        raw = lexicon_raw(load_lexicon()["ar"], toks, self.title_match.split(), key_map(toks))
        self.lex = np.array(lexicon_scores(raw, len(toks), LexiconParams()))
        code = SECTION_TO_CODE.get(self.section)
        self.label = CODES.index(code) if code else -1


def load(path: str) -> list[Doc]:
    """Read the corpus, in file order."""
    stop = load_stopwords()["ar"]
    with open(path, encoding="utf-8") as fh:
        return [Doc(json.loads(line), stop) for line in fh if line.strip()]


def split(docs: list[Doc]) -> tuple[list[int], list[int]]:
    """Fixed stratified split of the mapped articles (by section, sorted by id, seeded shuffle)."""
    rng = random.Random(SEED)
    train: list[int] = []
    test: list[int] = []
    by: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        if d.label >= 0:
            by.setdefault(d.section, []).append(i)
    for sec in sorted(by):
        idx = sorted(by[sec], key=lambda i: docs[i].id)
        rng.shuffle(idx)
        n_test = max(2, round(len(idx) * TEST_SHARE))
        test += idx[:n_test]
        train += idx[n_test:]
    return sorted(train), sorted(test)


def folds(docs: list[Doc], idx: list[int], k: int, seed: int) -> list[list[int]]:
    """Stratified k folds of `idx`."""
    rng = random.Random(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    by: dict[int, list[int]] = {}
    for i in idx:
        by.setdefault(docs[i].label, []).append(i)
    j = 0
    for lab in sorted(by):
        grp = list(by[lab])
        rng.shuffle(grp)
        for i in grp:
            out[j % k].append(i)
            j += 1
    return out


# ------------------------------------------------------------------------------------------ the model


def fit(
    docs: list[Doc],
    idx: list[int],
    pool: list[int],
    l2: float,
    iters: int = 300,
    min_df: int = 2,
) -> LinearModel:
    """Multinomial logistic regression (class-balanced, L2) on sublinear TF-IDF, by full-batch Adam."""
    df: Counter[str] = Counter()
    for i in pool:
        df.update(set(docs[i].feats))
    seen: set[str] = set()
    for i in idx:
        seen.update(docs[i].feats)
    words = sorted(f for f in seen if df[f] >= min_df)
    vocab = {w: j for j, w in enumerate(words)}
    n_pool = len(pool)
    idf = np.array([math.log((1 + n_pool) / (1 + df[w])) + 1.0 for w in words], np.float32)
    classes = tuple(sorted({docs[i].label for i in idx}))
    cpos = {c: j for j, c in enumerate(classes)}
    model = LinearModel(
        vocab=vocab,
        idf=idf,
        weights=np.zeros((len(words), len(classes)), np.float32),
        bias=np.zeros(len(classes), np.float32),
        classes=classes,
        lex_weights=np.zeros((len(IPTC), len(classes)), np.float32),
    )
    nl = len(IPTC)
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[npt.NDArray[np.float32]] = []
    for r, i in enumerate(idx):
        c, v = model.vector(docs[i].feats)
        # Lexicon scores ride along as features nf .. nf+16.
        c = np.concatenate([c, len(words) + np.arange(nl)])
        v = np.concatenate([v, LEX_SCALE * docs[i].lex.astype(np.float32)])
        rows.append(np.full(len(c), r, np.int64))
        cols.append(c)
        vals.append(v)
    R, C, V = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals).astype(np.float64)
    n, k, nf = len(idx), len(classes), len(words) + nl
    y = np.array([cpos[docs[i].label] for i in idx])
    Y = np.eye(k)[y]
    counts = np.bincount(y, minlength=k)
    # Balanced class weights so 12 technology articles weigh as much as 600 sport ones.
    sw = (n / (k * counts))[y]
    sw = sw / sw.sum()
    W = np.zeros((nf, k))
    b = np.zeros(k)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, iters + 1):
        Z = np.stack([np.bincount(R, weights=V * W[C, j], minlength=n) for j in range(k)], 1) + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) * sw[:, None]
        gW = np.stack([np.bincount(C, weights=V * G[R, j], minlength=nf) for j in range(k)], 1) + l2 * W
        gb = G.sum(0)
        for par, g, mom, sq in ((W, gW, mW, vW), (b, gb, mb, vb)):
            mom *= b1
            mom += (1 - b1) * g
            sq *= b2
            sq += (1 - b2) * g * g
            par -= lr * (mom / (1 - b1**t)) / (np.sqrt(sq / (1 - b2**t)) + 1e-8)
    return LinearModel(
        vocab=vocab,
        idf=idf,
        weights=W[: len(words)].astype(np.float32),
        bias=b.astype(np.float32),
        classes=classes,
        lex_weights=(LEX_SCALE * W[len(words) :]).astype(np.float32),  # scale folded into the weights
    )


# ------------------------------------------------------------------------------------------ the blend


def lexicon_matrix(docs: list[Doc], idx: list[int], p: LexiconParams) -> npt.NDArray[np.float64]:
    """Lexicon scores (17 classes) of each document, Arabic lexicon (computed once at load)."""
    assert p == LexiconParams()
    return np.array([docs[i].lex for i in idx])


def blend_scores(
    P: npt.NDArray[np.float64], L: npt.NDArray[np.float64], classes: tuple[int, ...], b: BlendParams
) -> npt.NDArray[np.float64]:
    """Same combination as TopicClassifier.scores, vectorised over documents."""
    S = L * b.lexicon_only
    for j, c in enumerate(classes):
        S[:, c] = b.model_weight * P[:, j] + (1 - b.model_weight) * L[:, c]
    return S


def accuracy(S: npt.NDArray[np.float64], y: npt.NDArray[np.int64], threshold: float) -> float:
    """Share of documents whose top emitted topic is the mapped label (nothing emitted = wrong)."""
    top = S.argmax(1)
    ok = (top == y) & (S.max(1) >= threshold)
    return float(ok.mean())


def per_class_min(S: npt.NDArray[np.float64], y: npt.NDArray[np.int64], threshold: float) -> float:
    """Worst per-class accuracy."""
    top = S.argmax(1)
    ok = (top == y) & (S.max(1) >= threshold)
    return float(min(ok[y == c].mean() for c in np.unique(y)))


def oof(docs: list[Doc], idx: list[int], pool: list[int], l2: float, k: int = 5) -> npt.NDArray[np.float64]:
    """Out-of-fold model probabilities for `idx` (rows in idx order)."""
    pos = {i: r for r, i in enumerate(idx)}
    classes = tuple(sorted({docs[i].label for i in idx}))
    out = np.zeros((len(idx), len(classes)))
    for f in folds(docs, idx, k, SEED + 1):
        fs = set(f)
        m = fit(docs, [i for i in idx if i not in fs], [i for i in pool if i not in fs], l2)
        for i in f:
            p = m.proba(docs[i].feats, docs[i].lex.tolist())
            out[pos[i], [classes.index(c) for c in m.classes]] = p
    return out


def tune(docs: list[Doc], idx: list[int], pool: list[int]) -> tuple[float, BlendParams, LexiconParams]:
    """Pick L2 strength and blend parameters by 5-fold cross-validation on `idx`."""
    y = np.array([docs[i].label for i in idx])
    classes = tuple(sorted(set(y.tolist())))
    lexp = LexiconParams()
    L = lexicon_matrix(docs, idx, lexp)
    # The model already weighs the lexicon (stacked inputs), so its probabilities are used as they are
    # for the trained classes (model_weight 1); only L2 is chosen, by accuracy plus the worst class.
    best: tuple[float, float, npt.NDArray[np.float64]] | None = None
    for l2 in (3e-4, 1e-3, 3e-3):
        P = oof(docs, idx, pool, l2)
        S = blend_scores(P, L.copy(), classes, BlendParams(model_weight=1.0, lexicon_only=0.0))
        acc, worst = accuracy(S, y, 0.0), per_class_min(S, y, 0.0)
        print(f"  l2={l2:g}: CV accuracy {acc:.3f}, worst class {worst:.3f}", flush=True)
        if best is None or acc + 0.5 * worst > best[0]:
            best = (acc + 0.5 * worst, l2, P)
    assert best is not None
    _, l2, P = best
    base = accuracy(blend_scores(P, L.copy(), classes, BlendParams(1.0, 0.0)), y, 0.0)
    # Untrained classes: the largest factor that costs at most one point of accuracy on the mapped
    # sections (their articles legitimately touch crime, health, ...), so those classes can still win.
    lex_only = 0.0
    for g in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        if accuracy(blend_scores(P, L.copy(), classes, BlendParams(1.0, g)), y, 0.0) >= base - 0.01:
            lex_only = g
    # Threshold: the highest that keeps 99.5% of the correctly classified articles, within 0.2 .. 0.4.
    S = blend_scores(P, L.copy(), classes, BlendParams(1.0, lex_only))
    correct = S.max(1)[S.argmax(1) == y]
    thr = float(np.floor(np.quantile(correct, 0.005) * 100) / 100)
    thr = max(0.2, min(thr, 0.4))
    blend = BlendParams(model_weight=1.0, lexicon_only=lex_only, threshold=thr)
    print(f"  chosen l2={l2:g} {blend}", flush=True)
    return l2, blend, lexp


def report(docs: list[Doc], test: list[int], S: npt.NDArray[np.float64], thr: float) -> None:
    """Print accuracy per mapped class and the confusion matrix (rows true, columns predicted)."""
    y = np.array([docs[i].label for i in test])
    top = np.where(S.max(1) >= thr, S.argmax(1), -1)
    labs = sorted(set(y.tolist()))
    names = {c: IPTC[c][1].split(",")[0][:10] for c in range(len(IPTC))}
    print(f"accuracy {float((top == y).mean()):.3f} on {len(y)} articles")
    for c in labs:
        m = y == c
        print(f"  {names[c]:<10} n={int(m.sum()):>3} acc={float((top[m] == c).mean()):.3f}")
    cols = sorted(set(labs) | set(top.tolist()))
    print("confusion (rows: true, cols: predicted; -1 = nothing emitted)")
    print(" " * 11 + "".join(f"{(names[c] if c >= 0 else 'none')[:7]:>8}" for c in cols))
    for c in labs:
        print(f"{names[c]:<11}" + "".join(f"{int(((y == c) & (top == p)).sum()):>8}" for p in cols))


def build_df(docs: list[Doc], out: Path) -> None:
    """Arabic document frequencies of keyword keys over the whole corpus (df >= 2), gzipped TSV."""
    df: Counter[str] = Counter()
    for d in docs:
        df.update(kw.doc_keys(d.text + "\n" + d.title, "ar"))
    rows = sorted((k, n) for k, n in df.items() if n >= 2)
    body = f"#docs\t{len(docs)}\n" + "".join(f"{k}\t{n}\n" for k, n in rows)
    out.write_bytes(gzip.compress(body.encode("utf-8"), 9, mtime=0))  # mtime=0: reproducible bytes
    print(f"DF table: {len(rows)} keys from {len(docs)} articles -> {out} ({out.stat().st_size} bytes)")


def build_forms(docs: list[Doc], out: Path, limit: int = 40000) -> None:
    """The most frequent Arabic surface forms (matching form), analysed once at load time for speed."""
    cnt: Counter[str] = Counter()
    for d in docs:
        cnt.update(t for t in d.match.split() if is_arabic_word(t) and len(t) > 1)
    forms = sorted(f for f, n in cnt.most_common(limit) if n >= 3)
    out.write_bytes(gzip.compress("\n".join(forms).encode("utf-8"), 9, mtime=0))
    print(f"forms table: {len(forms)} Arabic forms -> {out} ({out.stat().st_size} bytes)")


def build_tables(docs: list[Doc]) -> None:
    """Keyword DF table, topic form table and keyword display-word table, from the whole corpus."""
    build_df(docs, ROOT / "streams/data/keywords/df_ar.tsv.gz")
    build_forms(docs, ROOT / "streams/data/topics" / FORMS_FILE)
    build_display(docs, ROOT / "streams/data/keywords" / kw.DISPLAY_FILE)


def build_display(docs: list[Doc], out: Path, limit: int = 40000) -> None:
    """The most frequent Arabic display words, analysed once by the keyword extractor at load time."""
    cnt: Counter[str] = Counter()
    for d in docs:
        for text in (d.text, d.title):
            cnt.update(t for t in kw._TOKEN.findall(text) if len(t) > 1 and is_arabic_word(t))
    words = sorted(w for w, n in cnt.most_common(limit) if n >= 3)
    out.write_bytes(gzip.compress("\n".join(words).encode("utf-8"), 9, mtime=0))
    print(f"display table: {len(words)} Arabic words -> {out} ({out.stat().st_size} bytes)")


def main() -> None:
    """Train (and, with --holdout, evaluate) the topic model; write the artefacts."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=str(ROOT / "streams/data/topics"))
    ap.add_argument("--holdout", action="store_true", help="train on the fixed training part only")
    ap.add_argument("--no-df", action="store_true", help="skip the keyword DF table")
    ap.add_argument("--tables-only", action="store_true", help="only rebuild the DF, form and word tables")
    ap.add_argument(
        "--cv-report", action="store_true", help="also report 5-fold cross-validation on all mapped articles"
    )
    args = ap.parse_args()
    t0 = time.time()
    docs = load(args.data)
    if args.tables_only:
        build_tables(docs)
        return
    train, test = split(docs)
    print(f"{len(docs)} articles, {len(train)} mapped for training, {len(test)} held out", flush=True)
    test_set = set(test)
    # Unlabeled sections (localNews, internationalNews, diverse) only feed the IDF statistics.
    pool_train = [i for i in range(len(docs)) if i not in test_set]
    l2, blend, lexp = tune(docs, train, pool_train)
    if args.cv_report:
        # Every mapped article predicted by a model that never saw it: per-class numbers for the thin
        # classes (12 technology articles) that a 25% held-out part cannot give.
        mapped = sorted(train + test)
        P_cv = oof(docs, mapped, list(range(len(docs))), l2)
        classes = tuple(sorted({docs[i].label for i in mapped}))
        print("5-fold cross-validation, all mapped articles:")
        S_cv = blend_scores(P_cv, lexicon_matrix(docs, mapped, lexp), classes, blend)
        report(docs, mapped, S_cv, blend.threshold)
    if args.holdout:
        fit_idx, pool = train, pool_train
    else:
        fit_idx, pool = sorted(train + test), list(range(len(docs)))
    model = fit(docs, fit_idx, pool, l2)
    if args.holdout:
        y_classes = model.classes
        P = np.array([model.proba(docs[i].feats, docs[i].lex.tolist()) for i in test])
        S = blend_scores(P, lexicon_matrix(docs, test, lexp), y_classes, blend)
        report(docs, test, S, blend.threshold)
    meta: dict[str, object] = {
        "version": VERSION,
        "trained_on": "held-out split: training part" if args.holdout else "all mapped ANT articles",
        "articles": len(fit_idx),
        "l2": l2,
        "blend": asdict(blend),
        "lexicon": asdict(lexp),
        "split_seed": SEED,
        "test_share": TEST_SHARE,
    }
    Path(args.out).mkdir(parents=True, exist_ok=True)
    model.save(args.out, meta)
    print(f"model: {len(model.vocab)} features -> {args.out} ({time.time() - t0:.0f}s)")
    if not args.no_df and not args.holdout:
        build_tables(docs)


if __name__ == "__main__":
    main()

"""IPTC Media Topics (top level): a trained Arabic linear model blended with a multilingual lexicon."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain, compress, pairwise, repeat
from operator import is_, itemgetter
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from streams.schema import Topic
from streams.stages.clean import matching_form

# IPTC Media Topics top level, in a fixed order (index = class id everywhere in this module).
IPTC: tuple[tuple[str, str], ...] = (
    ("medtop:01000000", "arts, culture, entertainment and media"),
    ("medtop:16000000", "conflict, war and peace"),
    ("medtop:02000000", "crime, law and justice"),
    ("medtop:03000000", "disaster, accident and emergency incident"),
    ("medtop:04000000", "economy, business and finance"),
    ("medtop:05000000", "education"),
    ("medtop:06000000", "environment"),
    ("medtop:07000000", "health"),
    ("medtop:08000000", "human interest"),
    ("medtop:09000000", "labour"),
    ("medtop:10000000", "lifestyle and leisure"),
    ("medtop:11000000", "politics"),
    ("medtop:12000000", "religion"),
    ("medtop:13000000", "science and technology"),
    ("medtop:14000000", "society"),
    ("medtop:15000000", "sport"),
    ("medtop:17000000", "weather"),
)
CODE_INDEX: Mapping[str, int] = MappingProxyType({code: i for i, (code, _) in enumerate(IPTC)})

# ANT outlet sections that map onto IPTC; localNews, internationalNews and diverse have no mapping.
SECTION_TO_CODE: Mapping[str, str] = MappingProxyType(
    {
        "politic": "medtop:11000000",
        "economy": "medtop:04000000",
        "sport": "medtop:15000000",
        "culture": "medtop:01000000",
        "technology": "medtop:13000000",
        "society": "medtop:14000000",
    }
)

DATA = "streams.data.topics"
EVIDENCE_PRIOR = 8.0  # pseudo-features of a uniform prior mixed into the model's probabilities
MODEL_FILE = "model.npz"
META_FILE = "model.json"
LEXICON_FILE = "lexicon.txt"

_AR_FIRST, _AR_LAST = "\u0621", "\u064a"
# Proclitic strings ending in the article (و/ف + ب/ك + ال, و/ف + لل), by length.
_PRE4 = frozenset(("وبال", "وكال", "فبال", "فكال"))
_PRE3 = frozenset(("فال", "وال", "بال", "كال", "ولل", "فلل"))
_PRE2 = frozenset(("لل", "ال"))
FORMS_FILE = "forms_ar.txt.gz"


def is_arabic_word(word: str) -> bool:
    """True when the word starts with a basic Arabic letter (enough for folded tokens)."""
    return _AR_FIRST <= word[0] <= _AR_LAST


def arabic_key(word: str) -> str:
    """Light stem of a folded Arabic word: drop و/ف/ب/ك/ل + ال proclitics and a few inflectional suffixes."""
    n = len(word)
    if n < 4:
        return word
    if n >= 6 and word[:4] in _PRE4:
        word = word[4:]
    elif n >= 5 and word[:3] in _PRE3:
        word = word[3:]
    elif word[:2] in _PRE2:
        word = word[2:]
    n = len(word)
    if n < 4:
        return word
    end = word[-2:]
    # Plural and feminine endings fold onto one form; a bare final ه (folded ة) stays, since
    # stripping it would merge e.g. جامعه (university) with جامع (mosque).
    if n >= 5 and (end == "ون" or end == "ين"):
        return word[:-2]  # يون/يين keep their ي: تونسيين -> تونسي
    if n >= 5 and end == "ات":
        return word[:-2] + "ه"
    if end == "يه":
        return word[:-1]
    if n >= 6 and end == "ها":
        return word[:-2]
    return word


@cache
def load_forms() -> Mapping[str, str]:
    """Frequent Arabic surface forms (matching form) -> light stem, precomputed once for speed; immutable."""
    try:
        raw = resources.files(DATA).joinpath(FORMS_FILE).read_bytes()
    except FileNotFoundError:
        return MappingProxyType({})
    forms = gzip.decompress(raw).decode("utf-8").split("\n")
    return MappingProxyType({f: arabic_key(f) for f in forms if f})


def token_key(word: str) -> str:
    """Matching key of one folded token: the Arabic light stem, other scripts unchanged."""
    return arabic_key(word) if is_arabic_word(word) else word


@cache
def load_stopwords() -> Mapping[str, frozenset[str]]:
    """Stopwords per language (folded), read once from package data; immutable."""
    out: dict[str, set[str]] = {}
    text = resources.files("streams.data.keywords").joinpath("stopwords.txt").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, _, words = line.partition(":")
        out.setdefault(lang.strip(), set()).update(matching_form(words, lang.strip()).split())
    return MappingProxyType({k: frozenset(v) for k, v in out.items()})


def key_map(tokens: Iterable[str], forms: Mapping[str, str] | None = None) -> dict[str, str]:
    """Light-stem key of each distinct token (table lookups for frequent Arabic forms)."""
    if forms is None:
        forms = load_forms()
    out: dict[str, str] = {}
    for tok in set(tokens):
        k = forms.get(tok)
        out[tok] = k if k is not None else token_key(tok)
    return out


def feature_keys(
    match_text: str,
    stop: frozenset[str],
    keys: Mapping[str, str] | None = None,
    vocab: Mapping[str, int] | None = None,
) -> list[str]:
    """Model features of a matching-form text: light-stemmed content words plus adjacent-word bigrams.

    With `vocab`, only features the model knows are returned (a known bigram has known words, so pairs
    with an unknown word are skipped before their string is even built).
    """
    toks = [t for t in match_text.split() if len(t) > 1 and t not in stop and not t.isdigit()]
    km = keys if keys is not None else key_map(toks)
    seq = [km[t] for t in toks]
    if vocab is None:
        return seq + [a + " " + b for a, b in pairwise(seq)]
    known = [k if k in vocab else None for k in seq]
    return [k for k in known if k is not None] + [
        a + " " + b for a, b in pairwise(known) if a is not None and b is not None
    ]


# ---------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class LangLexicon:
    """One language's lexicon: word patterns (exact key or "prefix*") and the terms built from them."""

    patterns: frozenset[str]
    prefix_lengths: tuple[int, ...]
    single: Mapping[str, tuple[tuple[int, float], ...]]  # pattern -> (class, weight)
    multi: Mapping[str, tuple[tuple[tuple[str, ...], int, float], ...]]  # first pattern -> (rest, class, w)

    def match(self, key: str) -> tuple[str, ...]:
        """Patterns that one token key satisfies."""
        found = [key] if key in self.patterns else []
        for n in self.prefix_lengths:
            if n <= len(key):
                p = key[:n] + "*"
                if p in self.patterns:
                    found.append(p)
        return tuple(found)


def _pattern(word: str) -> str:
    if word.endswith("*"):
        return word  # prefixes are written in their matching form already
    return token_key(word)


def parse_lexicon(text: str) -> dict[str, LangLexicon]:
    """Parse the lexicon file format (see its header) into one matcher per language."""
    single: dict[str, dict[str, dict[tuple[int, str], float]]] = {}
    multi: dict[str, dict[str, list[tuple[tuple[str, ...], int, float]]]] = {}
    cls = -1
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            cls = CODE_INDEX[line.strip("[]")]
            continue
        lang, _, terms = line.partition(":")
        lang = lang.strip()
        for term in terms.split(","):
            term, _, w = term.strip().partition("^")
            weight = float(w) if w else 1.0
            words: list[str] = []
            for part in term.split():
                pieces = matching_form(part.rstrip("*"), lang).split()
                if pieces and part.endswith("*"):
                    pieces[-1] += "*"  # "word*" is a prefix pattern
                words.extend(pieces)
            if not words:
                continue
            pats = tuple(_pattern(x) for x in words)
            if len(pats) == 1:
                # Keep the strongest weight when two spellings fold onto one pattern.
                slot = single.setdefault(lang, {}).setdefault(pats[0], {})
                slot[(cls, "")] = max(weight, slot.get((cls, ""), 0.0))
            else:
                multi.setdefault(lang, {}).setdefault(pats[0], []).append((pats[1:], cls, weight))
    out: dict[str, LangLexicon] = {}
    for lang in set(single) | set(multi):
        s = single.get(lang, {})
        m = multi.get(lang, {})
        allp = set(s) | set(m) | {p for lst in m.values() for rest, _, _ in lst for p in rest}
        out[lang] = LangLexicon(
            patterns=frozenset(allp),
            prefix_lengths=tuple(sorted({len(p) - 1 for p in allp if p.endswith("*")})),
            single=MappingProxyType({p: tuple((c, w) for (c, _), w in d.items()) for p, d in s.items()}),
            multi=MappingProxyType({p: tuple(v) for p, v in m.items()}),
        )
    return out


def merge_lexicons(parts: Iterable[LangLexicon]) -> LangLexicon:
    """One matcher holding every language's terms (for undetermined or uncovered languages)."""
    pats: set[str] = set()
    single: dict[str, list[tuple[int, float]]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], int, float]]] = {}
    for lx in parts:
        pats |= lx.patterns
        for p, v in lx.single.items():
            single.setdefault(p, []).extend(v)
        for p, mv in lx.multi.items():
            multi.setdefault(p, []).extend(mv)
    return LangLexicon(
        patterns=frozenset(pats),
        prefix_lengths=tuple(sorted({len(p) - 1 for p in pats if p.endswith("*")})),
        single=MappingProxyType({p: tuple(v) for p, v in single.items()}),
        multi=MappingProxyType({p: tuple(v) for p, v in multi.items()}),
    )


_CLITIC1 = frozenset("وفبلك")


def lexicon_raw(
    lex: LangLexicon,
    tokens: list[str],
    title_tokens: list[str],
    keys: Mapping[str, str] | None = None,
    known: Mapping[str, tuple[str, ...]] | None = None,
) -> list[float]:
    """Evidence per class: sum over distinct matched terms of weight × (1 + ln count), plus title hits."""
    pm: dict[str, tuple[str, ...]] = {}
    patterns = lex.patterns
    for tok in dict.fromkeys([*tokens, *title_tokens]):  # first-seen order: float sums reproducible
        if known is not None and tok in known:  # precomputed patterns of a frequent form
            if known[tok]:
                pm[tok] = known[tok]
            continue
        k = keys.get(tok) if keys is not None else None
        if k is None:
            k = token_key(tok)
        got = lex.match(k) if lex.prefix_lengths else ((k,) if k in patterns else ())
        # A bare one-letter proclitic (وسياسة, بكرة) only when the whole word matched nothing.
        if not got and len(tok) > 4 and tok[0] in _CLITIC1 and is_arabic_word(tok):
            got = lex.match(token_key(tok[1:]))
        if got:
            pm[tok] = got
    return lexicon_evidence(lex, pm, tokens, title_tokens)


_Terms = tuple[tuple[tuple[int, str], float], ...]  # ((class, pattern), weight) of single-word terms
# A token as scoring reads it (see _token_terms): lexicon patterns, model feature id, the single-word terms
# of its patterns (in pattern order) and whether some phrase starts with one of its patterns.
_TokTerms = tuple[tuple[str, ...], int, _Terms, bool]


def lexicon_evidence(
    lex: LangLexicon, pm: Mapping[str, tuple[str, ...]], tokens: list[str], title_tokens: list[str]
) -> list[float]:
    """Evidence per class from each token's matched patterns (`pm`, tokens without a match left out)."""
    info = {tok: _token_terms(lex.single, lex.multi, pats, _FID_DROP) for tok, pats in pm.items()}
    return _evidence(lex.multi, info, tokens, title_tokens)


def _token_terms(
    single: Mapping[str, tuple[tuple[int, float], ...]],
    multi: Mapping[str, object],
    pats: tuple[str, ...],
    fid: int,
) -> _TokTerms:
    """What scoring needs of one token with these lexicon patterns: its single-word terms (in pattern
    order) and whether some phrase starts with one of its patterns (and its model feature id)."""
    terms = tuple(((c, p), w) for p in pats for c, w in single.get(p, ()))
    return pats, fid, terms, any(p in multi for p in pats)


def _evidence(
    multi: Mapping[str, tuple[tuple[tuple[str, ...], int, float], ...]],
    info: Mapping[str, _TokTerms],
    tokens: list[str],
    title_tokens: list[str],
    seq_counts: tuple[Mapping[str, int], Mapping[str, int]] | None = None,
) -> list[float]:
    """`lexicon_evidence` from the matched tokens' terms (`info`, see _token_terms; plain dicts are faster
    than mapping proxies).

    `seq_counts`, when given, holds the counts in `tokens` and in `title_tokens` of (at least) the tokens of
    `info`, the only ones read (as Counter gives them).
    """
    if not info:
        return [0.0] * len(IPTC)
    # NB: the order in which keys first enter `weights` is the order of the final float sums: keep it.
    counts: dict[tuple[int, str], int] = {}
    weights: dict[tuple[int, str], float] = {}
    title_hits: set[tuple[int, str]] = set()
    nothing: _TokTerms = ((), _FID_DROP, (), False)
    multi_get = multi.get
    info_get = info.get
    counts_get = counts.get
    for seq, is_title in ((tokens, False), (title_tokens, True)):
        if not seq:
            continue  # nothing counted, nothing added (no title, mostly)
        # Single-word terms: once per distinct token, weighted by its count.
        firsts: set[str] = set()
        # Counted in C (unless the caller has counted already); only the matched tokens are looked at.
        cnt_get = (Counter(seq) if seq_counts is None else seq_counts[is_title]).get
        for tok, (_, _, terms, starts) in info.items():
            n = cnt_get(tok, 0)
            if not n:
                continue
            if is_title:
                for key, w in terms:
                    weights[key] = w
                    title_hits.add(key)
            else:
                for key, w in terms:
                    weights[key] = w
                    counts[key] = counts_get(key, 0) + n
            if starts:
                firsts.add(tok)
        if not firsts:
            continue
        # Phrases: only where a token can start one (those positions found in C).
        n_seq = len(seq)
        for i in compress(range(n_seq), map(firsts.__contains__, seq)):
            for p in info[seq[i]][0]:
                for rest, c, w in multi_get(p, ()):
                    if i + len(rest) < n_seq and (
                        rest[0] in info_get(seq[i + 1], nothing)[0]  # most phrases have two words
                        if len(rest) == 1
                        else all(r in info_get(seq[i + 1 + j], nothing)[0] for j, r in enumerate(rest))
                    ):
                        key = (c, p + " " + " ".join(rest))
                        weights[key] = w * 1.5  # a phrase is stronger evidence than a word
                        if is_title:
                            title_hits.add(key)
                        else:
                            counts[key] = counts_get(key, 0) + 1
    raw = [0.0] * len(IPTC)
    log = math.log
    for key, w in weights.items():
        n = counts_get(key, 0)
        raw[key[0]] += w * ((1.0 + log(n)) if n else 0.0) + (w if key in title_hits else 0.0)
    return raw


def _patterns_of(lex: LangLexicon, tok: str, keys: Mapping[str, str]) -> tuple[str, ...]:
    """Patterns one folded token satisfies (same rules as lexicon_raw)."""
    k = keys.get(tok) or token_key(tok)
    got = lex.match(k)
    if not got and len(tok) > 4 and tok[0] in _CLITIC1 and is_arabic_word(tok):
        got = lex.match(token_key(tok[1:]))
    return got


@dataclass(frozen=True)
class LexiconParams:
    """How raw lexicon evidence becomes a 0..1 score (fitted by scripts/train_topics.py)."""

    scale: float = 4.0  # evidence at which the saturating score reaches 1 - 1/e
    length_ref: float = 300.0  # article length (tokens) at which the evidence is damped by sqrt(2)


def lexicon_scores(raw: list[float], n_tokens: int, p: LexiconParams) -> list[float]:
    """Saturating, length-damped score per class, shrunk by its share of the strongest class."""
    top = max(raw)
    if top <= 0:
        return [0.0] * len(raw)
    damp = math.sqrt(1.0 + n_tokens / p.length_ref)
    return [(1.0 - math.exp(-r / damp / p.scale)) * math.sqrt(r / top) if r > 0 else 0.0 for r in raw]


@cache
def load_lexicon() -> Mapping[str, LangLexicon]:
    """The packaged lexicon, one matcher per language plus "*" for all languages; read once, immutable."""
    text = resources.files(DATA).joinpath(LEXICON_FILE).read_text("utf-8")
    per = parse_lexicon(text)
    per["*"] = merge_lexicons(per.values())
    return MappingProxyType(per)


# ---------------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class LinearModel:
    """Sublinear TF-IDF over light-stemmed words and bigrams, then a multinomial logistic regression."""

    vocab: Mapping[str, int]
    idf: npt.NDArray[np.float32]
    weights: npt.NDArray[np.float32]  # (features, classes)
    bias: npt.NDArray[np.float32]
    classes: tuple[int, ...]  # IPTC index of each model class
    # The 17 lexicon scores are extra inputs (stacking): the model learns how far to trust each lexicon
    # class, which carries the thin classes (12 technology, 29 culture articles) where words alone are few.
    lex_weights: npt.NDArray[np.float32]  # (17, classes)

    def vector(self, feats: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Feature ids and L2-normalised TF-IDF values of one document."""
        vocab = self.vocab
        return self._vector({f: c for f, c in Counter(feats).items() if f in vocab})

    def _vector(self, cnt: Mapping[str, int]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """`vector` from the counts of the document's known features, in first-occurrence order."""
        if not cnt:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        idx = np.fromiter(map(self.vocab.__getitem__, cnt), np.int64, len(cnt))
        return self._vector_ids(idx, np.fromiter(cnt.values(), np.float32, len(cnt)))

    def _vector_ids(
        self, idx: npt.NDArray[np.int64], tf: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """`vector` from feature ids and their counts (float32), in first-occurrence order."""
        if not len(idx):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        val = (1.0 + np.log(tf)) * self.idf[idx]
        # np.linalg.norm of a vector, without its dispatch: the same sqrt of the same dot product.
        return idx, (val / np.sqrt(val.dot(val))).astype(np.float32)

    def proba(self, feats: list[str], lex: list[float]) -> npt.NDArray[np.float64]:
        """Class probabilities (in `classes` order) from features and the 17 lexicon scores."""
        return self._proba(self.vector(feats), lex)

    def _proba(
        self,
        vec: tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]],
        lex: list[float],
        rows: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float64]:
        """`proba` from `vector`'s result; `rows`, when given, is `self.weights[idx]` (same values)."""
        idx, val = vec
        if rows is None:
            rows = self.weights[idx]
        z = (val @ rows + np.asarray(lex, np.float32) @ self.lex_weights + self.bias).astype(np.float64)
        z = np.exp(z - z.max())
        p = z / z.sum()
        # Little evidence, little confidence: shrink towards uniform by the number of known features,
        # so a one-line or off-vocabulary text does not get a confident topic from the bias alone.
        m = len(idx)
        out: npt.NDArray[np.float64] = (m * p + EVIDENCE_PRIOR / len(p)) / (m + EVIDENCE_PRIOR)
        return out

    def save(self, path: str, meta: dict[str, object]) -> None:
        """Write the artefact (npz, no pickles) and its JSON metadata next to it."""
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path + "/" + MODEL_FILE,
            vocab=np.frombuffer("\n".join(words).encode("utf-8"), np.uint8),
            idf=self.idf.astype(np.float16),
            weights=self.weights.astype(np.float16),
            lex_weights=self.lex_weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            classes=np.asarray(self.classes, np.int16),
        )
        with open(path + "/" + META_FILE, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")


def load_model(directory: str | None = None) -> tuple[LinearModel, dict[str, object]]:
    """Load the model artefact and metadata from `directory` or the package data."""
    base = resources.files(DATA) if directory is None else None
    if base is not None:
        with base.joinpath(MODEL_FILE).open("rb") as fh:
            z = dict(np.load(fh, allow_pickle=False))
        meta = json.loads(base.joinpath(META_FILE).read_text("utf-8"))
    else:
        with open(f"{directory}/{MODEL_FILE}", "rb") as fh:
            z = dict(np.load(fh, allow_pickle=False))
        with open(f"{directory}/{META_FILE}", encoding="utf-8") as fh2:
            meta = json.load(fh2)
    words = z["vocab"].tobytes().decode("utf-8").split("\n")
    model = LinearModel(
        vocab={w: i for i, w in enumerate(words)},  # a plain dict: the hot path; never mutated
        idf=z["idf"].astype(np.float32),
        weights=z["weights"].astype(np.float32),
        lex_weights=z["lex_weights"].astype(np.float32),
        bias=z["bias"].astype(np.float32),
        classes=tuple(int(c) for c in z["classes"]),
    )
    return model, meta


# ---------------------------------------------------------------------------------------------- facade


@dataclass(frozen=True)
class BlendParams:
    """How model and lexicon combine, and when a topic is confident enough to emit (fitted at training)."""

    model_weight: float = 0.7  # trained classes on Arabic: w·p(model) + (1-w)·lexicon
    lexicon_only: float = 0.8  # untrained classes on Arabic: factor on their lexicon score
    threshold: float = 0.3  # minimum score to emit a topic
    relative: float = 0.35  # ... and at least this share of the best topic's score
    max_topics: int = 3

    def combine(self, model_p: Sequence[float], lex: Sequence[float], classes: Sequence[int]) -> list[float]:
        """Scores per class: model and lexicon blended on trained `classes`, the lexicon alone elsewhere."""
        out = [s * self.lexicon_only for s in lex]
        for j, c in enumerate(classes):
            out[c] = self.model_weight * model_p[j] + (1.0 - self.model_weight) * lex[c]
        return out


_DROP = "\0drop"  # feature of a token feature_keys leaves out (stopword, digits, one letter)
CACHE_MAX = 1 << 16  # entries of a classifier's per-token caches before they start afresh


def _feature(tok: str, key: str, stop: frozenset[str], vocab: Mapping[str, int]) -> str | None:
    """What feature_keys makes of one token with key `key`: _DROP, None (unknown to vocab) or the key."""
    if len(tok) <= 1 or tok in stop or tok.isdigit():
        return _DROP
    return key if key in vocab else None


_FID_DROP = -2  # feature id of a token feature_keys leaves out (see _feature)
_FID_UNKNOWN = -1  # feature id of a content word the model does not know


def _feature_id(tok: str, key: str, stop: frozenset[str], vocab: Mapping[str, int]) -> int:
    """`_feature` as a vocabulary index: _FID_DROP, _FID_UNKNOWN or the key's index."""
    f = _feature(tok, key, stop, vocab)
    return _FID_DROP if f is _DROP else (_FID_UNKNOWN if f is None else vocab[f])


def _bigram_table(vocab: Mapping[str, int]) -> dict[tuple[int, int], int]:
    """Index of each known bigram "a b", by the indices of its two words."""
    out: dict[tuple[int, int], int] = {}
    for w, i in vocab.items():
        a, sep, b = w.partition(" ")
        if sep and " " not in b and a in vocab and b in vocab:
            out[(vocab[a], vocab[b])] = i
    return out


_NO_COUNTS: Mapping[str, int] = MappingProxyType({})  # token counts of an empty title
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def arabic_share(tokens: list[str]) -> float:
    """Share of tokens written in Arabic script (used when the language is undetermined)."""
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if is_arabic_word(t)) / len(tokens)


class TopicClassifier:
    """Scores IPTC top-level topics for an article; load once per worker."""

    def __init__(self, model_dir: str | None = None) -> None:
        self.model, meta = load_model(model_dir)
        self.lexicons = load_lexicon()
        self.forms = dict(load_forms())  # private copy: dict lookups beat mapping proxies; never mutated
        # Lexicon patterns of every frequent Arabic form, found once here instead of per article.
        ar = self.lexicons["ar"]
        self.ar_info = {form: (key, _patterns_of(ar, form, self.forms)) for form, key in self.forms.items()}
        self.stop = load_stopwords()
        # Hot-path copies (plain dicts, never mutated): the Arabic term tables, and per frequent form
        # its key, patterns and model feature (_DROP: not a feature word; None: not in the vocabulary).
        self._ar_single = dict(ar.single)
        self._ar_multi = dict(ar.multi)
        stop_ar = self.stop.get("ar", frozenset())
        vocab = self.model.vocab
        self._ar_tok: dict[str, _TokTerms] = {
            form: _token_terms(self._ar_single, self._ar_multi, pats, _feature_id(form, key, stop_ar, vocab))
            for form, (key, pats) in self.ar_info.items()
        }
        # The same, in one table, for the frequent forms and the other tokens as they are met (a pure
        # cache, bounded: CACHE_MAX tokens beyond the frequent forms, then it starts afresh from them);
        # and the lexicon terms of non-Arabic tokens per lexicon (bounded the same way).
        self._ar_all: dict[str, _TokTerms] = dict(self._ar_tok)
        # Bigrams by the indices of their words: no string is built per word pair (see _feature_counts).
        self._bigrams = _bigram_table(vocab)
        # Each feature's model weights with its IDF next to them (one row, one cache line, gathered at
        # once per article): the same float32 values as `weights` and `idf`.
        n_feat, n_cls = self.model.weights.shape
        rows = np.zeros((n_feat, max(8, n_cls + 1)), np.float32)
        rows[:, :n_cls] = self.model.weights
        rows[:, n_cls] = self.model.idf
        self._rows = rows
        self._terms_seen: dict[str, dict[str, _TokTerms]] = {}
        blend = meta.get("blend", {})
        lexp = meta.get("lexicon", {})
        assert isinstance(blend, dict) and isinstance(lexp, dict)
        self.blend = BlendParams(**blend)
        self.lexicon_params = LexiconParams(**lexp)
        self.version = f"iptc-ar-lr+lex-{meta.get('version', '0')}"

    def scores(
        self, match_text: str, title: str | None, language: str, *, tokens: list[str] | None = None
    ) -> list[float]:
        """Score of every IPTC class (index order of `IPTC`), before thresholding.

        `tokens`, when given, must be `match_text.split()` (the tagger splits it once for all stages).
        """
        if tokens is None:
            tokens = match_text.split()
        title_tokens = matching_form(title, language).split() if title else []
        arabic = language == "ar" or (language in ("und", "") and arabic_share(tokens) > 0.5)
        if not arabic:
            lang = language if language in self.lexicons else "*"
            lex = self.lexicons[lang]
            raw = _evidence(
                lex.multi, self._non_arabic_terms(lex, lang, tokens, title_tokens), tokens, title_tokens
            )
            return lexicon_scores(raw, len(tokens), self.lexicon_params)
        lex = self.lexicons["ar"]
        # One pass over the distinct tokens for both the model features and the lexicon patterns;
        # frequent forms are precomputed, others cached. Distinct tokens in first-seen order (tokens,
        # then title): the order of the float sums, kept reproducible.
        # (patterns, feature id, ...) of each token where it stands: a table lookup (in C) for the forms
        # known or met before (a repeated token costs a lookup that the first one made cheap), then the
        # rest.
        got = self._ar_terms(lex, tokens)
        got_title = self._ar_terms(lex, title_tokens) if title_tokens else []
        matched = list(map(_FIRST, got))  # the token's lexicon patterns: true where it has some
        matched_title = list(map(_FIRST, got_title))
        # Tokens matching some lexicon pattern with their precomputed terms, in first-seen order (text,
        # then title): the order of the float sums, kept reproducible.
        info = dict(
            compress(
                zip(chain(tokens, title_tokens), chain(got, got_title), strict=True),
                chain(matched, matched_title),
            )
        )
        # Counts of those tokens (all _evidence reads), in text and title.
        counts = (
            Counter(compress(tokens, matched)),
            Counter(compress(title_tokens, matched_title)) if title_tokens else _NO_COUNTS,
        )
        raw = _evidence(self._ar_multi, info, tokens, title_tokens, counts)
        lexs = lexicon_scores(raw, len(tokens), self.lexicon_params)
        fids = (list(map(_SECOND, got)), list(map(_SECOND, got_title)))
        return self.blend.combine(self._model_proba(fids, lexs), lexs, self.model.classes)

    def _ar_terms(self, lex: LangLexicon, tokens: list[str]) -> list[_TokTerms]:
        """(patterns, feature id, ...) of each token of an Arabic article, where it stands."""
        got: list[_TokTerms | None] = list(map(self._ar_all.get, tokens))
        if None in got:
            for j in compress(range(len(got)), map(is_, got, repeat(None))):
                got[j] = self._ar_other(lex, tokens[j])
        return got  # type: ignore[return-value]  # no None left

    def _model_proba(self, fids: tuple[list[int], list[int]], lexs: list[float]) -> list[float]:
        """The model's class probabilities of an Arabic article, as `LinearModel.proba` computes them.

        `fids` holds the feature id of each token of the text and of the title (see _feature_counts).
        The weights and IDF of the article's features come in one gather from `_rows` (see __init__).
        """
        model = self.model
        idx, tf = self._feature_counts(*fids)
        if not len(idx):
            out: list[float] = model._proba(model._vector_ids(idx, tf), lexs).tolist()
            return out
        rows = self._rows[idx]
        n_cls = model.weights.shape[1]
        # _vector_ids with the IDF column of the gathered rows (the same float32 values as idf[idx]).
        val = (1.0 + np.log(tf)) * rows[:, n_cls]
        vec = idx, val / np.sqrt(val.dot(val))  # float32 already: no copy (_vector_ids makes one)
        # The weights as weights[idx] gives them: the same values in a C-ordered array of their own.
        out = model._proba(vec, lexs, np.ascontiguousarray(rows[:, :n_cls])).tolist()
        return out

    def _ar_other(self, lex: LangLexicon, tok: str) -> _TokTerms:
        """Patterns and feature id of an Arabic-article token outside the frequent forms (cached)."""
        got = self._ar_all.get(tok)
        if got is None:
            k = token_key(tok)
            stop = self.stop.get("ar", frozenset())
            pats = _patterns_of(lex, tok, {tok: k})
            fid = _feature_id(tok, k, stop, self.model.vocab)
            got = _token_terms(self._ar_single, self._ar_multi, pats, fid)
            if len(self._ar_all) >= len(self._ar_tok) + CACHE_MAX:
                # Bounded: a long-running worker sees an open-ended vocabulary.
                self._ar_all = dict(self._ar_tok)
            self._ar_all[tok] = got
        return got

    def _feature_counts(
        self, fids: list[int], title_fids: list[int]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Model feature ids and counts of an Arabic article, in first-occurrence order, as feature_keys.

        `fids` and `title_fids` hold the feature id (see _feature_id) of each token of the text and of
        the title.

        Title words count twice, as in training. The order is that of the first occurrence in: the
        text's words, the text's bigrams, the title's words, the title's bigrams (what makes the model's
        float sums reproducible). A bigram joins two adjacent known words (dropped tokens skipped) and
        counts only when the model knows it. Every pass runs in C (map, filter, Counter).
        """
        bigram = self._bigrams.get
        cnt: Counter[int] = Counter()
        for seq in (fids, title_fids):
            if not seq:
                continue
            kept = list(filter(_FID_DROP.__ne__, seq))
            cnt.update(filter(_FID_UNKNOWN.__lt__, kept))  # known words
            # A pair with an unknown word is no key of the table either.
            cnt.update(filter(_FID_UNKNOWN.__ne__, map(bigram, pairwise(kept), repeat(_FID_UNKNOWN))))
        return (
            np.fromiter(cnt.keys(), np.int64, len(cnt)),
            np.fromiter(cnt.values(), np.float32, len(cnt)),
        )

    def _non_arabic_terms(
        self, lex: LangLexicon, lang: str, tokens: list[str], title_tokens: list[str]
    ) -> dict[str, _TokTerms]:
        """Patterns (as lexicon_raw matches them) and terms of each distinct token, cached per lexicon."""
        seen = self._terms_seen.get(lang)
        if seen is None:
            seen = self._terms_seen.setdefault(lang, {})
        patterns = lex.patterns
        info: dict[str, _TokTerms] = {}
        for tok in dict.fromkeys([*tokens, *title_tokens]):  # first-seen order: float sums reproducible
            got = seen.get(tok)
            if got is None:
                k = token_key(tok)
                pats = lex.match(k) if lex.prefix_lengths else ((k,) if k in patterns else ())
                # A bare one-letter proclitic (وسياسة, بكرة) only when the whole word matched nothing.
                if not pats and len(tok) > 4 and tok[0] in _CLITIC1 and is_arabic_word(tok):
                    pats = lex.match(token_key(tok[1:]))
                got = _token_terms(lex.single, lex.multi, pats, _FID_DROP)
                if len(seen) >= CACHE_MAX:
                    seen.clear()
                seen[tok] = got
            if got[0]:
                info[tok] = got
        return info

    def predict(
        self, text: str, match_text: str, title: str | None, language: str, *, tokens: list[str] | None = None
    ) -> list[Topic]:
        """Return the confident topics with scores in 0..1, best first (empty when none is confident).

        `tokens`, when given, must be `match_text.split()` (the tagger splits it once for all stages).
        """
        s = self.scores(match_text, title, language, tokens=tokens)
        order = sorted(range(len(s)), key=s.__getitem__, reverse=True)  # stable: ties by class index
        b = self.blend
        best = s[order[0]]
        out: list[Topic] = []
        for i in order[: b.max_topics]:
            if s[i] < b.threshold or s[i] < b.relative * best:
                break
            code, label = IPTC[i]
            out.append(Topic(label=label, code=code, score=round(min(1.0, s[i]), 4)))
        return out

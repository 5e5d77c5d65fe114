"""The numpy CRF inference: exact Viterbi, and the same labels as crfsuite on the shipped model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from streams.nlp.crf import ChainCRF
from streams.nlp.entities import EntityTagger, gazetteer_tags, tokenise
from streams.nlp.ner import sentence_features
from streams.stages.clean import matching_form


class _Info:
    def __init__(self, labels: list[str], trans: np.ndarray, state: dict[tuple[str, str], float]) -> None:
        self.transitions = {
            (a, b): float(trans[i, j])
            for (i, a), (j, b) in itertools.product(enumerate(labels), enumerate(labels))
        }
        self.state_features = state


class _Tagger:
    """A stand-in with the two calls ChainCRF makes of a pycrfsuite.Tagger."""

    def __init__(self, labels: list[str], trans: np.ndarray, state: dict[tuple[str, str], float]) -> None:
        self._labels, self._info = labels, _Info(labels, trans, state)

    def labels(self) -> list[str]:
        return self._labels

    def info(self) -> _Info:
        return self._info


def _brute_force(em: np.ndarray, trans: np.ndarray) -> list[int]:
    """The best path by enumeration (ties: the lexicographically first, as a first-max Viterbi gives)."""
    n, k = em.shape
    best, arg = -np.inf, None
    for path in itertools.product(range(k), repeat=n):
        s = em[0, path[0]] + sum(trans[path[t - 1], path[t]] + em[t, path[t]] for t in range(1, n))
        if s > best + 1e-12:
            best, arg = s, list(path)
    assert arg is not None
    return arg


@pytest.mark.parametrize("seed", range(12))
def test_viterbi_is_exact_on_random_windows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = ["O", "B-X", "I-X"]
    trans = rng.normal(size=(3, 3))
    state = {(f"a{i}", lab): float(rng.normal()) for i in range(6) for lab in labels}
    crf = ChainCRF(_Tagger(labels, trans, state))  # type: ignore[arg-type]
    # Windows of different lengths (1 to 5 tokens) over one document's tokens, batched in one call.
    lengths = [1, 5, 3, 4, 2]
    feats = [[f"a{rng.integers(6)}", f"a{rng.integers(6)}", "unknown"] for _ in range(sum(lengths))]
    em = np.array([crf.vector(f) for f in feats])
    cuts = list(itertools.accumulate(lengths, initial=0))
    windows = list(itertools.pairwise(cuts))
    got = crf.viterbi(em, windows)
    assert got == [_brute_force(em[a:b], crf.transitions) for a, b in windows]


def test_vector_sums_known_attributes_and_ignores_unknown() -> None:
    labels = ["O", "B-X"]
    state = {("a", "O"): 1.0, ("a", "B-X"): -1.0, ("b", "B-X"): 2.0}
    crf = ChainCRF(_Tagger(labels, np.zeros((2, 2)), state))  # type: ignore[arg-type]
    assert crf.vector(["a", "b", "zzz"]).tolist() == [1.0, 1.0]
    assert crf.vector(["a", "a"]).tolist() == [2.0, -2.0]  # a repeated attribute counts twice, as in crfsuite
    assert crf.vector([]).tolist() == [0.0, 0.0]


SENTENCES = [
    "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن الاتحاد الأوروبي سيدعم أوكرانيا .",
    "وصل وزير الخارجية سامح شكري إلى عمان صباح الثلاثاء للقاء نظيره الأردني أيمن الصفدي .",
    "أعلنت شركة أرامكو السعودية أرباحا قياسية بينما تراجعت أسهم بنك الكويت الوطني .",
    "وسجل اللاعب محمد صلاح هدفين لفريق ليفربول في مرمى مانشستر سيتي على ملعب أنفيلد .",
    "ذكرت وكالة الأنباء أن الأمطار الغزيرة أغرقت قرى في إقليم البنجاب الباكستاني .",
]


@pytest.fixture(scope="module")
def full() -> EntityTagger:
    return EntityTagger(ner_model="full")


def _inputs(tagger: EntityTagger, sentence: str) -> tuple[list[str], list[str], list[str]]:
    doc = tokenise(sentence, matching_form(sentence, "ar"))
    gaz = gazetteer_tags(len(doc.words), tagger.gazetteer_mentions(doc))
    return doc.words, [sentence[a:b] for a, b in doc.wspans], gaz


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_labels_as_crfsuite_on_the_shipped_model(full: EntityTagger, sentence: str) -> None:
    assert full.ner is not None
    ner = full.ner
    words, displays, gaz = _inputs(full, sentence)
    expected = list(ner.tagger.tag(sentence_features(words, displays, gaz, ner.cache)))
    em = np.array([ner.crf.vector(f) for f in sentence_features(words, displays, gaz, ner.cache)])
    got = [ner.crf.labels[j] for j in ner.crf.viterbi(em, [(0, len(words))])[0]]
    assert got == expected
    assert any(lab != "O" for lab in expected)  # the sentence has names: the comparison means something


def test_document_scores_are_the_sentence_features_summed(full: EntityTagger) -> None:
    # Several sentences laid end to end: no neighbour, bigram or gazetteer feature crosses a boundary.
    assert full.ner is not None
    ner = full.ner
    sents = [_inputs(full, s) for s in SENTENCES]
    offsets = list(itertools.accumulate((len(w) for w, _, _ in sents), initial=0))
    words = [w for ws, _, _ in sents for w in ws]
    displays = [d for _, ds, _ in sents for d in ds]
    gaz = [g for _, _, gs in sents for g in gs]
    ids = ner._ids(words, displays, len(words))
    em = ner._emissions(words, gaz, ids, offsets, list(itertools.pairwise(offsets)))
    expected = np.vstack(
        [np.array([ner.crf.vector(f) for f in sentence_features(w, d, g, ner.cache)]) for w, d, g in sents]
    )
    assert em.shape == expected.shape
    assert np.allclose(em, expected, rtol=0, atol=1e-9)


def test_bounded_row_table_gives_the_same_labels(full: EntityTagger) -> None:
    # A worker's table of word rows starts afresh when full (rows are reused from 0): labels do not change.
    small = EntityTagger(ner_model="full")
    assert small.ner is not None and full.ner is not None
    small.ner.cache.limit = 40  # smaller than two sentences: cleared before almost every call
    sents = [_inputs(full, s) for s in SENTENCES]
    for _ in range(2):
        for s in sents:
            assert small.ner.tag_many([s]) == full.ner.tag_many([s])
    assert small.ner.tag_many(sents) == full.ner.tag_many(sents)
    assert len(small.ner._rows) <= 40 + sum(len(w) for w, _, _ in sents)


def test_row_keys_tell_capitalised_displays_apart(full: EntityTagger) -> None:
    # The "upper" feature of a Latin word depends on its display: "apple" and "Apple" get rows of their
    # own, in a text with capitals and in one without (the fast path); Arabic words are keyed alone.
    assert full.ner is not None
    ner = full.ner
    mixed = ner._ids(["قال", "apple", "apple", "ℂ"], ["قال", "Apple", "apple", "ℂ"], 4)
    assert mixed[1] != mixed[2] and ner._rows["apple\x00"] == mixed[1] and ner._rows["apple"] == mixed[2]
    assert ner._rows["ℂ\x00"] == mixed[3]  # a capital that lower() leaves alone still counts as one
    plain = ner._ids(["قال", "apple"], ["قال", "apple"], 2)
    assert plain.tolist() == [mixed[0], mixed[2]]
    up = ner.crf.vector(ner.cache.get("apple", "Apple")[0])
    assert np.allclose(ner._own[mixed[1]], up)


def test_a_fresh_model_starts_with_rows_for_the_ordinary_words(full: EntityTagger) -> None:
    # Warmed at load (a fresh worker does not compute them article by article); labels do not depend on it.
    assert full.ner is not None
    ner = full.ner
    assert ner.cache.ordinary and all(w in ner._rows for w in list(ner.cache.ordinary)[:200])
    cold = EntityTagger(ner_model="full")
    assert cold.ner is not None
    cold.ner._warm_words = []
    cold.ner.cache.clear()  # the next document starts from empty tables and does not warm them again
    sents = [_inputs(full, s) for s in SENTENCES]
    assert cold.ner.tag_many(sents) == ner.tag_many(sents)
    assert len(cold.ner._rows) < len(ner.cache.ordinary)


def test_a_capital_that_lower_leaves_alone_is_a_capital_in_any_text(full: EntityTagger) -> None:
    # 𝐀 is no different from "A" for the "upper" feature, though str.lower() leaves it as it is: a text whose
    # only capital is such a letter does not take the fast path that keys rows by the word alone.
    assert full.ner is not None
    ner = full.ner
    ids = ner._ids(["قال", "𝐀"], ["قال", "𝐀"], 2)
    assert ner._rows.get("𝐀\x00") == ids[1]

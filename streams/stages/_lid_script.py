"""Script census, code normalisation, Arabic-script cues and word-frequency evidence for language ID."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
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
        words = [w.lower() for w in _TOKEN.findall(text)]
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

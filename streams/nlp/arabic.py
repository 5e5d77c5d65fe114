"""Arabic word handling for entity matching: tokens with offsets, per-word folding, proclitics."""

from __future__ import annotations

import re
import unicodedata

# Same folding as streams.stages.clean.matching_form, applied to one word at a time.
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})

# A display-text word: word characters plus the combining marks that `\w` does not cover, so a vowelled
# Arabic word stays one token (matching_form drops the marks and keeps the word whole).
_MARKS = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u0e31\u0e34-\u0e3a"
)
WORD_RE = re.compile(rf"[\w{_MARKS}]+")
TOKEN_RE = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]")

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")

CONJ = ("و", "ف")
PREP = ("ب", "ل", "ك")
ARTICLE = "ال"


def fold(word: str) -> str:
    """Matching form of one word (casefolded, diacritics removed, Arabic letters folded)."""
    if word.isascii():
        return word.lower()
    return _DIACRITICS.sub("", unicodedata.normalize("NFKC", word).casefold()).translate(_FOLD)


def _proclitic_strings() -> frozenset[str]:
    out = {""}
    for c in ("", *CONJ):
        for p in ("", *PREP):
            out.add(c + p)
    return frozenset(out)


# Proclitic strings that may precede a name (which may itself start with ال): و ف ب ل ك وب ول فب ...
PROCLITICS = _proclitic_strings()
# Before the "لل" form of an ال-name (للعراق = ل + العراق) only ل, ول, فل fit.
LAM_PROCLITICS = frozenset({"ل", "ول", "فل"})


def strip_proclitics(word: str, known: frozenset[str] | set[str] = frozenset()) -> tuple[str, str]:
    """Split a folded word into (proclitics, name): keeps ال, turns لل into ال, leaves `known` words whole."""
    if word in known or len(word) < 4:
        return "", word
    # Known stems first: وباريس -> و + باريس, but واشنطن stays whole when it is known.
    for n in (3, 2, 1):
        pre, rest = word[:n], word[n:]
        if pre in PROCLITICS and rest in known:
            return pre, rest
    if word.startswith(("لل", "ولل", "فلل")):
        i = word.index("لل")
        rest = "ا" + word[i + 1 :]
        if len(rest) >= 4:
            return word[: i + 1], rest
    for n in (3, 2, 1):
        pre, rest = word[:n], word[n:]
        if pre in PROCLITICS and rest.startswith(ARTICLE) and len(rest) >= 4:
            return pre, rest
    # A bare و before a non-ال word is the commonest case (وسوريا). Not ف, and not before ي/و: foreign
    # names start that way far more often (فيكتوريا, ويندسور, ويليامز).
    if word[0] == "و" and len(word) >= 5 and word[1] not in "يو":
        return word[0], word[1:]
    return "", word


def is_arabic(word: str) -> bool:
    """True when the word contains an Arabic-script letter."""
    return ARABIC_LETTER.search(word) is not None

"""Gazetteer: places, persons and organizations matched on the shared matching form with pyahocorasick."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

import ahocorasick

from streams.nlp.arabic import LAM_PROCLITICS, PROCLITICS
from streams.schema import EntityType
from streams.stages.clean import matching_form

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
PLACES_FILE = DATA_DIR / "places.tsv.gz"
CURATED_FILE = DATA_DIR / "entities.jsonl"
TYPES: tuple[EntityType, ...] = ("person", "organization", "location")

# How a key is bounded in the text, decided by the script of its first and last letters.
WORD, ARABIC, NOSPACE, HANGUL = 0, 1, 2, 3
# Key flags: must be preceded by a لام proclitic (the "لل" form of an ال-name); surface must be upper case.
LAM, UPPER = 1, 2

_ARABIC_CH = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_NOSPACE_CH = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_HANGUL_CH = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_SUBSTRING_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"
)


def script_kind(key: str) -> int:
    """Boundary rule of a key: whole words, Arabic (proclitics allowed), unspaced scripts, or Hangul."""
    if _NOSPACE_CH.match(key[:1]) or _NOSPACE_CH.match(key[-1:]):
        return NOSPACE
    if _HANGUL_CH.match(key[-1:]):
        return HANGUL
    if _ARABIC_CH.match(key[:1]):
        return ARABIC
    return WORD


def streams_id(etype: str, key: str) -> str:
    """Deterministic id of an entity that no gazetteer entry covers."""
    return f"streams:{etype}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entity: its id, type and display name."""

    id: str
    type: EntityType
    name: str
    curated: bool = False  # from entities.jsonl or an extra file, not generated from CLDR/geonames


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match in the matching text: [start, end) of the name itself, without proclitics."""

    start: int
    end: int
    entry: Entry
    kind: int
    flags: int
    skip: int  # leading context words that are not part of the name ("[جمهورية] مالي")
    word: int = -1  # index of the first word in the match text, when known
    words: int = 0  # number of words


def arabic_variants(key: str) -> list[tuple[str, int]]:
    """Extra keys of an Arabic-script name: joined multiword form, نج/نغ spellings and the لل form."""
    out: dict[str, int] = {key: 0}
    if " " in key and len(key) <= 30:
        out.setdefault(key.replace(" ", ""), 0)
    for k in list(out):
        if "نغ" in k:
            out.setdefault(k.replace("نغ", "نج"), 0)
        elif "نج" in k and " " in key:
            out.setdefault(k.replace("نج", "نغ"), 0)
    for k in list(out):
        if k.startswith("ال") and len(k) > 3:
            out.setdefault(k[1:], LAM)  # للعراق = ل + لعراق: matched only right after a لام proclitic
    return list(out.items())


def _needs_upper(alias: str) -> bool:
    # Short all-caps aliases (US, UN, EU, NATO) collide with words once casefolded: match them as written.
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def read_curated(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a curated JSON-lines gazetteer file (blank lines and `//` comments skipped)."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            rec = json.loads(line)
            if rec.get("type") not in TYPES or not rec.get("aliases"):
                raise ValueError(f"{path}:{n}: need type in {TYPES} and aliases")
            yield rec


def curated_id(rec: dict[str, Any]) -> str:
    """The id of a curated record: its own, else a deterministic one from its name (or first alias)."""
    if rec.get("id"):
        return str(rec["id"])
    return streams_id(rec["type"], matching_form(rec.get("name") or _aliases(rec)[0]))


def _aliases(rec: dict[str, Any]) -> list[str]:
    al = rec["aliases"]
    if isinstance(al, dict):  # {"en": [...], "ar": [...]}: languages are documentation only
        return [a for lang in sorted(al) for a in al[lang]]
    return list(al)


class Gazetteer:
    """An Aho-Corasick automaton over the matching forms of all names; built once per worker."""

    def __init__(self, extra: Iterable[Path] = (), places: Path | None = PLACES_FILE) -> None:
        # key -> (priority, entry index, flags, context words); lower priority wins a shared key.
        best: dict[str, tuple[int, int, int, int]] = {}
        self.entries: list[Entry] = []
        self.by_id: dict[str, int] = {}
        self.single_words: set[str] = set()

        def entry(eid: str, etype: EntityType, name: str, curated: bool = False) -> int:
            i = self.by_id.get(eid)
            if i is None:
                i = self.by_id[eid] = len(self.entries)
                self.entries.append(Entry(eid, etype, name, curated))
            return i

        def add(key: str, prio: int, idx: int, flags: int, skip: int = 0) -> None:
            old = best.get(key)
            if old is None or (prio, idx) < old[:2]:
                best[key] = (prio, idx, flags, skip)

        # Curated files first (extra files last, so they win ties): priority 0 beats generated places.
        for prio, path in enumerate((CURATED_FILE, *extra)):
            for rec in read_curated(path):
                idx = entry(curated_id(rec), rec["type"], rec.get("name") or _aliases(rec)[0], True)
                for alias in _aliases(rec):
                    context, _, name = alias[1:].partition("] ") if alias.startswith("[") else ("", "", alias)
                    key = matching_form(name)
                    if not key:
                        continue
                    up = UPPER if _needs_upper(name) else 0
                    if context:
                        ctx = matching_form(context)
                        add(f"{ctx} {key}", -100 + prio, idx, up, ctx.count(" ") + 1)
                        continue
                    variants = arabic_variants(key) if script_kind(key) == ARABIC else [(key, 0)]
                    for k, fl in variants:
                        add(k, -100 + prio, idx, fl | up)
        if places is not None:
            with gzip.open(places, "rt", encoding="utf-8") as fh:
                for line in fh:
                    row = line.rstrip("\n").split("\t")
                    add(row[0], int(row[3]), entry(row[1], "location", row[2]), int(row[4]))
        # Spaced scripts are looked up word by word in dicts (faster than walking an automaton over every
        # character); unspaced scripts (Chinese, Japanese, Thai) and Hangul need substring search.
        self.automaton = ahocorasick.Automaton()
        self.word_keys: dict[str, tuple[int, int, int, int]] = {}  # key -> (entry, kind, flags, skip)
        self.prefixes: set[str] = set()  # every proper word-prefix of a multiword key
        firsts: set[str] = set()  # first word of every key
        follow: dict[str, set[str]] = {}  # first word of a multiword key -> the words after it
        for key, (_, idx, fl, skip) in best.items():
            kind = script_kind(key)
            if kind in (NOSPACE, HANGUL):
                self.automaton.add_word(key, (idx, kind, fl, len(key), skip))
                continue
            self.word_keys[key] = (idx, kind, fl, skip)
            words = key.split(" ")
            firsts.add(words[0])
            for j in range(1, len(words)):
                self.prefixes.add(" ".join(words[:j]))
            if len(words) > 1:
                follow.setdefault(words[0], set()).add(words[1])
            if len(words) == 1 and not fl & LAM:
                self.single_words.add(key)
        # Word as it may appear in text (with proclitics) -> proclitic lengths to try: وروسيا -> (1,).
        heads: dict[str, list[int]] = {}
        for f in firsts:
            heads.setdefault(f, []).append(0)
            if script_kind(f) == ARABIC:
                for pre in PROCLITICS:
                    if pre:
                        heads.setdefault(pre + f, []).append(len(pre))
        self.heads = {w: tuple(sorted(ks)) for w, ks in heads.items()}
        # "the", "de", "من" start many keys but are mostly followed by a word that continues none: one
        # membership test settles that, before a two-word key is even built. Most first words have one or
        # two followers: a sorted tuple holds those (a fraction of a set's memory).
        self.follow: dict[str, frozenset[str] | tuple[str, ...]] = {
            w: frozenset(nxt) if len(nxt) > 4 else tuple(sorted(nxt)) for w, nxt in follow.items()
        }
        # Heads that are only the first word of longer keys (no key of their own, no proclitic reading):
        # most of their occurrences ("the", "de", "من") are settled by the next word alone.
        known = self.word_keys
        self.lone_heads = frozenset(w for w, ks in self.heads.items() if ks == (0,) and w not in known)
        self.has_automaton = len(self.automaton) > 0
        if self.has_automaton:
            self.automaton.make_automaton()
        self.size = len(best)
        h = hashlib.sha1()
        for key in sorted(best):
            h.update(f"{key}\t{self.entries[best[key][1]].id}\n".encode())
        self.digest = h.hexdigest()[:8]
        self.keys = best

    def lookup(self, key: str) -> Entry | None:
        """The entry whose name has exactly this matching form, if any."""
        got = self.keys.get(key)
        return self.entries[got[1]] if got is not None and not got[2] & LAM and not got[3] else None

    def find(self, match_text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping names in a matching text, with word and proclitic boundaries."""
        cands = self._find_words(match_text)
        if self.has_automaton and _SUBSTRING_SCRIPTS.search(match_text):
            cands += self._find_substrings(match_text)
            cands.sort(key=lambda h: (h.start, h.start - h.end))
        out: list[Hit] = []
        reach = -1
        for h in cands:
            if h.start >= reach:
                out.append(h)
                reach = h.end
        return out

    def _find_words(self, match_text: str) -> list[Hit]:
        """Names in spaced scripts: at each word, the longest key starting there (after proclitics)."""
        words = match_text.split(" ")
        # The heads of every word looked up in C; only the (few) words that may start a name are visited.
        ks_of = list(map(self.heads.get, words))
        starts = list(compress(range(len(words)), ks_of))  # heads are non-empty tuples, misses None
        out: list[Hit] = []
        if not starts:
            return out
        entries = self.entries
        lone, follow = self.lone_heads, self.follow
        last = len(words) - 1
        skip_to = 0
        # Character offset of word `at` (the letters of the words before it, and one space after each),
        # carried forward from match to match: only the words up to a match are measured.
        at = off = 0
        for i in starts:
            if i < skip_to:
                continue
            # What _longest would find for a lone head whose next word continues no key: nothing.
            if words[i] in lone and (i == last or words[i + 1] not in follow.get(words[i], ())):
                continue
            got = self._longest(words, i, ks_of[i])  # type: ignore[arg-type]  # a head: not None
            if got is not None:
                m, k, (idx, kind, flags, skip) = got
                off += sum(map(len, words[at:i])) + i - at
                at = i
                end = off + sum(map(len, words[i : i + m])) + m - 1
                out.append(Hit(off + k, end, entries[idx], kind, flags, skip, i, m))
                skip_to = i + m
        return out

    def _longest(
        self, words: list[str], i: int, ks: tuple[int, ...]
    ) -> tuple[int, int, tuple[int, int, int, int]] | None:
        """(words, proclitic length, value) of the longest key at word i after `ks` proclitic letters."""
        w = words[i]
        n = len(words)
        best: tuple[int, int, tuple[int, int, int, int]] | None = None
        word_keys = self.word_keys
        for k in ks:
            key = w[k:] if k else w
            m = 1
            while True:
                val = word_keys.get(key)
                if (
                    val is not None
                    and (best is None or m > best[0])
                    and (not val[2] & LAM if not k else val[1] == ARABIC)
                    and (not k or not val[2] & LAM or w[:k] in LAM_PROCLITICS)
                ):
                    best = (m, k, val)
                if i + m >= n:
                    break
                if m == 1:
                    # Some key goes on with the next word (same as: the two-word key or prefix exists).
                    nxt = self.follow.get(key)
                    if nxt is None or words[i + 1] not in nxt:
                        break
                elif key not in self.prefixes:
                    break
                key = f"{key} {words[i + m]}"
                m += 1
        return best

    def _find_substrings(self, match_text: str) -> list[Hit]:
        """Names in unspaced scripts and Hangul (particles follow the name without a space)."""
        out: list[Hit] = []
        for last, (idx, kind, flags, length, skip) in self.automaton.iter(match_text):
            end = last + 1
            start = end - length
            if kind == HANGUL and start > 0 and match_text[start - 1] != " ":
                continue
            out.append(Hit(start, end, self.entries[idx], kind, flags, skip))
        return out

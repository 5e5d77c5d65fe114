"""Cleaning stage: boilerplate removal for plain text and HTML, normalisation, learned boilerplate."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

import msgspec

from streams.schema import CleaningReport, RawArticle
from streams.stages import Rejected
from streams.stages import _cleaning_rules as R
from streams.stages._cleaning_html import extract as extract_html


@dataclass(frozen=True)
class CleanConfig:
    """Knobs of the cleaning stage."""

    min_text_chars: int = 40
    max_html_bytes: int = 5 * 1024 * 1024
    boilerplate_min_docs: int = 5
    boilerplate_window: int = 200
    boilerplate_max_sources: int = 2000
    # Learned lines kept per source (the rest are evicted, least frequent and oldest first).
    boilerplate_max_lines: int = 1024
    # A learned line must also occur in this share of the source's recent documents.
    boilerplate_min_share: float = 0.1
    # Learned removal is skipped when it would take more than this share of a document (a re-sent article).
    boilerplate_max_removed_share: float = 0.5
    # Minimum article prose before a terminal cue ("Tags:", "Related articles") may cut the rest.
    tail_min_prose_chars: int = 150


@dataclass
class CleanResult:
    """The cleaned article: display text (faithful) plus what was removed."""

    text: str
    title: str | None
    published_at: str | None
    report: CleaningReport


# ---------------------------------------------------------------------------------------------------
# Learned per-source boilerplate


class _Exported(msgspec.Struct, array_like=True):
    """Persisted form of one source's statistics: documents seen, then (fingerprint, count, last doc)."""

    docs: int
    lines: list[tuple[int, int, int]]
    recent: list[int] = msgspec.field(default_factory=list)


_EXPORT_ENC = msgspec.msgpack.Encoder()
_EXPORT_DEC = msgspec.msgpack.Decoder(_Exported)
_RECENT_DOCS = 32  # document keys remembered per source, so a redelivered document is not counted twice


@dataclass
class SourceStats:
    """Line statistics of one source: per fingerprint, in how many documents it occurred and when last."""

    docs: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    last: dict[int, int] = field(default_factory=dict)
    recent: list[int] = field(default_factory=list)  # keys of the last documents observed


class BoilerplateState:
    """Per-source line statistics learned from the stream, bounded in sources and lines per source."""

    def __init__(self, cfg: CleanConfig | None = None) -> None:
        self.cfg = cfg or CleanConfig()
        self.sources: OrderedDict[str, SourceStats] = OrderedDict()
        self.dirty: set[str] = set()

    def stats(self, source: str) -> SourceStats:
        """Return (creating if needed) the statistics of one source, evicting the least recently used."""
        st = self.sources.get(source)
        if st is None:
            st = self.sources[source] = SourceStats()
            while len(self.sources) > self.cfg.boilerplate_max_sources:
                self.sources.popitem(last=False)
        else:
            self.sources.move_to_end(source)
        return st

    def is_learned(self, source: str, fingerprint: str) -> bool:
        """True when this line recurred in enough recent documents of the source."""
        st = self.sources.get(source)
        if st is None:
            return False
        fp = int(fingerprint, 16)
        n = st.counts.get(fp, 0)
        if n < self.cfg.boilerplate_min_docs or st.docs - st.last.get(fp, 0) > self.cfg.boilerplate_window:
            return False
        return n >= self.cfg.boilerplate_min_share * min(st.docs, self.cfg.boilerplate_window)

    def observe(self, source: str, fingerprints: list[str], doc_key: str | None = None) -> None:
        """Record the distinct line fingerprints of one document of `source` (once per `doc_key`)."""
        st = self.stats(source)
        if doc_key is not None:
            key = int(
                hashlib.blake2b(doc_key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest(), 16
            )
            if key in st.recent:
                return
            st.recent.append(key)
            del st.recent[:-_RECENT_DOCS]
        st.docs += 1
        for fp in {int(f, 16) for f in fingerprints}:
            # A line that left the window starts counting again: the count is "documents within the window".
            if st.docs - st.last.get(fp, st.docs) > self.cfg.boilerplate_window:
                st.counts[fp] = 0
            st.counts[fp] = st.counts.get(fp, 0) + 1
            st.last[fp] = st.docs
        if len(st.counts) > self.cfg.boilerplate_max_lines:
            self._prune(st)
        self.dirty.add(source)

    def _prune(self, st: SourceStats) -> None:
        # Keep the most frequent, then most recent lines: body lines of single articles go first.
        keep = self.cfg.boilerplate_max_lines * 3 // 4
        ranked = sorted(
            st.counts, key=lambda fp: (st.counts[fp] > 1, st.last[fp], st.counts[fp]), reverse=True
        )
        for fp in ranked[keep:]:
            del st.counts[fp]
            del st.last[fp]

    def export_source(self, source: str) -> bytes:
        """Compact msgpack snapshot of one source's statistics (for the worker's table)."""
        st = self.sources.get(source) or SourceStats()
        lines = [(fp, n, st.last[fp]) for fp, n in st.counts.items()]
        return _EXPORT_ENC.encode(_Exported(docs=st.docs, lines=lines, recent=st.recent))

    def import_source(self, source: str, data: bytes) -> None:
        """Restore one source's statistics from `export_source` output (replacing what was there)."""
        exp = _EXPORT_DEC.decode(data)
        st = self.stats(source)
        st.docs = exp.docs
        st.counts = {fp: n for fp, n, _ in exp.lines}
        st.last = {fp: last for fp, _, last in exp.lines}
        st.recent = list(exp.recent[-_RECENT_DOCS:])
        if len(st.counts) > self.cfg.boilerplate_max_lines:
            self._prune(st)
        self.dirty.add(source)


# ---------------------------------------------------------------------------------------------------
# Normalisation

# Invisible format characters (zero-width space and joiner, BOM, soft hyphen, bidi marks, embeddings,
# overrides and isolates, invisible operators, variation selectors) and C0/C1 controls; ZWNJ (U+200C)
# stays because Persian spelling needs it. One character class keeps this a single linear pass.
_INVISIBLE = re.compile(
    "[\u200b\u200d\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u200e\u200f\u061c\u180e\u034f"
    "\u115f\u1160\u202a-\u202e\ufe00-\ufe0f\u0640\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+"
)
# Line and paragraph separators, vertical tab, form feed, NEL and CR are line breaks for display.
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_LINE_BREAK_CHARS = "\u2028\u2029\x0b\x0c\x85"
_ASCII_CONTROLS = tuple(chr(c) for c in [*range(0x09), *range(0x0E, 0x20), 0x7F])
_INVISIBLE_CHARS = tuple(
    chr(c)
    for c in [
        *range(0x00, 0x09),
        *range(0x0E, 0x20),
        *range(0x7F, 0x85),
        *range(0x86, 0xA0),
        0x00AD,
        0x034F,
        0x061C,
        0x0640,
        0x115F,
        0x1160,
        0x180E,
        0x200B,
        *range(0x200D, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        *range(0xFE00, 0xFE10),
        0xFEFF,
    ]
)
_SPACE_CHARS = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def normalize_display(text: str) -> str:
    """Faithful display form: NFC, no invisible/bidi/control chars or tatweel, tidy whitespace (ZWNJ kept)."""
    # Regex scans are slow per character; `in` checks are C loops, so scan only when needed.
    if "\r" in text or (not text.isascii() and any(c in text for c in _LINE_BREAK_CHARS)):
        text = _LINE_BREAKS.sub("\n", text)
    # Tatweel (U+0640) is in _INVISIBLE: it only stretches a word for display.
    if (not text.isascii() or any(c in text for c in _ASCII_CONTROLS)) and any(
        c in text for c in _INVISIBLE_CHARS
    ):
        text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if "  " in text or "\t" in text or (not text.isascii() and any(c in text for c in _SPACE_CHARS)):
        lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    else:
        lines = [ln.strip() for ln in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


_AR_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_AR_FOLD_CHARS = "أإآٱىةؤئ"
# Persian: Arabic kaf/yeh to Persian keh/yeh, hamza-carrying alefs to alef (آ is a letter of its own),
# teh marbuta to heh; Arabic-Indic digits to Persian ones so both spellings of a number match.
_FA_FOLD = str.maketrans(
    {"ك": "ک", "ي": "ی", "ى": "ی", "ئ": "ی", "أ": "ا", "إ": "ا", "ٱ": "ا", "ة": "ه", "ۀ": "ه", "ؤ": "و"}
    | {chr(0x660 + i): chr(0x6F0 + i) for i in range(10)}
)
# Urdu: as Persian, plus heh to heh goal (ہ) and the hamza forms of heh goal to heh goal; yeh barree
# (ے) and do-chashmi heh (ھ) are distinct letters and stay.
_UR_FOLD = str.maketrans(
    {"ك": "ک", "ي": "ی", "ى": "ی", "ئ": "ی", "أ": "ا", "إ": "ا", "ٱ": "ا", "ة": "ہ", "ه": "ہ", "ۂ": "ہ"}
    | {"ۀ": "ہ", "ؤ": "و"}
    | {chr(0x660 + i): chr(0x6F0 + i) for i in range(10)}
)
_WORDS = re.compile(r"\w+")


def matching_form(text: str, language: str | None = None) -> str:
    """Form shared by dedup and tagging: NFKC, casefolded, diacritics removed, Arabic letters folded."""
    # NB: gazetteer keys and entity ids are built with this function: changing what it returns for
    # existing inputs means rebuilding streams/data (so Latin accents are kept, as they always were).
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _AR_DIACRITICS.sub("", text)
    if language == "fa":
        text = text.translate(_FA_FOLD)
    elif language == "ur":
        text = text.translate(_UR_FOLD)
    elif not text.isascii() and any(c in text for c in _AR_FOLD_CHARS):
        # str.translate looks every character up in a dict: only worth it when there is one to fold.
        text = text.translate(_AR_FOLD)
    return " ".join(_WORDS.findall(text))


def fingerprint(line: str) -> str:
    """A short, whitespace- and digit-insensitive fingerprint of a line, for per-source statistics."""
    key = " ".join(line.split())
    if any(d in key for d in _DIGIT_CHARS):
        key = _DIGITS.sub("0", key)
    key = key.casefold()
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_DIGITS = re.compile(r"\d+")
_DIGIT_CHARS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"

# ---------------------------------------------------------------------------------------------------
# Plain-text boilerplate removal


@dataclass(slots=True)
class _Line:
    text: str
    cue: str | None = None  # boilerplate kind named by a cue phrase or by structure
    heading: bool = False  # a bare cue heading ("Related articles") introducing what follows
    prose: bool = False  # looks like article prose (sentences)
    bullet: bool = False
    removed: str | None = None  # the kind it was removed as
    inner: bool = False  # a headline box inside the article: removed, but it does not split the body


# Cue kinds found inside article bodies too (photo credits, "Read also: <headline>"): they do not split
# the body into parts.
_SOFT_CUES = frozenset({"source_line", "read_also"})
# Most lines a list between two parts of the article may hold, when a line ending in a colon opens it.
_LIST_GAP = 40
# Cue kinds whose heading, once the article has been told, ends it: everything after goes.
_TERMINAL = frozenset({"tags", "related_list", "copyright", "share", "read_also"})
# Terminal kinds that also head boxes of headlines inside an article (comments and rights notices do not).
_BOXES = frozenset({"related_list", "read_also"})
_TOLD_RATIO = 0.3  # the best run before a terminal heading, at least this share of the best after it
_BOX_LINES = 12  # most headlines a box inside an article holds
_REPEAT_BOX = 12  # most lines of a box repeating the article under it
_FORM_LINE = 160  # longest line taken for a form or widget message
_CLAUSE_LINE = 100  # shortest line taken for prose on its commas alone
_LEAD_WORDS = 16  # words of a long unfinished line with one comma taken for a sentence...
_LEAD_CAPITALS = 5  # ... when at most one in this many is capitalised
_CLAUSE_WORDS = 4  # mean words per comma-separated clause of such a line
# Marks a finished sentence ends on; a closing bracket does not ("Headline (VIDEO)").
_FULL_STOPS = frozenset(".!?؟。！？۔।…\"'”’»")
_LEDE_LINES = 10  # most lines (a toolbar, a date) between the lead and the body
_LEDE_SCAN = 80  # most lines (a toolbar, a box of headlines) scanned between the lead and the body
_LEDE_KEYS = 5  # content words a lead over the toolbar (or a deck under the headline) has at least
_LEDE_SHARE = 0.4  # of them found in the opening of the body
_FORM_FIELDS = 16  # most words of a line of form fields
_ARROWS = frozenset("»>›→")  # last characters of a line that is a link
_BYLINE = 100  # longest line taken for a comment's byline (a name and a date)
_THREAD_BYLINES = 3  # bylines of one date shape, each over a comment, that make a thread of comments
_TO_ZERO = str.maketrans("123456789", "000000000")
_PULL_QUOTE_MIN = 40  # shortest line taken for a pull quote repeating part of a paragraph
_CAPTION_CHARS = 24  # longest line taken for a picture's caption between paragraphs
_COUNTER_LINE = 40  # longest line taken for a comment counter ("共有评论0条 点击查看")
_CREDIT_WORDS = 10  # most words of a photo credit naming its agency last
_PITCH_WORDS = 12  # most words of the sentence before a promo that ends a short line, taken with it
_SHARE_BAR = 16  # most words of a line of share buttons (each a share word or a network's name)
_TOOLBAR_LINES = 6  # most lines between a share bar and the article under it
_GRID_REPEATS = 3  # times a box heading recurs on a portal page of teaser boxes
_LINK_ITEM = 100  # longest bullet line taken for a headline link
_MAX_CUE_LINE = 400
_MAX_LEARNED_LINE = 250
# A prose line shorter than this that follows a non-prose line (a teaser under a headline) counts for
# only _TEASER_WEIGHT percent of its length when runs are compared.
# A block of consecutive paragraphs this long is an article: a terminal heading after it ends it.
_ARTICLE_BLOCK = 400
_TEASER_CHARS = 300
# Most characters per sentence end of a long line that does not end on a full stop, for prose.
_TICKER_CHARS = 400
_TICKER_MIN = 1000  # shortest line looked at for a ticker
_TEASER_WEIGHT = 50  # longer lines are paragraphs, not furniture (tag clouds are checked structurally)


def _classify(text: str) -> _Line:
    """Features of one line: prose or not, and the boilerplate kind a cue phrase or its shape names."""
    ln = _Line(text)
    if not text:
        return ln
    m = R.BULLET_RE.match(text)
    core = text[m.end() :] if m else text
    ln.bullet = m is not None
    if not core:
        return ln
    punct = core[-1] in ".!?؟。！？۔।…" or R.SENTENCE_PUNCT_RE.search(core) is not None
    head = core[:40]
    cjk_first = "\u4e00" <= core[0] <= "\u9fff"
    if (("：" in head or ":" in head) and R.DISCLAIMER_RE.match(core)) or (
        cjk_first and R.DISCLAIMER_CJK_RE.match(core)
    ):
        ln.cue = "copyright"  # a legal disclaimer, however long
        return ln
    seps = core.count("|") + core.count("·") + core.count(" / ") + core.count("•")
    if punct and len(core) > _MAX_CUE_LINE and seps < 3 and not R.TAGS_RE.match(core):
        # A long paragraph with sentences: no need to look at its words. A ticker of headlines run
        # together into one line is as long, but unfinished, with hardly a sentence end inside.
        # (Only a very long line: a paragraph that lost its last full stop keeps its other ones.)
        if core[-1] in _FULL_STOPS or len(core) < _TICKER_MIN:
            ln.prose = True
        else:
            ln.prose = len(R.SENTENCE_PUNCT_RE.findall(core)) * _TICKER_CHARS >= len(core)
        return ln
    words = R.WORD_RE.findall(core)
    cjk = 0 if core.isascii() else len(R.CJK_RE.findall(core))
    units = len(words) + cjk / 2
    # A short line that is a finished sentence ("He declined to comment.") is prose too.
    ln.prose = punct and (units >= 8 or len(core) >= 50 or (units >= 3 and core[-1] in ".!?؟。！？۔"))
    if not punct and len(core) >= _CLAUSE_LINE:
        # A lead paragraph may lack its full stop; clauses of several words between commas are a
        # sentence all the same (a list of names has short items).
        commas = core.count(", ") + core.count("，") + core.count("، ")
        ln.prose = commas >= 2 and units >= _CLAUSE_WORDS * (commas + 1)
        if not ln.prose and not cjk and commas and len(words) >= _LEAD_WORDS and "/" not in core:
            # One comma in a long line of mostly small words ("Parents do not want ..., although the
            # city pays for it") is a sentence too; headlines run together capitalise each one, and
            # a web address splits into many small words.
            capitals = sum(1 for w in words if w[0].isupper())
            ln.prose = capitals * _LEAD_CAPITALS <= len(words)
    ln.cue, ln.heading = _cue(core, words, units, punct, cjk)
    if ln.cue:
        ln.prose = False
    return ln


def _cue(core: str, words: list[str], units: float, punct: bool, cjk: int) -> tuple[str | None, bool]:
    """The boilerplate kind of a line (and whether it is a bare heading), or None."""
    first = words[0].casefold() if words else ""
    if units <= 4 and first.isdigit() and R.COMMENT_COUNT_RE.match(core):
        return "share", True  # the count of comments heading them
    if first in R.LABEL_FIRST or (cjk and len(core) <= 40):
        if R.TAGS_RE.match(core):
            return "tags", True
        if units <= 10 and R.RELATED_RE.match(core):
            return "related_list", True
        if units <= 30 and R.READ_ALSO_RE.match(core):
            return "read_also", R.READ_ALSO_BARE_RE.match(core) is not None
        if units <= 8 and R.COMMENTS_RE.match(core):
            return "share", True
        if units <= 16 and R.SOURCE_RE.match(core):
            return "source_line", False
    if first in R.WIDGET_FIRST or (cjk and len(core) <= 60 and core[0] in R.WIDGET_CJK_FIRST):
        if units <= 40 and R.POLL_RE.match(core):
            return "share", True  # a reader poll: its question and answers follow
        if units <= 30 and R.NEXT_ARTICLE_RE.match(core):
            return "navigation", False
    if len(words) >= 12 and not punct:
        # A long line without a sentence in it: a tag cloud (words repeat) or a menu (all capitalised).
        cased = [w for w in words if w[0].isalpha() and w[0].lower() != w[0].upper()]
        capitalised = sum(1 for w in cased if w[0].isupper())
        if len({w.casefold() for w in words}) < 0.7 * len(words) or (
            len(cased) >= 10 and capitalised >= 0.8 * len(cased)
        ):
            return "navigation", False
    seps = core.count("|") + core.count("·") + core.count(" / ") + core.count("•")
    if seps >= 3 and seps * 8 >= len(words):
        return "navigation", False  # a menu or a list of names: "A | B | C | D"
    if "*" in core and units <= _FORM_FIELDS:
        # A form's required fields ("Your name* Email*", "Ваше имя *"): a comment box.
        fields = len(R.FORM_FIELD_RE.findall(core))
        if fields >= 2 or (fields and core[-1] == "*"):
            return "share", False
    if ".com/" in core and len(core) <= _MAX_CUE_LINE and R.SOCIAL_URL_END_RE.search(core):
        return "promo", False  # a pitch for the site's page on a network, ending on its address
    if units > 40 or len(core) > _MAX_CUE_LINE:
        return None, False
    # A photo's credit naming its agency last ("P. Kevin Morley, AP") or first ("REUTERS/Jan Nowak").
    if units <= _CREDIT_WORDS and words:
        if words[-1] in R.AGENCY_LAST and core[-1] not in _FULL_STOPS and R.AGENCY_CREDIT_RE.match(core):
            return "source_line", False
        if first in R.AGENCY_FIRST and R.AGENCY_PHOTO_RE.match(core):
            return "source_line", False
    if (
        cjk
        and len(core) <= _COUNTER_LINE
        and ("评" in core or "評" in core)
        and R.COMMENT_COUNT_CJK_RE.search(core)
    ):
        return "share", False
    cf = core.casefold()
    cjk_hit = cjk > 0 and any(t in core for t in R.CJK_TRIGGERS)
    if (
        ("©" in core or cjk_hit or R.COPYRIGHT_HINT_RE.search(cf)) and R.COPYRIGHT.search(core)
    ) or R.COPYRIGHT_START_RE.match(core):
        return "copyright", False
    if units > 25:
        return None, False
    folded = {w.casefold() for w in words}
    if cjk_hit or not folded.isdisjoint(R.PLATFORM_WORDS):
        m = R.PROMO_LINE_RE.search(core)
        # A sentence before the promo makes it a glued promo: only the promo goes (see below). A
        # short one before a promo that ends the line is its pitch ("Stay informed? Get our newsletter!").
        if (
            m
            and _promo_opens(core, m, units)
            and (
                not any(c in core[: m.start()] for c in ".!?؟。")
                or (len(core) - m.end() <= 40 and len(R.WORD_RE.findall(core, 0, m.start())) <= _PITCH_WORDS)
            )
        ):
            return "promo", False
    if (
        units <= _SHARE_BAR
        and folded <= R.SHARE_BAR_WORDS
        and all(w.casefold().rstrip(":：") in R.SHARE_BAR_WORDS for w in core.split())
        # A network's name alone may be a subheading ("Google"); a share word alone is a button.
        and (len(folded) >= 2 or folded <= R.SHARE_WORDS)
    ):
        return "share", False
    # A breadcrumb may end on the page's headline cut short ("Home » Health » Flu cases rise…").
    cut_short = units <= 14 and (not punct or core[-1] == "…" or core.endswith("..."))
    if cut_short and len(R.BREADCRUMB_RE.findall(core)) >= 2:
        return "navigation", False
    return None, False


_PROMO_LEAD_WORDS = 2  # most words of a clause before its promo verb ("Please follow ...", "请关注")
_PROMO_SHORT = 8  # most words of a line taken for a promo wherever its verb stands
_CLAUSE_MARKS = ".!?؟。！？۔…:：;,，、،-–—|•»>)(~*"


def _promo_opens(core: str, m: re.Match[str], units: float) -> bool:
    """True when a promo's verb (nearly) opens a clause, or asks to follow "us", or the line is short."""
    # "Follow us on Facebook", "For updates, please subscribe ...", "更多内容，请关注 ...": a call to
    # the reader. "The ministry said it would follow the rules on Facebook pages" reports on one: its
    # verb comes late in its clause, in a longer line.
    if units <= _PROMO_SHORT or " ".join(m.group(1).casefold().split()) in R.PROMO_CALLS:
        return True
    k = m.start()
    while k > 0 and core[k - 1] not in _CLAUSE_MARKS:
        k -= 1
    lead = core[k : m.start()]
    # Words of the clause before the verb; Chinese has no spaces: two characters count as a word.
    cjk = 0 if lead.isascii() else len(R.CJK_RE.findall(lead))
    return len(R.WORD_RE.findall(R.CJK_RE.sub(" ", lead) if cjk else lead)) + cjk / 2 <= _PROMO_LEAD_WORDS


def _strip_glued_promo(text: str) -> tuple[str, int]:
    """Remove a channel/social promo glued onto the end of a line; returns the text and chars removed."""
    if text[-1] in ".!?؟。":
        return text, 0  # the pattern cannot end on sentence punctuation: skip the scan
    start = max(0, len(text) - 200)
    tail = text[start:]
    tail_set = {w.casefold() for w in R.WORD_RE.findall(tail)}
    if tail_set.isdisjoint(R.PLATFORM_WORDS) and (
        tail.isascii() or not any(t in tail for t in R.CJK_TRIGGERS)
    ):
        return text, 0  # no platform named: the regex below cannot match (and it is the slow part)
    m = R.GLUED_PROMO_RE.search(text, start)
    if m is None:
        return text, 0
    head = text[: m.start()].rstrip()
    # Only after a finished sentence (optionally followed by a glued agency credit of one or two words).
    cut = len(head)
    tail_words = 0
    while cut > 0 and head[cut - 1] not in '.!?؟。！？۔…»"”)' and tail_words <= 2:
        if head[cut - 1] == " ":
            tail_words += 1
        cut -= 1
    if cut == 0 and m.start() > 0:
        return text, 0
    if tail_words > 2 or cut < len(head) - 30:
        return text, 0
    new = head[:cut].rstrip()
    return new, len(text) - len(new)


_GLUED_COUNTERS = 3  # lines a page must start with the same glued digit before it is taken for a counter


def _glued_digit(t: str) -> bool:
    """True when a line starts with one digit glued onto a capitalised word ("0Также", "0«Мы")."""
    if len(t) < 4 or not ("0" <= t[0] <= "9"):
        return False
    k = 2 if t[1] in "«\"„“'-–—" else 1
    return t[k].isupper() and t[k + 1 : k + 2].islower()


def _strip_glued_counters(lines: list[str]) -> list[str]:
    """Lines without the counter digit a copied page glues before each paragraph ("0Также ...")."""
    # A widget's count (comments, likes) rendered without a space before every paragraph: one digit
    # glued onto a capitalised word on several lines of the page is furniture, not a number in the text
    # ("3D-принтер" has no lowercase letter after its capital, "5 Gründe" has a space).
    glued = [i for i, t in enumerate(lines) if t and "0" <= t[0] <= "9" and _glued_digit(t)]
    if len(glued) < _GLUED_COUNTERS or len({lines[i][0] for i in glued}) > 1:
        return lines
    for i in glued:
        lines[i] = lines[i][1:]
    return lines


_TOOLBAR_LINE = 120  # longest line taken for a browser toolbar's links
_NOTE_LINE = 200  # longest line taken for a form's note or a call to click
_PAGER_LINE = 80  # longest line taken for a pager or a bare site address


def _pager(text: str) -> bool:
    """True when a short line is a pager: page numbers and the words for previous/next/page only."""
    if R.DIGIT_RE.search(text) is None:
        return False
    toks = R.PAGER_TOKEN_RE.findall(text)
    words = [t.casefold() for t in toks if not t.isdigit()]
    return bool(words) and len(toks) > len(words) and all(w in R.PAGER_WORDS for w in words)


def _click_here(text: str) -> bool:
    """True when every sentence of a line asks to click a link ("For more photos click here.")."""
    # The link itself is gone from a copied page: only the call to click it is left.
    if R.CLICK_HERE_RE.search(text) is None:
        return False
    parts = [p for p in re.split(r"(?<=[.!?。！？])\s*", text) if R.WORD_RE.search(p)]
    return all(R.CLICK_HERE_RE.search(p) for p in parts)


def _label_key(text: str) -> str:
    """A short line as looked up among the widget labels: without brackets and arrows, casefolded."""
    return text.strip(" .…:»›>|[]()∨").casefold()


def _ui_label(text: str) -> bool:
    """True when a short line is only a widget label ("Enlarge this image", "Advertisement", "Loading...")."""
    return _label_key(text) in R.UI_LABELS or R.CLICK_RE.match(text) is not None


def _remove(ln: _Line, kind: str) -> None:
    if ln.removed is None:
        ln.removed = kind


def _clean_lines(lines: list[_Line], cfg: CleanConfig, find_body: bool = True) -> None:
    """Mark boilerplate lines as removed, in place: terminal cues, headed lists, cue lines, off-body runs."""
    # A portal repeats the same box heading ("See also:") under every teaser of a grid: a heading seen
    # _GRID_REPEATS times or more heads boxes of links. It separates runs of prose (it is no inline
    # "Read also" of the article) but does not end an article (step 1); its lists still go (step 2).
    seen_heads: dict[str, int] = {}
    for ln in lines:
        if ln.heading and ln.cue in _BOXES:
            key = ln.text.casefold()
            seen_heads[key] = seen_heads.get(key, 0) + 1
    grid = {k for k, v in seen_heads.items() if v >= _GRID_REPEATS}
    if grid:
        for ln in lines:
            if ln.heading and ln.cue in _BOXES and ln.text.casefold() in grid:
                ln.cue = "related_list"
    total_prose = sum(len(ln.text) for ln in lines if ln.prose and ln.removed is None)
    # Blocks of consecutive prose lines (blank lines aside): the best block before and after each line.
    n = len(lines)
    block = [0] * n
    acc = 0
    for i, ln in enumerate(lines):
        if ln.text:
            acc = acc + len(ln.text) if ln.prose and ln.removed is None else 0
        block[i] = acc
    best_before = [0] * n
    best_after = [0] * (n + 1)
    for i in range(n):
        best_before[i] = max(block[i], best_before[i - 1] if i else 0)
    for i in range(n - 1, -1, -1):
        best_after[i] = max(block[i], best_after[i + 1])
    # The best run of prose before and after each line (cue lines split runs).
    run_before = [0] * (n + 1)
    run_after = [0] * (n + 1)
    run_at: dict[int, tuple[int, int]] = {}  # first line of a run -> its last line, weighted chars
    for first, last, chars in _runs(lines, after_cues=False):
        run_at[first] = (last, chars)
        run_before[last + 1] = max(run_before[last + 1], chars)
        # What follows a heading is weighed as the article is chosen (step 3): a run of prose under
        # short lines (teasers, readers' comments under their names) weighs half of one of paragraphs.
        w = chars if _paragraphs_follow(lines, first, last) else chars // 2
        run_after[first] = max(run_after[first], w)
    for i in range(1, n + 1):
        run_before[i] = max(run_before[i], run_before[i - 1])
    for i in range(n - 1, -1, -1):
        # Prose below a rights line is the page footer (legal notices), not a later article.
        run_after[i] = max(run_after[i], 0 if lines[i].cue == "copyright" else run_after[i + 1])
    # 1. A terminal heading after the article ends it ("Tags:", "Related articles", "©"): after most
    # of the prose, or after a block of paragraphs bigger than any that follows.
    prose_before = 0
    for i, ln in enumerate(lines):
        if (
            ln.removed is None
            and ln.cue in _TERMINAL
            and (ln.heading or ln.cue == "copyright")
            and not (grid and ln.text.casefold() in grid)
        ):
            share = 0.5 if ln.cue == "read_also" else 0.3
            mostly = prose_before >= share * total_prose
            biggest = i > 0 and (
                best_before[i - 1] >= 1.5 * best_after[i] or best_before[i - 1] >= _ARTICLE_BLOCK
            )
            # A box of headlines inside the article ("Editor's picks") is followed by more of it: a
            # block of paragraphs after the heading bigger than any before means the article goes on.
            goes_on = ln.cue in _BOXES and i > 0 and _box_then_more(lines, block, i, best_before[i - 1])
            # Teasers above the article can outweigh it in raw prose: the article must come first.
            told = run_before[i] >= _TOLD_RATIO * run_after[i]
            if told and (ln.cue == "share" or (ln.cue == "copyright" and _photo_credit(ln.text))):
                # A share/comments bar or a photo credit ("(© Agency)") right over a run of prose much
                # bigger than any before is the article's toolbar or caption, not the page's end.
                told = not _toolbar(lines, i, run_at, 2 * run_before[i])
            ends = prose_before >= cfg.tail_min_prose_chars and (mostly or biggest) and told
            # Only a box that interrupts the article joins its two parts (not one over teasers).
            ln.inner = ends and goes_on
            if ends and not goes_on:
                for rest in lines[i:]:
                    if rest.text:
                        _remove(rest, rest.cue or ("related_list" if rest.bullet else ln.cue))
                break
        if ln.prose and ln.removed is None:
            prose_before += len(ln.text)
    # 2. Other cue lines go on their own; a bare heading takes the list of short lines under it.
    for i, ln in enumerate(lines):
        if ln.removed is not None or ln.cue is None:
            continue
        _remove(ln, ln.cue)
        if ln.heading:
            j = i + 1
            taken = teasers = first_shape = 0
            after_bullet = False
            # A heading over bullets heads a list of them ("See also:" / "• A" / "• B"): a box.
            listing = ln.cue == "related_list"
            # A poll's questions read as sentences: they go with its answers.
            poll = ln.cue == "share" and R.POLL_RE.match(R.BULLET_RE.sub("", ln.text, count=1)) is not None
            while j < n and taken < 30:
                nxt = lines[j]
                if nxt.text:
                    if nxt.removed is not None:
                        break
                    # "Read also:" names a headline, and a headline ends without a full stop (several
                    # glued into one line can look like prose).
                    named = ln.cue == "read_also" and taken == 0 and nxt.text[-1] not in _FULL_STOPS
                    if taken == 0 and nxt.bullet and ln.cue in _BOXES:
                        listing = True
                    asked = poll and nxt.text[-1] in "?？؟" and len(nxt.text) <= _FORM_LINE
                    if nxt.prose and not nxt.bullet and not named and not asked:
                        # A teaser under its headline (and date): the first must have another of its
                        # shape after it, the others the first one's shape.
                        shape = _item_shape(lines, j) if listing and not after_bullet else 0
                        if shape and shape == (first_shape or _next_item_shape(lines, j)):
                            first_shape = shape
                        elif not (after_bullet and listing and _teaser(lines, j, teasers)):
                            break
                        teasers += 1
                    _remove(nxt, nxt.cue or ("related_list" if nxt.bullet else ln.cue))
                    taken += 1
                    after_bullet = nxt.bullet
                    if ln.cue == "read_also" and not nxt.bullet and not listing:
                        break  # "Read also:" names one headline; the article may go on after it
                j += 1
    # 3. The article is the run of prose with most text; runs of 3+ non-prose lines separate runs.
    if not find_body or not any(ln.prose and ln.removed is None for ln in lines):
        return
    runs = _runs(lines, after_cues=True)
    # A list of teasers (a headline over each summary) weighs half: an article's paragraphs follow
    # one another.
    best = max(
        range(len(runs)),
        key=lambda k: runs[k][2] * (2 if _paragraphs_follow(lines, runs[k][0], runs[k][1]) else 1),
    )
    start, end, _ = runs[best]
    # Neighbouring runs of substantial prose belong to the article too (a list or a quote inside it).
    # Small runs in between (list items with a full stop) are passed over like the short lines.
    # A paragraph set apart by the captions of pictures (a few words each) belongs to it too; the
    # captions go.
    for k in range(best - 1, -1, -1):
        if not _gap_ok(lines, runs[k][1], start):
            break
        if runs[k][2] >= 0.3 * runs[best][2] or _captions_only(lines, runs[k][1], start):
            start = runs[k][0]
    for k in range(best + 1, len(runs)):
        if not _gap_ok(lines, end, runs[k][0]):
            break
        if runs[k][2] >= 0.3 * runs[best][2] or _captions_only(lines, end, runs[k][0]):
            end = runs[k][1]
    for a, b in itertools.pairwise(runs):
        if start <= a[1] and b[0] <= end and _captions_only(lines, a[1], b[0]):
            for ln in lines[a[1] + 1 : b[0]]:
                if ln.text:
                    _remove(ln, "navigation")
    end = _take_credited_block(lines, _drop_link_list(lines, start, _take_announced_list(lines, end)))
    start, end = _skip_ticker(lines, start, end), _drop_repeated_tail(lines, start, end)
    end = _drop_comment_thread(lines, start, end)
    lede = _lede_over_toolbar(lines, start)
    for i, ln in enumerate(lines):
        if ln.text and (i < start or i > end) and i != lede:
            _remove(ln, "related_list" if i > end and ln.bullet else "navigation")
    _drop_pull_quotes(lines, start, end)


def _drop_pull_quotes(lines: list[_Line], start: int, end: int) -> None:
    """Remove lines of the body that repeat part of another of its paragraphs (a pull quote)."""
    # A magazine sets a sentence of the article apart in large type ("The vaccine is safe," she
    # said), and a copied page keeps it next to the paragraph it comes from: the same words twice.
    body = [ln for ln in lines[start : end + 1] if ln.text and ln.removed is None]
    for k, ln in enumerate(body):
        quote = ln.text.strip(" \"'«»“”„….")
        # Only a line that is no finished sentence: a lead repeated as the body's first sentence is
        # the article's own.
        cut = ln.text.rstrip(" \"'»”").endswith(("...", "…"))
        if ln.prose and ln.text[-1] in _FULL_STOPS and not cut:
            continue
        if not _PULL_QUOTE_MIN <= len(quote) <= _TEASER_CHARS:
            continue
        for o, other in enumerate(body):
            # Of two equal lines, the later one goes.
            longer = len(other.text) > len(ln.text) or (o < k and len(other.text) == len(ln.text))
            if o != k and longer and quote in other.text:
                ln.removed = "navigation"
                break


def _captions_only(lines: list[_Line], a: int, b: int) -> bool:
    """True when the lines strictly between a and b are all captions of pictures: a few words each."""
    # A picture story: each paragraph under the captions of its pictures ("The stand", "Model V8"). A
    # teaser's headline is longer than a caption, so a list of teasers is not taken by this.
    seen = 0
    for ln in lines[a + 1 : b]:
        if ln.text:
            if ln.cue is not None or ln.bullet or len(ln.text) > _CAPTION_CHARS:
                return False
            seen += 1
    return seen > 0


def _teaser(lines: list[_Line], j: int, seen: int) -> bool:
    """True when prose line j under a box's bullet headline is its summary: short, another item follows."""
    # "Latest news" / "• Headline" / "One-sentence summary." / "• Headline" / ...: a list of teasers
    # is a box of headlines all the same. Once two summaries were seen, the pattern is established
    # and the last item's summary goes too; before that, a bullet must follow (a paragraph after a
    # box inside the article is followed by more paragraphs, not by another headline).
    if len(lines[j].text) >= _TEASER_CHARS:
        return False
    if seen >= 2:
        return True
    for ln in lines[j + 1 : j + 4]:
        if ln.text:
            return ln.bullet and ln.removed is None
    return False


def _item_shape(lines: list[_Line], j: int) -> int:
    """Short lines right over prose line j, when j is a teaser's summary ending its block, else 0."""
    # "Headline" / "Date" / "One-sentence summary." then a blank line: an item of a box of teasers
    # (returns 2). A paragraph under a headline inside an article goes on into more paragraphs.
    if len(lines[j].text) >= _TEASER_CHARS or (j + 1 < len(lines) and lines[j + 1].text):
        return 0
    k = 0
    while j - k - 1 >= 0 and lines[j - k - 1].text and not lines[j - k - 1].prose and k < 3:
        k += 1
    return k if j - k - 1 < 0 or not lines[j - k - 1].text else 0


def _next_item_shape(lines: list[_Line], j: int) -> int:
    """The shape (see _item_shape) of the block after line j, or 0 when it is no teaser item."""
    m = j + 1
    while m < len(lines) and not lines[m].text:
        m += 1
    k = m
    while k < len(lines) and lines[k].text and not lines[k].prose and k - m < 3:
        k += 1
    if k >= len(lines) or not lines[k].prose or k == m:
        return 0
    return _item_shape(lines, k)


def _skip_ticker(lines: list[_Line], start: int, end: int) -> int:
    """New start of the body without an unfinished first line set apart from the paragraphs under it."""
    # A ticker of glued headlines over the article reads as prose but has no full stop, and short
    # lines (a date, the headline) part it from the article; a lead goes straight into the article.
    first = lines[start]
    if not first.prose or first.text[-1] in _FULL_STOPS:
        return start
    short = 0
    for j in range(start + 1, end + 1):
        ln = lines[j]
        if not ln.text or ln.removed is not None:
            continue
        if ln.prose:
            return j if short >= 2 else start
        short += 1
    return start


def _drop_repeated_tail(lines: list[_Line], start: int, end: int) -> int:
    """New end of the body without trailing lines that repeat its own lines (a teaser of the article)."""
    # A box under the article repeating its headline or lead ("Lead of the article...") goes with the
    # short lines around it, up to the last paragraph that is not a repeat. The box is small: only the
    # last _REPEAT_BOX lines are looked at.
    first: dict[str, int] = {}
    for i in range(start, end + 1):
        t = lines[i].text
        if t and lines[i].removed is None:
            first.setdefault(t.rstrip(".… "), i)
    k = end
    repeats = seen = 0
    while k > start and seen < _REPEAT_BOX:
        ln = lines[k]
        if ln.text and ln.removed is None:
            seen += 1
            stem = ln.text.rstrip(".… ")
            if first.get(stem, k) < k or (
                ln.prose
                and ln.text.endswith(("...", "…"))
                and any(
                    lines[o].text.startswith(stem) for o in range(start, k) if len(lines[o].text) > len(stem)
                )
            ):
                repeats += 1
            elif ln.prose:
                break
        k -= 1
    return k if repeats and seen < _REPEAT_BOX else end


def _lede_over_toolbar(lines: list[_Line], start: int) -> int:
    """Index of the article's lead set a few lines over its body (a toolbar between them), or -1."""
    # "Lead sentence." / "Tweet" / "• Comments: 0" / body: the lead is the article's summary, set apart
    # by a toolbar or a date. It is a sentence sharing many of its words with the opening of the body.
    # A box of headlines between them ("Read more" / • ... / • ...) is passed over as one line.
    seen = 0
    for j in range(start - 1, max(-1, start - 1 - _LEDE_SCAN), -1):
        ln = lines[j]
        if not ln.text or ln.removed in _BOXES:
            continue
        if ln.prose and ln.removed is None and not ln.bullet:
            # A headline asking a question reads as a sentence: it is the title, not the lead.
            if _headline_shape(ln.text):
                return -1
            keys = _content_keys(ln.text)
            if len(keys) < _LEDE_KEYS:
                return -1
            shared = len(keys & _content_keys(_opening(lines, start)))
            return j if shared >= _LEDE_SHARE * len(keys) else -1
        seen += 1
        if seen > _LEDE_LINES:
            return -1
    return -1


def _stamp_shape(text: str) -> str | None:
    """The digit shape of a byline's date or time ("00.00.00"), when a short line has a name beside it."""
    m = R.STAMP_RE.search(text)
    if m is None or R.NAME_RE.search(text[: m.start()] + " " + text[m.end() :]) is None:
        return None
    return m.group().translate(_TO_ZERO)


def _drop_comment_thread(lines: list[_Line], start: int, end: int) -> int:
    """New end of the body before a thread of comments under it (bylines with a name and a date)."""
    # Readers' comments read as prose; what sets them apart is a short byline over each ("anna (guest),
    # 03.01.12, 23:09", "JAKE at 4:10 AM January 12"). Three bylines of one date shape, each with a
    # comment under it, after a block of paragraphs without them, end the article. A live blog's time
    # stamps start at its top, and a ticker's headlines are not followed by prose.
    stamps: list[tuple[int, str]] = []
    for i in range(start, end + 1):
        ln = lines[i]
        if ln.text and ln.removed is None and not ln.prose and len(ln.text) <= _BYLINE:
            shape = _stamp_shape(ln.text)
            if shape is not None:
                stamps.append((i, shape))
    if len(stamps) < _THREAD_BYLINES:
        return end
    for k, (first, shape) in enumerate(stamps):
        chain = [i for i, s in stamps[k:] if s == shape]
        if len(chain) < _THREAD_BYLINES:
            continue
        commented = sum(1 for i in chain if _prose_follows(lines, i, end))
        prose = sum(len(ln.text) for ln in lines[start:first] if ln.prose and ln.removed is None)
        if commented >= _THREAD_BYLINES and prose >= _ARTICLE_BLOCK:
            j = first - 1
            while j > start and (not lines[j].text or lines[j].removed is not None):
                j -= 1
            return j
        return end  # only the first date shape seen three times is looked at
    return end


def _prose_follows(lines: list[_Line], i: int, end: int) -> bool:
    """True when a prose line comes within three lines after line i (a comment under its byline)."""
    seen = 0
    for ln in lines[i + 1 : end + 1]:
        if ln.text and ln.removed is None:
            if ln.prose:
                return True
            seen += 1
            if seen >= 3:
                return False
    return False


def _take_credited_block(lines: list[_Line], end: int) -> int:
    """New end of the body with the short lines (a table, a list) between it and its closing credit."""
    # "(Reporting by X)", "(陈巍 编辑)" closes the article: plain lines before it are the article's own,
    # as long as none is a cue, a bullet (a list of links) or a sentence (another run of prose).
    taken = 0
    for j in range(end + 1, min(len(lines), end + 1 + 2 * _LIST_GAP)):
        ln = lines[j]
        if not ln.text:
            continue
        if ln.cue == "source_line":
            return j - 1 if taken else end
        if ln.cue is not None or ln.bullet or ln.prose or ln.removed is not None or taken >= _LIST_GAP:
            return end
        taken += 1
    return end


def _take_announced_list(lines: list[_Line], end: int) -> int:
    """New end of the body with a closing list that a sentence ending in a colon announces."""
    j = end + 1
    n = len(lines)
    while j < n and not lines[j].text:
        j += 1
    if j >= n or lines[j].cue is not None or lines[j].text[-1] not in ":：":
        return end
    if len(R.WORD_RE.findall(lines[j].text)) < 5:
        return end  # a short "Related:" is a heading, not a sentence
    k = j + 1
    last = end
    while k < n and k - j <= _LIST_GAP:
        ln = lines[k]
        if ln.text:
            if not ln.bullet or ln.cue is not None or ln.removed is not None:
                break
            last = k
        k += 1
    return last


def _link_item(ln: _Line) -> bool:
    """True when a line could be an item of a list of headline links: a short bullet line, no sentence."""
    # Items ending in a full stop are sentences (a truncated headline ends in "..").
    t = ln.text
    return ln.bullet and len(t) <= _LINK_ITEM and t[-1] not in ";," and (t[-1] != "." or t[-2:] == "..")


def _drop_link_list(lines: list[_Line], start: int, end: int) -> int:
    """New end of the body without a trailing list of short bullet headlines that no sentence introduces."""
    k = end
    items = 0
    while k > start:
        ln = lines[k]
        if ln.text:
            if not _link_item(ln):
                break
            items += 1
        k -= 1
    if items:
        # The list may go on under the body (its other items did not join the run of prose).
        for ln in lines[end + 1 : end + 2 * _BOX_LINES]:
            if ln.text:
                if not _link_item(ln):
                    break
                items += 1
    # A list the article announces ("Symptoms include:") or itemises ("a;", "b.") is its own.
    if items < 3 or not lines[k].text or lines[k].text[-1] in ":：" or lines[k].bullet:
        return end
    return k


def _runs(lines: list[_Line], after_cues: bool) -> list[tuple[int, int, int]]:
    """Runs of prose as (first index, last index, weighted chars); 3+ non-prose lines or a cue split them."""
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    chars = gap = 0
    for i, ln in enumerate(lines):
        if not ln.text or (ln.removed is not None and ln.cue is None):
            continue
        # Before cue lines are removed (after_cues False), a cue line counts as if it were removed.
        cut = ln.removed is not None if after_cues else ln.cue is not None
        if cut or not ln.prose:
            # A cue line is a hard separator, except a credit line ("Source: X") inside the body.
            gap += 3 if cut and ln.cue not in _SOFT_CUES and not ln.inner else 1
            if gap >= 3 and first >= 0:
                runs.append((first, last, chars))
                first, chars = -1, 0
            continue
        if first < 0:
            first = i
        # Teaser lists alternate short headlines with one-sentence summaries: short lines between
        # prose and short prose lines count against a run, long paragraphs for it.
        n_chars = len(ln.text)
        chars += n_chars if gap == 0 or n_chars >= _TEASER_CHARS else n_chars * _TEASER_WEIGHT // 100
        gap = 0
        last = i
    if first >= 0:
        runs.append((first, last, chars))
    return runs


def _photo_credit(text: str) -> bool:
    """True when a rights line is a caption's credit ("Ruins of the mill (© Agency)"), not a footer."""
    return (
        "©" in text
        and not text.lstrip("( ").startswith("©")
        and not R.COPYRIGHT_HINT_RE.search(text.casefold())
    )


def _toolbar(lines: list[_Line], i: int, run_at: dict[int, tuple[int, int]], more: int) -> bool:
    """True when an article (a run of more than `more` weighted chars) starts a few lines after line i."""
    seen = 0
    for j in range(i + 1, min(len(lines), i + 4 * _TOOLBAR_LINES)):
        if lines[j].text:
            if j in run_at:
                last, chars = run_at[j]
                return chars > more and _paragraphs_follow(lines, j, last)
            seen += 1
            if seen > _TOOLBAR_LINES:
                break
    return False


def _paragraphs_follow(lines: list[_Line], first: int, last: int) -> bool:
    """True when most prose of a run follows prose: an article's paragraphs, not comments under bylines."""
    chars = follow = 0
    prev_prose = False
    for ln in lines[first : last + 1]:
        # A widget's label between paragraphs ("Advertisement") does not part them.
        if not ln.text or (not ln.prose and len(ln.text) <= 40 and _label_key(ln.text) in R.UI_LABELS):
            continue
        if ln.prose:
            chars += len(ln.text)
            follow += len(ln.text) if prev_prose else 0
        prev_prose = ln.prose
    return 2 * follow >= chars


def _box_then_more(lines: list[_Line], block: list[int], i: int, before: int) -> bool:
    """True when a box of headlines at line i is followed closely by more article than came before it."""
    # The box: the heading and a few short lines; then a block of paragraphs at least as big as any
    # before the heading (twice as big when it starts further away).
    seen = 0
    n = len(lines)
    j = i + 1
    while j < n and seen <= _BOX_LINES:
        ln = lines[j]
        if ln.text:
            if ln.prose and ln.removed is None and not ln.bullet:
                k = j
                while k + 1 < n and (not lines[k + 1].text or lines[k + 1].prose):
                    k += 1
                return block[k] > before
            if ln.cue is not None and ln.cue not in _SOFT_CUES and j > i + 1:
                return False
            # A bare bullet ("•" on its own line, before each headline) is no line of the box.
            seen += not ln.bullet or R.BULLET_RE.fullmatch(ln.text) is None
        j += 1
    return False


def _gap_ok(lines: list[_Line], a: int, b: int) -> bool:
    """True when lines strictly between a and b hold no cue (only short lines the article may contain)."""
    seen = 0
    limit = 8
    for ln in lines[a : min(b, a + _LIST_GAP)]:
        if not ln.text:
            continue
        # A sentence ending in a colon introduces a list ("The leading causes are:"): it may be long.
        # A short one ("On the same topic:") is more likely a heading over other headlines.
        if (
            (seen == 0 or (seen == 1 and limit == 8))
            and ln.text[-1] in ":："
            and ln.cue is None
            and len(R.WORD_RE.findall(ln.text)) >= 5
        ):
            limit = _LIST_GAP
        if ln is not lines[a]:
            seen += 1
            if seen > limit or (ln.cue is not None and ln.cue not in _SOFT_CUES and not ln.inner):
                return False
    return b - a <= _LIST_GAP


_HEADLINE_WINDOW = 10  # non-empty lines above the body searched for its headline
_HEADLINE_MAX_CHARS = 120
_HEADLINE_BODY_CHARS = 1000  # the opening of the article a headline must share words with
_HEADLINE_MIN_SHARED = 2
_HEADLINE_MIN_SHARE = 0.3  # of the candidate's content words


def _content_keys(text: str) -> set[str]:
    """Content words of a line in matching form, each with a leading space: stems of 4+ letters, CJK pairs."""
    keys: set[str] = set()
    for w in matching_form(text).split():
        if not w.isascii():
            for run in R.CJK_RUN_RE.findall(w):
                keys.update(run[k : k + 2] for k in range(len(run) - 1))
            w = R.CJK_RUN_RE.sub(" ", w)
        # Stems: inflected forms ("szpital", "szpitala") count as the same word.
        keys.update(" " + x[:5] for x in w.split() if len(x) >= 4 and not x.isdigit())
    return keys


def _headline_shape(text: str) -> bool:
    """True when a line could be a headline: short, unfinished, no date, credit, menu or case oddity."""
    last = text[-1]
    # A Greek question ends in ";" (U+037E is NFC-folded to a semicolon).
    if len(text) > _HEADLINE_MAX_CHARS or last in ".:：,，" or (last == ";" and not R.GREEK_RE.search(text)):
        return False
    if ";" in text[:-1] or "|" in text or R.BREADCRUMB_RE.search(text) or R.HEADLINE_NOT_RE.search(text):
        return False
    # A line opening with a small letter is a tag list or a continued sentence ("70% of ..." is fine).
    if text.lstrip("\"'«“„‘(《「【")[:1].islower():
        return False
    # An all-capitals line over a headline is a kicker or a section name (capitals in a Chinese
    # headline, "CES 2012", are not one: most of the line must be capitals).
    return not (text.isupper() and len(text) >= 6 and 2 * sum(c.isupper() for c in text) >= len(text))


def _find_headline(lines: list[_Line], start: int) -> int | None:
    """Index of the page's headline above the body at `start`, or None when unsure."""
    first = lines[start].text
    # A lead without its full stop (prose on its clauses) is not a headline opening the article.
    lead = lines[start].prose and first[-1] not in _FULL_STOPS
    if len(first) < _HEADLINE_MAX_CHARS and first[-1] not in ".。" and not lead:
        return None  # the article opens with its own headline (kept in the text): nothing above is it
    body = ""
    found = None
    seen = 0
    # The topmost match in the header block: a deck, caption or credit under the headline shares
    # words with the article too, and comes closer to it.
    for i in range(start - 1, -1, -1):
        ln = lines[i]
        if not ln.text:
            continue
        seen += 1
        if seen > _HEADLINE_WINDOW:
            break
        # Learned furniture is not the page's headline, nor is a teaser's headline in a box of them.
        if ln.cue is not None or ln.bullet or ln.removed == "learned" or _teaser_below(lines, i, start):
            continue
        if not _headline_shape(ln.text):
            continue
        if not body:
            body = " " + matching_form(_opening(lines, start))
        # Substring tests on the opening's matching form: a stem must start a word there.
        keys = _content_keys(ln.text)
        shared = sum(1 for k in keys if k in body)
        if shared >= _HEADLINE_MIN_SHARED and shared >= _HEADLINE_MIN_SHARE * len(keys):
            found = i
    return found


def _teaser_below(lines: list[_Line], i: int, start: int) -> bool:
    """True when a box's summary sentence lies between line i and the body at `start` (i is a teaser)."""
    # A box heading above the headline often takes it along with the byline and date ("Advertise" /
    # headline / "By ..." / "Published: ..."); a box of teasers has a one-sentence summary under each.
    return any(
        ln.prose and ln.removed in _BOXES and ln.text[-1] in _FULL_STOPS for ln in lines[i + 1 : start]
    )


def _keep_deck(lines: list[_Line], found: int, start: int) -> None:
    """Keep the deck right under the headline at `found`, above the body at `start`."""
    # "Headline" / "Deck summing the story up" / date / body: the deck shares words with the article
    # as the headline does. Only the line right under the headline: captions and credits nearer the
    # body share its words too.
    for ln in lines[found + 1 : start]:
        if not ln.text:
            continue
        if ln.removed != "navigation" or ln.cue is not None or ln.bullet or not _headline_shape(ln.text):
            return
        keys = _content_keys(ln.text)
        body = " " + matching_form(_opening(lines, start))
        shared = sum(1 for k in keys if k in body)
        if len(keys) >= _LEDE_KEYS and shared >= _HEADLINE_MIN_SHARE * len(keys):
            ln.removed = None
        return


def _opening(lines: list[_Line], start: int) -> str:
    """The first paragraphs of the body at `start`, about _HEADLINE_BODY_CHARS long."""
    body: list[str] = []
    size = 0
    for ln in lines[start:]:
        if ln.text and ln.removed is None:
            body.append(ln.text)
            size += len(ln.text)
            if size >= _HEADLINE_BODY_CHARS:
                break
    return " ".join(body)


def _mark_title(lines: list[_Line], start: int, title: str) -> None:
    """Remove, as `title`, lines equal to the publisher's title at or above the body start."""
    key = matching_form(title)
    if not key:
        return
    for ln in lines[: start + 1]:
        # Only lines of about the title's length can be equal in matching form: skip the rest cheaply.
        n = len(ln.text)
        if n and len(key) // 2 <= n <= 2 * len(title) + 8 and matching_form(ln.text) == key:
            ln.removed = "title"


def _clean_text(
    text: str,
    source: str,
    state: BoilerplateState | None,
    cfg: CleanConfig,
    doc_key: str | None,
    find_body: bool = True,
    title: str | None = None,
    find_headline: bool = False,
) -> tuple[str, dict[str, int], dict[str, int], str | None]:
    """Remove boilerplate from normalised text; returns the text, removed blocks/chars per kind, headline."""
    blocks: dict[str, int] = {}
    chars: dict[str, int] = {}
    raw_lines = text.split("\n")
    # One scan of the text first, most pages have no glued counter (the first line has no line break
    # before it: one fewer is enough).
    if len(R.GLUED_DIGIT_RE.findall(text)) >= _GLUED_COUNTERS - 1:
        raw_lines = _strip_glued_counters(raw_lines)
    for i, t in enumerate(raw_lines):
        # Promos glued onto a sentence go first, so the line is then judged on its own text.
        if t and t[-1] not in ".!?؟。":
            stripped, cut = _strip_glued_promo(t)
            if cut:
                raw_lines[i] = stripped
                blocks["promo"] = blocks.get("promo", 0) + 1
                chars["promo"] = chars.get("promo", 0) + cut
    lines = [_classify(t) for t in raw_lines]
    # A bare bullet ("•" on its own line) and the line under it are one item of a list (of two such
    # items at least: a lone bullet may be left over from an empty item).
    bare = [
        i
        for i, ln in enumerate(lines[:-1])
        if ln.bullet and len(ln.text) <= 2 and lines[i + 1].text and R.BULLET_RE.fullmatch(ln.text)
    ]
    for k, i in enumerate(bare):
        if (k and i - bare[k - 1] <= 4) or (k + 1 < len(bare) and bare[k + 1] - i <= 4):
            lines[i + 1].bullet = True
    if source and state is not None:
        # Furniture lines are short: long paragraphs are neither counted nor looked up.
        fps = [fingerprint(ln.text) if ln.text and len(ln.text) <= _MAX_LEARNED_LINE else "" for ln in lines]
        learned = [i for i, fp in enumerate(fps) if fp and state.is_learned(source, fp)]
        total = sum(len(ln.text) for ln in lines)
        if sum(len(lines[i].text) for i in learned) <= cfg.boilerplate_max_removed_share * total:
            for i in learned:
                lines[i].removed = "learned"
        state.observe(source, [fp for fp in fps if fp], doc_key)
    _clean_lines(lines, cfg, find_body)
    for ln in lines:
        # Widget labels and form messages go, without splitting the article as a cue would.
        if ln.removed is None and ln.text and len(ln.text) <= _FORM_LINE:
            if len(ln.text) <= 40 and _ui_label(ln.text):
                ln.removed = "navigation"
            elif R.FORM_MESSAGE_RE.match(R.BULLET_RE.sub("", ln.text, count=1)):
                ln.removed = "share"
            elif (
                ln.text[-1] in _ARROWS
                and R.LINK_ARROW_RE.search(ln.text, len(ln.text) - 4)
                and "«" not in ln.text
            ):
                # A link's arrow ends it ("More headlines »", "Czytaj dalej >"); a French quote closes
                # on " »" too, after its « opening.
                ln.removed = "navigation"
            elif len(ln.text) <= _PAGER_LINE and (
                _pager(ln.text) or ("." in ln.text and " " not in ln.text and R.DOMAIN_LINE_RE.match(ln.text))
            ):
                ln.removed = "navigation"  # a pager, or the site's address under its logo
        if ln.removed is None and ln.text and len(ln.text) <= _NOTE_LINE and R.NOTE_HINT_RE.search(ln.text):
            if _click_here(ln.text) or (len(ln.text) <= _TOOLBAR_LINE and R.TOOLBAR_RE.search(ln.text)):
                ln.removed = "navigation"
            elif R.FORM_NOTE_RE.search(ln.text):
                ln.removed = "share"
    headline = None
    start = next((i for i, ln in enumerate(lines) if ln.text and ln.removed is None), len(lines))
    found = _find_headline(lines, start) if find_headline and start < len(lines) else None
    if found is not None:
        # Decided before the publisher's title is looked at, so that sending one changes nothing else.
        _keep_deck(lines, found, start)
    if title:
        _mark_title(lines, start, title)
    elif found is not None:
        # The headline is part of the article as the page shows it (as one opening the body already
        # is): it stays on top of `text` and is given as `title` too. A publisher who sends a title
        # has taken it out of the body, so only then does the body's copy of it go (above).
        lines[found].removed = None
        headline = lines[found].text
    prev: str | None = None
    out: list[str] = []
    for i, ln in enumerate(lines):
        if i == found and headline is not None:
            out.extend((ln.text, ""))  # the headline is a paragraph of its own
            continue
        if ln.removed is not None:
            if ln.removed != prev:
                blocks[ln.removed] = blocks.get(ln.removed, 0) + 1
            chars[ln.removed] = chars.get(ln.removed, 0) + len(ln.text)
            prev = ln.removed
            continue
        if ln.text:
            prev = None
            out.append(ln.text)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip(), blocks, chars, headline


# ---------------------------------------------------------------------------------------------------
# The stage


def clean(article: RawArticle, state: BoilerplateState, cfg: CleanConfig) -> CleanResult:
    """Clean one article's body; raise `Rejected` when nothing worth keeping is left."""
    body = article.body
    fmt = article.content_type or ("text/html" if _looks_like_html(body) else "text/plain")
    before = len(body)
    title = article.title
    published = article.published_at
    method = "text"
    blocks: dict[str, int] = {}
    chars: dict[str, int] = {}
    if fmt == "text/html":
        ext = extract_html(body, cfg.max_html_bytes)
        if ext is None:
            raise Rejected("empty_after_cleaning", "HTML could not be parsed")
        body = ext.text
        method = ext.method
        title = title or ext.title
        published = published or ext.date
        blocks["html_boilerplate"] = 1
        chars["html_boilerplate"] = max(0, ext.visible_chars - len(body))
    source = article.source or ""
    # trafilatura already chose the main content of a page: only cue rules and learned lines apply.
    find_body = fmt != "text/html" or method != "trafilatura"
    title = normalize_display(title) if title else None
    # The publisher's title leaves the text; a title the HTML extractor found is left alone (its
    # extractor already chose the text). Only a plain-text page without a title has its headline
    # looked for (HTML carries its own).
    sent = title if article.title else None
    text, b2, c2, headline = _clean_text(
        normalize_display(body), source, state, cfg, article.id, find_body, sent, fmt == "text/plain"
    )
    for k, v in b2.items():
        blocks[k] = blocks.get(k, 0) + v
    for k, v in c2.items():
        chars[k] = chars.get(k, 0) + v
    if len(text) < cfg.min_text_chars:
        raise Rejected("empty_after_cleaning", f"{len(text)} characters left, minimum {cfg.min_text_chars}")
    report = CleaningReport(
        input_format=fmt,
        chars_before=before,
        chars_after=len(text),
        removed_blocks=blocks,
        removed_chars=chars,
    )
    return CleanResult(text=text, title=title or headline, published_at=published, report=report)


_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<div|<p[\s>]|<article|<!--)", re.I)
_HTML_TAGS = re.compile(r"</(?:p|div|li|span|a|td|h[1-6])>", re.I)


def _looks_like_html(body: str) -> bool:
    return bool(_HTML_SNIFF.match(body[:1000])) or len(_HTML_TAGS.findall(body, 0, 20000)) >= 3

"""Named entities: gazetteer matches and a statistical Arabic recogniser, merged with stable ids."""

from __future__ import annotations

import bisect
import os
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path

from streams.nlp.arabic import (
    ARABIC_LETTER,
    ARTICLE,
    LAM_PROCLITICS,
    PROCLITICS,
    TOKEN_RE,
    WORD_RE,
    is_arabic,
    strip_proclitics,
)
from streams.nlp.gazetteer import ARABIC, LAM, UPPER, WORD, Gazetteer, Hit, streams_id
from streams.nlp.ner import (
    FIRST_NAMES,
    LABEL_LEXICON_FILE,
    LABELS,
    MAX_SENT,
    MODEL_FILE,
    NAME_LINKS,
    ORDINARY_FILE,
    SHAPE_FILE,
    ArabicNER,
    folded_words,
    spans,
)
from streams.schema import Entity, EntityType
from streams.stages.clean import matching_form

EXTRA_GAZETTEER_ENV = "STREAMS_ENTITIES_EXTRA_GAZETTEER"
NER_MODES = ("full", "lead", "off")
LEAD_PARAGRAPHS = 3
LEAD_MAX_CHARS = 900
_SENT_END = frozenset(".!?؟。")


# Type resolution of a place by the word before it (folded, proclitics stripped), from how ANERcorp's
# training part labels such pairs: the head belongs to the organization's name (جامعة القاهرة 26 of 32,
# اتحاد طنجة 10 of 12), it announces an organization named after the place (فريق ميلان 24 of 26,
# صحيفة الخليج 10 of 10), or the pair names an accord, not the place (اتفاق الطائف).
ORG_HEADS_IN = folded_words("جامعه اتحاد بنك مصرف جبهه")
ORG_HEADS_OUT = folded_words("فريق نادي صحيفه جريده مجله قناه شركه")
# The same for a found organization: heads its name takes in (حزب الليكود 74 of 74, منظمة أوبك, تنظيم
# القاعدة, مجلس ...) and heads that stay outside it (شركة 15 of 16, حركة 12 of 16, نادي 14 of 19).
ORG_TAKES_HEAD = ORG_HEADS_IN | folded_words("حزب منظمه تنظيم مجلس")
ORG_DROPS_HEAD = ORG_HEADS_OUT | folded_words("حركه")
NOT_PLACE_HEADS = folded_words("اتفاق اتفاقيه معاهده")
# Masculine nationality adjectives: a place followed by one is a club (ميلان الإيطالي, هامبورغ الألماني);
# the city itself takes the feminine (برشلونة الإسبانية). Not العربي/الإسلامي: الخليج العربي is a place.
DEMONYMS = folded_words(
    "الاسباني الايطالي الالماني الانجليزي الانكليزي الفرنسي البرتغالي الهولندي البلجيكي الاسكتلندي"
    " السويسري النمساوي اليوناني التركي الروسي الاوكراني الروماني البلغاري الصربي الكرواتي التشيكي"
    " البولندي الدنماركي السويدي النرويجي البرازيلي الارجنتيني الاوروغوياني المكسيكي الامريكي الاميركي"
    " المصري السعودي القطري الاماراتي الكويتي البحريني العماني الاردني اللبناني السوري العراقي"
    " اليمني الليبي التونسي الجزائري المغربي السوداني الايراني الياباني الصيني الكوري"
)
# Second words of newspapers named after their city (واشنطن تايمز, نيويورك بوست): the pair is the paper.
PAPER_TAILS = folded_words("تايمز بوست تريبيون هيرالد جورنال نيوز غلوب مونيتور كرونيكل")
# Every head word with every proclitic string before it (وبجامعة, لاتفاق) -> the head: one dict lookup.
_HEAD_FORMS = {pre + h: h for h in ORG_TAKES_HEAD | ORG_DROPS_HEAD | NOT_PLACE_HEADS for pre in PROCLITICS}
# Currencies are not places, though the model reads some as one (مليار شيكل; درهم is also Durham):
# ANERcorp's training part tags شيكل 12 of 12 and درهم 26 of 30 times MISC (dev blocks: 9 false places).
_CURRENCIES = folded_words(
    "شيكل شيكلا درهم دراهم دينار دنانير ريال ليره جنيه يورو دولار روبيه فرنك روبل يوان"
)
_CURRENCY_FORMS = frozenset(
    {pre + art + c for c in _CURRENCIES for pre in PROCLITICS for art in ("", ARTICLE)}
    | {pre + "ل" + c for c in _CURRENCIES for pre in LAM_PROCLITICS}  # للدولار
)
# Words that name a kind of place: the unlisted word after one is the place's name (حي الخضراء, بلدة X).
LOC_HEADS = folded_words("مدينه بلده بلدتي حي مخيم مخيمي مدينتي محافظه اقليم قريه")
_LOC_HEAD_FORMS = frozenset(pre + h for h in LOC_HEADS for pre in PROCLITICS)
# Kin with a possessive pronoun (عمه "his uncle", أخيه, زوجته): after a name link they say whose relative
# follows (أمر صدام حسين ابن عمه علي), so a person does not end on "ابن عمه", though the model's name-link
# rule (ner.join_name_links) carries it there (dev blocks: 3 false persons, one missed; person F1 +0.001).
# Not جده: also Jeddah.
_KIN_FORMS = folded_words(
    "عمه عمته خاله خالته أخيه أخوه أخته ابنه ابنته بنته أبيه أبوه أمه زوجه زوجته جدته عمها خالها أخيها"
    " أختها ابنها ابنتها أبيها أمها زوجها جدها عمهم أخيهم ابنهم"
)
# Month names are not persons, though the model reads one alone as a name now and then (هـ = يوليو 1233):
# ANERcorp's training part tags one of ~330 a person (dev blocks: 1 false person). Not نيسان, آذار: names too.
_MONTH_FORMS = frozenset(
    pre + mo
    for mo in folded_words(
        "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون شباط أيار"
        " حزيران تموز أيلول تشرين"
    )
    for pre in PROCLITICS
)
_QUOTES = {"«": "»", '"': '"', "“": "”"}
_MARK = "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a\u0670"


@dataclass(slots=True)
class Doc:
    """A text's words: folded forms (the match text split) and their display spans."""

    text: str
    match_text: str
    words: list[str]
    wspans: list[tuple[int, int]]
    # Pre-split tokens (training data): display span and word index (-1 for punctuation) of each.
    tokens: list[tuple[int, int, int]] | None = None
    _starts: list[int] | None = None

    def word_starts(self) -> list[int]:
        """Offset of each word in the match text."""
        if self._starts is None:
            self._starts = list(accumulate((len(w) + 1 for w in self.words[:-1]), initial=0))
        return self._starts


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity: word range in the document and how to render and identify it."""

    first: int  # word index
    last: int  # word index, exclusive
    type: EntityType
    id: str
    text: str
    from_gazetteer: bool
    curated: bool = False


def tokenise(text: str, match_text: str) -> Doc:
    """Words of the display text aligned with the words of its matching form."""
    wspans = [m.span() for m in WORD_RE.finditer(text)]
    words = match_text.split(" ") if match_text else []
    if len(words) != len(wspans):
        # NFKC changed the word count (ligatures, odd digits): fold word by word, as matching_form would.
        words = ["".join(matching_form(text[a:b]).split(" ")) or "_" for a, b in wspans]
        match_text = " ".join(words)
    return Doc(text, match_text, words, wspans)


def token_view(doc: Doc, limit: int) -> list[tuple[int, int, int]]:
    """Every token (words and punctuation) before `limit`: display span and word index (-1: punctuation)."""
    if doc.tokens is not None:
        return [t for t in doc.tokens if t[0] < limit]
    # Words are known already (doc.wspans); only the gaps between them can hold punctuation, and most gaps
    # are one space: scanning them is cheaper than running TOKEN_RE over the whole text.
    text = doc.text
    out: list[tuple[int, int, int]] = []
    prev = 0
    for w, (a, b) in enumerate(doc.wspans):
        if a >= limit:
            break
        if a - prev != 1 or text[prev] != " ":
            out.extend((m.start(), m.end(), -1) for m in TOKEN_RE.finditer(text, prev, a))
        out.append((a, b if b <= limit else limit, w))
        prev = b
    if prev < limit:
        out.extend((m.start(), m.end(), -1) for m in TOKEN_RE.finditer(text, prev, limit))
    return out


def _skip_letters(word: str, n: int) -> str:
    """The display word without its first `n` letters (combining marks ride along with their letter)."""
    i = 0
    while n > 0 and i < len(word):
        i += 1
        while i < len(word) and (word[i] in _MARK or "\u064b" <= word[i] <= "\u065f"):
            i += 1
        n -= 1
    return word[i:]


class EntityTagger:
    """Finds places, persons and organizations; load once per worker."""

    def __init__(
        self,
        ner_model: str = "full",
        extra_gazetteer: Path | None = None,
        model_path: Path = MODEL_FILE,
        label_lexicon: Path = LABEL_LEXICON_FILE,
        ordinary: Path | None = ORDINARY_FILE,
        shape: Path | None = SHAPE_FILE,
    ) -> None:
        if ner_model not in NER_MODES:
            raise ValueError(f"ner_model must be one of {NER_MODES}, not {ner_model!r}")
        self.ner_model = ner_model
        if extra_gazetteer is None and os.environ.get(EXTRA_GAZETTEER_ENV):
            extra_gazetteer = Path(os.environ[EXTRA_GAZETTEER_ENV])
        self.gazetteer = Gazetteer(extra=[extra_gazetteer] if extra_gazetteer else [])
        # Words that must not lose a leading و/ب/ل/ف/ك when stripping proclitics (واشنطن, بغداد, لبنان).
        self.known = (
            frozenset(w for w in self.gazetteer.single_words if ARABIC_LETTER.match(w[:1])) | FIRST_NAMES
        )
        self.ner: ArabicNER | None = None
        ner_version = "off"
        if ner_model != "off":
            self.ner = ArabicNER(
                model_path, known=self.known, label_lexicon=label_lexicon, ordinary=ordinary, shape=shape
            )
            ner_version = f"{self.ner.version}/{ner_model}"
        self.version = f"gazetteer-{self.gazetteer.digest}+crf-{ner_version}"
        self._mention_memo: dict[tuple[str, ...], tuple[EntityType, str, str, bool, bool] | tuple[()]] = {}

    def find(self, text: str, match_text: str, language: str) -> list[Entity]:
        """Return the entities of a cleaned text, one per id, most mentioned first."""
        return aggregate(self.mentions(text, match_text, language))

    def mentions(self, text: str, match_text: str, language: str) -> list[Mention]:
        """Every entity mention of a cleaned text, in text order (what `find` counts per id)."""
        doc = tokenise(text, match_text)
        mentions = self.gazetteer_mentions(doc)
        if self.ner is not None and language == "ar":
            mentions = merge(mentions, self.model_mentions(doc, mentions))
        if language == "ar":
            mentions = self.resolve_places(doc, mentions)
            if self.ner is not None and not _LOC_HEAD_FORMS.isdisjoint(doc.words):
                mentions = self.after_place_heads(doc, mentions)
        if self.ner is not None and language == "ar":
            # Lead mode: the model read only the lead, so carry every name it found there into the rest. Full
            # mode: it read everything, yet leaves a surname alone (وقال بلير after توني بلير) or a name it
            # found once untagged elsewhere; carrying persons only (dev splits, mentions per 3 KB document:
            # person F1 +0.03; places and organizations lost precision, per sentence the same).
            mentions = self.propagate(doc, mentions, None if self.ner_model == "lead" else "person")
        return mentions

    def propagate(self, doc: Doc, mentions: list[Mention], only: EntityType | None = None) -> list[Mention]:
        """Repeat what the model found: a name it tagged once (or the surname of a person it tagged in full)
        is the same entity wherever else it stands untagged; with `only`, just the names of that type."""
        assert self.ner is not None
        common = self.ner.cache.common
        names: dict[str, Mention] = {}
        for m in mentions:
            if m.last - m.first > 1 and m.type == "person":
                names[doc.words[m.last - 1]] = m  # وقال بلير ... after توني بلير: the same person
        for m in mentions:
            if m.last - m.first == 1 and not m.curated and (only is None or m.type == only):
                names.setdefault(strip_proclitics(doc.words[m.first], self.known)[1], m)
        if not names:
            return mentions
        # Only a word that is a name with proclitics before it (بلير, وبلير) or the لل form of an ال-name
        # (للعراق) can be one: one pass over the words against those forms, then strip_proclitics on the few
        # hits, not on every word (full mode carries persons through every text: a fifth of the time).
        forms = {pre + k for k in names for pre in PROCLITICS}
        forms.update(pre + k[1:] for k in names if k.startswith(ARTICLE) for pre in LAM_PROCLITICS)
        at = [i for i, w in enumerate(doc.words) if w in forms]
        taken = {w for m in mentions for w in range(m.first, m.last)}
        if all(i in taken for i in at):
            return mentions  # the usual case: the name occurs only where it was found
        out = list(mentions)
        for i in at:
            w = doc.words[i]
            if i in taken or w in common or len(w) < 3:
                continue
            pre, stem = strip_proclitics(w, self.known) if is_arabic(w) else ("", w)
            found = names.get(stem)
            if found is None or stem in common:
                continue
            a, b = doc.wspans[i]
            text = _skip_letters(doc.text[a:b], len(pre)) if pre else doc.text[a:b]
            if pre and stem.startswith("ال") and not w[len(pre) :].startswith("ال"):
                text = "ا" + text
            out.append(Mention(i, i + 1, found.type, found.id, text, found.from_gazetteer, found.curated))
        out.sort(key=lambda m: m.first)
        return out

    def resolve_places(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Mentions read in their context: places that name an organization (جامعة القاهرة, فريق ميلان,
        ميلان الإيطالي, « الشرق الأوسط », واشنطن تايمز) or an accord (اتفاق الطائف), and organizations with
        their head word taken in (تنظيم القاعدة) or left out (شركة توتال)."""
        words = doc.words
        n = len(words)
        out: list[Mention] | None = None  # copied only once a mention changes: most texts keep all
        for i, m in enumerate(mentions):
            if m.type != "location":
                new_org = self._org_head(doc, mentions, i, out) if m.type == "organization" else m
                if new_org is not m and out is None:
                    out = list(mentions[:i])
                if out is not None:
                    out.append(new_org)
                continue
            # Mentions are sorted and do not overlap: the words either side are free unless a neighbour
            # (or a head word taken just before) holds them.
            head = m.first - 1
            free_head = head >= 0 and (i == 0 or mentions[i - 1].last <= head)
            if free_head and out and out[-1].last > head:
                free_head = False
            prev = _HEAD_FORMS.get(words[head], "") if free_head else ""
            nxt = m.last if m.last < n and (i + 1 == len(mentions) or mentions[i + 1].first > m.last) else -1
            new: Mention | None = m
            if prev in NOT_PLACE_HEADS or (m.last - m.first == 1 and words[m.first] in _CURRENCY_FORMS):
                new = None
            elif prev in ORG_HEADS_IN:
                new = self._org_mention(doc, head, m.last)
            elif nxt >= 0 and words[nxt] in PAPER_TAILS:
                new = self._org_mention(doc, m.first, nxt + 1)
            elif prev in ORG_HEADS_OUT or (nxt >= 0 and words[nxt] in DEMONYMS) or _quoted(doc, m):
                new = self._org_mention(doc, m.first, m.last)
            if new is not m and out is None:
                out = list(mentions[:i])
            if out is not None and new is not None:
                out.append(new)
        if out is None:
            return mentions
        # A paper's second word may have been a mention of its own (a one-word name): the paper took it.
        return [m for j, m in enumerate(out) if j == 0 or m.first >= out[j - 1].last]

    def after_place_heads(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """An untagged name after a place word (حي, بلدة, مخيم ...) is the place's name."""
        assert self.ner is not None
        common = self.ner.cache.common
        taken = {w for m in mentions for w in range(m.first, m.last)}
        words = doc.words
        added = []
        for i, w in enumerate(words[:-1]):
            if w not in _LOC_HEAD_FORMS or i in taken or i + 1 in taken:
                continue
            nxt = words[i + 1]
            if nxt in common or not is_arabic(nxt) or len(nxt) < 3:
                continue
            a, b = doc.wspans[i + 1]
            self.ner.cache.get(nxt, doc.text[a:b])  # fills `common` for a word the model did not read
            if nxt in common:
                continue  # an ordinary word (مدينة كبيرة)
            m = self._model_mention(doc, i + 1, i + 2, "location")
            if m is not None:
                added.append(m)
                taken.add(i + 1)
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.first)

    def _org_head(self, doc: Doc, mentions: list[Mention], i: int, out: list[Mention] | None) -> Mention:
        """An organization with its head word taken in (تنظيم القاعدة) or left out (شركة توتال), as
        ANERcorp writes them; the id stays that of the name."""
        m = mentions[i]
        words = doc.words
        if m.last - m.first > 1 and _HEAD_FORMS.get(words[m.first]) in ORG_DROPS_HEAD:
            return Mention(
                m.first + 1,
                m.last,
                m.type,
                m.id,
                self._span_text(doc, m.first + 1, m.last)[1],
                m.from_gazetteer,
                m.curated,
            )
        head = m.first - 1
        if (
            head >= 0
            and (i == 0 or mentions[i - 1].last <= head)
            and not (out and out[-1].last > head)
            and _HEAD_FORMS.get(words[head]) in ORG_TAKES_HEAD
            and _HEAD_FORMS.get(words[m.first]) not in ORG_TAKES_HEAD
        ):
            return Mention(
                head, m.last, m.type, m.id, self._span_text(doc, head, m.last)[1], m.from_gazetteer, m.curated
            )
        return m

    def _span_text(self, doc: Doc, first: int, last: int) -> tuple[str, str]:
        """Key and display form of words [first, last), proclitics of the first word stripped."""
        w0 = doc.words[first]
        head = _head_word(w0)
        pre, stem = (w0[: len(w0) - len(head)], head) if head != w0 else strip_proclitics(w0, self.known)
        surface = doc.text[doc.wspans[first][0] : doc.wspans[last - 1][1]]
        if pre:
            surface = _skip_letters(surface, len(pre))
            if stem.startswith("ال") and not w0[len(pre) :].startswith("ال"):
                surface = "ا" + surface  # للجامعة -> الجامعة
        return " ".join([stem, *doc.words[first + 1 : last]]), surface

    def _org_mention(self, doc: Doc, first: int, last: int) -> Mention:
        """An organization over words [first, last): display form and key without proclitics, its id (a
        curated organization's when the words name one)."""
        key, surface = self._span_text(doc, first, last)
        entry = self.gazetteer.lookup(key)
        if entry is not None and entry.type == "organization":
            return Mention(first, last, "organization", entry.id, surface, True, entry.curated)
        return Mention(first, last, "organization", streams_id("organization", key), surface, False)

    def gazetteer_mentions(self, doc: Doc) -> list[Mention]:
        """Gazetteer names in the document, as mentions with display text."""
        out: list[Mention] = []
        for h in self.gazetteer.find(doc.match_text):
            if h.word >= 0:
                first, last = h.word, h.word + h.words
                off = h.start - (h.end - sum(len(w) + 1 for w in doc.words[first:last]) + 1)
            else:
                starts = doc.word_starts()
                first = bisect.bisect_right(starts, h.start) - 1
                last = bisect.bisect_left(starts, h.end)
                off = h.start - starts[first]
            if h.skip:  # context words before the name are matched but not part of it
                first, off = first + h.skip, 0
            text = self._surface(doc, h, first, last, off)
            if text is None:
                continue
            out.append(Mention(first, last, h.entry.type, h.entry.id, text, True, h.entry.curated))
        return out

    def _surface(self, doc: Doc, h: Hit, first: int, last: int, off: int) -> str | None:
        """The display form of a hit, or None when its letter case says it is an ordinary word."""
        a, b = doc.wspans[first][0], doc.wspans[last - 1][1]
        if h.kind == ARABIC:
            surface = doc.text[a:b]
            if off:  # proclitics: وروسيا -> روسيا, للعراق -> العراق
                surface = _skip_letters(surface, off)
                if h.flags & LAM:
                    surface = "ا" + surface
            return surface
        if h.kind != WORD:
            # A name inside an unspaced token (习近平在北京): cut the display token if folding kept lengths.
            if off and doc.wspans[first][1] - a == len(doc.words[first]):
                a += off
            tail = h.end - doc.word_starts()[last - 1]
            w1 = doc.words[last - 1]
            if tail < len(w1) and b - doc.wspans[last - 1][0] == len(w1):
                b = doc.wspans[last - 1][0] + tail
            return doc.text[a:b]
        surface = doc.text[a:b]
        head = surface[:1]
        if h.flags & UPPER:
            if surface != surface.upper():
                return None
        elif head.lower() != head.upper() and not head.isupper():
            return None  # "turkey", "nice", "china": lower-case words, not the places
        return surface

    def model_mentions(self, doc: Doc, gaz: list[Mention]) -> list[Mention]:
        """Mentions found by the Arabic CRF in the part of the text the mode covers."""
        assert self.ner is not None
        limit = len(doc.text) if self.ner_model == "full" else _lead_end(doc.text)
        toks = token_view(doc, limit)
        gaz_tags = gazetteer_tags(len(doc.words), gaz)
        text = doc.text
        out: list[Mention] = []
        n = len(toks)
        # Sentences end after . ! ? ؟ and at line breaks (and after MAX_SENT tokens): cut points found by one
        # scan of the punctuation tokens and one of the line breaks, not a test on every token.
        cuts = {i + 1 for i, (a, _, w) in enumerate(toks) if w < 0 and text[a] in _SENT_END}
        nl = text.find("\n", 0, limit)
        if nl >= 0:
            starts = [a for a, _, _ in toks]
            while nl >= 0:
                e = bisect.bisect_right(starts, nl)  # the first token after the line break
                if 0 < e < n:
                    cuts.add(e)
                nl = text.find("\n", nl + 1, limit)
        cut_at = sorted(cuts)
        offsets = [0]
        k = 0
        while offsets[-1] < n:
            start = offsets[-1]
            while k < len(cut_at) and cut_at[k] <= start:
                k += 1
            offsets.append(min(cut_at[k] if k < len(cut_at) else n, start + MAX_SENT))
        displays = [text[a:b] for a, b, _ in toks]
        folded = [doc.words[w] if w >= 0 else d for (_, _, w), d in zip(toks, displays, strict=True)]
        tags = [gaz_tags[w] if w >= 0 else "" for _, _, w in toks]
        # The whole document in one call: the model's Viterbi runs over every window of it at once.
        all_labels = self.ner.tag_doc(folded, displays, tags, offsets)
        if all_labels.count("O") == n:
            return out  # no entity: skip the walk over the sentences
        for s0, s1 in pairwise(offsets):
            labels = all_labels[s0:s1]
            if labels.count("O") == len(labels):
                continue  # no entity in this sentence
            sent = toks[s0:s1]
            for a, b, typ in spans(labels):
                etype: EntityType | None = LABELS.get(typ)
                ws = [w for _, _, w in sent[a:b] if w >= 0]
                if (
                    len(ws) > 2
                    and doc.words[ws[-1]] in _KIN_FORMS
                    and doc.words[ws[-2]] in NAME_LINKS
                    and etype == "person"
                ):
                    ws = ws[:-2]
                if etype is not None and ws:
                    m = self._model_mention(doc, ws[0], ws[-1] + 1, etype)
                    if m is not None:
                        out.append(m)
        return out

    def _model_mention(self, doc: Doc, first: int, last: int, etype: EntityType) -> Mention | None:
        words = doc.words[first:last]
        surface = doc.text[doc.wspans[first][0] : doc.wspans[last - 1][1]]
        # Memoised by what it depends on: news repeats its names, and each costs proclitics, a gazetteer
        # lookup and a hash (3% of `find`).
        memo_key = (etype, surface, *words)
        got = self._mention_memo.get(memo_key)
        if got is None:
            got = self._model_entity(words, surface, etype)
            if len(self._mention_memo) >= 50_000:
                self._mention_memo.clear()  # bounded
            self._mention_memo[memo_key] = got
        if not got:
            return None
        etype_, eid, text, from_gazetteer, curated = got
        return Mention(first, last, etype_, eid, text, from_gazetteer, curated)

    def _model_entity(
        self, words: list[str], surface: str, etype: EntityType
    ) -> tuple[EntityType, str, str, bool, bool] | tuple[()]:
        """Type, id, display text and origin of a model mention of `words`, () when it is no entity."""
        if is_arabic(words[0]):
            pre, stem = strip_proclitics(words[0], self.known)
            if pre:
                surface = _skip_letters(surface, len(pre))
                if stem.startswith("ال") and not words[0][len(pre) :].startswith("ال"):
                    surface = "ا" + surface
            words = [stem, *words[1:]]
        key = " ".join(words)
        if len(key) < 2 or (etype == "person" and (any(c.isdigit() for c in key) or key in _MONTH_FORMS)):
            return ()  # a person's name has no digits: the CRF sometimes takes a time (38د 18ث) for one
        entry = self.gazetteer.lookup(key)
        if entry is not None and (entry.curated or entry.type == etype):
            return (entry.type, entry.id, surface, True, entry.curated)
        return (etype, streams_id(etype, key), surface, False, False)


def _head_word(word: str) -> str:
    """A folded word without its proclitics when what is left is a head word of `resolve_places`
    (باتفاق -> اتفاق, لجامعة -> جامعه); strip_proclitics keeps unknown non-ال words whole."""
    return _HEAD_FORMS.get(word, word)


def _quoted(doc: Doc, m: Mention) -> bool:
    """True when a mention fills a pair of quotes on its own (« الشرق الأوسط », " الخليج ")."""
    text = doc.text
    a, b = doc.wspans[m.first][0], doc.wspans[m.last - 1][1]
    before = text[max(0, a - 2) : a].rstrip()
    if not before or before[-1] not in _QUOTES:
        return False
    return text[b : b + 2].lstrip()[:1] == _QUOTES[before[-1]]


def gazetteer_tags(n_words: int, mentions: list[Mention]) -> list[str]:
    """Per-word BIO tags of gazetteer mentions ('' outside), a feature of the CRF."""
    tags = [""] * n_words
    for m in mentions:
        for w in range(m.first, m.last):
            tags[w] = ("B-" if w == m.first else "I-") + m.type
    return tags


def doc_from_tokens(tokens: list[str]) -> Doc:
    """A document from pre-split tokens (training and evaluation data), joined by spaces."""
    words: list[str] = []
    wspans: list[tuple[int, int]] = []
    toks: list[tuple[int, int, int]] = []
    pos = 0
    for tok in tokens:
        span = (pos, pos + len(tok))
        pos += len(tok) + 1
        folded = "".join(matching_form(tok).split(" ")) if tok[0].isalnum() or tok[0] == "_" else ""
        if folded:
            toks.append((*span, len(words)))
            words.append(folded)
            wspans.append(span)
        else:
            toks.append((*span, -1))
    return Doc(" ".join(tokens), " ".join(words), words, wspans, toks)


def _lead_end(text: str) -> int:
    """End offset of the lead: the first few paragraphs, capped in characters."""
    pos = 0
    seen = 0
    while seen < LEAD_PARAGRAPHS:
        nl = text.find("\n", pos)
        if nl < 0:
            return min(len(text), LEAD_MAX_CHARS)
        if nl - pos >= 40:  # short lines (headlines, bylines) do not count as paragraphs
            seen += 1
        pos = nl + 1
    return min(pos, LEAD_MAX_CHARS)


def merge(gaz: list[Mention], model: list[Mention]) -> list[Mention]:
    """Overlapping mentions resolved: the longer wins, and the gazetteer wins a tie.

    Except where the model gives the very same words another type than a generated place name: a club
    named after its city (فاز برشلونة) is an organization; the model saw the gazetteer tag and overruled it.
    """
    # A model span made only of gazetteer names (الكرملين بيونغ يانغ) glued two entities: keep the names.
    gaz_words = {w for m in gaz for w in range(m.first, m.last)}
    model = [
        m for m in model if not all(w in gaz_words for w in range(m.first, m.last)) or m.last - m.first == 1
    ]
    model_types = {(m.first, m.last): m.type for m in model}
    gaz = [m for m in gaz if m.curated or model_types.get((m.first, m.last), m.type) == m.type]
    ranked = sorted(gaz + model, key=lambda m: (m.first - m.last, not m.from_gazetteer, m.first))
    taken: set[int] = set()
    out: list[Mention] = []
    for m in ranked:
        span = range(m.first, m.last)
        if any(w in taken for w in span):
            continue
        taken.update(span)
        out.append(m)
    out.sort(key=lambda m: m.first)
    return out


def _display(forms: Counter[str], etype: EntityType) -> str:
    """The most frequent surface form; between equally frequent forms of a person, the one with the most
    words (توني بلير over بلير: the full name names the person; its surname alone shares the id)."""
    if etype == "person":
        return min(forms, key=lambda s: (-forms[s], -s.count(" "), s))
    return min(forms, key=lambda s: (-forms[s], s))


def aggregate(mentions: list[Mention]) -> list[Entity]:
    """One entity per id: the most frequent surface form, the mention count; by count then text."""
    # Display form of a person on ties: the full name (dev blocks, per-sentence person F1 +0.005: the
    # lexically first form was often the surname alone, though the sentence names the full name).
    by_id: dict[str, tuple[EntityType, Counter[str]]] = {}
    for m in mentions:
        got = by_id.get(m.id)
        if got is None:
            got = by_id[m.id] = (m.type, Counter())
        got[1][m.text] += 1
    out = [
        Entity(text=_display(forms, etype), type=etype, id=eid, count=sum(forms.values()))
        for eid, (etype, forms) in by_id.items()
    ]
    out.sort(key=lambda e: (-e.count, e.text, e.id))
    return out

"""Statistical Arabic named-entity recogniser: a CRF (python-crfsuite) over clitic-aware word features."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate, pairwise, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt

from streams.nlp.arabic import ARTICLE, fold, is_arabic, strip_proclitics
from streams.nlp.crf import ChainCRF, Matrix
from streams.schema import EntityType

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "ner"
MODEL_FILE = MODEL_DIR / "arabic_ner.crfsuite"
LABELS: dict[str, EntityType] = {
    "PERS": "person",
    "ORG": "organization",
    "LOC": "location",
}  # MISC is learned but not output
WINDOW = 2  # tokens of context the CRF reads each side of a candidate token (see ArabicNER.windows)
MAX_SENT = 120  # tokens: longer runs are cut so one glued page cannot make one huge CRF sequence


def folded_words(words: str) -> frozenset[str]:
    """The folded forms of space-separated words (cue-word sets compared with folded tokens)."""
    return frozenset(fold(w) for w in words.split())


# Words that announce a person, an organization or a place next to them (folded forms).
PERSON_TRIGGERS = folded_words(
    "الرئيس رئيس الرييس رييس نائب الوزير وزير وزيره الملك الامير امير الشيخ السيد السيده الدكتور د المستشار"
    " المتحدث الناطق السفير الجنرال العقيد اللواء العميد الفريق المشير القاضي الامين الشاب اللاعب المدرب"
    " النجم الفنان الفنانه الكاتب الشاعر الباحث البروفيسور المطرب المخرج الممثل الزعيم المرشد البابا الامام"
    " المبعوث المنسق المدير مدير المفوض الحاكم قال قالت اضاف اضافت اكد اكدت صرح صرحت اعلن اعلنت ذكر ذكرت"
    " اوضح اوضحت السناتور النايب الصحفي المحامي ولي العهد المستشاره زميله زميل ابن بنت ابو ام"
)
ORG_TRIGGERS = folded_words(
    "شركه الشركه وكاله الوكاله حزب الحزب جامعه الجامعه منظمه المنظمه مجلس المجلس وزاره الوزاره بنك البنك مصرف"
    " صحيفه الصحيفه جريده مجله نادي النادي فريق منتخب هييه الهييه جمعيه الجمعيه اتحاد الاتحاد مؤسسه موسسه"
    " لجنه اللجنه قناه القناه محطه اذاعه تلفزيون معهد مركز المركز مستشفي محكمه المحكمه جماعه حركه الحركه"
    " تنظيم جبهه ائتلاف تحالف برلمان البرلمان مجموعه مجموعة صندوق سلطه هيئه منتدي مكتب دار كليه"
)
LOC_TRIGGERS = folded_words(
    "مدينه المدينه عاصمه العاصمه محافظه المحافظه ولايه الولايه منطقه المنطقه اقليم الاقليم دوله الدوله بلده"
    " قريه القريه جزيره جزر شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط في الي من قرب بالقرب حي مخيم نهر بحر"
    " جبل خليج مضيق ميناء مطار شارع ساحه بلاد اراضي حدود"
)
# Common first names in Arabic script (Arabic and foreign): unseen full names are known by their first part.
_PREPOSITIONS = folded_words("في الي من قرب داخل")
FIRST_NAMES = folded_words(
    "محمد احمد علي حسن حسين محمود مصطفي عبد عبدالله عبدالرحمن عبدالعزيز خالد سعيد سعد سعود فيصل فهد عمر عثمان"
    " ابراهيم اسماعيل يوسف يعقوب موسي عيسي سليمان داود سلمان طارق طلال وليد وائل هشام هاني سامي سمير ماهر"
    " نبيل جمال كمال عادل عماد رامي زياد ناصر منصور مروان نزار نجيب رفيق سليم كريم رشيد حمد حمدان زايد راشد"
    " مكتوم تميم جاسم ياسر اسامه انس بلال حمزه عمار معاذ صالح صلاح فؤاد فاروق شريف عمرو ايمن ايهاب اشرف"
    " حازم حاتم جميل جورج جون جيمس ديفيد دافيد مايكل ميشيل ميشال بيتر بول توني روبرت ريتشارد وليام ويليام"
    " تشارلز دونالد جو باراك هيلاري كوندوليزا نيكولا فرانسوا جاك ايمانويل انجيلا اولاف فلاديمير ديمتري سيرغي"
    " سيرجي بوريس ايغور اليكسي كوفي بان خافيير خوسيه كارلوس لويس ماريا انطونيو جوزيف مارك ستيفن كيم شي هو لي"
    " فاطمه عايشه مريم زينب خديجه ليلي سلمي هدي نور نادي رانيا ريم سارة ساره دينا هند منى مني سعاد نجلاء"
    " غادة غاده لينا امل سوزان كاترين اليزابيث جين ماري مارغريت ايهود ارييل شمعون اسحق بنيامين افيغدور"
    " موشي شاؤول ايلي محسن مهدي حسام حيدر عباس جعفر قاسم نوري اياد جلال مسعود نيجيرفان برهم"
)
# More first names, Arabic and foreign ones as Arabic news spells them (not ordinary words: no كامل, سالم,
# امين, الان, لولا). Dev splits of the training part: person F1 +0.009, other types the same (the fn
# feature, the proclitic guard of `known`, and the lexicon's after-a-first-name counts all read this set).
FIRST_NAMES = FIRST_NAMES | folded_words(
    "ابراهام اتال ادوارد اريك اسحاق افراهام الاء الكسي الياس اليساندرو امينه اناتولي انجيلو اندرو انطوان"
    " اوبرا اوغو اوليفييه ايزابيل ايف ايفو باسل باولو بثينه براين برنار برويز بسام بنظير بهجت بيار بيدرو"
    " بيل بيير تارو تسيبي توفيق توماس تيريزا ثامر جاستن جاكلين جاكوب جان جانيت جبران جوردون جوزف جوزيبي"
    " جونيشيرو جيانغ جيري جيسون حامد حاييم حسان حكمت حليمه حمدي حنان خليل خوان داني دانيال دانييل دوف"
    " دومينيك ديانا ديتر ديلما رافاييل رامز راهول رشا رضوان رغد روان روبرتو رولا رومانو رياض ريان ريكاردو"
    " ريما زكريا زهراء زهير سارا سامر سكوت سلوي سميره سهيل سوسن سونيا سيرجيو سيغولين سيلفيو شادي شاول شفيق"
    " شوقي شيماء شينزو صبحي صبري صفوان صوفي ضياء طلعت عاصم عاطف عبدالاله عبدالباسط عبدالحليم عبدالرحيم"
    " عبدالرزاق عبدالفتاح عبدالقادر عبدالكريم عبداللطيف عبدالمجيد عبدالملك عبدالوهاب عبيد عبير عدنان عرفات"
    " عزام عزت عزمي عزه عصام علياء عمير غاري غازي غراهام غسان غوردون غيرهارد غينادي فادي فايزه فايق فتحي"
    " فدوي فراس فرانسيس فرانشيسكو فرانك فرناندو فهمي فوزي فولفغانغ فيكتور فيليب قصي قيس كارلو كريس كلاوس"
    " كلير كوثر كيفن لاري لبني لبيب لطفي لمياء لورا لوران لوي لويجي ليونيد ماتياس ماثيو ماجد ماجده مادلين"
    " ماريو مازن ماسيمو مانموهان مانويل مجدي مجيد مرسي مصعب معتز معن ممدوح مناحيم منال منذر منير مهند"
    " موشيه ميخاييل ميغيل ناتالي نادر نادين نانسي نايف نبيه نجوي نسرين نعيم نواز نواف نوال نيك نيكولاس"
    " نيكولاي هاشم هانز هانس همام هنري هوغو هيام هيثم هيرفيه هيلموت وجدي ياسمين ياسو ياسين يحيي يزن يسرا"
    " يفغيني يورغن يوري يوسي يوشكا يوفال يونس"
)


LEXICON_FILE = MODEL_DIR / "lexicon.tsv.gz"  # from unlabelled news (ANT corpus)
LABEL_LEXICON_FILE = MODEL_DIR / "labelled_lexicon.tsv.gz"  # from the labelled training sentences
CLUSTERS_FILE = MODEL_DIR / "clusters.tsv.gz"  # word clusters of unlabelled news (scripts/build_clusters.py)
# Words the model itself never tags as (part of) a name in unlabelled news, though they are frequent there
# (scripts/train_ner.py build_ordinary): ordinary words, not worth asking the model about (ArabicNER.windows).
ORDINARY_FILE = MODEL_DIR / "ordinary.txt.gz"
SHAPE_FILE = MODEL_DIR / "name_shape.tsv.gz"  # letter n-grams of person names (NameShape, train_ner.py)
Lexicon = dict[str, tuple[str, ...]]


def load_words(path: Path) -> frozenset[str]:
    """The words of a one-word-a-line gzip file (empty when the file is absent)."""
    import gzip

    if not path.exists():
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(w for line in fh if (w := line.strip()))


def stem_core(stem: str) -> str:
    """A stem without its ال (the same object when it has none, or is too short for ال to be the article)."""
    return stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem


def build_lexicon(texts: Iterable[str], known: frozenset[str] | set[str], min_count: int = 3) -> Lexicon:
    """Distributional classes of word stems from unlabelled news: frequency, ال use, what precedes them.

    Names are rare, never take ال, and follow titles (الرئيس), first names, or place words (مدينة, في):
    these classes let the CRF recognise names it never saw in the labelled data.
    """
    from streams.nlp.arabic import TOKEN_RE

    total: Counter[str] = Counter()
    with_al: Counter[str] = Counter()
    after: dict[str, Counter[str]] = {"P": Counter(), "O": Counter(), "L": Counter(), "G": Counter()}
    for text in texts:
        prev = ""
        for m in TOKEN_RE.finditer(text):
            w = fold(m.group())
            if not w[:1].isalnum() or not is_arabic(w):
                prev = ""
                continue
            _, stem = strip_proclitics(w, known)
            core = stem_core(stem)
            total[core] += 1
            if stem is not core:
                with_al[core] += 1
            if prev in PERSON_TRIGGERS or prev in FIRST_NAMES:
                after["P"][core] += 1
            if prev in ORG_TRIGGERS:
                after["O"][core] += 1
            if prev in LOC_TRIGGERS and prev not in _PREPOSITIONS:
                after["L"][core] += 1
            if prev in _PREPOSITIONS:
                after["G"][core] += 1
            prev = stem
    out: Lexicon = {}
    for core, n in total.items():
        if n < min_count:
            continue
        feats = ["fq" + str(min(int(math.log2(n)), 9))]
        if with_al[core] / n >= 0.1:
            feats.append("alv")  # also seen with the article: a common noun or adjective
        for k, c in after.items():
            r = c[core] / n
            if r >= 0.05:
                feats.append(f"a{k}{1 if r < 0.2 else 2}")
        out[core] = tuple(feats)
    return out


def build_label_lexicon(
    sents: Iterable[tuple[Sequence[str], Sequence[str]]], known: frozenset[str] | set[str]
) -> Lexicon:
    """What labelled sentences say of each stem: mostly an ordinary word (kO), or part of a person (kP),
    organization (kG) or place (kL). Training computes it on the other folds only (jackknife), so the CRF
    learns how far to trust it for words it has not seen."""
    counts: dict[str, Counter[str]] = {}
    for tokens, labels in sents:
        for tok, lab in zip(tokens, labels, strict=True):
            w = fold(tok)
            if not w[:1].isalnum() or not is_arabic(w):
                continue
            _, stem = strip_proclitics(w, known)
            core = stem_core(stem)
            counts.setdefault(core, Counter())[lab[2:] if lab != "O" else "O"] += 1
    out: Lexicon = {}
    for core, c in counts.items():
        n_o = c["O"]
        ents = sum(c.values()) - n_o
        feats = []
        if n_o >= 2 and n_o >= 3 * ents:
            feats.append("kO")
        for lab, f in (("PERS", "kP"), ("ORG", "kG"), ("LOC", "kL")):
            if c[lab] and c[lab] >= n_o:
                feats.append(f)
        if feats:
            out[core] = tuple(feats)
    return out


def core_of(word: str, known: frozenset[str] | set[str]) -> str:
    """A folded Arabic word's stem as the lexicons name it: proclitics and a long word's ال stripped."""
    return stem_core(strip_proclitics(word, known)[1])


def merge_lexicons(*lexicons: Lexicon) -> Lexicon:
    """One lexicon with the features of all."""
    out: Lexicon = {}
    for lex in lexicons:
        for w, f in lex.items():
            out[w] = out.get(w, ()) + f
    return out


def save_lexicon(lex: Lexicon, path: Path) -> None:
    """Write a lexicon as sorted TSV, gzip with a fixed mtime (same input, same bytes)."""
    import gzip

    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write("".join(f"{w}\t{' '.join(f)}\n" for w, f in sorted(lex.items())).encode("utf-8"))


def load_lexicon(path: Path) -> Lexicon:
    """Read a lexicon written by save_lexicon (empty when the file is absent)."""
    import gzip

    if not path.exists():
        return {}
    out: Lexicon = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, _, f = line.rstrip("\n").partition("\t")
            out[w] = tuple(f.split(" "))
    return out


class NameShape:
    """How much a word's letters look like a person's name: a naive Bayes over character 2-4-grams of the
    stems labelled person vs outside in labelled sentences (word types, not occurrences), bucketed into a
    feature (cs0-cs4). Transliterated foreign names (سابليير, جوتشولك) share letter sequences ordinary Arabic
    words lack; the CRF's own suffix features see only the last letters."""

    BOUNDS = (-1.0, -0.3, 0.3, 1.0)

    def __init__(self, person: Counter[str], other: Counter[str]) -> None:
        self.person, self.other = person, other
        vocab = len(person.keys() | other.keys()) or 1
        # Each gram's log-likelihood ratio (add-one), and the ratio of the two classes' totals: the score of
        # a stem is then a mean of table lookups (a gram seen in neither class weighs 0).
        self.ratio = {
            g: math.log(person[g] + 1) - math.log(other[g] + 1) for g in person.keys() | other.keys()
        }
        self.norm = math.log(sum(person.values()) + vocab) - math.log(sum(other.values()) + vocab)

    @staticmethod
    def grams(core: str) -> list[str]:
        """Character 2-4-grams of a stem with its boundaries marked."""
        w = "^" + core + "$"
        n = len(w)
        return [w[i : i + k] for k in (2, 3, 4) for i in range(n - k + 1)]

    @classmethod
    def fit(
        cls, sents: Iterable[tuple[Sequence[str], Sequence[str]]], known: frozenset[str] | set[str]
    ) -> NameShape:
        """Count the grams of person and outside stems (each word type once); other names are left out."""
        kinds: dict[str, set[str]] = {}
        for tokens, labels in sents:
            for tok, lab in zip(tokens, labels, strict=True):
                w = fold(tok)
                if not w[:1].isalpha() or not is_arabic(w) or (lab != "O" and lab[2:] != "PERS"):
                    continue
                kinds.setdefault(core_of(w, known), set()).add("P" if lab != "O" else "O")
        person: Counter[str] = Counter()
        other: Counter[str] = Counter()
        for core, ks in kinds.items():
            for k in ks:
                (person if k == "P" else other).update(cls.grams(core))
        return cls(person, other)

    def save(self, path: Path) -> None:
        """Write the counts as sorted TSV (gram, person count, outside count), gzip with a fixed mtime."""
        import gzip

        grams = sorted(self.person.keys() | self.other.keys())
        text = "".join(f"{g}\t{self.person[g]}\t{self.other[g]}\n" for g in grams)
        with gzip.GzipFile(path, "wb", mtime=0) as fh:
            fh.write(text.encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> NameShape | None:
        """Read counts written by `save` (None when the file is absent)."""
        import gzip

        if not path.exists():
            return None
        person: Counter[str] = Counter()
        other: Counter[str] = Counter()
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                g, p, o = line.rstrip("\n").split("\t")
                if int(p):
                    person[g] = int(p)
                if int(o):
                    other[g] = int(o)
        return cls(person, other)

    def feature(self, core: str) -> str:
        """The bucket of a stem's mean log-likelihood ratio, person against outside."""
        g = self.grams(core)
        if not g:
            return "cs2"
        score = sum(map(self.ratio.get, g, repeat(0.0))) / len(g) - self.norm
        return _SHAPE_BUCKETS[bisect.bisect_left(self.BOUNDS, score)]  # how many bounds lie below the score


_SHAPE_BUCKETS = ("cs0", "cs1", "cs2", "cs3", "cs4")


def word_features(
    word: str,
    display: str,
    known: frozenset[str] | set[str],
    lexicon: Lexicon | None = None,
    shape: NameShape | None = None,
) -> list[str]:
    """Features of one token that do not depend on its neighbours."""
    if not word[:1].isalnum() and word[:1] != "_":
        return ["punc", "w=" + word]
    pre, stem = strip_proclitics(word, known) if is_arabic(word) else ("", word)
    core = stem_core(stem)
    f = [
        "w=" + word,
        "s=" + stem,
        "c=" + core,
        "p=" + pre,
        "s2=" + core[-2:],
        "s3=" + core[-3:],
        "b2=" + core[:2],
    ]  # no 3-letter prefix or length: F1 the same without them on a dev split, and every feature costs time
    if stem is not core:
        f.append("al")
    if word.isdigit():
        f.append("digit")
    elif word.isascii():
        f.append("latin")
        if display[:1].isupper():
            f.append("upper")
    if stem in PERSON_TRIGGERS:
        f.append("tP")
    if stem in ORG_TRIGGERS:
        f.append("tO")
    if stem in LOC_TRIGGERS:
        f.append("tL")
    if stem in FIRST_NAMES or core in FIRST_NAMES:
        f.append("fn")
    if core.endswith("ي") and stem is not core:
        f.append("nisba")  # الروسي, المصري: adjectives of places, and family names
    if lexicon is not None and is_arabic(word):
        lex = lexicon.get(core, ())
        f.extend(lex)
        if not any(x.startswith("fq") for x in lex):
            f.append("fq0")  # never seen in the unlabelled news
        if not any(x.startswith("k") for x in lex):
            f.append("kU")  # not known from the labelled data
    if shape is not None and is_arabic(word):
        f.append(shape.feature(core))
    return f


# Which of a token's features its next neighbours see, by relative position. Only the words right before and
# after, and not their clitics, frequency or ال: each feature a token carries costs CRF time, and these
# (and the words two away) did not change F1 on a dev split of the training data (-25% features a token).
# Word clusters (z1_<n>, scripts/build_clusters.py) are seen on neighbours too: "a word of the name cluster
# after one of the speech-verb cluster" is what reads a name never seen in the labelled data.
_NEIGHBOUR_KEEP = (
    "s=", "tP", "tO", "tL", "fn", "punc", "latin", "upper", "nisba", "aP", "k", "z",
)  # fmt: skip


def neighbour_features(own: list[str], pos: int) -> list[str]:
    """A token's features as seen from `pos` tokens away."""
    tag = f"{pos:+d}"
    return [tag + x for x in own if x.startswith(_NEIGHBOUR_KEEP)]


class FeatureCache:
    """Per-word feature lists (own and as seen by neighbours), memoised: news repeats its words."""

    def __init__(
        self,
        known: frozenset[str] | set[str],
        allowed: frozenset[str] | None = None,
        lexicon: Lexicon | None = None,
        limit: int = 200_000,
    ) -> None:
        self.known = known
        self.lexicon = lexicon
        self.allowed = allowed  # attributes the model has weights for; others cost time and add nothing
        self.limit = limit
        # Tuples of str: the collector stops tracking them, so a full memo adds nothing to its scans.
        self.cache: dict[tuple[str, bool], tuple[tuple[str, ...], ...]] = {}
        self.common: set[str] = set()
        self.ordinary: frozenset[str] = frozenset()  # see ORDINARY_FILE
        self.shape: NameShape | None = None  # see SHAPE_FILE
        self.generation = 0  # counts the times the memo started afresh (ArabicNER's rows follow it)

    def make_room(self, n: int) -> None:
        """Start afresh now if `n` new words could fill the memo, so that it does not in the middle of a
        document (ArabicNER relies on `common` knowing every word it has a row for)."""
        if len(self.cache) + n > self.limit:
            self.clear()

    def clear(self) -> None:
        """Forget every word."""
        self.cache.clear()
        self.common.clear()
        self.generation += 1

    def get(self, word: str, display: str) -> tuple[tuple[str, ...], ...]:
        """(own, as seen from the next word, as seen from the previous word) feature lists of a word."""
        key = (word, display[:1].isupper())
        got = self.cache.get(key)
        if got is None:
            own = word_features(word, display, self.known, self.lexicon, self.shape)
            ok = self.allowed
            if ok is None:
                got = (tuple(own), tuple(neighbour_features(own, 1)), tuple(neighbour_features(own, -1)))
            else:
                # neighbour_features and the filter in one pass each (new words cost most on fresh text).
                keep = [x for x in own if x.startswith(_NEIGHBOUR_KEEP)]
                got = (
                    tuple([f for f in own if f in ok]),
                    tuple([f for x in keep if (f := "+1" + x) in ok]),
                    tuple([f for x in keep if (f := "-1" + x) in ok]),
                )
            if len(self.cache) >= self.limit:
                self.clear()  # bounded; a refill costs a few ms
            self.cache[key] = got
            if "kO" in own or "punc" in own or word.isdigit() or word in self.ordinary:
                self.common.add(word)  # ordinary words: not worth asking the model about again
        return got


def sentence_features(
    words: Sequence[str],
    displays: Sequence[str],
    gaz: Sequence[str],
    cache: FeatureCache,
    start: int = 0,
    end: int | None = None,
) -> list[list[str]]:
    """CRF feature lists of tokens [start, end) of one sentence (the whole sentence is their context):
    folded words, display words, gazetteer BIO tags ('' if none)."""
    n = len(words)
    end = n if end is None else end
    lo = max(0, start - 1)
    get, cached = cache.get, cache.cache
    # The memo read inline (a method call a token costs more than the lookup); a miss computes the word.
    feats = [
        cached.get((words[j], displays[j][:1].isupper())) or get(words[j], displays[j])
        for j in range(lo, min(n, end + 1))
    ]
    allowed = cache.allowed
    out: list[list[str]] = []
    for i in range(start, end):
        k = i - lo
        f = list(feats[k][0])
        # feats[j][1]: the word before i as i sees it; feats[j][2]: the word after i.
        if i >= 1:
            f += feats[k - 1][1]
            bg = "bg=" + words[i - 1] + "|" + words[i]
            if allowed is None or bg in allowed:
                f.append(bg)
        else:
            f.append("BOS")
        if i + 1 < n:
            f += feats[k + 1][2]
        else:
            f.append("EOS")
        g = gaz[i]
        if g:
            f.append("g=" + g)
            f.append("gt=" + g[2:])
        if i >= 1 and gaz[i - 1]:
            f.append("-1g=" + gaz[i - 1])
        if i + 1 < n and gaz[i + 1]:
            f.append("+1g=" + gaz[i + 1])
        out.append(f)
    return out


def spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) runs of an IOB2 label sequence; a stray I- starts a new entity."""
    out: list[tuple[int, int, str]] = []
    start, cur = -1, ""
    for i, lab in enumerate((*labels, "O")):
        typ = lab[2:] if lab != "O" else ""
        if cur and (lab == "O" or lab.startswith("B-") or typ != cur):
            out.append((start, i, cur))
            cur = ""
        if typ and not cur:
            start, cur = i, typ
    return out


def join_family_names(words: Sequence[str], labels: list[str]) -> list[str]:
    """Labels with آل (folded ال, a word of its own) and the family name after it kept in the person before
    it: the CRF often stops a long name at آل (حمد بن خليفة آل | ثاني)."""
    if ARTICLE not in words:
        return labels  # the usual case, found by one C-level scan instead of a Python loop a word
    for i in range(1, len(words) - 1):
        if words[i] != ARTICLE or labels[i - 1][2:] != "PERS" or labels[i + 1] != "O":
            continue
        nxt = words[i + 1]
        if labels[i] in ("O", "I-PERS") and nxt[:1].isalpha() and is_arabic(nxt):
            labels[i] = labels[i + 1] = "I-PERS"
    return labels


# Words that link the parts of a name (محمد بن سلمان, علي بن أبي طالب, أبو مازن, محمد ولد عبد العزيز): a
# person cannot end on one (folded forms).
NAME_LINKS = folded_words("بن ابن بنت ابي ابو ولد")


def join_name_links(
    words: Sequence[str], labels: list[str], common: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """Labels with a person that ends on a linking word (علي بن أبي | طالب) carried on to the word after it:
    the CRF stops there when that word is unknown or also an ordinary word (طالب, سالم). ولد is also the
    verb "was born" (فرويد ولد في): after it only a word that is not a `common` one."""
    if NAME_LINKS.isdisjoint(words):
        return labels  # the usual case
    for i in range(1, len(words) - 1):
        if words[i] not in NAME_LINKS or labels[i + 1] != "O" or labels[i - 1][2:] != "PERS":
            continue
        nxt = words[i + 1]
        if words[i] == "ولد" and nxt in common:
            continue
        if labels[i] in ("O", "I-PERS") and nxt[:1].isalpha() and is_arabic(nxt):
            labels[i] = labels[i + 1] = "I-PERS"
    return labels


class ArabicNER:
    """The trained CRF, loaded once per worker."""

    def __init__(
        self,
        model: Path = MODEL_FILE,
        known: frozenset[str] | set[str] = frozenset(),
        lexicon: Path = LEXICON_FILE,
        label_lexicon: Path = LABEL_LEXICON_FILE,
        clusters: Path = CLUSTERS_FILE,
        ordinary: Path | None = ORDINARY_FILE,
        shape: Path | None = SHAPE_FILE,
    ) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model))
        self.crf = ChainCRF(self.tagger)
        lex = merge_lexicons(load_lexicon(lexicon), load_lexicon(clusters), load_lexicon(label_lexicon))
        self.cache = FeatureCache(known, frozenset(self.crf.rows), lex)
        self.cache.ordinary = load_words(ordinary) if ordinary is not None else frozenset()
        self.cache.shape = NameShape.load(shape) if shape is not None else None
        self.version = f"{model.stem}-{_digest(model)}"
        # Each word's summed weights per label: its own features, and as its neighbours see it (see
        # FeatureCache.get); one row a word in three growing matrices, bounded like the feature cache.
        n = len(self.crf.labels)
        self._rows: dict[str, int] = {}  # see _row_key
        self._generation = self.cache.generation
        self._own = np.zeros((4096, n))
        self._seen_next = np.zeros((4096, n))
        self._seen_prev = np.zeros((4096, n))
        self._common = np.zeros(4096, dtype=bool)
        pairs = [a[3:].split("|", 1) for a in self.crf.rows if a.startswith("bg=")]
        self._bigram_words = (frozenset(p[0] for p in pairs), frozenset(p[-1] for p in pairs))
        self._gaz_rows: dict[str, tuple[int, int, int, int]] = {}  # gazetteer tag -> rows of its features
        self._bos = self.crf.vector(["BOS"])
        self._eos = self.crf.vector(["EOS"])
        self._warm_words = sorted(self.cache.ordinary)
        self._warm()

    def tag(self, words: Sequence[str], displays: Sequence[str], gaz: Sequence[str]) -> list[str]:
        """IOB2 labels of one sentence."""
        return self.tag_doc(words, displays, gaz, [0, len(words)])

    def tag_many(
        self, sents: Sequence[tuple[Sequence[str], Sequence[str], Sequence[str]]]
    ) -> list[list[str]]:
        """IOB2 labels of each sentence of a document (folded words, display words, gazetteer BIO tags)."""
        offsets = list(accumulate((len(w) for w, _, _ in sents), initial=0))
        labels = self.tag_doc(
            [w for ws, _, _ in sents for w in ws],
            [d for _, ds, _ in sents for d in ds],
            [g for _, _, gs in sents for g in gs],
            offsets,
        )
        return [labels[a:b] for a, b in pairwise(offsets)]

    def tag_doc(
        self, words: Sequence[str], displays: Sequence[str], gaz: Sequence[str], offsets: Sequence[int]
    ) -> list[str]:
        """IOB2 labels of a document's tokens (folded words, display words, gazetteer BIO tags), its
        sentences laid end to end (sentence s is tokens offsets[s] to offsets[s + 1]): the words' scores
        are gathered for the whole document at once, and one Viterbi pass runs over the windows of every
        sentence (see `windows`)."""
        n = len(words)
        labels = ["O"] * n
        if not n:
            return labels
        ids = self._ids(words, displays, n)  # also makes `cache.common` know every word (rules read it)
        has_gaz = any(gaz)
        wins = _windows(self._candidates(ids, gaz if has_gaz else ()), offsets)
        if wins:
            em = self._emissions(words, gaz if has_gaz else (), ids, offsets, wins)
            names = self.crf.labels
            for (a, b), path in zip(wins, self.crf.viterbi(em, wins), strict=True):
                labels[a:b] = [names[j] for j in path]
        if ARTICLE not in words and NAME_LINKS.isdisjoint(words):
            return labels  # the usual case: no rule below has anything to join
        common = self.cache.common
        out: list[str] = []
        for a, b in pairwise(offsets):
            ws = words[a:b]
            out += join_name_links(ws, join_family_names(ws, labels[a:b]), common)
        return out

    def windows(
        self, words: Sequence[str], displays: Sequence[str], gaz: Sequence[str]
    ) -> list[tuple[int, int]]:
        """[start, end) runs of one sentence worth asking the CRF about: every candidate token with
        WINDOW tokens of context each side. Ordinary words (known outside-entity words, punctuation,
        numbers, ORDINARY_FILE) far from any candidate are labelled O without the model: most of a news
        text, and the CRF's cost grows with every token it reads."""
        return _windows(self._candidates(self._ids(words, displays, len(words)), gaz), [0, len(words)])

    def _candidates(self, ids: npt.NDArray[np.intp], gaz: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Tokens the model is asked about: those that are no ordinary word, and gazetteer names."""
        candidate: npt.NDArray[np.bool_] = ~self._common[ids]
        if any(gaz):
            candidate |= np.array([bool(g) for g in gaz], dtype=bool)
        return candidate

    def _ids(self, words: Sequence[str], displays: Sequence[str], n: int) -> npt.NDArray[np.intp]:
        """Row of each token in the tables of weight sums, new words added. A word has a row only while
        the feature memo knows it (both start afresh together): `cache.common` then knows every word of
        the document, without a pass over the words to ask."""
        cache = self.cache
        cache.make_room(n)
        if len(self._rows) + n > cache.limit or self._generation != cache.generation:
            self._rows.clear()  # bounded; rows are reused from 0 (never in the middle of a document)
            self._generation = cache.generation
            self._warm()
        rows = self._rows
        # Keys: the folded word, marked when its display starts with a capital (a feature of Latin words).
        # Arabic text has no capitals: one test of the whole text settles that for every token.
        joined = "".join(displays)
        if joined == joined.lower() and not _ODD_UPPER.search(joined):
            keys = words
        else:
            keys = [_row_key(w, d) for w, d in zip(words, displays, strict=True)]
        got = list(map(rows.get, keys))
        if None in got:
            self._add_rows({k: d for k, d in zip(keys, displays, strict=True) if k not in rows})
            if self._generation != cache.generation:  # the memo was filled up by this very document
                self._rows.clear()
                self._generation = cache.generation
                self._add_rows({k: d for k, d in zip(keys, displays, strict=True) if k not in rows})
            got = list(map(rows.__getitem__, keys))
        return np.array(got, dtype=np.intp)

    def _warm(self) -> None:
        """Rows (and features) for the frequent ordinary words, so that a fresh worker, or one whose tables
        just started afresh, does not compute them article by article (0.4 s at start; the first 93 real
        3 KB articles 0.6x the time). Skipped when the tables are too small to hold them with room."""
        words = self._warm_words
        if not words or len(words) * 4 > self.cache.limit:
            return
        self.cache.make_room(len(words))
        self._generation = self.cache.generation
        new = {w: w for w in words if w not in self._rows}  # folded Arabic words: displays without capitals
        if new:
            self._add_rows(new)

    def _add_rows(self, new: dict[str, str]) -> None:
        """Rows of weight sums for words seen for the first time (key -> display form), in one scatter-add
        per matrix: a fresh text brings hundreds of new words, each with a dozen features."""
        start = len(self._rows)
        end = start + len(new)
        if end > len(self._own):
            grow = np.zeros((max(end, 2 * len(self._own)) - len(self._own), len(self.crf.labels)))
            self._own = np.vstack([self._own, grow])
            self._seen_next = np.vstack([self._seen_next, grow])
            self._seen_prev = np.vstack([self._seen_prev, grow])
            self._common = np.concatenate([self._common, np.zeros(len(grow), dtype=bool)])
        get, attr_row, common = self.cache.get, self.crf.rows.get, self.cache.common
        at: tuple[list[int], list[int], list[int]] = ([], [], [])
        attrs: tuple[list[int], list[int], list[int]] = ([], [], [])
        for row, (key, display) in enumerate(new.items(), start):
            word = key.removesuffix(_UPPER)
            feats = get(word, display)
            self._common[row] = word in common  # known after get: an ordinary word is no candidate
            for lists, at_k, attrs_k in zip(feats, at, attrs, strict=True):
                for f in lists:
                    r = attr_row(f)
                    if r is not None:
                        at_k.append(row)
                        attrs_k.append(r)
        for matrix, at_k, attrs_k in zip(
            (self._own, self._seen_next, self._seen_prev), at, attrs, strict=True
        ):
            matrix[start:end] = 0.0  # rows are reused after the table was cleared
            if at_k:
                np.add.at(matrix, np.array(at_k, dtype=np.intp), self.crf.weights[attrs_k])
        self._rows.update(zip(new, range(start, end), strict=True))

    def _emissions(
        self,
        words: Sequence[str],
        gaz: Sequence[str],
        ids: npt.NDArray[np.intp],
        offsets: Sequence[int],
        wins: list[tuple[int, int]],
    ) -> Matrix:
        """Per-token label scores of a document's sentences laid end to end: the features of
        `sentence_features`, summed (exact for the tokens of `wins`; bigrams are added for those only)."""
        total = len(words)
        em: Matrix = self._own[ids]
        starts = np.array(offsets[1:-1], dtype=np.intp)  # sentence starts after the first
        if total > 1:
            before = self._seen_next[ids[:-1]]  # the word before each token, as the next word sees it
            after = self._seen_prev[ids[1:]]
            before[starts - 1] = 0.0  # no neighbour across a sentence boundary
            after[starts - 1] = 0.0
            em[1:] += before
            em[:-1] += after
        em[np.array(offsets[:-1], dtype=np.intp)] += self._bos
        em[np.array(offsets[1:], dtype=np.intp) - 1] += self._eos
        crf_rows = self.crf.rows
        at: list[int] = []
        feats: list[int] = []
        sentence_start = set(offsets)
        # One word pair in seventy has a weight: two set lookups rule most out before a string is built.
        first, second = self._bigram_words
        for a, b in wins:
            for i in range(a + 1 if a in sentence_start else a, b):
                if words[i - 1] in first and words[i] in second:
                    r = crf_rows.get("bg=" + words[i - 1] + "|" + words[i])
                    if r is not None:
                        at.append(i)
                        feats.append(r)
        if at:  # one bigram a token at most: a plain indexed add
            em[np.array(at, dtype=np.intp)] += self.crf.weights[feats]
        if gaz:
            at, feats = [], []
            gaz_rows = self._gaz_rows
            for i in [i for i, g in enumerate(gaz) if g]:
                rows = gaz_rows.get(gaz[i])
                if rows is None:
                    g = gaz[i]
                    get = crf_rows.get
                    rows = gaz_rows[g] = (
                        get("g=" + g, -1),
                        get("gt=" + g[2:], -1),
                        get("-1g=" + g, -1),
                        get("+1g=" + g, -1),
                    )
                own, kind, to_next, to_prev = rows
                for pos, r in (
                    (i, own),
                    (i, kind),
                    (-1 if i + 1 in sentence_start else i + 1, to_next),
                    (-1 if i in sentence_start else i - 1, to_prev),
                ):
                    if pos >= 0 and r >= 0:
                        at.append(pos)
                        feats.append(r)
            if at:  # a token may take several (its own tag and its neighbours'): accumulate
                np.add.at(em, np.array(at, dtype=np.intp), self.crf.weights[feats])
        return em


_UPPER = "\x00"  # marks the row key of a word whose display starts with a capital
# Letters str.isupper() calls capitals that str.lower() leaves alone (ℂ, 𝐀, 🄰 ...): a text without capitals
# is one that lower() does not change and that has none of these.
_ODD_UPPER = re.compile("[\u03d2-\u03d4\u2102-\u2145\U0001d400-\U0001d7ca\U0001f130-\U0001f189]")


def _row_key(word: str, display: str) -> str:
    """The key of a word's row: features differ when its display starts with a capital (Latin names)."""
    return word + _UPPER if display[:1].isupper() else word


def _windows(candidate: npt.NDArray[np.bool_], offsets: Sequence[int]) -> list[tuple[int, int]]:
    """[start, end) runs around candidate tokens, WINDOW tokens each side, merged where they touch or
    overlap, never across a sentence boundary (sentence s: tokens offsets[s] to offsets[s + 1])."""
    at = np.flatnonzero(candidate)
    if not len(at):
        return []
    bounds = np.asarray(offsets, dtype=np.intp)
    sent = np.searchsorted(bounds, at, side="right") - 1
    lo = np.maximum(at - WINDOW, bounds[sent])
    hi = np.minimum(at + WINDOW + 1, bounds[sent + 1])
    new = np.ones(len(at), dtype=bool)
    new[1:] = (lo[1:] > hi[:-1]) | (sent[1:] != sent[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:] - 1, len(at) - 1)
    return list(zip(lo[first].tolist(), hi[last].tolist(), strict=True))


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha1(path.read_bytes()).hexdigest()[:8]

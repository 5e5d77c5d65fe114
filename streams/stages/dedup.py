"""Dedup stage: exact and near-duplicate detection with MinHash + LSH over the normalised matching form."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
from array import array
from dataclasses import dataclass

import msgspec
import numpy as np
import numpy.typing as npt
from rensa import RMinHash

from streams.schema import DedupInfo

_MASK32 = 0xFFFFFFFF
# Odd 64-bit multiplier: mixes minhash values into a band key without Python hash(), which is salted.
_GOLD = 0x9E3779B97F4A7C15
_NONE = -1
_LITTLE = sys.byteorder == "little"
_BASE = 0x100000001B3  # odd polynomial base for shingle hashes; invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
# Languages written without spaces between words: shingles are character n-grams there.
_CJK_LANGS = frozenset({"zh", "ja", "yue", "wuu", "lzh"})


@dataclass(frozen=True)
class DedupConfig:
    """Knobs of the dedup stage (defaults chosen by scripts/eval_dedup.py on planted Arabic copies)."""

    threshold: float = 0.47  # on `similarity` (damped containment by default), see `similarity()`
    # For a candidate of the same source as the new document: a publisher's own different articles share
    # its templates (weather bulletins, fixture lists, daily digests), while its re-sends are near-exact.
    # Cross-source copies (wire stories with edits) and unknown sources keep `threshold`.
    same_source_threshold: float = 0.8
    # Shingling scheme, persisted in every signature (signatures of different schemes are never compared):
    # 0: word `shingle_words`-grams of the matching form (what entries written before schemes existed use);
    # 1: word n-grams of sizes shingle_words - 1 and shingle_words in one set (bigrams survive word edits
    #    that break trigrams), with Arabic-Indic digits folded to ASCII (outlets write either).
    # A change to the shingling or to num_perm must get a new scheme number.
    scheme: int = 1  # 0..255
    window_s: float = 7 * 86400.0
    num_perm: int = 128  # MinHash permutations; the low byte of each is persisted (b-bit MinHash)
    mins_bits: int = 4  # bits of each persisted min the estimate uses (1, 2, 4 or 8): the index keeps these
    bands: int = 20  # LSH bands, each over `rows` permutations (the first bands*rows of num_perm)
    rows: int = 2
    shingle_words: int = 3  # word n-grams for scripts with spaces (Arabic, Latin, Cyrillic, ...)
    shingle_chars: int = 3  # character n-grams for CJK, which has no spaces between words
    min_shingles: int = 8  # shorter texts are only ever exact duplicates: too few shingles to estimate
    measure: str = "containment"  # "containment" (damped, robust to boilerplate and cuts) or "jaccard"
    containment_floor: float = 0.5  # the smaller text counts as at least this share of the larger one


class Signature(msgspec.Struct, array_like=True):
    """What dedup needs of a document, compact for msgpack: ~230 bytes at the default configuration."""

    exact: bytes  # 8-byte blake2b of the matching form: identical text (independent of the scheme)
    size: int  # distinct shingles, to turn a Jaccard estimate into containment
    mins: bytes  # low byte of each of num_perm minhash values (b-bit MinHash, for the similarity estimate)
    # One little-endian uint32 key per LSH band, from the full 32-bit minhash values; then a tail whose
    # length is len(bands) % 4: none (scheme 0, unknown source: entries written before either existed, which
    # re-encode byte for byte), 1 byte (the shingling scheme, from scheme 1 on), or 3 bytes (the 16-bit
    # little-endian source fingerprint, then the scheme). The scheme stays the last byte and band keys are
    # read from the front only, so code that knows no fingerprint still reads both right. No new field:
    # msgspec writes every field of an array_like struct, so one would change how old entries encode.
    bands: bytes

    @property
    def scheme(self) -> int:
        """The shingling scheme the signature was computed with (`DedupConfig.scheme`)."""
        return self.bands[-1] if len(self.bands) % 4 else 0

    @property
    def source(self) -> int:
        """The document's `source_fingerprint()`, 0 when unknown (also for entries written before it)."""
        return int.from_bytes(self.bands[-3:-1], "little") if len(self.bands) % 4 == 3 else 0

    def with_source(self, source: str | None) -> Signature:
        """This signature carrying the fingerprint of the document's source (replacing any it had)."""
        fp, scheme = source_fingerprint(source), self.scheme
        keys = self.bands[: len(self.bands) - len(self.bands) % 4]
        tail = fp.to_bytes(2, "little") + bytes([scheme]) if fp else (bytes([scheme]) if scheme else b"")
        return Signature(exact=self.exact, size=self.size, mins=self.mins, bands=keys + tail)


def source_fingerprint(source: str | None) -> int:
    """16-bit fingerprint (1..65535) of a source name, trimmed and case-folded; 0 for none or empty.

    Two sources share a fingerprint with probability 1/65535: their copies are then judged with the stricter
    same-source threshold, so a cross-source near copy between the two thresholds would pass as unique.
    """
    name = (source or "").strip().casefold()
    if not name:
        return 0
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "little") % 0xFFFF + 1


class IndexEntry(msgspec.Struct, array_like=True):
    """One indexed document: enough to decide, order and evict; persisted in the worker's table."""

    id: str
    order_key: str  # published_at (ISO) then first-seen time: the earliest is the original
    seen_at: float
    sig: Signature


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def _mostly_cjk(text: str) -> bool:
    sample = text[:400].replace(" ", "")
    return bool(sample) and sum(map(_is_cjk, sample)) * 3 >= len(sample)


def _cjk(match_text: str, language: str | None) -> bool:
    base = (language or "").split("-")[0].lower()
    return base in _CJK_LANGS or (not base and _mostly_cjk(match_text))


def shingles(match_text: str, cfg: DedupConfig, language: str | None = None) -> set[str]:
    """Distinct shingles of a matching form: word n-grams, or character n-grams for CJK."""
    if _cjk(match_text, language):
        # Spaces in CJK matching forms only mark removed punctuation: they are not word boundaries.
        s = match_text.replace(" ", "")
        k = cfg.shingle_chars
        return (
            set(map("".join, zip(*(s[i:] for i in range(k)), strict=False)))
            if len(s) > k
            else ({s} if s else set())
        )
    words = match_text.split()
    k = cfg.shingle_words
    if cfg.scheme == 0:
        if len(words) <= k:
            return {" ".join(words)} if words else set()
        # zip + map keeps the n-gram loop in C: this is most of the signature time on long articles.
        return set(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))
    words = [w.translate(_DIGIT_FOLD) for w in words]
    sizes = _ngram_sizes(cfg)
    if len(words) < sizes[0]:
        return {" ".join(words)} if words else set()
    out: set[str] = set()
    for n in sizes:
        if len(words) >= n:
            out.update(map(" ".join, zip(*(words[i:] for i in range(n)), strict=False)))
    return out


# Scheme 1 folds Arabic-Indic and Extended Arabic-Indic (Persian, Urdu) digits to ASCII ones.
_DIGIT_FOLD = {**{0x0660 + i: 0x30 + i for i in range(10)}, **{0x06F0 + i: 0x30 + i for i in range(10)}}


def _ngram_sizes(cfg: DedupConfig) -> tuple[int, ...]:
    """Word n-gram sizes of a scheme, smallest first."""
    k = cfg.shingle_words
    return (k,) if cfg.scheme == 0 or k < 2 else (k - 1, k)


def _pow_tables(n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    # Powers of the polynomial base and of its inverse modulo 2**64 (numpy uint64 arithmetic wraps).
    pw = np.full(n, _BASE, dtype=np.uint64)
    pw[0] = 1
    inv = np.full(n, _BASE_INV, dtype=np.uint64)
    inv[0] = 1
    return np.cumprod(pw, dtype=np.uint64), np.cumprod(inv, dtype=np.uint64)


# Read-only tables for texts up to 32K characters (nearly all articles); longer ones compute their own.
_POW, _INV = _pow_tables(1 << 15)
_POW.flags.writeable = False
_INV.flags.writeable = False


# numpy scalars made once: building them per call is a measurable share of a short signature.
_S27, _S30, _S31, _S32 = np.uint64(27), np.uint64(30), np.uint64(31), np.uint64(32)
_MIX1, _MIX2, _GOLD64 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), np.uint64(_GOLD)


def shingle_hashes(match_text: str, cfg: DedupConfig, language: str | None = None) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the shingles of `shingles()`, vectorised (no per-shingle strings)."""
    if not match_text:
        return np.zeros(0, dtype=np.uint64)
    if _cjk(match_text, language):
        codes = np.frombuffer(match_text.encode("utf-32-le"), dtype=np.uint32)
        codes = codes[codes != 32]
        n, k = len(codes), cfg.shingle_chars
        if n == 0:
            return np.zeros(0, dtype=np.uint64)
        starts = np.arange(max(1, n - k + 1))
        ends = np.minimum(starts + k, n)
    else:
        # Padded with a space on each side, every word lies between two spaces; span hashes do not depend
        # on position (below), so the padding changes no hash.
        codes = np.frombuffer((" " + match_text + " ").encode("utf-32-le"), dtype=np.uint32)
        if cfg.scheme != 0:
            codes = _fold_digits(codes)
        n, sizes = len(codes), _ngram_sizes(cfg)
        spaces = (codes == 32).nonzero()[0]
        words = len(spaces) - 1
        if words >= sizes[0]:
            starts = np.concatenate([spaces[: words - k + 1] + 1 for k in sizes if words >= k])
            ends = np.concatenate([spaces[k:] for k in sizes if words >= k])
        else:  # fewer words than a shingle: the whole text is one
            starts, ends = spaces[:1] + 1, spaces[-1:]
    pw, inv = (_POW, _INV) if n < len(_POW) else _pow_tables(n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)  # (np.concatenate with a Python 0 would promote to float64)
    np.cumsum((codes + np.uint32(1)) * pw[:n], dtype=np.uint64, out=prefix[1:])
    # Polynomial hash of each span, shifted back to position 0 so equal spans hash equally anywhere.
    h = prefix[ends]
    h -= prefix[starts]
    h *= inv[starts]
    h += (ends - starts).astype(np.uint64)
    # splitmix64 finaliser: polynomial hashes have weak low bits.
    h ^= h >> _S30
    h *= _MIX1
    h ^= h >> _S27
    h *= _MIX2
    h ^= h >> _S31
    h.sort()  # distinct values by sort + neighbour mask: np.unique costs ten times more on short arrays
    keep = np.empty(len(h), dtype=bool)
    keep[0] = True
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    return h[keep]


def _fold_digits(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Scheme 1: Arabic-Indic digits as ASCII ones, on code points (as `_DIGIT_FOLD` on text)."""
    digit = ((codes >= 0x0660) & (codes <= 0x0669)) | ((codes >= 0x06F0) & (codes <= 0x06F9))
    if not digit.any():
        return codes
    return np.where(digit, (codes & np.uint32(0xF)) + np.uint32(0x30), codes).astype(np.uint32)


def signature(match_text: str, cfg: DedupConfig, language: str | None = None) -> Signature:
    """Compute the exact hash, shingle count, b-bit MinHash and LSH band keys of a matching form."""
    hashes = shingle_hashes(match_text, cfg, language)
    # Seeded, and stable across processes and restarts: signatures are persisted.
    if len(hashes):
        rows = RMinHash.digest_matrix_from_flat_token_hashes(
            hashes, np.array([0, len(hashes)], dtype=np.uint64), cfg.num_perm, 42
        ).to_rows()
        d = np.array(rows[0], dtype=np.uint64)
    else:
        d = np.full(cfg.num_perm, _MASK32, dtype=np.uint64)
    # Band keys: each band's `rows` values mixed by multiply-xor (vectorised, no salted Python hash()),
    # folded to 32 bits (astype keeps the low bits).
    per_band = d[: cfg.bands * cfg.rows].reshape(cfg.bands, cfg.rows)
    h = per_band[:, 0] * _GOLD64
    for c in range(1, cfg.rows):
        h ^= per_band[:, c]
        h *= _GOLD64
    h ^= h >> _S32
    exact = hashlib.blake2b(match_text.encode(), digest_size=8).digest()
    return Signature(
        exact=exact,
        size=len(hashes),
        mins=d.astype(np.uint8).tobytes(),
        bands=h.astype("<u4").tobytes() + (bytes([cfg.scheme]) if cfg.scheme else b""),
    )


def _zero_groups_lut(bits: int) -> npt.NDArray[np.uint8]:
    # For each byte value: how many of its `bits`-wide groups are zero (equal mins after XOR).
    mask = (1 << bits) - 1
    return np.array(
        [sum(((x >> s) & mask) == 0 for s in range(0, 8, bits)) for x in range(256)], dtype=np.uint8
    )


_ZERO_GROUPS = {b: _zero_groups_lut(b) for b in (1, 2, 4, 8)}
# bytes.translate tables: keep the low `bits` of a byte, shifted left by `shift`.
_LOW_SHIFTED = {
    (b, s): bytes(((x & ((1 << b) - 1)) << s) & 0xFF for x in range(256))
    for b in (1, 2, 4, 8)
    for s in range(8)
}


def pack_mins(mins: bytes, cfg: DedupConfig) -> bytes:
    """The low `cfg.mins_bits` of each of the first num_perm mins, packed into whole 8-byte words."""
    bits, p = cfg.mins_bits, cfg.num_perm
    per = 8 // bits
    # Absent (old short signatures) and padding values count as 0; padding is equal on both sides.
    raw = mins[:p].ljust(-(-p // (8 * per)) * 8 * per, b"\0")
    if per == 1:
        return raw
    # Value g of every byte is every per-th min from g: translated and OR-ed as big integers (in C).
    acc = 0
    for g in range(per):
        acc |= int.from_bytes(raw[g::per].translate(_LOW_SHIFTED[bits, g * bits]), "little")
    return acc.to_bytes(len(raw) // per, "little")


# Per mins_bits: shifts that fold each group's bits into its lowest bit, and the mask of those lowest bits.
_FOLDS = {1: (), 2: (1,), 4: (1, 2), 8: (1, 2, 4)}
_LOW_BITS = {1: 0xFFFFFFFFFFFFFFFF, 2: 0x5555555555555555, 4: 0x1111111111111111, 8: 0x0101010101010101}


def _zero_groups(x: npt.NDArray[np.uint64], bits: int) -> npt.NDArray[np.int64]:
    """Per row of XOR-ed packed mins (as uint64 words): how many `bits`-wide groups are zero (agree)."""
    out: npt.NDArray[np.int64]
    if not hasattr(np, "bitwise_count"):  # numpy < 2: table of zero groups per byte
        out = _ZERO_GROUPS[bits].take(x.view(np.uint8)).sum(axis=1, dtype=np.int64)
        return out
    for s in _FOLDS[bits]:  # in place: callers pass a fresh XOR array
        x |= x >> np.uint64(s)
    out = np.bitwise_count(~x & np.uint64(_LOW_BITS[bits])).sum(axis=1, dtype=np.int64)
    return out


def _scores(
    matches: npt.NDArray[np.int64],
    sa: npt.NDArray[np.int64] | int,
    sb: npt.NDArray[np.int64],
    cfg: DedupConfig,
) -> npt.NDArray[np.float64]:
    # Agreeing b-bit groups -> unbiased Jaccard estimate (b bits agree by chance 2**-b of the time) ->
    # damped containment. Vectorised over candidates; `similarity()` uses the same code for one pair.
    chance = 1.0 / (1 << cfg.mins_bits)
    j = np.minimum(np.maximum((matches / cfg.num_perm - chance) / (1.0 - chance), 0.0), 1.0)
    if cfg.measure == "jaccard":
        return j
    inter = j * (sa + sb) / (1.0 + j)  # |A∩B| from Jaccard and the two set sizes
    # Containment of the smaller text, but a tiny text inside a long one is not a copy of it.
    denom = np.maximum(np.minimum(sa, sb), cfg.containment_floor * np.maximum(sa, sb))
    if np.all(denom > 0):  # always in the index, which scores only texts of min_shingles or more
        return np.minimum(1.0, inter / denom)
    cont = np.minimum(1.0, inter / np.where(denom > 0, denom, 1.0))
    return np.where((np.asarray(sa) == 0) | (sb == 0), j, cont)


def _pair_matches(a: Signature, b: Signature, cfg: DedupConfig) -> int:
    pa, pb = pack_mins(a.mins, cfg), pack_mins(b.mins, cfg)
    x = np.frombuffer(pa, dtype=np.uint64) ^ np.frombuffer(pb, dtype=np.uint64)
    pad = len(pa) * (8 // cfg.mins_bits) - cfg.num_perm  # padding groups are equal: not matches
    return int(_zero_groups(x.reshape(1, -1), cfg.mins_bits)[0]) - pad


def jaccard(a: Signature, b: Signature, cfg: DedupConfig | None = None) -> float:
    """Estimated Jaccard similarity of the shingle sets of two signatures (b-bit MinHash, as the index)."""
    cfg = cfg or DedupConfig()
    m = np.array([_pair_matches(a, b, cfg)], dtype=np.int64)
    return float(_scores(m, m, m, dataclasses.replace(cfg, measure="jaccard"))[0])


def similarity(a: Signature, b: Signature, cfg: DedupConfig) -> float:
    """The score compared with `cfg.threshold`: damped containment (or Jaccard), estimated from signatures."""
    m = np.array([_pair_matches(a, b, cfg)], dtype=np.int64)
    sa, sb = np.array([a.size], dtype=np.int64), np.array([b.size], dtype=np.int64)
    return float(_scores(m, sa, sb, cfg)[0])


def order_key(published_ts: float | None, seen_at: float, doc_id: str) -> str:
    """Deterministic 'earliest' order: published time, then first-seen time, then id."""
    p = published_ts if published_ts is not None else seen_at
    return f"{p:017.3f}|{seen_at:017.3f}|{doc_id}"


# Order keys as `order_key()` writes them: 13.3-digit published and first-seen times, then the id; the
# index stores these as two integers (other forms are kept as strings).
_KEY_RE = re.compile(r"([0-9]{13})\.([0-9]{3})\|([0-9]{13})\.([0-9]{3})\|")
_GENERIC = -1  # _kp value of a slot whose order key has another form: the string is kept in _gkeys
_FREE = 0xFFFFFFFF  # _idoff value of a free slot
_LONG = 0xFFFF  # _idlen value of an id too long for the blob's 16-bit lengths: kept in _long_ids


_UNIQUE = DedupInfo(status="unique", original_id=None, similarity=None)


def _ms_str(ms: int) -> str:
    return f"{ms // 1000:013d}.{ms % 1000:03d}"


class DedupIndex:
    """An in-memory LSH index of recent documents; the worker persists its entries, so it can be rebuilt.

    Verdict rule (independent of the order entries were added, so a rebuilt index decides the same):
    a document is a copy only of indexed documents with a smaller `order_key` (earlier published, then
    first seen, then id). Identical matching forms give "duplicate" with the earliest identical one; else
    among earlier documents that share a band bucket key (the band key folded to 16 bits, plus 8 bits of
    the band's own mins) and whose similarity reaches their threshold, the earliest by `order_key` is the
    original. A candidate's threshold is `same_source_threshold` when it has the new document's known source
    fingerprint (`Signature.source`), else `threshold` (other or unknown source, on either side). Identical
    matching forms are duplicates whatever the sources. The same id is replaced, never matched.

    Signatures of another shingling scheme than the index's (entries persisted before an upgrade, which
    cannot be re-signed without their text) stay indexed until evicted, but similarities are estimated only
    between signatures of one scheme; across schemes only identical matching forms match ("duplicate",
    through the scheme-independent exact hash, for documents of the index's scheme).

    Memory (~280 bytes per document): per-document state lives in typed arrays indexed by a slot number.
    Ids are UTF-8 in one blob, found through an open-addressing table of slots; pipeline order keys are two
    int64 millisecond times (their id part is the id); mins keep `mins_bits` bits each; the LSH tables are
    chained hash tables in arrays storing 16-bit keys (the bucket number covers the other bits).
    """

    def __init__(self, cfg: DedupConfig | None = None) -> None:
        """Create an empty index."""
        self.cfg = cfg = cfg or DedupConfig()
        if cfg.mins_bits not in _ZERO_GROUPS:
            raise ValueError(f"mins_bits must be 1, 2, 4 or 8, not {cfg.mins_bits}")
        self._width = len(pack_mins(b"", cfg))  # packed mins bytes per slot
        self._pad = self._width * (8 // cfg.mins_bits) - cfg.num_perm
        self._live = 0
        # ids: UTF-8 in a blob (compacted when half of it is garbage), slot -> offset and length.
        self._blob = bytearray()
        self._garbage = 0
        self._idoff = array("I")
        self._idlen = array("H")
        self._long_ids: dict[int, str] = {}
        # id -> slot: open addressing with linear probing over Python's str hash (only placement depends on
        # the salted hash, never a verdict); -1 empty, -2 deleted.
        self._table = array("i", [-1]) * 8
        self._used = 0  # live + deleted cells
        # order key: published and first-seen milliseconds, or _GENERIC with the string in _gkeys.
        self._kp = array("q")
        self._ks = array("q")
        self._gkeys: dict[int, str] = {}
        self._seen = array("d")
        self._size = array("I")
        self._exact = array("I")  # low 32 bits of the exact hash (compared only among LSH candidates)
        # Source fingerprint per slot (0: unknown), grown with the band arrays (2 bytes per document).
        self._src = array("H")
        self._mins = bytearray()
        # Per band: slot -> 16-bit band key, slot -> next slot in its bucket chain, bucket -> first slot.
        self._bkeys = [array("H") for _ in range(cfg.bands)]
        self._nexts = [array("i") for _ in range(cfg.bands)]
        self._free: list[int] = []
        # Slots holding a signature of another scheme: slot -> (scheme, exact hash), and exact hash -> slots.
        # Empty in steady state (a transition lasts one window), so they cost nothing per document then.
        self._other: dict[int, tuple[int, bytes]] = {}
        self._other_exact: dict[bytes, list[int]] = {}
        # A band's bucket key: its 16-bit folded key above the low `_ext` bits of the band's own packed mins
        # (equal minhash values have equal low bits); buckets always cover those bits, so stored 16-bit keys
        # complete the comparison and candidates share all 16 + _ext bits whatever the table size.
        self._ext = min(8, cfg.rows * cfg.mins_bits)
        self._byte_per_band = cfg.rows * cfg.mins_bits == 8  # the default: byte b of packed mins is band b's
        self._tbits = self._ext
        self._heads = [array("i", [_NONE]) * (1 << self._tbits) for _ in range(cfg.bands)]
        # Time wheel for eviction: coarse seen_at bucket -> slots (stale slots are re-checked on eviction).
        self._wheel_s = max(1.0, cfg.window_s / 64)
        self._wheel: dict[int, array[int]] = {}

    def __len__(self) -> int:
        """Number of indexed documents."""
        return self._live

    def __contains__(self, doc_id: object) -> bool:
        """True when the id is indexed."""
        return isinstance(doc_id, str) and self._find(doc_id)[0] >= 0

    # -- ids ----------------------------------------------------------------------------------
    def _id(self, slot: int) -> str:
        n = self._idlen[slot]
        if n == _LONG:
            return self._long_ids[slot]
        off = self._idoff[slot]
        return self._blob[off : off + n].decode("utf-8", "surrogatepass")

    def _find(self, doc_id: str) -> tuple[int, int]:
        """(slot, table cell) of an id, or (-1, first free cell of its probe sequence)."""
        raw = doc_id.encode("utf-8", "surrogatepass")
        n = len(raw) if len(raw) < _LONG else _LONG
        table, mask = self._table, len(self._table) - 1
        cell, free = hash(doc_id) & mask, -1
        while True:
            slot = table[cell]
            if slot == -1:
                return -1, (free if free >= 0 else cell)
            if slot == -2:
                if free < 0:
                    free = cell
            elif self._idlen[slot] == n:
                if n == _LONG:
                    if self._long_ids[slot] == doc_id:
                        return slot, cell
                else:
                    off = self._idoff[slot]
                    if self._blob[off : off + n] == raw:
                        return slot, cell
            cell = (cell + 1) & mask

    def _rehash(self) -> None:
        # Size for at most half full, counting live ids only: deleted cells are dropped here.
        size = 8
        while size < 2 * self._live + 2:
            size <<= 1
        self._table = array("i", [-1]) * size
        self._used = 0
        for slot in range(len(self._idoff)):
            if self._idoff[slot] != _FREE:
                self._table[self._find(self._id(slot))[1]] = slot
                self._used += 1

    def _store_id(self, slot: int, doc_id: str) -> None:
        raw = doc_id.encode("utf-8", "surrogatepass")
        if len(raw) >= _LONG:
            self._long_ids[slot] = doc_id
            off, n = 0, _LONG
        else:
            off, n = len(self._blob), len(raw)
            self._blob += raw
        if slot == len(self._idoff):
            self._idoff.append(off)
            self._idlen.append(n)
        else:
            self._idoff[slot], self._idlen[slot] = off, n

    def _compact_ids(self) -> None:
        # Rewrite the blob with live ids only, in slot order (offsets change, slots do not).
        blob = bytearray()
        for slot in range(len(self._idoff)):
            n = self._idlen[slot]
            if self._idoff[slot] == _FREE or n == _LONG:
                continue
            off = self._idoff[slot]
            self._idoff[slot] = len(blob)
            blob += self._blob[off : off + n]
        self._blob, self._garbage = blob, 0

    # -- order keys ---------------------------------------------------------------------------
    def _key(self, slot: int) -> str:
        kp = self._kp[slot]
        if kp == _GENERIC:
            return self._gkeys[slot]
        return f"{_ms_str(kp)}|{_ms_str(self._ks[slot])}|{self._id(slot)}"

    @staticmethod
    def _parse_key(order_key: str, doc_id: str) -> tuple[int, int] | None:
        m = _KEY_RE.match(order_key)
        if m is None or order_key[m.end() :] != doc_id:
            return None
        a, b, c, d = m.groups()
        return int(a) * 1000 + int(b), int(c) * 1000 + int(d)

    def _earlier(
        self, slots: npt.NDArray[np.intp], key: str, doc_id: str, q: tuple[int, int] | None
    ) -> npt.NDArray[np.bool_]:
        """Which slots have an order key smaller than `key` (string order, computed on the int64 times)."""
        kp = np.frombuffer(self._kp, dtype=np.int64)[slots]
        if q is None or kp.min() < 0:  # a _GENERIC key: compare the strings
            return np.array([self._key(int(s)) < key for s in slots], dtype=bool)
        out: npt.NDArray[np.bool_] = kp < q[0]
        same = kp == q[0]
        if not same.any():
            return out
        ks = np.frombuffer(self._ks, dtype=np.int64)[slots]
        out |= same & (ks < q[1])
        for i in np.flatnonzero(same & (ks == q[1])):
            out[i] = self._id(int(slots[i])) < doc_id  # same times: the id decides, as in the string
        return out

    def _earliest(self, slots: npt.NDArray[np.intp]) -> int:
        """The slot with the smallest order key among `slots` (not empty)."""
        kp = np.frombuffer(self._kp, dtype=np.int64)[slots]
        if kp.min() < 0:  # a _GENERIC key: compare the strings
            return min((int(s) for s in slots), key=self._key)
        ks = np.frombuffer(self._ks, dtype=np.int64)[slots]
        first = (kp == kp.min()) & (ks == ks[kp == kp.min()].min())
        tied = slots[first]
        return int(tied[0]) if len(tied) == 1 else min((int(s) for s in tied), key=self._id)

    # -- chained band tables ----------------------------------------------------------------
    def _slot_keys(self, slot: int) -> list[int]:
        w = self._width
        return self._bucket_keys([bkey[slot] for bkey in self._bkeys], self._mins[slot * w : (slot + 1) * w])

    def _link(self, slot: int) -> None:
        mask = (1 << self._tbits) - 1
        for head, nxt, c in zip(self._heads, self._nexts, self._slot_keys(slot), strict=True):
            nxt[slot] = head[c & mask]
            head[c & mask] = slot

    def _unlink(self, slot: int) -> None:
        mask = (1 << self._tbits) - 1
        for head, nxt, c in zip(self._heads, self._nexts, self._slot_keys(slot), strict=True):
            at = c & mask
            cur, prev = head[at], _NONE
            while cur != _NONE and cur != slot:
                prev, cur = cur, nxt[cur]
            if cur == _NONE:
                continue
            if prev == _NONE:
                head[at] = nxt[slot]
            else:
                nxt[prev] = nxt[slot]

    def _grow_tables(self, slots: int) -> None:
        # About four slots per bucket, at least 2**_ext buckets (see __init__): short chains, small heads.
        while slots > (4 << self._tbits) and self._tbits < 16 + self._ext:
            self._tbits += 1
        if len(self._heads[0]) == 1 << self._tbits:
            return
        self._heads = [array("i", [_NONE]) * (1 << self._tbits) for _ in range(self.cfg.bands)]
        if not self._byte_per_band:
            for slot in range(len(self._idoff)):
                if self._idoff[slot] != _FREE:
                    self._link(slot)
            return
        # Default layout (byte b of the packed mins is band b's): every chain rebuilt at once in numpy.
        live = np.flatnonzero(np.frombuffer(self._idoff, dtype=np.uint32) != _FREE)
        if not len(live):
            return
        mins = np.frombuffer(self._mins, dtype=np.uint8).reshape(-1, self._width)[live]
        mask = (1 << self._tbits) - 1
        for b, (head, nxt, bkey) in enumerate(zip(self._heads, self._nexts, self._bkeys, strict=True)):
            keys = np.frombuffer(bkey, dtype=np.uint16)[live].astype(np.int64)
            bucket = ((keys << 8) | mins[:, b]) & mask
            order = np.argsort(bucket, kind="stable")
            chain, buckets = live[order].astype(np.int32), bucket[order]
            same = buckets[1:] == buckets[:-1]  # a chain runs through the slots of one bucket, in order
            nv = np.frombuffer(nxt, dtype=np.int32)
            nv[chain[:-1]] = np.where(same, chain[1:], _NONE)
            nv[chain[-1]] = _NONE
            first = np.concatenate(([True], ~same))
            np.frombuffer(head, dtype=np.int32)[buckets[first]] = chain[first]
            del nv  # release the buffer: the array may grow later

    def _folded_keys(self, bands: bytes) -> list[int]:
        # 16-bit keys folded from the persisted little-endian 32-bit ones (what the index stores per band).
        nb = self.cfg.bands
        keys = array("I")
        keys.frombytes(bands[: nb * 4].ljust(nb * 4, b"\0"))
        if not _LITTLE:
            keys.byteswap()
        return [(k ^ (k >> 16)) & 0xFFFF for k in keys]

    def _bucket_keys(self, folded: list[int], packed: bytes | bytearray) -> list[int]:
        """Per band: the folded key above the low _ext bits of the band's rows in the packed mins."""
        e, step = self._ext, self.cfg.rows * self.cfg.mins_bits
        if self._byte_per_band:
            return [(k << 8) | m for k, m in zip(folded, packed, strict=False)]
        x, low = int.from_bytes(packed, "little"), (1 << e) - 1
        return [(k << e) | ((x >> (b * step)) & low) for b, k in enumerate(folded)]

    def _candidates(self, keys: list[int]) -> set[int]:
        mask, e = (1 << self._tbits) - 1, self._ext
        out: set[int] = set()
        add = out.add
        for head, nxt, bkey, c in zip(self._heads, self._nexts, self._bkeys, keys, strict=True):
            cur, k = head[c & mask], c >> e
            while cur != _NONE:
                if bkey[cur] == k:
                    add(cur)
                cur = nxt[cur]
        return out

    # -- public API ---------------------------------------------------------------------------
    def add(self, entry: IndexEntry) -> None:
        """Index a document (also used to rebuild the index from persisted entries); replaces the same id."""
        cell = self._drop(entry.id)
        keys, mins = self._keys_and_mins(entry.sig)
        self._add(entry, self._parse_key(entry.order_key, entry.id), keys, mins, cell, entry.sig.source)

    def _keys_and_mins(self, sig: Signature) -> tuple[list[int], bytes]:
        mins = pack_mins(sig.mins, self.cfg)
        nb = self.cfg.bands
        if self._byte_per_band and len(sig.bands) >= 4 * nb and _LITTLE:  # default layout, one pass (hot)
            raw = memoryview(sig.bands)[: 4 * nb].cast("I")
            return [(((k ^ (k >> 16)) & 0xFFFF) << 8) | m for k, m in zip(raw, mins, strict=False)], mins
        return self._bucket_keys(self._folded_keys(sig.bands), mins), mins

    def _add(
        self,
        entry: IndexEntry,
        parsed: tuple[int, int] | None,
        keys: list[int],
        mins: bytes,
        cell: int,
        src: int,
    ) -> None:
        sig, w = entry.sig, self._width
        exact = int.from_bytes(sig.exact[:4], "little")
        kp, ks = parsed if parsed is not None else (_GENERIC, 0)
        if self._free:
            slot = self._free.pop()
            self._kp[slot], self._ks[slot] = kp, ks
            self._seen[slot], self._size[slot], self._exact[slot] = entry.seen_at, sig.size, exact
            self._src[slot] = src
            self._mins[slot * w : (slot + 1) * w] = mins
        else:
            slot = len(self._idoff)
            self._grow_tables(slot + 1)  # before the new slot exists: it is linked once, below
            self._kp.append(kp)
            self._ks.append(ks)
            self._seen.append(entry.seen_at)
            self._size.append(sig.size)
            self._exact.append(exact)
            self._mins += mins
            if slot == len(self._bkeys[0]):
                # All bands grow at once by 1/16, into exactly sized arrays (no append per document, and
                # none of array's own over-allocation on top).
                cap = slot + max(16, slot >> 4)
                for b in range(self.cfg.bands):
                    bkey, nxt = array("H", [0]) * cap, array("i", [_NONE]) * cap
                    bkey[:slot], nxt[:slot] = self._bkeys[b], self._nexts[b]
                    self._bkeys[b], self._nexts[b] = bkey, nxt
                fps = array("H", [0]) * cap
                fps[:slot] = self._src
                self._src = fps
            self._src[slot] = src
        if parsed is None:
            self._gkeys[slot] = entry.order_key
        if sig.scheme != self.cfg.scheme:
            self._other[slot] = (sig.scheme, sig.exact)
            self._other_exact.setdefault(sig.exact, []).append(slot)
        self._store_id(slot, entry.id)
        self._live += 1
        if 3 * (self._used + 1) > 2 * len(self._table):
            self._rehash()  # also indexes the new slot
        else:  # `cell` (from _drop, nothing inserted since) is on the id's probe path and free
            self._used += self._table[cell] == -1  # a reused deleted cell is already counted
            self._table[cell] = slot
        mask, e = (1 << self._tbits) - 1, self._ext
        for head, nxt, bkey, c in zip(self._heads, self._nexts, self._bkeys, keys, strict=True):
            bkey[slot] = c >> e
            nxt[slot] = head[c & mask]
            head[c & mask] = slot
        bucket = int(entry.seen_at // self._wheel_s)
        wheel = self._wheel.get(bucket)
        if wheel is None:
            self._wheel[bucket] = array("i", [slot])
        else:
            wheel.append(slot)

    def remove(self, doc_id: str) -> None:
        """Drop a document from the index (no-op when absent)."""
        self._drop(doc_id)

    def _drop(self, doc_id: str) -> int:
        """Remove an id if indexed; return a table cell where it can be inserted again."""
        slot, cell = self._find(doc_id)
        if slot < 0:
            return cell
        self._table[cell] = -2
        self._unlink(slot)
        n = self._idlen[slot]
        if n == _LONG:
            del self._long_ids[slot]
        else:
            self._garbage += n
        self._gkeys.pop(slot, None)
        other = self._other.pop(slot, None)
        if other is not None:
            same = self._other_exact[other[1]]
            same.remove(slot)
            if not same:
                del self._other_exact[other[1]]
        self._idoff[slot] = _FREE
        self._live -= 1
        self._free.append(slot)
        if self._garbage > 4096 and 2 * self._garbage > len(self._blob):
            self._compact_ids()  # (the id table holds slots, not offsets: the cell stays valid)
        return cell

    def check(self, entry: IndexEntry) -> DedupInfo:
        """Judge a document against earlier indexed ones (see the class docstring), then index it."""
        cell = self._drop(entry.id)  # redelivery or correction of the same id: replace, never match itself
        parsed = self._parse_key(entry.order_key, entry.id)
        keys, mins = self._keys_and_mins(entry.sig)
        src = entry.sig.source  # (read once: a property on the hot path)
        info = self._judge(entry, parsed, keys, mins, src)
        self._add(entry, parsed, keys, mins, cell, src)
        return info

    def _judge(
        self, entry: IndexEntry, parsed: tuple[int, int] | None, keys: list[int], mins: bytes, src: int
    ) -> DedupInfo:
        cfg, sig = self.cfg, entry.sig
        found = self._candidates(keys)
        identical = np.zeros(0, dtype=np.intp)
        if self._other:  # signatures of two schemes are compared only for identical text (class docstring)
            found = {s for s in found if self._other.get(s, (cfg.scheme,))[0] == sig.scheme}
            cross = [s for s in self._other_exact.get(sig.exact, ()) if self._other[s][0] != sig.scheme]
            if cross:
                identical = np.array(cross, dtype=np.intp)
                identical = identical[self._earlier(identical, entry.order_key, entry.id, parsed)]
        if not found and not len(identical):
            return _UNIQUE
        cands = np.fromiter(found, dtype=np.intp, count=len(found))
        if len(cands):
            cands = cands[
                self._earlier(cands, entry.order_key, entry.id, parsed)
            ]  # only earlier ones are originals
        if not len(cands) and not len(identical):
            return _UNIQUE
        sizes = np.frombuffer(self._size, dtype=np.uint32)[cands].astype(np.int64)
        exact = np.frombuffer(self._exact, dtype=np.uint32)[cands]
        same = cands[(exact == int.from_bytes(sig.exact[:4], "little")) & (sizes == sig.size)]
        if len(identical):
            same = np.concatenate((same, identical))
        if len(same):
            return DedupInfo(status="duplicate", original_id=self._id(self._earliest(same)), similarity=1.0)
        if sig.size < cfg.min_shingles or not len(cands):
            return _UNIQUE
        if sizes.min() < cfg.min_shingles:
            big = sizes >= cfg.min_shingles
            cands, sizes = cands[big], sizes[big]
            if not len(cands):
                return _UNIQUE
        rows = np.frombuffer(self._mins, dtype=np.uint64).reshape(-1, self._width // 8)[cands]
        matches = _zero_groups(rows ^ np.frombuffer(mins, dtype=np.uint64), cfg.mins_bits) - self._pad
        sims = _scores(matches, sig.size, sizes, cfg)
        # Unknown sources (0) are never "the same": they keep the cross-source threshold. Sources are looked
        # at only for candidates passing the lower of the two thresholds (usually none).
        ok = np.flatnonzero(sims >= (min(cfg.threshold, cfg.same_source_threshold) if src else cfg.threshold))
        if len(ok) and src and cfg.same_source_threshold != cfg.threshold:
            same_src = np.frombuffer(self._src, dtype=np.uint16)[cands[ok]] == src
            ok = ok[sims[ok] >= np.where(same_src, cfg.same_source_threshold, cfg.threshold)]
        if not len(ok):
            return _UNIQUE
        best = self._earliest(cands[ok]) if len(ok) > 1 else int(cands[ok[0]])
        sim = float(sims[ok[0]] if len(ok) == 1 else sims[np.flatnonzero(cands == best)[0]])
        return DedupInfo(status="near_duplicate", original_id=self._id(best), similarity=round(sim, 4))

    def evict(self, now: float) -> list[str]:
        """Drop documents first seen more than `window_s` before `now`; return their ids.

        Cost is proportional to the evicted documents plus one coarse time bucket, not to the index size.
        """
        cutoff = now - self.cfg.window_s
        last = int(cutoff // self._wheel_s)
        out: list[str] = []
        for bucket in sorted(b for b in self._wheel if b <= last):
            slots = self._wheel.pop(bucket)
            keep = array("i")
            for slot in slots:
                if self._idoff[slot] == _FREE or int(self._seen[slot] // self._wheel_s) != bucket:
                    continue  # stale: removed, or the slot now holds a document of another bucket
                if self._seen[slot] < cutoff:
                    doc_id = self._id(slot)
                    out.append(doc_id)
                    self.remove(doc_id)
                else:
                    keep.append(slot)
            if keep:
                self._wheel[bucket] = keep
        return out

"""Dedup stage: exact and near-duplicate detection with MinHash + LSH over the normalised matching form."""

from __future__ import annotations

import hashlib
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
_BASE = 0x100000001B3  # odd polynomial base for shingle hashes; invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
# Languages written without spaces between words: shingles are character n-grams there.
_CJK_LANGS = frozenset({"zh", "ja", "yue", "wuu", "lzh"})


@dataclass(frozen=True)
class DedupConfig:
    """Knobs of the dedup stage (defaults chosen by scripts/eval_dedup.py on planted Arabic copies)."""

    threshold: float = 0.5  # on `similarity` (damped containment by default), see `similarity()`
    window_s: float = 7 * 86400.0
    num_perm: int = 128  # MinHash permutations; the low byte of each is kept (b-bit MinHash)
    bands: int = 20  # LSH bands, each over `rows` permutations (the first bands*rows of num_perm)
    rows: int = 2
    shingle_words: int = 3  # word n-grams for scripts with spaces (Arabic, Latin, Cyrillic, ...)
    shingle_chars: int = 3  # character n-grams for CJK, which has no spaces between words
    min_shingles: int = 8  # shorter texts are only ever exact duplicates: too few shingles to estimate
    measure: str = "containment"  # "containment" (damped, robust to boilerplate and cuts) or "jaccard"
    containment_floor: float = 0.5  # the smaller text counts as at least this share of the larger one


class Signature(msgspec.Struct, array_like=True):
    """What dedup needs of a document, compact for msgpack: ~230 bytes at the default configuration."""

    exact: bytes  # 8-byte blake2b of the matching form: identical text
    size: int  # distinct shingles, to turn a Jaccard estimate into containment
    mins: bytes  # low byte of each of num_perm minhash values (b-bit MinHash, for the similarity estimate)
    bands: bytes  # one little-endian uint32 key per LSH band, from the full 32-bit minhash values


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
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    # zip + map keeps the n-gram loop in C: this is most of the signature time on long articles.
    return set(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


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


def shingle_hashes(match_text: str, cfg: DedupConfig, language: str | None = None) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the shingles of `shingles()`, vectorised (no per-shingle strings)."""
    codes = np.frombuffer(match_text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if _cjk(match_text, language):
        codes = codes[codes != 32]
        n, k = len(codes), cfg.shingle_chars
        starts = np.arange(max(1, n - k + 1))
        ends = np.minimum(starts + k, n)
    else:
        n, k = len(codes), cfg.shingle_words
        spaces = np.flatnonzero(codes == 32)
        word_starts = np.concatenate(([0], spaces + 1))
        word_ends = np.concatenate((spaces, [n]))
        m = max(1, len(word_starts) - k + 1)
        starts = word_starts[:m]
        ends = word_ends[np.minimum(np.arange(m) + k - 1, len(word_ends) - 1)]
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    pw, inv = (_POW, _INV) if n < len(_POW) else _pow_tables(n + 1)
    prefix = np.zeros(n + 1, dtype=np.uint64)  # (np.concatenate with a Python 0 would promote to float64)
    np.cumsum((codes + np.uint64(1)) * pw[:n], dtype=np.uint64, out=prefix[1:])
    # Polynomial hash of each span, shifted back to position 0 so equal spans hash equally anywhere.
    h = (prefix[ends] - prefix[starts]) * inv[starts] + (ends - starts).astype(np.uint64)
    # splitmix64 finaliser: polynomial hashes have weak low bits.
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    h.sort()  # distinct values by sort + neighbour mask: np.unique costs ten times more on short arrays
    keep = np.ones(len(h), dtype=bool)
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    return h[keep]


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
    # Band keys: each band's `rows` values mixed by multiply-xor (vectorised, no salted Python hash()).
    per_band = d[: cfg.bands * cfg.rows].reshape(cfg.bands, cfg.rows)
    h = np.zeros(cfg.bands, dtype=np.uint64)
    for c in range(cfg.rows):
        h = (h ^ per_band[:, c]) * np.uint64(_GOLD)
    keys = ((h ^ (h >> np.uint64(32))) & np.uint64(_MASK32)).astype("<u4")
    mins = (d & np.uint64(0xFF)).astype(np.uint8)
    exact = hashlib.blake2b(match_text.encode(), digest_size=8).digest()
    return Signature(exact=exact, size=len(hashes), mins=mins.tobytes(), bands=keys.tobytes())


def _matches(a: bytes | bytearray, b: bytes | bytearray) -> int:
    # Equal bytes are zero bytes of the XOR: counted in C rather than a Python loop.
    n = len(a)
    x = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
    return x.to_bytes(n, "little").count(0)


def _jaccard_bytes(a: bytes | bytearray, b: bytes | bytearray) -> float:
    n = len(a)
    if n == 0 or n != len(b):
        return 0.0
    # One byte per permutation agrees by chance 1/256 of the time: unbiased b-bit estimator.
    j = (_matches(a, b) / n - 1 / 256) / (1 - 1 / 256)
    return min(1.0, max(0.0, j))


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the shingle sets of two signatures."""
    return _jaccard_bytes(a.mins, b.mins)


def _score(j: float, sa: int, sb: int, cfg: DedupConfig) -> float:
    if cfg.measure == "jaccard" or sa == 0 or sb == 0:
        return j
    inter = j * (sa + sb) / (1 + j)  # |A∩B| from Jaccard and the two set sizes
    small, large = min(sa, sb), max(sa, sb)
    # Containment of the smaller text, but a tiny text inside a long one is not a copy of it.
    return min(1.0, inter / max(small, cfg.containment_floor * large))


def similarity(a: Signature, b: Signature, cfg: DedupConfig) -> float:
    """The score compared with `cfg.threshold`: damped containment (or Jaccard), estimated from signatures."""
    return _score(jaccard(a, b), a.size, b.size, cfg)


class DedupIndex:
    """An in-memory LSH index of recent documents; the worker persists its entries, so it can be rebuilt.

    Verdict rule (independent of the order entries were added, so a rebuilt index decides the same):
    a document is a copy only of indexed documents with a smaller `order_key` (earlier published, then
    first seen, then id). Identical matching forms give "duplicate" with the earliest identical one; else
    among earlier documents whose similarity reaches the threshold, the earliest by `order_key` is the
    original. The same id is replaced, never matched. Per-document state lives in typed arrays indexed
    by a slot number (the LSH tables are chained hash tables in arrays) to keep memory per document low.
    """

    def __init__(self, cfg: DedupConfig | None = None) -> None:
        """Create an empty index."""
        self.cfg = cfg or DedupConfig()
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._keys: list[str] = []
        self._seen = array("d")
        self._size = array("I")
        self._exact = array("Q")  # first 8 bytes of the exact hash, as an integer
        self._mins = bytearray()
        self._bkey = array("I")  # slot*bands + band -> band key
        self._next = array("i")  # slot*bands + band -> next slot in the chain of that band bucket
        self._free: list[int] = []
        self._tbits = 10
        self._head = array("i", [_NONE]) * (self.cfg.bands << self._tbits)
        # Time wheel for eviction: coarse seen_at bucket -> slots (stale slots are re-checked on eviction).
        self._wheel_s = max(1.0, self.cfg.window_s / 64)
        self._wheel: dict[int, array[int]] = {}

    def __len__(self) -> int:
        """Number of indexed documents."""
        return len(self._slot)

    def __contains__(self, doc_id: object) -> bool:
        """True when the id is indexed."""
        return doc_id in self._slot

    # -- chained band tables ----------------------------------------------------------------
    def _link(self, slot: int) -> None:
        nb, shift = self.cfg.bands, self._tbits
        mask = (1 << shift) - 1
        for b in range(nb):
            at = (b << shift) | (self._bkey[slot * nb + b] & mask)
            self._next[slot * nb + b] = self._head[at]
            self._head[at] = slot

    def _unlink(self, slot: int) -> None:
        nb, shift = self.cfg.bands, self._tbits
        mask = (1 << shift) - 1
        for b in range(nb):
            at = (b << shift) | (self._bkey[slot * nb + b] & mask)
            cur, prev = self._head[at], _NONE
            while cur != _NONE and cur != slot:
                prev, cur = cur, self._next[cur * nb + b]
            if cur == _NONE:
                continue
            nxt = self._next[slot * nb + b]
            if prev == _NONE:
                self._head[at] = nxt
            else:
                self._next[prev * nb + b] = nxt

    def _grow_tables(self, slots: int) -> None:
        # About two slots per bucket: chains stay short and the band key check skips strangers.
        while slots > (2 << self._tbits):
            self._tbits += 1
        if len(self._head) == self.cfg.bands << self._tbits:
            return
        self._head = array("i", [_NONE]) * (self.cfg.bands << self._tbits)
        for slot, doc_id in enumerate(self._ids):
            if doc_id is not None:
                self._link(slot)

    def _candidates(self, bands: bytes) -> set[int]:
        nb, shift = self.cfg.bands, self._tbits
        mask = (1 << shift) - 1
        keys = array("I")
        keys.frombytes(bands)
        if sys.byteorder == "big":
            keys.byteswap()
        out: set[int] = set()
        head, nxt, bkey = self._head, self._next, self._bkey
        for b in range(min(nb, len(keys))):
            k = keys[b]
            cur = head[(b << shift) | (k & mask)]
            while cur != _NONE:
                if bkey[cur * nb + b] == k:
                    out.add(cur)
                cur = nxt[cur * nb + b]
        return out

    # -- public API ---------------------------------------------------------------------------
    def add(self, entry: IndexEntry) -> None:
        """Index a document (also used to rebuild the index from persisted entries); replaces the same id."""
        self.remove(entry.id)
        sig, nb, p = entry.sig, self.cfg.bands, self.cfg.num_perm
        mins = sig.mins[:p].ljust(p, b"\0")
        bands = array("I")
        bands.frombytes(sig.bands[: nb * 4].ljust(nb * 4, b"\0"))
        if sys.byteorder == "big":
            bands.byteswap()
        exact = int.from_bytes(sig.exact[:8], "little")
        if self._free:
            slot = self._free.pop()
            self._ids[slot], self._keys[slot] = entry.id, entry.order_key
            self._seen[slot], self._size[slot], self._exact[slot] = entry.seen_at, sig.size, exact
            self._mins[slot * p : (slot + 1) * p] = mins
            self._bkey[slot * nb : (slot + 1) * nb] = bands
        else:
            slot = len(self._ids)
            self._grow_tables(slot + 1)  # before the new slot exists: it is linked once, below
            self._ids.append(entry.id)
            self._keys.append(entry.order_key)
            self._seen.append(entry.seen_at)
            self._size.append(sig.size)
            self._exact.append(exact)
            self._mins += mins
            self._bkey.extend(bands)
            self._next.extend(array("i", [_NONE]) * nb)
        self._slot[entry.id] = slot
        self._link(slot)
        self._wheel.setdefault(int(entry.seen_at // self._wheel_s), array("i")).append(slot)

    def remove(self, doc_id: str) -> None:
        """Drop a document from the index (no-op when absent)."""
        slot = self._slot.pop(doc_id, None)
        if slot is None:
            return
        self._unlink(slot)
        self._ids[slot] = None
        self._keys[slot] = ""
        self._free.append(slot)

    def check(self, entry: IndexEntry) -> DedupInfo:
        """Judge a document against earlier indexed ones (see the class docstring), then index it."""
        self.remove(entry.id)  # redelivery or correction of the same id: replace, never match itself
        cfg, p, sig, key = self.cfg, self.cfg.num_perm, entry.sig, entry.order_key
        exact: str | None = None
        exact_key = ""
        near: str | None = None
        near_key, near_sim = "", 0.0
        mins = sig.mins[:p]
        exact_h = int.from_bytes(sig.exact[:8], "little")
        for slot in self._candidates(sig.bands):
            other_key = self._keys[slot]
            if other_key >= key:
                continue  # only an earlier document can be the original
            if self._exact[slot] == exact_h and self._size[slot] == sig.size:
                if exact is None or other_key < exact_key:
                    exact, exact_key = self._ids[slot], other_key
                continue
            if exact is not None or sig.size < cfg.min_shingles or self._size[slot] < cfg.min_shingles:
                continue
            j = _jaccard_bytes(mins, self._mins[slot * p : (slot + 1) * p])
            sim = _score(j, sig.size, self._size[slot], cfg)
            if sim >= cfg.threshold and (near is None or other_key < near_key):
                near, near_key, near_sim = self._ids[slot], other_key, sim
        if exact is not None:
            info = DedupInfo(status="duplicate", original_id=exact, similarity=1.0)
        elif near is not None:
            info = DedupInfo(status="near_duplicate", original_id=near, similarity=round(near_sim, 4))
        else:
            info = DedupInfo(status="unique", original_id=None, similarity=None)
        self.add(entry)
        return info

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
                doc_id = self._ids[slot]
                if doc_id is None or int(self._seen[slot] // self._wheel_s) != bucket:
                    continue  # stale: removed, or the slot now holds a document of another bucket
                if self._seen[slot] < cutoff:
                    out.append(doc_id)
                    self.remove(doc_id)
                else:
                    keep.append(slot)
            if keep:
                self._wheel[bucket] = keep
        return out

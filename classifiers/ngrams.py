"""Character and word n-gram TF-IDF, computed for a whole batch at once with numpy.

scikit-learn's `TfidfVectorizer` builds every n-gram as a Python string, which caps a caption
classifier at a few thousand texts a second. Here a batch is one array of code points and every
n-gram is a 64-bit polynomial hash of its characters, taken from prefix sums in O(1) per n-gram:
the hash of s[a:b] is B^(b-1) * (Q[b] - Q[a]) with Q[i] = sum(s[k] * B^-k, k < i), all modulo
2^64 (numpy's unsigned arithmetic wraps, and an odd B has an inverse modulo 2^64). The
vocabulary is the set of full 64-bit hashes seen in training, so collisions are as rare as
64-bit collisions, and each kept n-gram remembers one string that produced it for explanations.

Semantics follow `TfidfVectorizer(sublinear_tf=True, norm="l2", smooth_idf=True)` with a
minimum document frequency, per block (characters, words), like two vectorizers side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

_B = np.uint64(0x100000001B3)  # the FNV prime: odd, so invertible modulo 2^64
_B_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEP = 1  # code point that separates documents in the batch buffer
_SPACE = 32
_WORD_SALT = np.uint64(0xABCDEF)


@dataclass(frozen=True, slots=True)
class _Batch:
    """A batch of documents as one code-point array, with its prefix hashes."""

    codes: np.ndarray  # uint64 code points; documents are " doc " joined by _SEP
    prefix: np.ndarray  # Q, len(codes) + 1
    powers: np.ndarray  # B^i, len(codes) + 1
    doc_of: np.ndarray  # document index of every position

    def hashes(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Hash of codes[start:end] for every pair, salted by its length."""
        with np.errstate(over="ignore"):
            raw = self.powers[ends - 1] * (self.prefix[ends] - self.prefix[starts])
            return (raw ^ (ends - starts).astype(np.uint64)) * _MIX


def _batch(texts: Sequence[str]) -> _Batch:
    joined = "\x01".join(f" {t} " for t in texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes)
    with np.errstate(over="ignore"):
        inv_powers = np.empty(n, dtype=np.uint64)
        inv_powers[0] = 1
        if n > 1:
            inv_powers[1:] = _B_INV
            inv_powers = np.cumprod(inv_powers, dtype=np.uint64)
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(codes * inv_powers, dtype=np.uint64, out=prefix[1:])
        powers = np.empty(n + 1, dtype=np.uint64)
        powers[0] = 1
        powers[1:] = _B
        powers = np.cumprod(powers, dtype=np.uint64)
    doc_of = np.cumsum(codes == _SEP)
    return _Batch(codes, prefix, powers, doc_of)


def _char_ngrams(batch: _Batch, orders: range) -> tuple[np.ndarray, ...]:
    """(document, hash, start, end) of every character n-gram inside its document."""
    n = len(batch.codes)
    seps = np.concatenate([[0], batch.doc_of])
    docs, hashes, starts, ends = [], [], [], []
    for order in orders:
        start = np.arange(0, max(n - order + 1, 0))
        start = start[seps[start + order] == seps[start]]
        docs.append(batch.doc_of[start])
        hashes.append(batch.hashes(start, start + order))
        starts.append(start)
        ends.append(start + order)
    return tuple(np.concatenate(x) for x in (docs, hashes, starts, ends))


def _word_ngrams(batch: _Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(document, hash, start, end) of every word and every pair of neighbouring words."""
    codes = batch.codes
    in_word = (codes != _SPACE) & (codes != _SEP)
    edges = np.diff(np.concatenate([[False], in_word, [False]]).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    docs = batch.doc_of[starts]
    same_doc = docs[:-1] == docs[1:]
    pair_starts, pair_ends = starts[:-1][same_doc], ends[1:][same_doc]
    all_starts = np.concatenate([starts, pair_starts])
    all_ends = np.concatenate([ends, pair_ends])
    return (
        np.concatenate([docs, docs[:-1][same_doc]]),
        batch.hashes(all_starts, all_ends),
        all_starts,
        all_ends,
    )


class _Lookup:
    """An open-addressing hash table from 64-bit n-gram hash to column, probed for a whole
    batch at once: a sorted-array search costs a cache miss per step, this about one."""

    _EMPTY = np.uint64(0)

    def __init__(self, keys: np.ndarray) -> None:
        size = 1 << max(16, int(len(keys) * 4).bit_length())
        self.mask = np.uint64(size - 1)
        self.keys = np.zeros(size, dtype=np.uint64)
        self.cols = np.full(size, -1, dtype=np.int32)
        mask = size - 1
        for col, key in enumerate(keys.tolist()):
            slot = key & mask
            while self.keys[slot] != 0:
                slot = (slot + 1) & mask
            self.keys[slot] = key
            self.cols[slot] = col

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """The column of every hash, or -1 where it is not in the vocabulary."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        pending = np.arange(len(hashes))
        slots = hashes & self.mask
        while len(pending):
            held = self.keys[slots]
            hit = held == hashes[pending]
            found[pending[hit]] = self.cols[slots[hit]]
            # Probing stops at a hit or an empty slot; the rest look one slot further.
            go_on = ~hit & (held != self._EMPTY)
            pending = pending[go_on]
            slots = (slots[go_on] + np.uint64(1)) & self.mask
        return found


class HashedTfidf:
    """TF-IDF over character n-grams (`orders`) and word unigrams and bigrams of a batch.

    Follows the estimator contract: `fit` learns `vocab_`, `idf_` and `names_`.
    """

    def __init__(self, *, char_orders: tuple[int, int] = (3, 4), min_df: int = 2) -> None:
        self.char_orders = char_orders
        self.min_df = min_df

    def _grams(self, texts: Sequence[str]) -> list[tuple[np.ndarray, ...]]:
        """Per block (characters, words): document, hash, start and end of every n-gram."""
        batch = _batch(texts)
        lo, hi = self.char_orders
        c_docs, c_hash, c_start, c_end = _char_ngrams(batch, range(lo, hi + 1))
        w_docs, w_hash, w_start, w_end = _word_ngrams(batch)
        # A one-letter word and a one-letter character n-gram would otherwise share a hash.
        return [(c_docs, c_hash, c_start, c_end), (w_docs, w_hash ^ _WORD_SALT, w_start, w_end)]

    def fit(self, texts: Sequence[str]) -> HashedTfidf:
        joined = "\x01".join(f" {t} " for t in texts)
        self.vocab_, self.idf_, names = [], [], []
        for prefix, (docs, hashes, starts, ends) in zip(
            ("char:", "word:"), self._grams(texts), strict=True
        ):
            distinct = np.unique(np.stack([hashes, docs.astype(np.uint64)]), axis=1)
            keys, df = np.unique(distinct[0], return_counts=True)
            # 0 marks an empty slot of the lookup table; a zero hash is vanishingly rare.
            keep = (df >= self.min_df) & (keys != 0)
            keys, df = keys[keep], df[keep]
            seen, first = np.unique(hashes, return_index=True)
            where = first[np.searchsorted(seen, keys)]
            names.extend(
                prefix + joined[a:b]
                for a, b in zip(starts[where].tolist(), ends[where].tolist(), strict=True)
            )
            self.vocab_.append(keys)
            self.idf_.append((np.log((1 + len(texts)) / (1 + df)) + 1.0).astype(np.float32))
        self.names_ = np.array(names, dtype=object)
        self._lookups = None
        self._idf_cache = None
        return self

    def __getstate__(self) -> dict:
        # The lookup tables are rebuilt from the vocabulary; pickling them would only add size.
        return {k: v for k, v in self.__dict__.items() if k not in ("_lookups", "_idf_cache")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lookups = None
        self._idf_cache = None

    def _lookup(self, block: int) -> _Lookup:
        if self._lookups is None:
            self._lookups = [_Lookup(v) for v in self.vocab_]
        return self._lookups[block]

    @property
    def n_features(self) -> int:
        return sum(len(v) for v in self.vocab_)

    def transform(
        self, texts: Sequence[str], *, extra: tuple[np.ndarray, np.ndarray, int] | None = None
    ) -> sparse.csr_matrix:
        """The TF-IDF matrix of `texts`; `extra` = (rows, columns, width) appends binary
        features after the n-gram columns, in the same single pass."""
        n_docs = len(texts)
        width = self.n_features + (extra[2] if extra else 0)
        rows, cols, offset = [], [], 0
        for k, (docs, hashes, _starts, _ends) in enumerate(self._grams(texts)):
            found = self._lookup(k).find(hashes)
            known = found >= 0
            rows.append(docs[known])
            cols.append(found[known] + offset)
            offset += len(self.vocab_[k])
        if extra is not None:
            rows.append(np.asarray(extra[0], np.int64))
            cols.append(np.asarray(extra[1], np.int64) + offset)
        # Building the CSR matrix sums repeated (document, column) pairs into counts; scipy
        # groups by row and sorts only within a row, cheaper than one sort of every n-gram.
        counts = sparse.csr_matrix(
            (np.ones(sum(len(r) for r in rows), dtype=np.float32),
             (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_docs, width),
        )
        counts.sum_duplicates()
        row_of = np.repeat(np.arange(n_docs), np.diff(counts.indptr))
        counts.data = self._weights(row_of, counts.indices, counts.data, n_docs)
        return counts

    def _weights(
        self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray, n_docs: int
    ) -> np.ndarray:
        """Sublinear TF times IDF, L2-normalised per document within each block; extra
        features stay 1."""
        idf = self._idf_all()
        ngram = cols < len(idf)
        values = np.ones(len(cols), dtype=np.float32)
        values[ngram] = (1.0 + np.log(counts[ngram])) * idf[cols[ngram]]
        # Two blocks: characters, then words.
        block = cols[ngram] >= len(self.vocab_[0])
        slot = rows[ngram] * len(self.vocab_) + block
        norms = np.sqrt(np.bincount(slot, values[ngram] ** 2, minlength=n_docs * len(self.vocab_)))
        values[ngram] /= norms[slot]
        return values

    def _idf_all(self) -> np.ndarray:
        if getattr(self, "_idf_cache", None) is None:
            self._idf_cache = np.concatenate(self.idf_)
        return self._idf_cache

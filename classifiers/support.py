"""The partisan-content classifier: `support`, `oppose` or `neutral`, with a score and reasons.

Character n-grams survive the spelling chaos of comments, word n-grams catch taglines, and the
rule hits of `classifiers.rules` are features too, so a quoted "salam 2 jari" in a news item
weighs less than the same words in a supporter's caption. A linear model keeps every decision
explainable: the reviewer sees the n-grams that pushed it and the rules that fired.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from classifiers.honorifics import mark_names
from classifiers.ngrams import HashedTfidf
from classifiers.normalize import normalize, normalize_text
from classifiers.regions import mark_regions
from classifiers.rules import QUOTED_FEATURES, RULE_NAMES, TEXT_SIGNS, RuleHit, find_rules
from classifiers.slang import expand
from classifiers.sources import sources_digest

log = logging.getLogger(__name__)

LABELS = ("support", "oppose", "neutral")
# Bump when features or model change, so a cached model of the old design is never reused.
DESIGN_VERSION = "lr2-hashed-calibrated"
CORPUS_DIR = Path(__file__).parent / "corpus"
CORPUS_COLUMNS = ("text", "label", "source", "note")
_TOP_FEATURES = 6
# Folds for the sigmoid calibration; the smallest class must have at least this many rows.
_CALIBRATION_FOLDS = 5


class ModelVersionError(RuntimeError):
    """A saved model was trained under another scikit-learn or model design."""


class CorpusError(ValueError):
    """A corpus row that cannot be used, named by file and line."""


@dataclass(frozen=True, slots=True)
class Classification:
    label: str
    score: float
    probabilities: dict[str, float]
    explanation: dict[str, Any]
    model_version: str


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    source: str
    category: str = ""
    note: str = ""


def corpus_files() -> list[Path]:
    """The shipped corpus: composed rows, hand-written rows, and everyday NusaX sentences."""
    return sorted(CORPUS_DIR.glob("*.csv")) + sorted((CORPUS_DIR / "handwritten").glob("*.csv"))


def load_corpus(path: Path | None = None) -> list[Example]:
    """The labelled examples in one corpus CSV, or with no path in every shipped one."""
    if path is None:
        return [e for p in corpus_files() for e in load_corpus(p)]
    examples = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(CORPUS_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise CorpusError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            text, label = (row["text"] or "").strip(), (row["label"] or "").strip()
            if not text:
                raise CorpusError(f"{where}: field text is empty")
            if label not in LABELS:
                raise CorpusError(f"{where}: field label must be one of {LABELS}, got {label!r}")
            examples.append(Example(
                text, label, (row["source"] or "").strip() or "corpus",
                (row.get("category") or "").strip(), (row["note"] or "").strip(),
            ))
    return examples


def corpus_digest(path: Path | None = None) -> str:
    """SHA-256 over one corpus file, or over every shipped one (names and contents)."""
    h = hashlib.sha256()
    for p in [path] if path is not None else corpus_files():
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class _Prepared:
    expanded: list[str]
    hits: list[list[RuleHit]]


def _prepare(texts: Sequence[str]) -> _Prepared:
    expanded, hits = [], []
    for text in texts:
        # Rule hits need offsets into the original. For ASCII text they cost next to nothing
        # beside the normalization itself; for the rest they are computed only if a rule fires.
        normalized = normalize(text) if text.isascii() else normalize_text(text)
        norm = normalized if isinstance(normalized, str) else normalized.text
        expanded.append(expand(mark_regions(mark_names(norm, text), text)))
        hits.append(find_rules(text, normalized))
    return _Prepared(expanded, hits)


_RULE_FEATURES = (*RULE_NAMES, *TEXT_SIGNS, *QUOTED_FEATURES)
_RULE_INDEX = {name: i for i, name in enumerate(_RULE_FEATURES)}


def _rule_features(hits: Sequence[Sequence[RuleHit]]) -> tuple[np.ndarray, np.ndarray, int]:
    """(rows, columns, width) of the rule features that fired."""
    rows, cols = [], []
    for r, row_hits in enumerate(hits):
        for name in {f"quoted_{h.leans}" if h.quoted else h.rule for h in row_hits}:
            rows.append(r)
            cols.append(_RULE_INDEX[name])
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), len(_RULE_FEATURES)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is classified.

    A batch of 1,000 captions allocates tens of thousands of small objects (words, rule hits,
    result dicts), none of them in reference cycles, so reference counting frees them all; the
    cyclic collector would only walk them again and again (10-15% of the batch time, measured
    with bench/classify.py). The switch is process-wide: other threads go without cyclic
    collection for the length of a batch too (a second or so for the largest imports), and with
    batches overlapping in threads, the first to finish turns it back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    return z / z.sum(axis=1, keepdims=True)


class SupportClassifier:
    """Character and word n-gram TF-IDF plus rule features, into a logistic regression whose
    probabilities are calibrated by cross-validated sigmoid scaling."""

    def __init__(self, *, c: float = 16.0, calibrate: bool = True) -> None:
        self.c = c
        self.calibrate = calibrate
        self.model_version = "untrained"

    def _matrix(self, prepared: _Prepared) -> sparse.csr_matrix:
        return self.ngrams_.transform(prepared.expanded, extra=_rule_features(prepared.hits))

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], *, model_version: str
    ) -> SupportClassifier:
        prepared = _prepare(texts)
        self.ngrams_ = HashedTfidf().fit(prepared.expanded)
        x, y = self._matrix(prepared), np.asarray(labels)
        base = LogisticRegression(C=self.c, max_iter=5000, class_weight="balanced")
        smallest = min(Counter(labels).values())
        if self.calibrate and smallest >= _CALIBRATION_FOLDS:
            # ensemble=False: one model refit on all rows (its weights explain decisions),
            # sigmoids fitted on out-of-fold scores (they make the probabilities honest).
            calibrated = CalibratedClassifierCV(
                base, method="sigmoid", cv=_CALIBRATION_FOLDS, ensemble=False
            ).fit(x, y)
            self.linear_ = calibrated.calibrated_classifiers_[0].estimator
            self.calibrators_ = [
                (float(c.a_), float(c.b_))
                for c in calibrated.calibrated_classifiers_[0].calibrators
            ]
        else:
            self.linear_ = base.fit(x, y)
            self.calibrators_ = None
        self.classes_ = [str(c) for c in self.linear_.classes_]
        coef = self.linear_.coef_.astype(np.float32)
        # With three classes a feature that lifts all of them equally explains nothing, so
        # explanations weigh each feature against the mean of the classes.
        self.contrast_ = coef - coef.mean(axis=0)
        self.names_ = np.concatenate([
            self.ngrams_.names_, np.array([f"rule:{n}" for n in _RULE_FEATURES], dtype=object),
        ])
        self.model_version = model_version
        return self

    def _probabilities(self, x: sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(x @ self.linear_.coef_.T) + self.linear_.intercept_
        if self.calibrators_ is None:
            return _softmax_rows(scores)
        a = np.array([c[0] for c in self.calibrators_])
        b = np.array([c[1] for c in self.calibrators_])
        # scikit-learn's sigmoid calibration: 1 / (1 + exp(a * score + b)), per class, then
        # normalised so the three probabilities sum to one.
        p = 1.0 / (1.0 + np.exp(scores * a + b))
        return p / np.clip(p.sum(axis=1, keepdims=True), 1e-12, None)

    def predict(self, texts: Sequence[str]) -> list[Classification]:
        if not texts:
            return []
        with _collector_paused():
            return self._predict(texts)

    def _predict(self, texts: Sequence[str]) -> list[Classification]:
        prepared = _prepare(texts)
        x = self._matrix(prepared)
        probabilities = self._probabilities(x)
        best = probabilities.argmax(axis=1)
        features = self._top_features(x, best)
        rounded = np.round(probabilities, 4).tolist()
        version = self.model_version
        results = []
        for i, probs in enumerate(rounded):
            k = int(best[i])
            results.append(Classification(
                label=self.classes_[k],
                score=probs[k],
                probabilities=dict(zip(self.classes_, probs, strict=True)),
                explanation={
                    "rules": [h.as_dict() for h in prepared.hits[i]],
                    "features": features[i],
                    "model_version": version,
                },
                model_version=version,
            ))
        return results

    def _top_features(self, x: sparse.csr_matrix, best: np.ndarray) -> list[list[dict]]:
        """Per row, the n-grams and rules that pushed hardest towards the chosen label."""
        n = x.shape[0]
        rows = np.repeat(np.arange(n), np.diff(x.indptr))
        contributions = x.data * self.contrast_[best[rows], x.indices]
        candidates = np.flatnonzero(contributions > 0)
        rows, contributions = rows[candidates], contributions[candidates]
        # Only what can be among a row's strongest is sorted: contributions of at least a tenth
        # of the row's best, or every positive one in rows where fewer than _TOP_FEATURES are.
        starts = np.searchsorted(rows, np.arange(n))
        filled = starts < len(rows)
        strongest = np.zeros(n, dtype=contributions.dtype)
        if filled.any():
            strongest[filled] = np.maximum.reduceat(contributions, starts[filled])
        near = contributions >= 0.1 * strongest[rows]
        few = np.bincount(rows[near], minlength=n) < _TOP_FEATURES
        near |= few[rows]
        candidates, rows, contributions = candidates[near], rows[near], contributions[near]
        # One sort orders rows, and within a row the strongest contribution first
        # (contributions are far below the spacing between rows).
        order = np.argsort(rows * 1e6 - contributions)
        sorted_rows = rows[order]
        rank = np.arange(len(order)) - np.searchsorted(sorted_rows, np.arange(n))[sorted_rows]
        keep_sorted = order[rank < _TOP_FEATURES]
        out: list[list[dict]] = [[] for _ in range(n)]
        names = self.names_[x.indices[candidates[keep_sorted]]].tolist()
        weights = np.round(contributions[keep_sorted], 4).tolist()
        for row, name, weight in zip(rows[keep_sorted].tolist(), names, weights, strict=True):
            out[row].append({"feature": name, "weight": weight})
        return out

    def save(self, path: Path, *, card: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump({"classifier": self, "card": card}, tmp, compress=3)
        tmp.replace(path)
        path.with_suffix(".card.json").write_text(
            json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    @staticmethod
    def load(path: Path) -> SupportClassifier:
        """A saved model, refused if it was trained under another scikit-learn or design.

        The card is read before the pickle, because unpickling under another scikit-learn
        may itself fail or, worse, quietly load a model that behaves differently.
        """
        card_path = path.with_suffix(".card.json")
        if not card_path.exists():
            raise ModelVersionError(f"{path} has no model card ({card_path.name}): retrain it")
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if card.get("sklearn_version") != sklearn.__version__:
            raise ModelVersionError(
                f"{path} was trained with scikit-learn {card.get('sklearn_version')}, "
                f"this is {sklearn.__version__}: retrain it (pantau classifier train)"
            )
        if card.get("design_version") != DESIGN_VERSION:
            raise ModelVersionError(
                f"{path} has model design {card.get('design_version')}, "
                f"this code expects {DESIGN_VERSION}: retrain it"
            )
        if card.get("code_sha256") != code_digest():
            # Normalization, rules or n-grams changed: the same columns would mean other things.
            raise ModelVersionError(
                f"{path} was trained with other feature code "
                f"({str(card.get('code_sha256'))[:12]}, this is {code_digest()[:12]}): retrain it"
            )
        bundle = joblib.load(path)
        return bundle["classifier"]


# The features are computed by these modules: editing one changes what a model means.
_FEATURE_SOURCES = (
    "normalize.py", "honorifics.py", "regions.py", "lexicon/regions.txt", "segment.py",
    "lexicon/words.txt", "slang.py", "rules.py", "ngrams.py", "support.py",
)


def code_digest() -> str:
    return sources_digest(_FEATURE_SOURCES)


def model_version_for(digest: str) -> str:
    """Named after the design, the training data and the feature code."""
    return f"support-{DESIGN_VERSION}-{digest[:8]}-{code_digest()[:6]}"


def train(examples: Iterable[Example], *, digest: str) -> tuple[SupportClassifier, dict]:
    """A classifier trained on `examples`, with its model card."""
    examples = list(examples)
    version = model_version_for(digest)
    classifier = SupportClassifier().fit(
        [e.text for e in examples], [e.label for e in examples], model_version=version
    )
    card = {
        "model_version": version,
        "design_version": DESIGN_VERSION,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "code_sha256": code_digest(),
        "training_data": {
            "sha256": digest,
            "examples": len(examples),
            "labels": dict(Counter(e.label for e in examples)),
            "sources": dict(Counter(e.source for e in examples)),
        },
    }
    return classifier, card


def load_default(cache_dir: Path) -> SupportClassifier:
    """The model for the shipped corpus: from the cache, or trained once and cached.

    The cache is derived data: a model from another corpus, design or scikit-learn version is
    retrained rather than trusted.
    """
    digest = corpus_digest()
    path = Path(cache_dir) / f"{model_version_for(digest)}.joblib"
    if path.exists():
        try:
            return SupportClassifier.load(path)
        except ModelVersionError as exc:
            log.warning("retraining: %s", exc)
    log.info("training the support classifier from %s", CORPUS_DIR)
    classifier, card = train(load_corpus(), digest=digest)
    classifier.save(path, card=card)
    return classifier

"""The partisan-content classifier: `support`, `oppose` or `neutral`, with a score and reasons.

Character n-grams survive the spelling chaos of comments, word n-grams catch taglines, and the
rule hits of `classifiers.rules` are features too, so a quoted "salam 2 jari" in a news item
weighs less than the same words in a supporter's caption. A linear model keeps every decision
explainable: the reviewer sees the n-grams that pushed it and the rules that fired.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from classifiers.normalize import normalize
from classifiers.rules import RULE_NAMES, RuleHit, find_rules
from classifiers.slang import expand

log = logging.getLogger(__name__)

LABELS = ("support", "oppose", "neutral")
# Bump when features or model change, so a cached model of the old design is never reused.
DESIGN_VERSION = "lr1"
CORPUS_PATH = Path(__file__).parent / "corpus" / "support.csv"
CORPUS_COLUMNS = ("text", "label", "source", "note")
# A rule is one column among hundreds of thousands of n-grams; scaled up it can matter.
_RULE_SCALE = 1.0
_TOP_FEATURES = 6


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


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    """The labelled examples in a corpus CSV (`text,label,source,note`)."""
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
            examples.append(Example(text, label, (row["source"] or "").strip() or "corpus"))
    return examples


def corpus_digest(path: Path = CORPUS_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Prepared:
    expanded: list[str]
    hits: list[list[RuleHit]]


def _prepare(texts: Sequence[str]) -> _Prepared:
    expanded, hits = [], []
    for text in texts:
        norm = normalize(text)
        expanded.append(expand(norm.text))
        hits.append(find_rules(text, norm))
    return _Prepared(expanded, hits)


def _rule_matrix(hits: Sequence[Sequence[RuleHit]]) -> sparse.csr_matrix:
    index = {name: i for i, name in enumerate(RULE_NAMES)}
    rows, cols = [], []
    for r, row_hits in enumerate(hits):
        for name in {h.rule for h in row_hits}:
            rows.append(r)
            cols.append(index[name])
    data = np.full(len(rows), _RULE_SCALE)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(hits), len(RULE_NAMES)))


class SupportClassifier:
    """TF-IDF character and word n-grams plus rule features, into a logistic regression."""

    def __init__(self, *, c: float = 8.0) -> None:
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
            dtype=np.float32,
        )
        self.words = TfidfVectorizer(
            analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), min_df=1,
            sublinear_tf=True, dtype=np.float32,
        )
        self.model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        self.model_version = "untrained"
        self._feature_names: np.ndarray | None = None

    def _matrix(self, prepared: _Prepared, *, fit: bool) -> sparse.csr_matrix:
        if fit:
            chars = self.chars.fit_transform(prepared.expanded)
            words = self.words.fit_transform(prepared.expanded)
        else:
            chars = self.chars.transform(prepared.expanded)
            words = self.words.transform(prepared.expanded)
        return sparse.hstack([chars, words, _rule_matrix(prepared.hits)], format="csr")

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], *, model_version: str
    ) -> SupportClassifier:
        prepared = _prepare(texts)
        self.model.fit(self._matrix(prepared, fit=True), list(labels))
        self.model_version = model_version
        self._feature_names = np.concatenate([
            np.char.add("char:", self.chars.get_feature_names_out().astype(str)),
            np.char.add("word:", self.words.get_feature_names_out().astype(str)),
            np.array([f"rule:{n}" for n in RULE_NAMES]),
        ])
        return self

    def predict(self, texts: Sequence[str]) -> list[Classification]:
        if not texts:
            return []
        prepared = _prepare(texts)
        x = self._matrix(prepared, fit=False)
        probabilities = self.model.predict_proba(x)
        classes = [str(c) for c in self.model.classes_]
        results = []
        for i, probs in enumerate(probabilities):
            k = int(np.argmax(probs))
            results.append(Classification(
                label=classes[k],
                score=round(float(probs[k]), 4),
                probabilities={c: round(float(p), 4) for c, p in zip(classes, probs, strict=True)},
                explanation={
                    "rules": [h.as_dict() for h in prepared.hits[i]],
                    "features": self._top_features(x.getrow(i), k),
                    "model_version": self.model_version,
                },
                model_version=self.model_version,
            ))
        return results

    def _top_features(self, row: sparse.csr_matrix, k: int) -> list[dict[str, Any]]:
        """The n-grams and rules that pushed hardest towards the chosen label."""
        assert self._feature_names is not None
        coef = self.model.coef_
        # Contribution towards class k relative to the mean of the classes: with three
        # classes a feature that lifts all of them equally explains nothing.
        weights = coef[k, row.indices] - coef[:, row.indices].mean(axis=0)
        contributions = row.data * weights
        order = np.argsort(-contributions)[:_TOP_FEATURES]
        return [
            {
                "feature": str(self._feature_names[row.indices[j]]),
                "weight": round(float(contributions[j]), 4),
            }
            for j in order
            if contributions[j] > 0
        ]

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
        bundle = joblib.load(path)
        return bundle["classifier"]


# The features are computed by these modules: editing one changes what a model means.
_FEATURE_SOURCES = ("normalize.py", "slang.py", "rules.py", "support.py")


def code_digest() -> str:
    h = hashlib.sha256()
    for name in _FEATURE_SOURCES:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()


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
    log.info("training the support classifier from %s", CORPUS_PATH)
    classifier, card = train(load_corpus(), digest=digest)
    classifier.save(path, card=card)
    return classifier

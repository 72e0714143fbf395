"""Classification benchmark: captions per second, in batches and one at a time, on one core.

The baseline, measured in the same run on the same captions, is the plain design the issue
names: scikit-learn's character n-gram TF-IDF into a logistic regression, trained on the same
corpus, with no normalization, rules, calibration or explanations. Pantau's figure includes all
of those (every result carries its rules with spans and its top n-grams).

    .venv/bin/python bench/classify.py [--captions 20000] [--batch 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

# One core, as the target says: pin the process and keep BLAS to one thread.
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sklearn  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from classifiers.support import corpus_digest, load_corpus, train  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "classify.json"


def _captions(texts: Sequence[str], n: int, seed: int) -> list[str]:
    """n captions drawn from the corpus: comments, captions and whole news paragraphs."""
    rng = random.Random(seed)
    return [rng.choice(texts) for _ in range(n)]


def _rate(run: Callable[[list[str]], object], captions: list[str], batch: int,
          repeats: int) -> float:
    """Best-of-`repeats` captions per second, calling `run` on consecutive slices of `batch`."""
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(0, len(captions), batch):
            run(captions[i : i + batch])
        rates.append(len(captions) / (time.perf_counter() - start))
    return max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captions", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=3_000, help="captions one at a time")
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    examples = load_corpus()
    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    t0 = time.perf_counter()
    pantau, card = train(examples, digest=corpus_digest())
    pantau_train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    baseline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
        LogisticRegression(C=8.0, max_iter=5000),
    ).fit(texts, labels)
    baseline_train_s = time.perf_counter() - t0

    captions = _captions(texts, args.captions, seed=1)
    singles = captions[: args.single]
    # Warm both up so that lazy imports and caches do not count against either.
    pantau.predict(captions[:50])
    baseline.predict_proba(captions[:50])

    figures = {
        "pantau_batch": _rate(pantau.predict, captions, args.batch, args.repeats),
        "baseline_batch": _rate(baseline.predict_proba, captions, args.batch, args.repeats),
        "pantau_single": _rate(pantau.predict, singles, 1, args.repeats),
        "baseline_single": _rate(baseline.predict_proba, singles, 1, args.repeats),
    }
    result = {
        "benchmark": "classify",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "cores_used": 1,
                    "python": platform.python_version(), "sklearn": sklearn.__version__},
        "model_version": card["model_version"],
        "corpus_examples": len(examples),
        "captions": len(captions),
        "mean_caption_chars": round(statistics.mean(len(c) for c in captions), 1),
        "batch_size": args.batch,
        "captions_per_second": {k: round(v, 1) for k, v in figures.items()},
        "ratio_to_baseline": {
            "batch": round(figures["pantau_batch"] / figures["baseline_batch"], 3),
            "single": round(figures["pantau_single"] / figures["baseline_single"], 3),
        },
        "train_seconds": {"pantau": round(pantau_train_s, 2),
                          "baseline": round(baseline_train_s, 2)},
        "target": {"batch_captions_per_second": 10_000,
                   "met": figures["pantau_batch"] >= 10_000},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(f"{len(captions)} captions, mean {result['mean_caption_chars']} chars, one core")
    print(f"{'':22} {'Pantau':>12} {'baseline':>12} {'ratio':>7}")
    for mode, label in (("batch", f"batch of {args.batch}"), ("single", "one at a time")):
        p, b = figures[f"pantau_{mode}"], figures[f"baseline_{mode}"]
        print(f"{label:22} {p:>10,.0f}/s {b:>10,.0f}/s {p / b:>6.2f}x")
    print(f"target >= 10,000/s in batches: {'met' if result['target']['met'] else 'NOT met'}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()

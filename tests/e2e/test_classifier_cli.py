"""`pantau classify` and `pantau classifier train|evaluate` as a user runs them.

They need no database, so they run once, not per backend. Each command trains on the whole
corpus at least once; the model cache is shared by the module to keep that to a minimum.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PANTAU = Path(sys.executable).parent / "pantau"
CIRCULAR = ("Surat Edaran Bupati: seluruh ASN wajib menjaga netralitas dan dilarang "
            "mendukung pasangan calon dalam Pilkada 2024")
LINES = ["Bulatkan tekad untuk Mas Arga, coblos no 2!", "", CIRCULAR]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("var")
    return os.environ | {"PANTAU_VAR_DIR": str(var),
                         "PANTAU_DATABASE_URL": f"sqlite:///{var / 'pantau.db'}"}


def _pantau(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(PANTAU), *args], env=env, cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=600)


def _classify(env: dict[str, str], *args: str) -> list[dict]:
    done = _pantau(env, "classify", *args, stdin="\n".join(LINES) + "\n")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_classify_answers_every_line_in_order(env: dict[str, str]) -> None:
    results = _classify(env)
    assert len(results) == len(LINES)
    assert all(set(r) == {"label", "score", "explanation"} for r in results)
    assert results[0]["label"] == "support"
    assert results[2]["label"] == "neutral"
    assert "tagline_bulatkan_tekad" in {r["rule"] for r in results[0]["explanation"]["rules"]}


def test_classify_survives_bad_bytes_and_endless_lines(env: dict[str, str]) -> None:
    stdin = b"\xff\xfe bukan utf-8\r\n" + b"panjang " * 40_000 + b"\ncoblos no 2\n"
    done = subprocess.run([str(PANTAU), "classify"], env=env, cwd=ROOT, input=stdin,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3


def test_evaluate_writes_the_report_files(env: dict[str, str], tmp_path: Path) -> None:
    done = _pantau(env, "classifier", "evaluate", "--folds", "2", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert report["cross_validation"]["folds"] == 2
    assert report["heldout"]["examples"] > 0
    assert "true \\ predicted" in (tmp_path / "confusion.txt").read_text(encoding="utf-8")
    assert (tmp_path / "pr_curve.png").read_bytes()[:4] == b"\x89PNG"
    assert "support recall at precision >= 0.90" in done.stdout
    assert "bar: neutrality false flags <= 2%: " in done.stdout


@pytest.fixture(scope="module")
def trained(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trained")
    decisions = folder / "decisions.csv"
    with decisions.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "source", "note"])
        w.writerow(["Gaskeun Bang Rizal nomor 1, kita menangkan!", "support", "decisions", "t"])
        w.writerow(["Rapat evaluasi kinerja triwulan di aula dinas", "neutral", "decisions", "t"])
    model = folder / "model.joblib"
    done = _pantau(env, "classifier", "train", "--extra", str(decisions), "--out", str(model))
    assert done.returncode == 0, done.stderr
    assert "decisions: 2 examples (support 1, oppose 0, neutral 1)" in done.stdout
    assert f"model: {model}" in done.stdout
    return model


def test_a_model_trained_with_decisions_classifies(env: dict[str, str], trained: Path) -> None:
    card = json.loads(trained.with_suffix(".card.json").read_text(encoding="utf-8"))
    assert card["training_data"]["sources"]["decisions"] == 2
    assert card["metrics"]["heldout"]["examples"] > 0
    results = _classify(env, "--model", str(trained))
    assert [r["label"] for r in results[::2]] == ["support", "neutral"]
    assert results[0]["explanation"]["model_version"] == card["model_version"]


def test_a_model_from_another_sklearn_is_a_one_line_error(
    env: dict[str, str], trained: Path, tmp_path: Path
) -> None:
    model = tmp_path / "old.joblib"
    model.write_bytes(trained.read_bytes())
    card = json.loads(trained.with_suffix(".card.json").read_text(encoding="utf-8"))
    model.with_suffix(".card.json").write_text(
        json.dumps({**card, "sklearn_version": "0.0.1"}), encoding="utf-8"
    )
    done = _pantau(env, "classify", "--model", str(model), stdin="coblos no 2\n")
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "error:" in line and "scikit-learn 0.0.1" in line and str(model) in line


def test_extra_data_needs_an_explicit_out(env: dict[str, str], tmp_path: Path) -> None:
    extra = tmp_path / "decisions.csv"
    extra.write_text("text,label,source,note\nhalo,neutral,decisions,t\n", encoding="utf-8")
    done = _pantau(env, "classifier", "train", "--extra", str(extra))
    assert done.returncode == 2 and "--extra needs --out" in done.stderr


def test_a_bad_extra_row_is_named(env: dict[str, str], tmp_path: Path) -> None:
    extra = tmp_path / "decisions.csv"
    extra.write_text("text,label,source,note\nhalo,positive,decisions,t\n", encoding="utf-8")
    done = _pantau(env, "classifier", "train", "--extra", str(extra), "--out",
                   str(tmp_path / "m.joblib"))
    assert done.returncode == 1
    assert f"{extra}:2: field label must be one of" in done.stderr

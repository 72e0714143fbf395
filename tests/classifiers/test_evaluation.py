"""Evaluation: the fixed held-out split, hand-checked metrics, cross-validation, the plot."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from classifiers.evaluation import (
    confusion_text,
    evaluate,
    format_result,
    is_heldout,
    metrics,
    quality_bars,
    split,
    verdict,
    write_pr_curve,
)
from classifiers.support import LABELS, Classification, Example, load_corpus

NAMES = ["Arga", "Wulan", "Dodi", "Rizal", "Sinta", "Bayu", "Maya", "Joko"]
HANDWRITTEN = [
    ("Bulatkan tekad untuk Mas Arga, coblos no 2!", "support", ""),
    ("smoga bliau jd walkot lg, sdh terbukti kerjanya 👍", "support", ""),
    ("Ayo dulur, pilih Kang Dodi tanggal 27 nanti", "support", ""),
    ("Lanjutkan dua periode Bu Wulan, kerjanya nyata", "support", ""),
    ("Salam tiga jari buat Bang Rizal, menang!", "support", ""),
    ("Kang Dodi for bupati 2024 💪", "support", ""),
    ("Mbak Maya pemimpin kita, nomor 2!", "support", ""),
    ("Jangan pilih calon yang gagal urus banjir", "oppose", ""),
    ("Tolak dinasti, jangan coblos dia", "oppose", ""),
    ("Sudah saatnya ganti wali kota, jangan yang itu lagi", "oppose", ""),
    ("Bawaslu ingatkan ASN jaga netralitas jelang pilkada", "neutral", "news_neutrality"),
    ("Surat edaran netralitas ASN diterbitkan Pj Bupati", "neutral", "circular"),
    ("Kami ASN siap menjaga prinsip netralitas ASN", "neutral", "pledge"),
    ("Pak lurah, jaga netralitas ya", "neutral", "appeal"),
    ("Gunakan hak pilih, datang ke TPS", "neutral", "civic"),
    ("Seorang camat dilaporkan karena pose salam dua jari", "neutral", "report"),
    ("Apel pagi di halaman balai kota", "neutral", ""),
    ("Selamat ulang tahun ibu, sehat selalu", "neutral", ""),
]


def _composed() -> list[tuple[str, str, str]]:
    rows = []
    for i, name in enumerate(NAMES):
        rows.append((f"Coblos nomor {i + 1} untuk Mas {name}, pasti menang", "support", ""))
        rows.append((f"Jangan pilih {name}, janjinya kosong", "oppose", ""))
        rows.append((f"Rapat koordinasi dinas bersama Pak {name} pagi ini", "neutral", ""))
    return rows


@pytest.fixture
def toy_corpus(tmp_path: Path) -> list[Example]:
    path = tmp_path / "toy.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "source", "note", "category"])
        for source, rows in (("composed", _composed()), ("handwritten", HANDWRITTEN)):
            for text, label, category in rows:
                w.writerow([text, label, source, "toy", category])
    return load_corpus(path)


def test_split_holds_out_only_handwritten_rows_the_same_way_every_time(toy_corpus) -> None:
    train, heldout = split(toy_corpus)
    assert heldout and all(e.source == "handwritten" for e in heldout)
    assert len(train) + len(heldout) == len(toy_corpus)
    assert split(list(reversed(toy_corpus)))[1] == list(reversed(heldout))
    assert {e.text for e in split(toy_corpus[5:])[1]} == {e.text for e in heldout}


def test_heldout_is_pinned_to_the_text_and_about_one_in_five() -> None:
    # Pinned so that a change to the rule (which would move rows between the sides and make
    # old numbers incomparable) is a deliberate one.
    assert is_heldout(Example("Pak lurah, jaga netralitas ya", "neutral", "handwritten"))
    assert is_heldout(Example("  PAK LURAH, jaga netralitas ya \n", "neutral", "handwritten"))
    assert not is_heldout(Example("Pak lurah, jaga netralitas ya", "neutral", "composed"))
    assert not is_heldout(Example("Pak lurah, jaga netralitas ya", "neutral", "decisions"))
    many = [Example(f"kalimat nomor {i}", "neutral", "handwritten") for i in range(2000)]
    assert 0.17 < sum(map(is_heldout, many)) / len(many) < 0.23


def test_a_training_copy_of_a_heldout_text_is_dropped() -> None:
    text = "Pak lurah, jaga netralitas ya"
    rows = [Example(text, "neutral", "handwritten"), Example(text.upper(), "support", "decisions"),
            Example("Apel pagi", "neutral", "decisions")]
    train, heldout = split(rows)
    assert [e.text for e in heldout] == [text]
    assert [e.text for e in train] == ["Apel pagi"]


def _prediction(support: float, oppose: float, neutral: float) -> Classification:
    probabilities = {"support": support, "oppose": oppose, "neutral": neutral}
    label = max(probabilities, key=probabilities.__getitem__)
    return Classification(label, probabilities[label], probabilities, {}, "test")


# (true label, category, predicted probabilities support/oppose/neutral)
HAND = [
    ("support", "", (0.9, 0.05, 0.05)),
    ("support", "", (0.6, 0.1, 0.3)),
    ("support", "", (0.3, 0.1, 0.6)),           # missed
    ("oppose", "", (0.1, 0.8, 0.1)),
    ("neutral", "circular", (0.7, 0.1, 0.2)),   # a false flag
    ("neutral", "pledge", (0.2, 0.1, 0.7)),
    ("neutral", "", (0.1, 0.5, 0.4)),           # wrong, but not a neutrality text
    ("neutral", "report", (0.3, 0.4, 0.3)),     # wrong, but below the flag threshold
]


@pytest.fixture
def hand() -> dict:
    examples = [Example(f"text {i}", label, "handwritten", category)
                for i, (label, category, _) in enumerate(HAND)]
    return metrics(examples, [_prediction(*p) for _, _, p in HAND], threshold=0.5)


def test_per_class_scores_and_confusion_match_hand_counts(hand: dict) -> None:
    assert hand["per_class"] == {
        "support": {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667, "support": 3},
        "oppose": {"precision": 0.3333, "recall": 1.0, "f1": 0.5, "support": 1},
        "neutral": {"precision": 0.5, "recall": 0.25, "f1": 0.3333, "support": 4},
    }
    assert hand["accuracy"] == 0.5 and hand["macro_f1"] == 0.5
    assert hand["confusion"]["matrix"] == [[2, 0, 1], [0, 1, 0], [1, 2, 1]]
    assert hand["by_source"] == {"handwritten": {"examples": 8, "accuracy": 0.5}}


def test_support_curve_and_operating_points(hand: dict) -> None:
    s = hand["support"]
    # Ranked by P(support): 0.9+ 0.7- 0.6+ 0.3+ 0.3- ...; only the top threshold reaches 0.90.
    assert s["at_precision"] == {"floor": 0.9, "recall": 0.3333, "precision": 1.0,
                                 "threshold": 0.9}
    assert s["average_precision"] == pytest.approx(1 / 3 + 1 / 3 * 2 / 3 + 1 / 3 * 0.6, abs=1e-4)
    assert s["at_default"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert s["curve"]["recall"][0] == 1.0 and s["curve"]["precision"][-1] == 1.0


def test_false_flags_count_only_neutrality_texts_over_the_threshold(hand: dict) -> None:
    ff = hand["neutrality_false_flags"]
    assert (ff["flagged"], ff["total"], ff["rate"]) == (1, 3, 0.3333)
    assert ff["texts"] == [{"text": "text 4", "category": "circular", "label": "support",
                            "score": 0.7}]
    assert quality_bars(hand) == {"support_recall": False, "neutrality_false_flags": False}


def test_calibration_matches_hand_computation(hand: dict) -> None:
    # Top scores by bin: .9 right; .6 right+wrong; .8 right; .7 wrong+right; .5 wrong; .4 wrong.
    ece = (0.1 + 2 * 0.1 + 0.2 + 2 * 0.2 + 0.5 + 0.4) / 8
    brier = (0.015 + 0.26 + 0.86 + 0.06 + 1.14 + 0.14 + 0.62 + 0.74) / 8
    assert hand["calibration"] == {"ece": round(ece, 4), "brier": round(brier, 4), "bins": 10}


def test_confusion_text_is_a_table_of_true_rows_and_predicted_columns() -> None:
    lines = confusion_text([[2, 0, 1], [0, 1, 0], [1, 2, 1]]).splitlines()
    assert lines[0].split() == ["true", "\\", "predicted", *LABELS]
    assert lines[3].split() == ["neutral", "1", "2", "1"]


def test_evaluate_on_a_toy_corpus_round_trips_through_json(toy_corpus, tmp_path: Path) -> None:
    steps: list[str] = []
    result = evaluate(toy_corpus, folds=2, on_step=steps.append)
    train, heldout = split(toy_corpus)
    assert {e.label for e in heldout} == set(LABELS)
    assert result["heldout"]["examples"] == len(heldout)
    assert result["heldout"]["train_examples"] == len(train)
    assert result["cross_validation"]["examples"] == len(train)
    assert len(result["cross_validation"]["fold_macro_f1"]) == 2
    assert steps == ["held-out split", "cross-validation fold 1/2", "cross-validation fold 2/2"]
    assert result["composition"]["handwritten"] == {"support": 7, "oppose": 3, "neutral": 8}
    assert json.loads(json.dumps(result)) == result
    text = format_result("held-out", result["heldout"])
    assert "support recall at precision >= 0.90" in text and "bar: neutrality" in text


def test_pr_curve_is_a_png(hand: dict, tmp_path: Path) -> None:
    path = tmp_path / "plots" / "pr.png"
    write_pr_curve(path, heldout=hand, cross_validation=hand)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_metrics_refuse_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="1 examples and 0 predictions"):
        metrics([Example("a", "neutral", "handwritten")], [])


def test_verdict_names_the_failed_bars(hand: dict) -> None:
    assert verdict(hand).startswith("quality bars NOT met on the held-out split: support recall")
    assert verdict(None).startswith("quality bars not measurable")

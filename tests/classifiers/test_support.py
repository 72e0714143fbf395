"""The support classifier: training, explanations, persistence and the shipped model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from classifiers.support import (
    LABELS,
    CorpusError,
    ModelVersionError,
    SupportClassifier,
    corpus_digest,
    load_corpus,
    load_default,
    train,
)

TOY = [
    ("Bulatkan tekad untuk Mas Arga, coblos no 2!", "support"),
    ("Ayo dukung penuh Bang Rizal, pasti menang", "support"),
    ("Salam 3 jari, menangkan Kang Dodi", "support"),
    ("Coblos nomor urut 1 ya dulur", "support"),
    ("Lanjutkan 2 periode Bu Wulan", "support"),
    ("Jangan pilih calon yang gagal urus banjir", "oppose"),
    ("#2024GantiWaliKota sudah saatnya", "oppose"),
    ("Tolak dinasti, jangan coblos dia", "oppose"),
    ("Bawaslu ingatkan ASN jaga netralitas", "neutral"),
    ("Surat edaran netralitas ASN diterbitkan", "neutral"),
    ("Apel pagi di halaman balai kota", "neutral"),
    ("Gunakan hak pilih, datang ke TPS", "neutral"),
    ("Seorang lurah dilaporkan karena salam dua jari", "neutral"),
]


def _write_corpus(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "source", "note"])
        for text, label in rows:
            w.writerow([text, label, "written", "test"])
    return path


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[SupportClassifier, dict]:
    path = _write_corpus(tmp_path_factory.mktemp("corpus") / "toy.csv", TOY)
    return train(load_corpus(path), digest=corpus_digest(path))


def test_result_carries_label_score_probabilities_and_explanation(toy_model) -> None:
    classifier, card = toy_model
    [result] = classifier.predict(["Bulatkan tekad untuk Mas Arga, coblos no 2"])
    assert result.label == "support"
    assert set(result.probabilities) == set(LABELS)
    assert result.score == max(result.probabilities.values())
    assert result.model_version == card["model_version"] == result.explanation["model_version"]
    rules = {r["rule"]: r for r in result.explanation["rules"]}
    assert rules["tagline_bulatkan_tekad"]["text"] == "Bulatkan tekad untuk Mas Arga"
    assert rules["vote_for_number"]["span"] == [31, 42]
    features = result.explanation["features"]
    assert features and all(f["weight"] > 0 for f in features)


def test_empty_batch_is_empty(toy_model) -> None:
    assert toy_model[0].predict([]) == []


def test_card_describes_training_data(toy_model) -> None:
    card = toy_model[1]
    assert card["training_data"]["examples"] == len(TOY)
    assert card["training_data"]["labels"] == {"support": 5, "oppose": 3, "neutral": 5}
    assert card["training_data"]["sources"] == {"written": len(TOY)}


def test_saved_model_round_trips(toy_model, tmp_path: Path) -> None:
    classifier, card = toy_model
    path = tmp_path / "m.joblib"
    classifier.save(path, card=card)
    loaded = SupportClassifier.load(path)
    texts = ["coblos no 2", "apel pagi"]
    assert loaded.predict(texts) == classifier.predict(texts)


def test_model_from_another_sklearn_is_refused(toy_model, tmp_path: Path) -> None:
    classifier, card = toy_model
    path = tmp_path / "m.joblib"
    classifier.save(path, card={**card, "sklearn_version": "0.0.1"})
    with pytest.raises(ModelVersionError, match="scikit-learn 0.0.1"):
        SupportClassifier.load(path)


def test_model_without_card_is_refused(toy_model, tmp_path: Path) -> None:
    classifier, card = toy_model
    path = tmp_path / "m.joblib"
    classifier.save(path, card=card)
    path.with_suffix(".card.json").unlink()
    with pytest.raises(ModelVersionError, match="no model card"):
        SupportClassifier.load(path)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("text,label\nhalo,neutral\n", "missing column"),
        ("text,label,source,note\nhalo,neutral,w,n\n,support,w,n\n", ":3: field text is empty"),
        ("text,label,source,note\nhalo,positive,w,n\n", ":2: field label must be one of"),
    ],
)
def test_bad_corpus_rows_are_named(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(path)


def test_shipped_corpus_is_large_and_balanced_enough() -> None:
    examples = load_corpus()
    labels = [e.label for e in examples]
    assert len(examples) >= 1500
    assert labels.count("support") >= 400 and labels.count("oppose") >= 100
    assert len({e.text for e in examples}) == len(examples), "duplicate texts in the corpus"


def test_default_model_is_cached_and_reused(model_cache_dir: Path) -> None:
    first = load_default(model_cache_dir)
    [card_path] = model_cache_dir.glob("*.card.json")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    assert card["model_version"] == first.model_version
    assert load_default(model_cache_dir).model_version == first.model_version


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Bulatkan tekad untuk Mas Bayu! Coblos nomor 2 tanggal 27 November", "support"),
        ("smoga bliau jd walkot lg, sdh terbukti kerjanya 👍 #Lanjutkan", "support"),
        ("Jangan pilih paslon yang cuma janji, #2024GantiWaliKota", "oppose"),
        ("Bawaslu Kota Cirebon ingatkan ASN jaga netralitas jelang pilkada", "neutral"),
        ("Seorang camat dilaporkan ke Bawaslu karena pose salam dua jari", "neutral"),
        ("Apel pagi bersama seluruh staf kecamatan, semangat melayani", "neutral"),
    ],
)
def test_default_model_on_plain_cases(model_cache_dir: Path, text: str, label: str) -> None:
    [result] = load_default(model_cache_dir).predict([text])
    assert result.label == label, result


def test_model_from_other_feature_code_is_refused(toy_model, tmp_path: Path) -> None:
    classifier, card = toy_model
    path = tmp_path / "m.joblib"
    classifier.save(path, card={**card, "code_sha256": "0" * 64})
    with pytest.raises(ModelVersionError, match="other feature code"):
        SupportClassifier.load(path)

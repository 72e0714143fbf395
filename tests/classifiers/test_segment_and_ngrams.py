"""Run-together hashtags, the batch n-gram TF-IDF, and the rules' trigger words."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from classifiers.ngrams import HashedTfidf
from classifiers.normalize import normalize, normalize_text
from classifiers.rules import RULES, find_rules
from classifiers.segment import split_words
from classifiers.support import load_corpus


@pytest.mark.parametrize(
    ("caption", "normalized"),
    [
        ("#2024gantiwalikota", "2024 ganti walikota"),
        ("#bulatkantekaduntukmasarga", "bulatkan tekad untuk mas arga"),
        ("#pilkadadamai", "pilkada damai"),
        ("#GANTIBUPATI sekarang", "ganti bupati sekarang"),
        ("#ASNNetral", "asn netral"),
        ("#Salam2Jari", "salam 2 jari"),
    ],
)
def test_run_together_hashtags_are_split(caption: str, normalized: str) -> None:
    assert normalize(caption).text == normalized


def test_a_split_hashtag_keeps_offsets_into_the_caption() -> None:
    caption = "mantap #gantiwalikota!"
    norm = normalize(caption)
    start = norm.text.index("walikota")
    assert caption[slice(*norm.original_span(start, start + len("walikota")))] == "walikota"


def test_a_name_or_unknown_run_is_left_whole() -> None:
    assert split_words("qwertyzxcv") == ("qwertyzxcv",)
    assert split_words("pilkada") == ("pilkada",)


def test_fast_normalized_text_equals_the_offset_path() -> None:
    texts = [e.text for e in load_corpus()] + ["", "  !!  ", "aaaa bbb", "Hello\tworld\n"]
    assert [normalize_text(t) for t in texts] == [normalize(t).text for t in texts]


def test_rule_triggers_never_hide_a_hit() -> None:
    """Every rule's pattern fires only on captions holding one of its trigger words."""
    for example in load_corpus():
        text = normalize(example.text).text
        words = set(text.split())
        for rule in RULES:
            if rule.pattern.search(text):
                assert not rule.triggers.isdisjoint(words), (rule.name, example.text)


def test_rules_from_the_string_path_map_spans_like_the_offset_path() -> None:
    caption = "Bulatkan tekad untuk Mas Arga!! Coblos no.2 ✌"
    assert find_rules(caption, normalize_text(caption)) == find_rules(caption, normalize(caption))


def test_character_block_equals_scikit_learns_tfidf() -> None:
    texts = ["coblos no 2 ya", "salam dua jari", "coblos nomor 2", "ayo coblos", "x"]
    ours = HashedTfidf(char_orders=(2, 5), min_df=1).fit(texts)
    theirs = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 5), sublinear_tf=True, lowercase=False
    ).fit([f" {t} " for t in texts])
    width = len(ours.vocab_[0])
    names = [n.removeprefix("char:") for n in ours.names_[:width]]
    assert sorted(names) == sorted(theirs.vocabulary_)
    mine = ours.transform(texts)[:, :width].toarray()
    reference = theirs.transform([f" {t} " for t in texts]).toarray()
    order = [theirs.vocabulary_[n] for n in names]
    np.testing.assert_allclose(mine, reference[:, order], rtol=1e-5)


def test_unknown_ngrams_and_empty_texts_are_zero_rows() -> None:
    model = HashedTfidf().fit(["coblos nomor dua", "salam dua jari"])
    x = model.transform(["zzzz qqqq", ""])
    assert x.shape == (2, model.n_features) and x.nnz == 0


def test_the_featurizer_survives_pickling() -> None:
    import pickle

    model = HashedTfidf().fit(["coblos nomor dua", "salam dua jari", "coblos dua"])
    clone = pickle.loads(pickle.dumps(model))
    assert (clone.transform(["coblos dua"]) != model.transform(["coblos dua"])).nnz == 0

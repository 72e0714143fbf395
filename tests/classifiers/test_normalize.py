"""Normalization of social-media Indonesian, and the offsets back to the caption."""

from __future__ import annotations

import pytest

from classifiers.normalize import normalize, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bulatkan Tekad!!!", "bulatkan tekad"),
        ("#BulatkanTekadUntukMasTri", "bulatkan tekad untuk mas tri"),
        ("#2024GantiWaliKota", "2024 ganti wali kota"),
        ("#salam2jari", "salam 2 jari"),
        ("banggaaa sekaliii", "bangga sekali"),
        ("bangga saat ini", "bangga saat ini"),  # real double letters stay
        ("nomor 1000", "nomor 1000"),  # digits are never squeezed
        ("Salam ✌ dari ☝", "salam dua jari dari satu jari"),
        ("𝐁𝐞𝐤𝐚𝐬𝐢 ＭＡＪＵ", "bekasi maju"),  # fancy fonts and full-width letters
        ("Café Sérénade", "cafe serenade"),
        ("  @camat.budi:   mantap\n\npak ", "camat budi mantap pak"),
        ("", ""),
        ("!!! ???", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle", "original"),
    [
        ("Semangat #BulatkanTekadUntukMasTri 💪", "mas tri", "MasTri"),
        ("MAAAS   TRIII!!", "mas tri", "MAAAS   TRIII"),
        ("Salam ✌ ya", "dua jari", "✌"),
        ("𝐁𝐞𝐤𝐚𝐬𝐢 maju", "bekasi", "𝐁𝐞𝐤𝐚𝐬𝐢"),
    ],
)
def test_spans_map_back_to_the_original(raw: str, needle: str, original: str) -> None:
    norm = normalize(raw)
    start = norm.text.index(needle)
    s, e = norm.original_span(start, start + len(needle))
    assert raw[s:e] == original


def test_every_output_character_has_an_offset() -> None:
    raw = "Héllo #CamelCase ✌ wooow!!"
    norm = normalize(raw)
    assert len(norm.offsets) == len(norm.text)
    assert list(norm.offsets) == sorted(norm.offsets)


def test_empty_span_is_refused() -> None:
    with pytest.raises(ValueError):
        normalize("abc").original_span(1, 1)


def test_plain_captions_map_offsets_exactly_like_the_general_path() -> None:
    """The fast path for ASCII captions keeps offsets by pieces; every character must map
    where the per-character path maps it, hashtags included."""
    import random

    from classifiers.normalize import _fold, _split_hashtags, _squeeze_runs

    rng = random.Random(7)
    texts = ["", " ", "  x", "x  ", ",  x!!", " ab  c", "siap menangkan 03!", "aaaa  bbb!!!",
             "#2024gantiwalikota!", "Mas #BulatkanTekadUntukMasTri  ok", "#a#b ##"]
    texts += ["".join(rng.choice("ab ,!.aaAB1#") for _ in range(rng.randint(0, 14)))
              for _ in range(3000)]
    for text in texts:
        fast = normalize(text)
        split = _split_hashtags(text) if "#" in text else (text, list(range(len(text))))
        slow = _squeeze_runs(*_fold(*split))
        assert (fast.text, list(fast.starts), list(fast.ends)) == (
            slow.text, list(slow.starts), list(slow.ends)), text

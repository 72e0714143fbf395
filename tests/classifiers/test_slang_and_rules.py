"""Slang expansion and the rule layer, on normalized text with spans in the original."""

from __future__ import annotations

import pytest

from classifiers.normalize import normalize, normalize_text
from classifiers.rules import find_rules
from classifiers.slang import expand


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sdh pasti bliau yg terbaik", "sudah pasti beliau yang terbaik"),
        ("smoga menang dgn berkah", "semoga menang dengan berkah"),
        ("Coblos nmr 02", "coblos nomor 2"),
        ("salam dua jari", "salam 2 jari"),
        ("hayu urang milih", "ayo kita memilih"),
        ("ayo dulur, wis mesti menang", "ayo saudara sudah harus menang"),
        ("m3n4ng", "menang"),
    ],
)
def test_expand_spells_out_slang(raw: str, expected: str) -> None:
    assert expand(normalize_text(raw)) == expected


def test_expand_keeps_real_numbers_and_function_words() -> None:
    assert expand(normalize_text("Datang ke TPS 27 November, jangan untuk golput")) == (
        "datang ke tps 27 november jangan untuk golput"
    )


def _rules(text: str) -> dict[str, str]:
    return {h.rule: h.text for h in find_rules(text, normalize(text))}


def test_tagline_rule_reports_span_in_the_original_caption() -> None:
    text = "Semangat!! #BulatkanTekadUntukMasArga"
    hits = [h for h in find_rules(text, normalize(text)) if h.rule == "tagline_bulatkan_tekad"]
    assert len(hits) == 1
    assert text[hits[0].start : hits[0].end] == hits[0].text == "BulatkanTekadUntukMasArga"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Jangan lupa coblos no.2 ya", "vote_for_number"),
        ("COBLOS NOMOR URUT 02!!!", "vote_for_number"),
        ("salam 3 jari dari Bekasi", "salam_jari"),
        ("Salam ✌ dulur", "finger_sign"),
        ("Paslon 3 pasti menang", "paslon_number"),
        ("Mas Arga for Bekasi 1", "for_region_one"),
        ("Lanjutkan 2 periode pak!", "two_terms"),
        ("Ayo menangkan pasangan ini", "win_call"),
        ("Jgn pilih yang suka ingkar janji", "dont_vote"),
        ("#2024GantiWaliKota", "replace_incumbent"),
        ("Bawaslu Kota Bogor ingatkan ASN netral", "neutrality"),
        ("Surat Edaran tentang netralitas ASN", "official_instrument"),
        ("Seorang lurah dilaporkan ke Bawaslu", "report_of_violation"),
        ("KPU gelar pengundian nomor urut paslon", "ballot_draw"),
    ],
)
def test_rules_fire(text: str, rule: str) -> None:
    assert rule in _rules(text)


@pytest.mark.parametrize(
    "text",
    ["Rapat jam 2 di aula", "Nomor antrean pelayanan KTP", "Kerja bakti RT 02", "Tripoli 1"],
)
def test_everyday_numbers_fire_no_partisan_rule(text: str) -> None:
    fired = {h.leans for h in find_rules(text, normalize(text))}
    assert "support" not in fired and "oppose" not in fired


def test_a_tagline_inside_quotation_marks_is_marked_quoted() -> None:
    text = "Bawaslu memeriksa lurah yang menulis 'Bulatkan tekad untuk Mas Dimas' di Facebook"
    [tagline] = [h for h in find_rules(text, normalize(text)) if h.rule.startswith("tagline")]
    assert tagline.quoted and tagline.as_dict()["quoted"] is True


def test_apostrophes_inside_words_are_not_quotations() -> None:
    text = "Jum'at berkah, ma'af ya semua: coblos no 2"
    assert not any(h.quoted for h in find_rules(text, normalize(text)))

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


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Coblos di dalam kotak, jangan di luar garis", "ballot_technique"),
        ("Kalau coblos dua kotak, suaranya gak sah", "ballot_technique"),
        ("Yang menang jangan jumawa, yang kalah jangan ngamuk", "both_outcomes"),
        ("Semoga semua calon siap kalah siap menang", "both_outcomes"),
        ("Mau nanya dong, paslon nomor 3 itu asli mana?", "info_request"),
        ("Calon nomor 1 itu mantan kadis bukan sih?", "info_request"),
        ("ASN like postingan calon boleh gak?", "info_request"),
        ("udah gue screenshot, lapornya kemana ya?", "info_request"),
        ("Udah saya screenshot, besok saya bawa", "evidence_kept"),
        ("Nanti saya kirim ke Bawaslu", "evidence_kept"),
        ("Rekamannya sudah kami simpan", "evidence_kept"),
        ("Pakai seragam dinas ke acara kampanye", "official_setting"),
        ("Mobil plat merah parkir di posko", "official_setting"),
        ("Bu camat upload video pakai lagu calon", "official_act_reported"),
        ("Kades di desa kami posting foto calon", "official_act_reported"),
        ("Ini sudah mobilisasi, ga bener", "disapproval"),
        ("Surat Edaran Nomor 2 Tahun 2024 tentang netralitas", "document_number"),
        ("SE Bupati No. 800/1123/BKPSDM/2024", "document_number"),
        ("Kalau bukan Kang Asep, siapa lagi?", "who_else"),
        ("Nek gak milih arek dhewe, sopo maneh?", "who_else"),
        ("udah fix pilihan keluargaku", "decided"),
        ("Gimana gak mau milih coba", "decided"),
    ],
)
def test_new_cue_rules_fire(text: str, rule: str) -> None:
    assert rule in _rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Surat Edaran Nomor 2 Tahun 2024 tentang netralitas ASN",
        "SE Nomor 1/SE/I/2024 tentang pedoman netralitas",
        "Sesuai SKB Nomor 2 Tahun 2022, ASN dilarang memasang spanduk",
    ],
)
def test_document_numbers_are_not_ballot_numbers(text: str) -> None:
    assert "ballot_number" not in _rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jangan pilih calon cuma karena satu kampung",
        "Jangan pilih pemimpin hanya karena amplop",
        "Jangan coblos dua paslon, nanti gak sah",
        "Jangan coblos di luar garis",
    ],
)
def test_voter_education_is_not_a_campaign_against(text: str) -> None:
    assert "dont_vote" not in _rules(text)


def test_a_ballot_number_before_a_date_is_still_a_ballot_number() -> None:
    fired = _rules("coblos nomor 2 27 november!")
    assert "ballot_number" in fired and "document_number" not in fired


def test_jangan_pilih_a_named_candidate_is_still_oppose() -> None:
    assert "dont_vote" in _rules("Jangan pilih Pak Joko, tukang ingkar janji")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Pak Pj tolong tegur kadis yg ikut2an kampanye", "demand_enforcement"),
        ("Pak Pj tolong tegur kadis yg ikut2an kampanye", "rebuke_of_official"),
        ("tiga staf memakai kaos bertuliskan Kang Iwan Pasti Menang", "quoted_or_reported"),
        ("BKN merekomendasikan hukuman disiplin bagi kepala bidang itu", "report_of_violation"),
        ("Jangan lupa nyoblos tanggal 27 ya", "turnout_call"),
        ("#JariUngu #siapnyoblos", "turnout_call"),
        ("Ayo coblos Mas Tri!", "vote_call"),
    ],
)
def test_reporting_and_turnout_rules_fire(text: str, rule: str) -> None:
    assert rule in _rules(text)


def test_a_call_to_turn_out_is_not_a_call_to_vote_for_someone() -> None:
    assert "vote_call" not in _rules("Jangan lupa nyoblos tanggal 27 November ya gaes")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Kalau bukan Pak Agustinus, siapa lagi?", "Pak Agustinus"),
        ("Gue bangga KANG SENDI nyalon", "KANG SENDI"),
        ("Doa kami untuk Ibu Hj. Rosmiati", "Ibu Hj. Rosmiati"),
    ],
)
def test_a_person_named_with_an_honorific_is_a_sign(text: str, named: str) -> None:
    assert _rules(text)["names_person"] == named


@pytest.mark.parametrize(
    "text",
    [
        "Terima kasih Pak Camat sudah turun ke lokasi banjir",
        "Bapak-bapak Linmas, jaga ketertiban di TPS",
        "Salaman saja cukup, Pak. Jangan ikut pose jari",
        "Hari H Pencoblosan tinggal seminggu",
        "Lurah itu menulis 'Bulatkan tekad untuk Mas Dimas' di Facebook",
    ],
)
def test_offices_sentence_ends_and_quoted_names_are_not_named_people(text: str) -> None:
    assert "names_person" not in _rules(text)


def test_two_people_named_is_a_sign_of_comparison() -> None:
    fired = _rules("Mau Kang Dede atau Teh Nia, kami ASN tetap melayani")
    assert "several_people" in fired and "names_person" in fired
    assert "several_people" not in _rules("Kang Dede lagi, Kang Dede terus")


def test_no_rule_gate_hides_a_match_anywhere_in_the_corpus():
    # `requires` lets a rule skip texts without its rarer words; a match in a text without
    # them would mean the gate silently drops a hit.
    from classifiers.normalize import normalize_text
    from classifiers.rules import RULES
    from classifiers.support import load_corpus

    gated = [r for r in RULES if r.requires is not None]
    assert gated
    hidden = []
    for example in load_corpus():
        text = normalize_text(example.text)
        words = set(text.split())
        hidden += [
            (rule.name, text) for rule in gated
            if rule.requires.isdisjoint(words) and rule.pattern.search(text)
        ]
    assert hidden == []

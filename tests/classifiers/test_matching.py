"""Matching watched people and candidates in posts: pure, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import matching
from classifiers.matching import (
    Match,
    Matcher,
    MatchInput,
    WatchedCandidate,
    WatchedPerson,
    strip_titles,
)
from classifiers.sealed import SealedFileError

PEOPLE = [
    WatchedPerson(1, "Drs. H. Ahmad Sutisna, M.Si", ("Agus",), (("tiktok", "Camat.Ahmad"),)),
    WatchedPerson(2, "Tri Wahyuni", (), (("instagram", "tri.wahyuni_"),)),
    WatchedPerson(3, "Ahmad Sutisna", (), ()),  # a namesake in another agency
]
CANDIDATES = [
    WatchedCandidate(
        10, 100, "Arga Wicaksana", ("Mas Arga", "Gaga"), 2, ("Bekasi Maju Bersama",),
        ("#BekasiMajuBersamaArga", "Lanjutkan"), (("tiktok", "arga.bekasi"),),
        ("Bekasi", "Kota Bekasi"),
    ),
    WatchedCandidate(
        20, 200, "Rina Kusumawati", ("Teh Rina",), 2, (), (), (), ("Bogor", "Kota Bogor"),
    ),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(PEOPLE, CANDIDATES)


def _match(matcher: Matcher, text: str = "", **kw) -> list[Match]:
    return matcher.match(MatchInput(kw.pop("platform", "tiktok"), kw.pop("author", None), text,
                                    **kw))


def _found(matches: list[Match]) -> set[tuple[str, int, str]]:
    return {(m.entity, m.entity_id, m.how) for m in matches}


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("Drs. H. Ahmad Sutisna, M.Si", "Ahmad Sutisna"),
        ("Hj. Siti Aminah, S.Pd., M.Pd", "Siti Aminah"),
        ("Ir. Bambang Hartono M.T.", "Bambang Hartono"),
        ("dr. Wulan Sari", "Wulan Sari"),
        ("Haryanto", "Haryanto"),
    ],
)
def test_titles_and_degrees_are_stripped(raw: str, bare: str) -> None:
    assert strip_titles(raw) == bare


def test_full_name_without_titles_matches_with_span_in_original(matcher: Matcher) -> None:
    text = "Terima kasih Bapak AHMAD   Sutisna!!"
    hits = [m for m in _match(matcher, text) if m.entity_id == 1]
    assert [(m.how, m.field, text[m.start : m.end]) for m in hits] == [
        ("name", "text", "AHMAD   Sutisna")
    ]


def test_namesakes_both_match_for_the_reviewer_to_decide(matcher: Matcher) -> None:
    assert {(1, "name"), (3, "name")} <= {
        (m.entity_id, m.how) for m in _match(matcher, "ahmad sutisna hadir")
    }


def test_single_name_needs_an_honorific(matcher: Matcher) -> None:
    assert not [m for m in _match(matcher, "Agus bilang besok libur") if m.entity == "person"]
    [hit] = [m for m in _match(matcher, "Kata pak agus besok libur") if m.entity == "person"]
    assert (hit.entity_id, hit.how, hit.matched) == (1, "honorific", "pak agus")


def test_first_name_with_honorific_matches_candidates_but_not_people(matcher: Matcher) -> None:
    assert (2, "honorific") not in {(m.entity_id, m.how) for m in _match(matcher, "Bu Tri hadir")}
    assert ("candidate", 20, "honorific") in _found(_match(matcher, "Dukung Bu Rina!"))


def test_alias_outranks_the_same_words_as_honorific(matcher: Matcher) -> None:
    hits = [m for m in _match(matcher, "Ayo Mas Arga") if m.entity == "candidate"]
    assert [(m.how, m.matched) for m in hits] == [("alias", "Mas Arga")]


def test_name_inside_a_split_hashtag(matcher: Matcher) -> None:
    text = "Semangat #BulatkanTekadUntukMasArga"
    [hit] = [m for m in _match(matcher, text) if m.entity == "candidate"]
    assert hit.how == "alias" and text[hit.start : hit.end] == "MasArga"


def test_elongated_letters_and_case(matcher: Matcher) -> None:
    assert ("candidate", 10, "alias") in _found(_match(matcher, "MAAAS AAARGAAA"))


def test_word_boundaries(matcher: Matcher) -> None:
    assert _match(matcher, "Mas Argaputra dan Pak Agustinus") == []
    assert _match(matcher, "Tripoli ahmad sutisnawati") == []


def test_slogan_and_registered_hashtag_in_text(matcher: Matcher) -> None:
    found = _found(_match(matcher, "Bekasi maju bersama! #BekasiMajuBersamaArga"))
    assert {("candidate", 10, "slogan"), ("candidate", 10, "hashtag")} <= found


def test_hashtag_list_is_compared_without_case(matcher: Matcher) -> None:
    hits = _match(matcher, "", hashtags=("bekasimajubersamaARGA", "lanjutkan"))
    assert {(m.how, m.field, m.matched) for m in hits} == {
        ("hashtag", "hashtags", "bekasimajubersamaARGA"),
        ("hashtag", "hashtags", "lanjutkan"),
    }


def test_one_word_hashtag_is_not_matched_in_running_text(matcher: Matcher) -> None:
    assert _match(matcher, "Lanjutkan kerja baiknya") == []


@pytest.mark.parametrize(
    "text",
    ["Coblos no.2 untuk Bekasi", "nomor urut 02, warga Kota Bekasi!", "Bekasi salam 2 jari",
     "Bekasi ✌", "Bekasi paslon dua"],
)
def test_ballot_number_with_region_context(matcher: Matcher, text: str) -> None:
    found = _found(_match(matcher, text))
    assert ("candidate", 10, "ballot_number") in found
    assert ("candidate", 20, "ballot_number") not in found  # also number 2, but in Bogor


@pytest.mark.parametrize("text", ["coblos no 2", "rapat jam 2 di balai kota", "Bekasi 2 hari"])
def test_ballot_number_without_context_or_marker_is_nothing(matcher: Matcher, text: str) -> None:
    assert not [m for m in _match(matcher, text) if m.how == "ballot_number"]


def test_ballot_number_counts_beside_another_sign_of_the_candidate(matcher: Matcher) -> None:
    found = _found(_match(matcher, "Teh Rina nomor 2!"))
    assert ("candidate", 20, "ballot_number") in found
    assert ("candidate", 10, "ballot_number") not in found


def test_handles_as_author_mention_tag_and_in_text(matcher: Matcher) -> None:
    text = "Bersama @Arga.Bekasi. hari ini"
    hits = _match(matcher, text, author="camat.ahmad", mentions=("CAMAT.AHMAD",),
                  tagged=("@arga.bekasi",))
    got = {(m.entity_id, m.how, m.field) for m in hits}
    assert got == {(1, "author", "author"), (1, "mention", "mentions"), (10, "tag", "tagged"),
                   (10, "mention", "text")}
    [in_text] = [m for m in hits if m.field == "text"]
    assert text[in_text.start : in_text.end] == "@Arga.Bekasi"


def test_handles_are_per_platform(matcher: Matcher) -> None:
    assert _match(matcher, author="tri.wahyuni_", platform="tiktok") == []
    assert _found(_match(matcher, author="tri.wahyuni_", platform="instagram")) == {
        ("person", 2, "author")
    }


def test_extra_text_is_matched_with_its_own_spans(matcher: Matcher) -> None:
    extra = "Photo by Teh Rina. May be an image of 2 people"
    [hit] = _match(matcher, "", extra_text=extra)
    assert (hit.field, extra[hit.start : hit.end]) == ("extra_text", "Teh Rina")


def test_same_hit_is_reported_once(matcher: Matcher) -> None:
    hits = _match(matcher, "pak agus", mentions=("camat.ahmad", "Camat.Ahmad"))
    assert len(hits) == 2


def test_empty_watch_list_matches_nothing() -> None:
    assert Matcher.build([], []).match(MatchInput("tiktok", "x", "Mas Arga no 2")) == []


def test_the_same_name_twice_is_two_spans(matcher: Matcher) -> None:
    text = "Ahmad Sutisna dan ahmad SUTISNA"
    spans = sorted((m.start, m.end) for m in _match(matcher, text) if m.entity_id == 1)
    assert [text[a:b] for a, b in spans] == ["Ahmad Sutisna", "ahmad SUTISNA"]


def test_titles_written_in_the_caption_stay_outside_the_span(matcher: Matcher) -> None:
    text = "Sambutan Drs. H. Ahmad Sutisna, M.Si."
    [hit] = [m for m in _match(matcher, text) if m.entity_id == 1]
    assert (hit.how, text[hit.start : hit.end]) == ("name", "Ahmad Sutisna")


@pytest.mark.parametrize(
    ("raw", "bare"),
    [("Bambang Hartono S.Pd.", "Bambang Hartono"), ("Sri Wahyuni A.Md.", "Sri Wahyuni"),
     ("Prof. Dr. Ir. Bambang Hartono, M.Sc., Ph.D", "Bambang Hartono")],
)
def test_degrees_without_a_comma_and_stacked_titles(raw: str, bare: str) -> None:
    assert strip_titles(raw) == bare


def test_a_registered_title_does_not_become_the_name() -> None:
    matcher = Matcher.build([WatchedPerson(7, "H. Slamet")], [])
    assert _match(matcher, "H Slamet hadir") == []  # a single name, and "h" is no honorific
    assert _found(_match(matcher, "Pak Slamet hadir")) == {("person", 7, "honorific")}


def test_a_name_shared_by_a_few_matches_every_namesake_once() -> None:
    people = [WatchedPerson(i, "Budi Santoso", ("Budi Santoso",)) for i in range(1, 21)]
    hits = _match(Matcher.build(people, []), "Foto bersama Budi Santoso di kantor")
    assert sorted(m.entity_id for m in hits) == list(range(1, 21))
    assert {(m.how, m.matched) for m in hits} == {("name", "Budi Santoso")}


def test_a_name_shared_by_too_many_names_nobody_but_handles_and_fuller_names_still_do() -> None:
    people = [WatchedPerson(i, "Budi Santoso", (), (("tiktok", f"budi{i}"),))
              for i in range(1, 2001)]
    people.append(WatchedPerson(5000, "Budi Santoso Wirananggapati"))
    candidates = [WatchedCandidate(9, 1, "Budi Santoso", ("Mas Budi",))]
    matcher = Matcher.build(people, candidates)
    hits = _match(matcher, "Foto bersama Budi Santoso dan Budi Santoso Wirananggapati")
    assert {(m.entity, m.entity_id) for m in hits} == {("candidate", 9), ("person", 5000)}
    authored = matcher.match(MatchInput("tiktok", "budi7", "Mas Budi for Bekasi 1"))
    assert ("person", 7, "author") in {(m.entity, m.entity_id, m.how) for m in authored}


@pytest.mark.parametrize(
    ("text", "span"),
    [("kata Pak Wahyu", "Pak Wahyu"), ("#TerimaKasihPakWahyu", "PakWahyu"),
     ("Pak, Wahyu!", "Pak, Wahyu"), ("bapaaak wahyu", "bapaaak wahyu")],
)
def test_the_honorific_is_the_word_right_before_and_part_of_the_span(
    text: str, span: str
) -> None:
    matcher = Matcher.build([WatchedPerson(5, "Wahyu")], [])
    [hit] = _match(matcher, text)
    assert (hit.how, text[hit.start : hit.end]) == ("honorific", span)


@pytest.mark.parametrize("text", ["Wahyu datang", "Pak Lurah Wahyu datang", "pakwahyu", "Pak"])
def test_no_honorific_right_before_no_match(text: str) -> None:
    assert _match(Matcher.build([WatchedPerson(5, "Wahyu")], []), text) == []


def test_an_alias_with_honorific_and_a_single_name_each_name_their_own() -> None:
    people = [WatchedPerson(1, "Wahyu Pranoto", ("Pak Wahyu",)), WatchedPerson(2, "Wahyu")]
    hits = _match(Matcher.build(people, []), "Terima kasih Pak Wahyu")
    assert {(m.entity_id, m.how, m.matched) for m in hits} == {
        (1, "alias", "Pak Wahyu"), (2, "honorific", "Pak Wahyu")
    }


SAMPLES = [
    "Terima kasih Bapak AHMAD   Sutisna!!", "Kata pak agus besok libur", "Ayo Mas Arga",
    "Semangat #BulatkanTekadUntukMasArga", "Bekasi maju bersama! #BekasiMajuBersamaArga",
    "Coblos no.2 untuk Bekasi", "Teh Rina nomor 2!", "Bersama @Arga.Bekasi. hari ini",
    "Mas Argaputra dan Pak Agustinus", "MAAAS AAARGAAA", "Bu Tri hadir",
]


def test_a_saved_matcher_loads_and_matches_the_same(matcher: Matcher, tmp_path: Path) -> None:
    matcher.save(tmp_path / "m.bin")
    loaded = Matcher.load(tmp_path / "m.bin")
    assert len(loaded) == len(matcher)
    for text in SAMPLES:
        assert _match(loaded, text, author="camat.ahmad") == _match(matcher, text,
                                                                   author="camat.ahmad")
    assert _match(loaded, "", hashtags=("lanjutkan",)) == _match(matcher, "",
                                                                 hashtags=("lanjutkan",))


def test_an_empty_matcher_saves_and_loads(tmp_path: Path) -> None:
    Matcher.build([], []).save(tmp_path / "m.bin")
    assert Matcher.load(tmp_path / "m.bin").match(MatchInput("tiktok", "x", "Mas Arga")) == []


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_a_damaged_file_is_refused(matcher: Matcher, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "m.bin"
    matcher.save(path)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(data[: len(data) // 2] if damage == "truncate" else
                     b"" if damage == "empty" else bytes(data))
    with pytest.raises(SealedFileError):
        Matcher.load(path)


def test_a_file_from_another_library_version_is_refused(
    matcher: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher.save(tmp_path / "m.bin")
    monkeypatch.setattr(matching, "version", lambda _name: "0.0-other")
    with pytest.raises(SealedFileError, match="0.0-other"):
        Matcher.load(tmp_path / "m.bin")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SealedFileError):
        Matcher.load(tmp_path / "nothing.bin")


def test_a_roster_whose_every_name_is_too_shared_still_matches_handles() -> None:
    people = [WatchedPerson(i, "Agus", (), (("tiktok", f"agus{i}"),)) for i in range(1, 30)]
    matcher = Matcher.build(people, [])
    assert matcher.match(MatchInput("tiktok", None, "Pak Agus hadir")) == []
    [hit] = matcher.match(MatchInput("tiktok", "agus3", "Pak Agus hadir"))
    assert (hit.entity_id, hit.how) == (3, "author")


def test_a_saved_matcher_without_name_keys_loads(tmp_path: Path) -> None:
    people = [WatchedPerson(i, "Agus", (), (("tiktok", f"agus{i}"),)) for i in range(1, 30)]
    Matcher.build(people, []).save(tmp_path / "m.bin")
    loaded = Matcher.load(tmp_path / "m.bin")
    assert [m.entity_id for m in loaded.match(MatchInput("tiktok", "agus5", "hai"))] == [5]

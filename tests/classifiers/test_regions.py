from classifiers.lexicon.build_regions import region_names
from classifiers.normalize import normalize_text
from classifiers.regions import AMBIGUOUS, REGION_MARK, REGIONS_PATH, mark_regions


def marked(text: str) -> str:
    # As the classifier does it: on normalized text, before slang is spelled out.
    return mark_regions(normalize_text(text), text)


def test_a_region_name_gets_the_marker_and_stays():
    assert marked("Bupati Tapanuli Utara") == f"bupati {REGION_MARK} tapanuli utara"


def test_the_longest_name_wins():
    assert marked("warga Padang Lawas Utara") == f"warga {REGION_MARK} padang lawas utara"


def test_names_that_slang_would_rewrite_are_still_found():
    # "bener" and "lima" are spelled out later ("benar", "5"); marking comes first.
    assert marked("Bener Meriah") == f"{REGION_MARK} bener meriah"
    assert marked("Kabupaten Lima Puluh Kota") == f"kabupaten {REGION_MARK} lima puluh kota"


def test_regions_inside_hashtags_and_everyday_names_are_marked():
    assert f"untuk {REGION_MARK} sragen" in marked("#PakRaharjoUntukSragen")
    assert marked("Sulsel satu hati") == f"{REGION_MARK} sulsel satu hati"
    assert f"{REGION_MARK} baubau" in marked("Warga Baubau siap")


def test_a_region_that_is_also_a_word_counts_only_with_its_capital():
    assert {"serang", "malang", "batu"} <= AMBIGUOUS
    assert marked("Warga Malang dan Kota Batu") == (
        f"warga {REGION_MARK} malang dan kota {REGION_MARK} batu"
    )
    assert REGION_MARK not in marked("Nasibnya malang, kena batu di jalan")
    assert REGION_MARK not in marked("jangan serang pribadi calon")


def test_a_text_without_regions_is_unchanged():
    text = normalize_text("gunakan hak pilih kalian")
    assert mark_regions(text, "gunakan hak pilih kalian") is text


def test_the_shipped_list_is_what_the_build_script_writes():
    shipped = [
        line for line in REGIONS_PATH.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert shipped == region_names()
    assert len(shipped) > 540  # 38 provinces, 514 regencies and cities, less shared names

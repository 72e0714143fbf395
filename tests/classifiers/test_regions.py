from classifiers.lexicon.build_regions import region_names
from classifiers.normalize import normalize_text
from classifiers.regions import REGION_MARK, REGIONS_PATH, mark_regions


def marked(text: str) -> str:
    return mark_regions(normalize_text(text))


def test_a_region_name_gets_the_marker_and_stays():
    assert marked("Bupati Tapanuli Utara") == f"bupati {REGION_MARK} tapanuli utara"


def test_the_longest_name_wins():
    assert marked("warga Padang Lawas Utara") == f"warga {REGION_MARK} padang lawas utara"
    assert marked("warga Padang") == f"warga {REGION_MARK} padang"


def test_regions_inside_hashtags_and_abbreviations_are_marked():
    assert f"untuk {REGION_MARK} sragen" in marked("#PakRaharjoUntukSragen")
    assert marked("Sulsel satu hati") == f"{REGION_MARK} sulsel satu hati"


def test_a_text_without_regions_is_unchanged():
    text = normalize_text("gunakan hak pilih kalian")
    assert mark_regions(text) is text


def test_the_shipped_list_is_what_the_build_script_writes():
    shipped = [
        line for line in REGIONS_PATH.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert shipped == region_names()
    assert len(shipped) > 540  # 38 provinces, 514 regencies and cities, less shared names

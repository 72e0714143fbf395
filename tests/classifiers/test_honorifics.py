from classifiers.honorifics import NAME_MARK, capitalized_words, mark_names
from classifiers.normalize import normalize_text
from classifiers.slang import expand


def marked(text: str) -> str:
    return mark_names(expand(normalize_text(text)), text)


def test_a_name_after_an_honorific_gets_the_marker_and_keeps_the_name():
    assert marked("Bulatkan tekad untuk Mas Tri") == f"bulatkan tekad untuk mas {NAME_MARK} tri"


def test_names_inside_camel_case_hashtags_are_marked_too():
    assert f"mas {NAME_MARK} tri" in marked("#BulatkanTekadUntukMasTri")


def test_offices_and_function_words_after_an_honorific_are_not_names():
    assert NAME_MARK not in marked("Pak Camat dan Bu Kades hadir, ya pak, terima kasih bu")
    assert NAME_MARK not in marked("makasih pak, semoga sehat selalu")


def test_where_the_writer_uses_case_only_a_capitalized_word_is_a_name():
    assert NAME_MARK not in marked("Sudah sampai pak, kantornya tutup jam 3")
    assert marked("Sudah sampai pak Darmo") == f"sudah sampai pak {NAME_MARK} darmo"


def test_where_the_writer_does_not_use_case_names_are_read_by_position():
    assert capitalized_words("dahlah kalo bukan kak tiara gw ga mau ke tps") is None
    assert f"kak {NAME_MARK} tiara" in marked("dahlah kalo bukan kak tiara gw ga mau ke tps")
    assert f"BANG {NAME_MARK}".lower() in marked("GAS TERUS BANG TOGI")


def test_slang_spellings_of_honorifics_count():
    assert marked("dukung bpk Harun") == f"dukung bapak {NAME_MARK} harun"
    assert marked("smoga buk Sari sehat") == f"semoga bu {NAME_MARK} sari sehat"


def test_a_text_without_honorifics_is_unchanged():
    text = expand(normalize_text("Gunakan hak pilih kalian 27 November"))
    assert mark_names(text) is text


def test_a_chain_of_titles_marks_only_the_name():
    assert marked("Ibu Hj. Rosmiati") == f"ibu hj {NAME_MARK} rosmiati"
    assert marked("Bapak Drs. H. Suharto") == f"bapak drs h {NAME_MARK} suharto"

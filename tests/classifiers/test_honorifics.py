from classifiers.honorifics import NAME_MARK, capitalized_words, mark_names
from classifiers.normalize import normalize_text


def marked(text: str) -> str:
    # As the classifier does it: on normalized text, before slang is spelled out.
    return mark_names(normalize_text(text), text)


def test_a_name_after_an_honorific_gets_the_marker_and_keeps_the_name():
    assert marked("Bulatkan tekad untuk Mas Tri") == f"bulatkan tekad untuk mas {NAME_MARK} tri"


def test_names_inside_camel_case_hashtags_are_marked_too():
    assert f"mas {NAME_MARK} tri" in marked("#BulatkanTekadUntukMasTri")


def test_offices_and_function_words_after_an_honorific_are_not_names():
    assert NAME_MARK not in marked("Pak Camat dan Bu Kades hadir, ya pak, terima kasih bu")
    assert NAME_MARK not in marked("makasih pak, semoga sehat selalu")


def test_a_capitalized_sentence_start_after_an_honorific_is_no_name():
    assert NAME_MARK not in marked("Mantap Pak. Lanjutkan!")
    assert NAME_MARK not in marked("Ayo ke TPS Pak, Jangan golput")


def test_where_the_writer_uses_case_only_a_capitalized_word_is_a_name():
    assert NAME_MARK not in marked("Sudah sampai pak, kantornya tutup jam 3")
    assert marked("Sudah sampai pak Darmo") == f"sudah sampai pak {NAME_MARK} darmo"
    assert f"pak {NAME_MARK} arifin" in marked("Dukung terus Pak ARIFIN")
    assert f"bu {NAME_MARK} elisa" in marked("Semangat Bu Élisa")


def test_fancy_fonts_count_as_the_letters_they_show():
    assert capitalized_words("𝐌𝐚𝐬 𝐓𝐫𝐢 𝐮𝐧𝐭𝐮𝐤 𝐒𝐫𝐚𝐠𝐞𝐧") == {"mas", "tri", "sragen"}
    assert f"mas {NAME_MARK} tri" in marked("𝐌𝐚𝐬 𝐓𝐫𝐢 𝐮𝐧𝐭𝐮𝐤 𝐒𝐫𝐚𝐠𝐞𝐧")


def test_where_the_writer_does_not_use_case_names_are_read_by_position():
    assert capitalized_words("dahlah kalo bukan kak tiara gw ga mau ke tps") is None
    assert f"kak {NAME_MARK} tiara" in marked("dahlah kalo bukan kak tiara gw ga mau ke tps")
    assert f"bang {NAME_MARK} togi" in marked("GAS TERUS BANG TOGI")
    assert NAME_MARK not in marked("makasih bu, mksh jg pak")


def test_short_spellings_of_honorifics_count():
    assert marked("dukung bpk Harun") == f"dukung bpk {NAME_MARK} harun"
    assert marked("smoga buk Sari sehat") == f"smoga buk {NAME_MARK} sari sehat"


def test_a_text_without_honorifics_is_unchanged():
    text = normalize_text("Gunakan hak pilih kalian 27 November")
    assert mark_names(text, "Gunakan hak pilih kalian 27 November") is text


def test_a_chain_of_titles_marks_only_the_name():
    assert marked("Ibu Hj. Rosmiati") == f"ibu hj {NAME_MARK} rosmiati"
    assert marked("Bapak Drs. H. Suharto") == f"bapak drs h {NAME_MARK} suharto"
    assert marked("Dukung Bapak Dr. Suharto") == f"dukung bapak dr {NAME_MARK} suharto"
    assert marked("Bapak Prof. Dr. Ir. Hasan") == f"bapak prof dr ir {NAME_MARK} hasan"

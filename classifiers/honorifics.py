"""Honorifics, and the people they name.

Indonesian rarely names a person bare: "Pak Arifin", "Kang Asep", "Bu Endang", "Daeng Naba".
The rules read these off the original text (where the capital tells a name from an office); the
n-gram model gets a marker beside every name, because the names it was trained on are not the
names it will meet, but "mas <someone>" after "bulatkan tekad untuk" is the same pattern whoever
the someone is.
"""

from __future__ import annotations

import re
import unicodedata

from classifiers.normalize import normalize_text
from classifiers.slang import LEXICON

HONORIFICS = frozenset("""
    pak bapak bu ibu mas mbak mba bang abang kang akang aa teh teteh cak ning uda uni daeng om
    kak kaka bung abah gus kiai kyai ustaz ustadz bunda amang ito lae bli mpok koh romo mbah
    datuk puang haji habib buya tengku teungku ajo bapa mama kakak opung ompung
""".split())
TITLE_ABBREVIATIONS = frozenset("bpk hj dr ir drs prof".split())  # with or without a dot
# Offices and words that follow an honorific without being a name: "Pak Camat", "Bu Kades".
NOT_A_NAME = frozenset("""
    camat lurah kades kepala bupati wali walikota wakil gubernur kadis sekda sekdes pj plt plh
    rt rw guru kapolsek kapolres kapolda danramil dandim kapus kadus carik kuwu keuchik menteri
    presiden dewan calon ketua direktur dirut babinsa bidan dokter mantri kaur sekcam kabid kabag
    kasi kasubag sekretaris kepsek rektor dekan anggota pejabat polisi pendeta pastor haji hj h dr
    ir drs kiai ustaz ustadz kadisdik kadinkes kasat komandan penjabat inspektur kapten jenderal
    dan ini itu yang yg ya dong sih kok juga sudah udah tolong mohon saya kami kita asn pns pppk
    tni polri honorer pegawai warga semua sekalian
""".split())

NAME_MARK = "⟨nama⟩"
# Honorifics as normalized text writes them, short forms included ("bpk", "buk").
_HONORIFIC_WORDS = HONORIFICS | {"bpk", "bp", "pk", "buk", "ibuk"}
_TITLES = TITLE_ABBREVIATIONS | {"h"}
# Words that follow a vocative honorific ("makasih pak, semoga sehat", "Mantap Pak. Lanjutkan!",
# "ayo bu, jangan lupa") and are never names, in standard spelling; slang is looked up first.
_COMMON_AFTER_VOCATIVE = frozenset("""
    di ke dari untuk pada dengan tidak jangan bukan nomor paslon calon jadi kalau semoga sampai
    masih ada akan bisa mau lagi sama siap menang pilih dukung ayo terima kasih mohon tolong
    selamat sehat semangat soal juga sudah belum yang itu ini kan lah sing nu wa nanti sendiri
    jaga bilang tinggal lanjutkan lanjut aamiin insyaallah alhamdulillah mana kapan kenapa apa
    siapa bagaimana kok sih dong deh tuh ya iya gas mantap hebat keren sukses
""".split())
# A capitalized word, a part of a camel-case hashtag ("Mas", "Tri" in "#MasTri"), or a word in
# capitals ("ARIFIN").
_ASCII_CAPITALIZED = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+")
_WORD = re.compile(r"[^\W\d_]+")


def capitalized_words(original: str) -> frozenset[str] | None:
    """The words written with a capital in `original` ("Arifin", "ARIFIN", "Élisa", and the
    parts of "#MasTri"), or None when its writer does not use case, all lower or all upper, and
    capitals tell nothing. Fancy fonts ("𝐓𝐫𝐢") count as the letters they show."""
    if original.isascii():
        if original.islower() or original.isupper():
            return None
        return frozenset(w.casefold() for w in _ASCII_CAPITALIZED.findall(original))
    original = unicodedata.normalize("NFKC", original)
    if original.islower() or original.isupper():
        return None
    words = {w for w in _WORD.findall(original) if w[0].isupper()}
    words.update(_CAMEL_PART.findall(original))
    # Folded as normalization folds them, so "Élisa" is the "elisa" of the normalized text.
    return frozenset(w.casefold() if w.isascii() else normalize_text(w) for w in words)


def mark_names(normalized: str, original: str | None = None) -> str:
    """`normalized` text with `NAME_MARK` before each word that follows an honorific and is a
    name: "untuk mas tri" -> "untuk mas ⟨nama⟩ tri". `original`, the text as written, tells by
    its capitals which words are names; without it, or when its writer does not use case, a word
    in the right place that is no common word is taken for one. The name stays, since a
    candidate's name is evidence too; the marker carries the pattern to names the model has
    never seen. Runs before slang is spelled out, which would read "dr" as "dari"."""
    words = normalized.split()
    if _HONORIFIC_WORDS.isdisjoint(words):
        return normalized
    capitalized = capitalized_words(original) if original is not None else None
    out = []
    after_honorific = False
    for word in words:
        if after_honorific and _is_name(word, capitalized):
            out.append(NAME_MARK)
            after_honorific = False
        else:
            # A title after an honorific keeps the chain going: "Ibu Hj. Rosmiati".
            after_honorific = word in _HONORIFIC_WORDS or (after_honorific and word in _TITLES)
        out.append(word)
    return " ".join(out)


def _is_name(word: str, capitalized: frozenset[str] | None) -> bool:
    if (len(word) < 3 or word in NOT_A_NAME or word in _HONORIFIC_WORDS or word in _TITLES
            or not word.isalpha()):
        return False
    if word in _COMMON_AFTER_VOCATIVE:
        return False
    spelled_out = LEXICON.get(word)
    if spelled_out is not None and not _COMMON_AFTER_VOCATIVE.isdisjoint(spelled_out.split()):
        return False
    return capitalized is None or word in capitalized

"""Social-media Indonesian spelled out, so that "sdh dukung bliau" and "sudah dukung beliau"
look alike to the classifier.

The lexicon is written for this project. It maps whole tokens of normalized text (see
`classifiers.normalize`) to their standard spelling; nothing is ever removed, because function
words like "untuk", "jangan" and "bukan" carry the meaning of a campaign tagline.
"""

from __future__ import annotations

import re

# Abbreviations and informal spellings seen in captions and comments.
_CHAT: dict[str, str] = {
    "yg": "yang", "yng": "yang", "dgn": "dengan", "dg": "dengan", "dng": "dengan",
    "sdh": "sudah", "udh": "sudah", "udah": "sudah", "dah": "sudah", "sudh": "sudah",
    "jgn": "jangan", "jngn": "jangan",
    "blm": "belum", "blum": "belum", "jd": "jadi", "jdi": "jadi", "tdk": "tidak",
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "kagak": "tidak", "ndak": "tidak", "tak": "tidak", "g": "tidak",
    "bliau": "beliau", "beliaw": "beliau", "smoga": "semoga", "semoga2": "semoga",
    "mudah2an": "mudahan", "mudah2": "mudahan", "moga": "semoga", "amin": "aamiin",
    "amiin": "aamiin", "insya": "insyaallah",
    "inshaallah": "insyaallah", "insha": "insyaallah", "isya": "insyaallah",
    "utk": "untuk", "untk": "untuk", "buat": "untuk", "bwt": "untuk", "krn": "karena",
    "karna": "karena", "krna": "karena", "tp": "tapi", "tpi": "tapi", "sm": "sama",
    "sma": "sama", "bgt": "banget", "bngt": "banget", "bnget": "banget", "bener": "benar",
    "bnr": "benar", "org": "orang", "orng": "orang", "kl": "kalau", "klo": "kalau",
    "kalo": "kalau", "klu": "kalau", "lg": "lagi", "lgi": "lagi", "aja": "saja",
    "aj": "saja", "ajah": "saja", "kmrn": "kemarin", "skrg": "sekarang", "skr": "sekarang",
    "sekrg": "sekarang", "bs": "bisa", "bsa": "bisa", "hrs": "harus", "kudu": "harus",
    "mesti": "harus", "trs": "terus", "trus": "terus", "dr": "dari",
    "dri": "dari", "pd": "pada", "dlm": "dalam", "bnyk": "banyak", "byk": "banyak",
    "sy": "saya", "aku": "saya", "gw": "saya", "gue": "saya", "gua": "saya", "aye": "saya",
    "ane": "saya", "kt": "kita", "kta": "kita", "qt": "kita", "km": "kamu", "lu": "kamu",
    "lo": "kamu", "elu": "kamu", "tmn": "teman", "temen": "teman",
    "sodara": "saudara", "sdr": "saudara", "msh": "masih", "masi": "masih", "emg": "memang",
    "emang": "memang", "mmg": "memang", "cm": "cuma", "cuman": "cuma", "doang": "saja",
    "mksh": "terima kasih", "makasih": "terima kasih", "trims": "terima kasih",
    "thx": "terima kasih", "tq": "terima kasih", "kpd": "kepada", "thd": "terhadap",
    "spy": "supaya", "biar": "supaya", "dpt": "dapat", "sll": "selalu", "slalu": "selalu",
    "slm": "salam", "slam": "salam", "mnang": "menang", "menank": "menang",
    "mnangkan": "menangkan", "plih": "pilih", "pilihh": "pilih",
    "nyoblos": "coblos", "nyoblos2": "coblos", "cblos": "coblos",
    "cobloss": "coblos", "nmr": "nomor", "nomer": "nomor", "nmor": "nomor", "no": "nomor",
    "nr": "nomor", "urt": "urut", "pslon": "paslon", "paslom": "paslon",
    "walkot": "wali kota", "walikota": "wali kota", "wawalkot": "wakil wali kota",
    "cawalkot": "calon wali kota", "cawawalkot": "calon wakil wali kota",
    "cabup": "calon bupati", "cawabup": "calon wakil bupati", "cagub": "calon gubernur",
    "cawagub": "calon wakil gubernur", "pilwalkot": "pilkada wali kota",
    "pilbup": "pilkada bupati", "pilgub": "pilkada gubernur", "pjs": "pj", 
    "mantul": "mantap", "mantab": "mantap", "mantep": "mantap", "mantaap": "mantap",
    "josss": "jos", "joss": "jos", "gaskeun": "gas", "gass": "gas", "gaspol": "gas",
    "kuy": "ayo", "yuk": "ayo", "yok": "ayo", "ayok": "ayo", "hayu": "ayo", "hayuk": "ayo",
    "mari": "ayo", "pokoke": "pokoknya",  "pokokny": "pokoknya",
    "pkoknya": "pokoknya", "sip": "siap", "siapp": "siap", "ready": "siap",
    "otw": "menuju", "btw": "omong omong", "gmn": "bagaimana", "gimana": "bagaimana",
    "knp": "kenapa", "napa": "kenapa", "ngapain": "mengapa", "bgmn": "bagaimana",
    "pk": "pak", "bpk": "bapak", "bp": "bapak", "ibuk": "ibu", "buk": "bu",
    "mbk": "mbak", "mba": "mbak", "bng": "bang", "abang": "bang", "akang": "kang",
    "ust": "ustadz", "ustad": "ustadz", "kyai": "kiai", "yai": "kiai",
}

# Regional words that show up in campaign comments (Sundanese, Javanese, Betawi).
_REGIONAL: dict[str, str] = {
    # Sundanese
    "urang": "kita", "abdi": "saya", "sadayana": "semua", "sadaya": "semua",
    "wargi": "warga", "mangga": "silakan", "hatur": "terima", "nuhun": "kasih",
    "pisan": "sekali", "teu": "tidak", "henteu": "tidak", "moal": "tidak akan",
    "kedah": "harus", "jeung": "dan", "sareng": "dan", "ti": "dari", "ka": "ke",
    "meunang": "menang", "milih": "memilih",
    # Javanese
    "dulur": "saudara", "sedulur": "saudara", "lur": "saudara", "wis": "sudah",
    "wes": "sudah", "uwis": "sudah", "ora": "tidak", "gak": "tidak", "ojo": "jangan",
    "ojok": "jangan", "kabeh": "semua", 
    "monggo": "silakan", "matur": "terima", "nuwun": "kasih", "sampeyan": "anda",
    "panjenengan": "anda", "njenengan": "anda", "menange": "menang", "menangke": "menangkan",
    "mugi": "semoga", "mugo": "semoga", "mugo2": "semoga",
    "apik": "bagus", "becik": "baik", "tenan": "sungguh", 
    "rek": "kawan", "arek": "anak",
    # Betawi
    "kite": "kita", "ente": "kamu", "kagak": "tidak", "nyang": "yang", "pade": "pada",
    "aje": "saja", "ame": "sama", "ape": "apa", "entu": "itu", "nih": "ini",
}

# Number words, so that "salam dua jari" and "salam 2 jari" share their features.
_NUMBERS: dict[str, str] = {
    "satu": "1", "siji": "1", "hiji": "1", "dua": "2", "loro": "2", "tiga": "3",
    "telu": "3", "tilu": "3", "empat": "4", "papat": "4", "opat": "4", "lima": "5",
    "limo": "5", "enam": "6", "nem": "6", "genep": "6",
    "01": "1", "02": "2", "03": "3", "04": "4", "05": "5", "06": "6",
    "001": "1", "002": "2", "003": "3",
}

# Leetspeak digits are only undone inside words that also hold letters ("m3n4ng"), so that
# real numbers ("no 2", "27 november") survive.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})

LEXICON: dict[str, str] = {**_REGIONAL, **_CHAT, **_NUMBERS}


_DIGIT = re.compile(r"\d")


def _unleet(token: str) -> str:
    if token.isalpha() or token.isdigit() or not any(c.isalpha() for c in token):
        return token
    return token.translate(_LEET)


def expand(normalized: str) -> str:
    """Normalized text with slang, regional words and number words in standard spelling."""
    tokens = normalized.split()
    if _DIGIT.search(normalized):
        tokens = [_unleet(t) for t in tokens]
    get = LEXICON.get
    return " ".join([get(t, t) for t in tokens])

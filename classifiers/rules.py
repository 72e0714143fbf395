"""Hand-written patterns for campaign taglines and for the language of neutrality.

Rules do not decide on their own: "salam 2 jari" is a tagline in a supporter's caption and a
quotation in a news item about a lurah who was reported for it. Each rule that fires becomes a
feature of the model (which learns how much it weighs next to the rest of the text) and is shown
to the reviewer with its span, so they can see why a post was flagged.

Patterns run on normalized text (see `classifiers.normalize`): lower case, no punctuation,
hashtags split, elongations squeezed, finger emoji spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifiers.honorifics import HONORIFICS, NOT_A_NAME, TITLE_ABBREVIATIONS
from classifiers.normalize import Normalized, normalize

_NUM = r"(?:0{0,2}[1-9]|satu|dua|tiga|empat|lima|siji|loro|telu|hiji|tilu)"
_BALLOT = rf"(?:(?:no|nomor|nmr|nomer|urut|paslon|pasangan|calon)\s)*{_NUM}"
_HONORIFIC = (
    r"(?:mas|mbak|mba|bang|kang|akang|teh|pak|bapak|bu|ibu|abah|cak|ning|uda|uni|bunda"
    r"|ustadz|kiai|kyai|haji|gus|aa|bung|daeng)"
)
_OFFICIAL = (
    r"(?:asn|pns|pppk|honorer|guru|kades|kepala desa|lurah|camat|sekcam|kadis|kepala dinas"
    r"|kabid|kasi|kasubag|sekdes|sekda|kadus|carik|kuwu|keuchik|perangkat desa|perangkat"
    r"|babinsa|bhabinkamtibmas|bidan|mantri|kepala puskesmas|kapus|kepala sekolah|kepsek"
    r"|wali kelas|pj|staf|pegawai|pejabat|polisi|tni|aparat|kepala kantor|kaur|rt|rw)"
)
_OFFICIAL_WORDS = (
    "asn pns pppk honorer guru kades kepala lurah camat sekcam kadis kabid kasi kasubag sekdes"
    " sekda kadus carik kuwu keuchik perangkat babinsa bhabinkamtibmas bidan mantri kapus"
    " kepsek wali pj staf pegawai pejabat polisi tni aparat kaur rt rw"
)
# After a number: "tahun 2024" or more number parts make it a regulation's or a letter's number.
_NOT_DOCUMENT = r"(?! (?:tahun|thn|th) \d)(?! \d+ \d)(?! (?:se|skb|kep|kpts|per|hk|um|pk) )"
# What follows a call to vote that asks only for turnout: a date, the TPS, or nothing at all.
_TURNOUT_TAIL = (
    r"(?: (?:tanggal|tgl|hari|besok|nanti|pagi|di tps|ke tps|27|jangan golput|ya|yuk|ya gaes"
    r"|gaes|guys|rame rame|bareng|semua|sesuai hati|dengan (?:bijak|cerdas|hati))(?!\w)| *$)"
)
_VOTE = r"(?:coblos|nyoblos|cblos|pilih|plih|milih|memilih|contreng|dukung|mendukung)"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    leans: str  # "support", "oppose" or "neutral": the direction it usually points
    pattern: re.Pattern[str]
    # Words of which at least one must be in the text for the pattern to match: a caption is
    # scanned only by the few rules that can fire on it.
    triggers: frozenset[str]
    # Every match starts with one of the triggers, so the pattern is tried only where they
    # stand rather than scanned along the whole caption.
    anchored: bool = False
    # Words of which at least one must also be in the text, for rules whose triggers are common
    # words ("di", "ga", "jadi") but whose every alternative names a rarer one ("sah", "kotak").
    requires: frozenset[str] | None = None


_OPENING_WORDS = re.compile(r"^\(\?:([a-z0-9 |]+)\)|^([a-z]+)")


def _rule(
    name: str, leans: str, pattern: str, triggers: str = "", *, anchored: bool = False,
    requires: str = "",
) -> Rule:
    """A rule; unless given, its triggers are the first words of the alternatives it opens
    with ("(?:jangan lupa|ayo) ..." -> jangan, ayo), and it is anchored on them. Given
    triggers anchor the rule only when said to be its opening words. `requires`: words of which
    one must also be in the text, where every alternative of the pattern names one of them."""
    if triggers:
        words = frozenset(triggers.split())
    else:
        m = _OPENING_WORDS.match(pattern)
        if m is None or pattern[m.end() : m.end() + 1] in ("?", "*"):
            raise ValueError(f"rule {name}: give its trigger words")
        words = frozenset(alt.split()[0] for alt in (m.group(1) or m.group(2)).split("|"))
        anchored = True
    return Rule(
        name, leans, re.compile(rf"(?<!\w){pattern}(?!\w)"), words, anchored,
        frozenset(requires.split()) if requires else None,
    )


_VOTE_WORDS = "coblos nyoblos cblos pilih plih milih memilih contreng dukung mendukung"


RULES: tuple[Rule, ...] = (
    # Taglines with a candidate slot: "bulatkan tekad untuk Mas ...".
    _rule(
        "tagline_bulatkan_tekad", "support",
        rf"bulatkan tekad (?:untuk|utk|buat|bwt) (?:{_HONORIFIC} )?\w+",
    ),
    _rule("vote_for_number", "support", rf"{_VOTE} {_BALLOT}", _VOTE_WORDS, anchored=True),
    _rule("salam_jari", "support", rf"salam {_NUM} jari"),
    _rule("finger_sign", "support", r"(?:satu|dua|tiga) jari", "jari"),
    # "SE Nomor 2 Tahun 2024", "Nomor 800.1.3/2417": a document number, not a ballot number.
    _rule(
        "ballot_number", "support", rf"(?:no|nomor|nmr|nomer) (?:urut )?{_NUM}{_NOT_DOCUMENT}"
    ),
    _rule("paslon_number", "support", rf"paslon (?:nomor |no )?{_NUM}"),
    _rule("for_region_one", "support", r"\w+ for \w+(?: \w+)? (?:1|satu|one)", "for"),
    _rule("two_terms", "support", r"(?:lanjutkan |lanjut )?(?:2|dua) periode", "periode"),
    _rule("one_term_enough", "oppose", r"(?:cukup|cukuplah) (?:1|satu|sekali) periode"),
    _rule(
        "win_call", "support",
        r"(?:menangkan|memenangkan|menangkeun|menangke|satu putaran|1 putaran|pasti menang)",
        requires="menangkan memenangkan menangkeun menangke putaran menang",
    ),
    _rule(
        "vote_call", "support",
        rf"(?:jangan lupa|ayo|ayok|yuk|kuy|hayu|hayuk|mari|siap) {_VOTE}(?!{_TURNOUT_TAIL})",
        requires=_VOTE_WORDS,
    ),
    # "Jangan lupa nyoblos tanggal 27", "ayo memilih, jangan golput": a call to turn out.
    _rule(
        "turnout_call", "neutral",
        rf"(?:jangan lupa|ayo|ayok|yuk|kuy|hayu|hayuk|mari|siap|wajib) {_VOTE}(?={_TURNOUT_TAIL})",
        "jangan ayo ayok yuk kuy hayu hayuk mari siap wajib",
        anchored=True,
        requires=_VOTE_WORDS,
    ),
    _rule("back_honorific", "support", rf"(?:dukung|mendukung) (?:penuh )?{_HONORIFIC}"),
    _rule("back_pair", "support", r"(?:dukung|mendukung|pilih|coblos) (?:paslon|pasangan)"),
    _rule(
        "campaign_team", "support",
        r"(?:relawan|tim pemenangan|timses|tim sukses|simpatisan|kampanye akbar)",
    ),
    # Support without a ballot word: "kalau bukan Kang Asep, siapa lagi?", "udah fix pilihan
    # keluargaku", "gimana gak mau milih coba".
    _rule(
        "who_else", "support",
        rf"(?:(?:kalau|kalo|klo|kl|mon|nek|yen|lamun|amun|mun) (?:bukan {_HONORIFIC}|(?:gak|ga"
        r"|ora|ndak|tidak|nggak) (?:milih|memilih|pilih|dukung|nyoblos))(?: \w+){1,4}?"
        r" (?:siapa|siape|sopo|sapa|saha|sapé|sapah) (?:lagi|lage|maneh|meneh|deui|pole|pulo|pule)"
        rf"|(?:siapa|siape|sopo|saha) (?:lagi|lage|maneh|deui) (?:kalau|kalo|klo|nek|lamun)"
        rf" bukan {_HONORIFIC})",
        "kalau kalo klo kl mon nek yen lamun amun mun siapa siape sopo saha",
        anchored=True,
    ),
    _rule(
        "decided", "support",
        r"(?:(?:udah|sudah|sdh|udh|dah|makin|tambah) (?:fix|mantap|mantep|yakin|bulat)"
        r" (?:pilih|milih|pilihan|dukung|coblos|nyoblos|sama)"
        r"|(?:fix|pasti|mantap|mantep) (?:pilih|milih|dipilih|coblos|nyoblos)"
        r"|(?:gimana|bagaimana|gmn|gmna|piye|kumaha) (?:gak|ga|nggak|tidak|ndak|ora|teu|gk)"
        r" (?:mau )?(?:milih|pilih|dukung|nyoblos|coblos))",
        "udah sudah sdh udh dah makin tambah fix pasti mantap mantep gimana bagaimana gmn gmna"
        " piye kumaha",
        anchored=True,
        requires="fix mantap mantep yakin bulat pilih milih dipilih coblos nyoblos dukung",
    ),
    # "Jangan pilih karena amplop" is voter education, not a campaign against anyone.
    _rule(
        "dont_vote", "oppose",
        r"(?:jangan|jgn|ojo|ojok|usah) (?:pilih|coblos|milih|dukung)"
        r"(?! (?:(?:calon|pemimpin|paslon|orang|kandidat) )?(?:(?:cuma|hanya|mung|ngan) )?"
        r"(?:karena|krn|karna|gara gara|mergo|merga|amarga|lantaran|sabab|ku sabab|polah"
        r"|berdasarkan|hanya|cuma|semata|sekadar|sekedar|asal|sembarangan|sembarang))"
        # "jangan coblos dua paslon", "jangan coblos di luar garis": how to vote validly.
        r"(?! (?:dua|2|lebih|di luar|diluar)(?!\w))",
    ),
    _rule(
        "replace_incumbent", "oppose",
        r"(?:20\d\d )?ganti (?:wali ?kota|walkot|bupati|gubernur|pemimpin)", "ganti",
    ),
    _rule(
        "reject", "oppose",
        r"(?:tolak|lawan) (?:dinasti|politik dinasti|calon|paslon)"
        r"(?! (?:(?:cuma|hanya|semata) )?(?:karena|krn|karna|gara gara))",
    ),
    _rule(
        "neutrality", "neutral",
        r"(?:netral|netralitas|tidak berpihak|bebas kepentingan|tidak memihak)",
    ),
    _rule(
        "rebuke_of_official", "neutral",
        rf"(?:{_OFFICIAL}|polri) (?:(?:yang|yg) )?(?:kok|kan|harusnya|seharusnya|harus|wajib"
        r"|dilarang|tidak boleh|ga boleh|gak boleh|nggak boleh|tidak netral|ga netral|gak netral"
        r"|ikut kampanye|ikut ikutan|ikut2an|ikutan kampanye|ikut2 kampanye|malah|ngapain)",
        _OFFICIAL_WORDS + " polri",
        anchored=True,
    ),
    _rule(
        "supervision", "neutral",
        r"(?:bawaslu|panwaslu|panwascam|kpu|kpud|dkpp|gakkumdu|bkn|kasn|pengawas pemilu)",
    ),
    _rule(
        "report_of_violation", "neutral",
        r"(?:dilaporkan|melaporkan|laporan|pelanggaran|diperiksa|sanksi|terbukti melanggar"
        r"|dugaan|diduga|klarifikasi|teguran|ditegur|lapor|laporin|dilaporin|lapornya"
        r"|ngelaporin|screenshot|diskrinsut|ditindak|melanggar|netralitas asn|hukuman disiplin"
        r"|merekomendasikan|rekomendasi|dijatuhi|menjatuhkan|dicopot|dinonaktifkan|diberhentikan"
        r"|dimintai keterangan|pemeriksaan|kode etik|dimutasi|dipanggil|terekam|kedapatan"
        r"|ketahuan|tertangkap kamera)",
    ),
    _rule(
        "whoever_wins", "neutral",
        r"(?:siapa ?pun|siapa saja|sopo wae|sopo ae|saha wae|saha bae|mana pun|manapun"
        r"|nomor berapa pun|nomor berapapun)",
        "siapa siapapun sopo saha mana manapun nomor",
        anchored=True,
        requires="pun siapapun saja wae ae bae manapun berapapun",
    ),
    # Advice to choose well, without a name: "baca visi misi, tonton debat, cek rekam jejak".
    _rule(
        "informed_choice", "neutral",
        r"(?:(?:baca|pelajari|cek|lihat|liat|bandingkan|bandingin|tonton|simak|pahami|telusuri)"
        r" (?:dulu )?(?:visi misi|visi dan misi|programnya|program|rekam jejak|debat|profil)"
        r"|pemilih (?:cerdas|kritis|rasional)|hati nurani|asal (?:coblos|pilih|milih))",
        "baca pelajari cek lihat liat bandingkan bandingin tonton simak pahami telusuri pemilih"
        " hati asal",
        anchored=True,
    ),
    # All the candidates at once: "kritis ke semua calon", "pendukung tiga paslon".
    _rule(
        "all_candidates", "neutral",
        r"(?:semua|seluruh|para|kedua|ketiga|keempat|kelima|dua|tiga|empat|lima)"
        r" (?:paslon|calon|pasangan calon|kandidat|kontestan)",
        requires="paslon calon pasangan kandidat kontestan",
    ),
    # The secret ballot: "pilihanmu rahasia", "saya nyoblos siapa itu urusan saya".
    _rule(
        "secret_ballot", "neutral",
        r"(?:rahasia|urusan (?:saya|masing masing|masing2|pribadi|sendiri|kita masing masing))",
        "rahasia urusan",
        anchored=True,
    ),
    _rule(
        "official_instrument", "neutral",
        r"(?:surat edaran|edaran|ikrar|deklarasi netral|pakta integritas|apel siaga|imbauan"
        r"|himbauan|se nya|se (?:nomor|no|bupati|gubernur|wali ?kota|walkot|sekda|menpan|menteri))",
        "surat edaran ikrar deklarasi pakta apel imbauan himbauan se",
        anchored=True,
    ),
    _rule(
        "civic_appeal", "neutral",
        r"(?:hak pilih|golput|pilkada damai|pemilu damai|datang ke tps|sosialisasi|pemilih pemula"
        r"|hoaks|hoax|cek fakta|jaga kondusivitas|jari ungu|tinta ungu|kotak suara|kpps"
        r"|hari pencoblosan|memilih damai|serangan fajar|politik uang"
        r"|money politics?|beda pilihan|berbeda pilihan|pilihan boleh beda|tetap saudara"
        r"|tetep saudara|tetap bersaudara|tetap rukun|tetep rukun"
        r"|(?:sudah|udah|udh|abis|habis|selesai|barusan) (?:nyoblos|mencoblos|memilih))",
        "hak golput pilkada pemilu datang sosialisasi pemilih hoaks hoax cek jaga jari tinta"
        " kotak kpps hari memilih serangan politik money beda berbeda pilihan tetap tetep sudah"
        " udah udh abis habis selesai barusan",
        anchored=True,
        requires="pilih golput damai tps sosialisasi pemula hoaks hoax fakta kondusivitas ungu"
        " suara kpps pencoblosan fajar uang money pilihan beda saudara bersaudara rukun"
        " nyoblos mencoblos memilih",
    ),
    _rule(
        "ballot_draw", "neutral",
        r"(?:pengundian|penetapan|ditetapkan|mendapat|memperoleh) (?:nomor|no) urut",
    ),
    # Whom and how to vote, without a side: ballot technique, and both outcomes named at once
    # ("siap menang siap kalah", "yang menang jangan jumawa, yang kalah jangan ngamuk").
    _rule(
        "ballot_technique", "neutral",
        r"(?:(?:tidak|gak|ga|nggak|ngga|ndak|jadi|biar|agar|supaya|tetap|tetep) sah"
        r"|(?:di luar|diluar|luar|di dalam|dalam|di tengah|tengah) (?:garis|kotak|kolom)"
        r"|(?:sesuai )?lipatan (?:awal|semula))",
        "tidak gak ga nggak ngga ndak jadi biar agar supaya tetap tetep di diluar luar dalam"
        " tengah sesuai lipatan",
        anchored=True,
        requires="sah garis kotak kolom lipatan",
    ),
    _rule(
        "both_outcomes", "neutral",
        r"(?:menang(?: \w+){0,8}? kalah|kalah(?: \w+){0,8}? menang)", "menang kalah",
        anchored=True,
    ),
    # Asking for information is not campaigning: "mau tanya, paslon nomor 4 itu asli mana?",
    # "boleh gak ASN like postingan calon?".
    _rule(
        "info_request", "neutral",
        r"(?:mau tanya|mau nanya|mo tanya|mo nanya|tanya dong|nanya dong|nanya min|tanya min"
        r"|numpang tanya|izin bertanya|ijin bertanya|izin tanya|ijin tanya|mau bertanya"
        r"|mohon info|minta info|info dong|mohon pencerahan|minta pencerahan|mohon penjelasan"
        r"|ada (?:yang|yg) (?:tau|tahu|ngerti|paham)|mau (?:tau|tahu)|pengen (?:tau|tahu)"
        r"|ingin (?:tau|tahu)|bisa dicek|cek di ?mana|bukan sih|apa (?:benar|bener)"
        r"|apakah (?:benar|bener|boleh)|apa boleh|bolehkah|diperbolehkan|dibolehkan"
        r"|boleh (?:gak|ga|nggak|ngga|enggak|tidak|ndak|gk)"
        r"|tolong (?:dijelaskan|dijelasin|jelaskan|jelasin)"
        r"|(?:lapor|lapornya|melapor|ngadu|ngadunya|mengadu) (?:ke ?mana|kemana|di ?mana|dimana))",
        "mau mo tanya nanya numpang izin ijin mohon minta info ada pengen ingin bisa cek bukan"
        " apa apakah bolehkah diperbolehkan dibolehkan boleh tolong lapor lapornya melapor ngadu"
        " ngadunya mengadu",
        anchored=True,
    ),
    # A witness keeping or sending evidence: "udah saya screenshot", "nanti saya kirim ke
    # Bawaslu", "rekamannya sudah kami simpan".
    _rule(
        "evidence_kept", "neutral",
        r"(?:(?:sudah|udah|udh|dah|sdh|telah|mau|akan|nanti|tinggal)"
        r" (?:saya |sy |gue |gw |gua |aku |ak |kami |kita |warga )?"
        r"(?:foto|fotoin|rekam|direkam|simpan|simpen|disimpan|screenshot|skrinsut|ss"
        r"|kirim|kirimkan|dikirim|laporkan|laporin|dilaporkan|dilaporin|teruskan"
        r"|diteruskan|adukan|aduin|diadukan)"
        r"|(?:kirim|kirimkan|dikirim|teruskan|diteruskan|laporkan|dilaporkan|lapor|laporin"
        r"|dilaporin|adukan|diadukan|aduin|ngadu|serahkan|diserahkan)(?: \w+){0,3}?"
        r" (?:ke|kepada|sama|ama|buat|untuk) (?:bawaslu|panwas|panwaslu|panwascam|pengawas"
        r"|gakkumdu|bkn|kasn|inspektorat|bkpsdm|ombudsman|pkd|sentra gakkumdu)"
        r"|(?:bukti|buktinya|rekaman|rekamannya|screenshotnya|skrinsutannya|tangkapan layarnya"
        r"|fotonya|videonya) (?:sudah|udah|udh|sdh|sy|saya|kami|gue|gw|aku|warga)"
        r" (?:\w+ )?(?:simpan|simpen|disimpan|kirim|dikirim|pegang|amankan|teruskan|serahkan))",
        "sudah udah udh dah sdh telah mau akan nanti tinggal kirim kirimkan dikirim teruskan"
        " diteruskan laporkan dilaporkan lapor laporin dilaporin adukan diadukan aduin ngadu"
        " serahkan diserahkan bukti buktinya rekaman rekamannya screenshotnya skrinsutannya"
        " tangkapan fotonya videonya",
        anchored=True,
    ),
    # The marks of office in a report: a uniform, a red plate, working hours.
    _rule(
        "official_setting", "neutral",
        r"(?:(?:seragam|baju|batik|pakaian|mobil|kendaraan|motor|atribut|fasilitas|rumah)"
        r" (?:dinas|negara|pemda|korpri)|(?:plat|pelat) merah|jam (?:kerja|dinas|kantor)"
        r"|(?:kantor|rapat|apel) (?:dinas|desa|kecamatan|kelurahan|pagi))",
        "seragam baju batik pakaian mobil kendaraan motor atribut fasilitas rumah plat pelat jam"
        " kantor rapat apel",
        anchored=True,
    ),
    # An official named as the one who posted, wore or said it, in a witness's report:
    # "bu camat upload video ...", "kades kita posting ...", "babinsa di desa gw ikut foto".
    _rule(
        "official_act_reported", "neutral",
        rf"{_OFFICIAL}(?: \w+){{0,3}}? (?:posting|posted|memposting|nulis|menulis|upload"
        r"|mengunggah|unggah|pasang|masang|memasang|nempel|menempel|pake|pakai|memakai"
        r"|bikin status|update status|update story|bikin story|share|ngeshare|membagikan"
        r"|ngetwit|ngetweet|repost|joget|ikut foto|ikut pose|pose|berpose|ikut kampanye"
        r"|jadi ketua|jadi relawan|jadi timses|jadi jurkam|promosi|promosiin|ngajak|mengajak"
        r"|nyuruh|menyuruh|ngumpulin|mengumpulkan|terang terangan|ngarahin|mengarahkan)",
        _OFFICIAL_WORDS,
        anchored=True,
    ),
    # A disapproving aside: "apa2an ini", "ga bener", "gimana ceritanya".
    _rule(
        "disapproval", "neutral",
        r"(?:apa2an|apa apaan|apaan sih|gimana ceritanya|kok bisa|ko bisa"
        r"|(?:gak|ga|nggak|ngga|tidak|ndak|ora|teu) (?:bener|etis|patut|elok|pantes aja"
        r"|pantas dicontoh)|memalukan|sudah melanggar|jelas melanggar|mobilisasi)",
        "apa2an apa apaan gimana kok ko gak ga nggak ngga tidak ndak ora teu memalukan sudah"
        " jelas mobilisasi",
        anchored=True,
        requires="apa2an apaan ceritanya bisa bener etis patut elok pantes pantas memalukan"
        " melanggar mobilisasi",
    ),
    # Asking a superior or a supervisor to act: "tolong tegur kadis yang ikut kampanye".
    _rule(
        "demand_enforcement", "neutral",
        r"(?:tolong|mohon|minta|harap|segera|harus|wajib) (?:di)?(?:tegur|tegas|tindak|tertibkan"
        r"|periksa|panggil|copot|proses|usut|tindaklanjuti|tindak lanjuti|sanksi|beri sanksi)",
        "tolong mohon minta harap segera harus wajib",
        anchored=True,
    ),
    # A regulation's or a letter's number: "SE Nomor 2 Tahun 2024", "Nomor 800.1.3/2417".
    _rule(
        "document_number", "neutral",
        r"(?:nomor|no|nmr) (?:\d{3,}(?: \w+){1,6}?|\d+ (?:tahun|thn|th) \d{4}"
        r"|\d+ (?:se|skb|kep|kpts|per|hk|um|pk)(?: \w+){0,4}? \d{4})",
    ),
    _rule(
        "quoted_or_reported", "neutral",
        r"(?:mengunggah|unggahan|memposting|postingan|berpose|foto bersama|viral|beredar"
        r"|tangkapan layar|video yang|bertuliskan|bertulisan|dengan tulisan|tulisannya|bertagar"
        r"|dengan tagar|dengan caption|captionnya|dengan keterangan|berbunyi|yang mengajak"
        r"|yang menyerukan)",
        "mengunggah unggahan memposting postingan berpose foto viral beredar tangkapan video"
        " bertuliskan bertulisan dengan tulisannya bertagar captionnya berbunyi yang",
        anchored=True,
        requires="mengunggah unggahan memposting postingan berpose bersama viral beredar layar"
        " video bertuliskan bertulisan tulisan tulisannya bertagar tagar caption"
        " captionnya keterangan berbunyi mengajak menyerukan",
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(r.name for r in RULES)
_BY_WORD: dict[str, list[int]] = {}
for _i, _r in enumerate(RULES):
    for _w in _r.triggers:
        _BY_WORD.setdefault(_w, []).append(_i)
_TRIGGER_WORDS = frozenset(_BY_WORD)
# A rule that fires inside a quotation counts as a quotation of its leaning, not as the rule.
QUOTED_FEATURES: tuple[str, ...] = ("quoted_support", "quoted_oppose", "quoted_neutral")


@dataclass(frozen=True, slots=True)
class RuleHit:
    rule: str
    leans: str
    start: int  # span in the original text
    end: int
    text: str
    quoted: bool = False  # inside quotation marks: reported speech more often than a call

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule, "leans": self.leans, "span": [self.start, self.end],
            "text": self.text, "quoted": self.quoted,
        }


# A quotation opens after a space, a colon or a bracket and closes before one or punctuation,
# so apostrophes inside words ("Jum'at", "ma'af") do not pair up into a quotation.
_QUOTATION = re.compile(
    r"""(?:(?<=^)|(?<=[\s:(\[]))(?:"[^"\n]{2,}?"|'[^'\n]{2,}?'|“[^”\n]{2,}?”|‘[^’\n]{2,}?’"""
    r"""|«[^»\n]{2,}?»)(?=$|[\s.,;:!?)\]])"""
)


def quotations(original: str) -> list[tuple[int, int]]:
    """Spans of the quotations in `original`."""
    if not any(q in original for q in "\"'“‘«"):
        return []
    return [m.span() for m in _QUOTATION.finditer(original)]


# Signs read off the whole text rather than one phrase: a question is asked more often about a
# candidate than for one, and a text naming several ballot numbers compares them.
_QUESTION = re.compile(r"\?")
_NUMBER_MENTION = re.compile(
    r"(?<!\w)(?:paslon|nomor|nomer|no|urut|calon nomor)(?: urut)? "
    r"(0?[1-9]|satu|dua|tiga|empat|lima)(?!\w)" + _NOT_DOCUMENT
)
_NUMBER_WORDS = frozenset("paslon nomor nomer no urut calon".split())
_NUMBER_VALUE = {"satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5"}
# A person named with an honorific ("Pak Arifin", "Kang Asep", "Hj. Rosmiati"): campaign posts
# nearly always name someone, advice to voters nearly never does. Read on the original text,
# since only the capital letter tells a name ("Bu Endang") from an office ("bu camat").
_TITLE_WORDS = HONORIFICS | TITLE_ABBREVIATIONS | {"h"}  # as they stand once normalized
_CAPITALIZED = re.compile(r"[A-Z][A-Za-z'’]*")


def _title_spans(original: str, title: str) -> list[tuple[int, int]]:
    """Where `title` (as normalized, e.g. "pak", "hj") is written as a word in `original`, as
    "pak", "Pak" or "PAK", with its dot when it is an abbreviation: (start, end of the title)."""
    spans = []
    for form in {title, title.capitalize(), title.upper()}:
        n, at = len(form), original.find(form)
        while at >= 0:
            before = original[at - 1 : at]
            after = original[at + n : at + n + 1]
            if not (before.isalnum() or before in ("-", "_")):
                if after == "." and (title in TITLE_ABBREVIATIONS or form == "H"):
                    spans.append((at, at + n + 1))
                elif after == " " and form != "H" and title != "h":
                    spans.append((at, at + n))
            at = original.find(form, at + n)
    return sorted(spans)


def _named_people(original: str, titles: set[str] | frozenset[str]) -> list[tuple[str, int, int]]:
    """(name, start, end) of each person named after one of `titles` ("Pak Arifin", "Ibu Hj.
    Rosmiati"), the span from the first title. Hyphens do not start a word, so "Bapak-bapak
    Linmas" names nobody."""
    found = []
    begins: dict[int, int] = {}  # where a title chain starts, by where the next word starts
    for start, end in sorted(span for t in titles for span in _title_spans(original, t)):
        at = end
        while original[at : at + 1] == " ":
            at += 1
        if at == end and original[end - 1 : end] != ".":
            continue
        begin = begins.get(start, start)
        name = _CAPITALIZED.match(original, at)
        if name is None:
            continue
        word = name.group()
        dotted = original[name.end() : name.end() + 1] == "."
        if word.casefold() in _TITLE_WORDS and (word != "H" or dotted):
            begins[at] = begin  # a second title: "Ibu Hj. Rosmiati", "Datuk H. Ramli"
            continue
        if len(word) > 1 and not _is_title(word):
            found.append((word.casefold(), begin, name.end()))
    return found


def _is_title(word: str) -> bool:
    """An honorific ("Pak", "kang") or an abbreviated title ("Hj", "Dr")."""
    return word.casefold() in HONORIFICS or word.casefold() in TITLE_ABBREVIATIONS


_NAME_HINT = re.compile(r"[\"'“‘«]")
TEXT_SIGNS: tuple[str, ...] = ("question", "several_numbers", "names_person", "several_people")


def _text_signs(
    original: str, text: str, words: set[str] | frozenset[str] = frozenset()
) -> list[tuple]:
    """(name, leans, normalized span or None, original span or None) of the whole-text signs."""
    signs: list[tuple] = []
    words = words or set(text.split())
    if (q := _QUESTION.search(original)) is not None:
        signs.append(("question", "neutral", None, q.span()))
    numbers = [] if _NUMBER_WORDS.isdisjoint(words) else list(_NUMBER_MENTION.finditer(text))
    distinct = {_NUMBER_VALUE.get(m.group(1), m.group(1).lstrip("0")) for m in numbers}
    if len(distinct) >= 2:
        signs.append(("several_numbers", "neutral", (numbers[0].start(), numbers[-1].end()), None))
    # Context, not evidence: leaning neutral keeps it out of the reviewer's highlighted spans.
    # Names inside a quotation are what someone else wrote ("... pakai kaos 'Kang Iwan Pasti
    # Menang'"); two or more people named outside one compare them, or report on them.
    if _TITLE_WORDS.isdisjoint(words):
        return signs
    named = [
        p for p in _named_people(original, _TITLE_WORDS.intersection(words))
        if p[0] not in NOT_A_NAME
    ]
    quoted = quotations(original) if named and _NAME_HINT.search(original) else []
    people: dict[str, tuple[int, int]] = {}
    for name, start, end in named:
        if not any(a <= start and end <= b for a, b in quoted):
            people.setdefault(name, (start, end))
    if people:
        signs.append(("names_person", "neutral", None, next(iter(people.values()))))
    if len(people) >= 2:
        spans = list(people.values())
        signs.append(("several_people", "neutral", None, (spans[0][0], spans[-1][1])))
    return signs


def _word_positions(text: str, word: str) -> list[int]:
    """Where `word` stands as a whole word in a normalized (space-separated) text."""
    positions, n, at = [], len(word), text.find(word)
    while at >= 0:
        if (at == 0 or text[at - 1] == " ") and text[at + n : at + n + 1] in ("", " "):
            positions.append(at)
        at = text.find(word, at + n)
    return positions


def find_rules(original: str, normalized: Normalized | str) -> list[RuleHit]:
    """Every rule hit in the normalized text, with its span mapped back to `original`.

    Given only the normalized string, offsets are computed when a rule fires: most captions
    fire none, and offsets cost more than the rules.
    """
    text = normalized if isinstance(normalized, str) else normalized.text
    words = set(text.split())
    present = _TRIGGER_WORDS.intersection(words)
    found = []
    positions: dict[str, list[int]] = {}  # of the trigger words, found once for all rules
    for i in sorted({i for w in present for i in _BY_WORD[w]}):
        rule = RULES[i]
        if rule.requires is not None and rule.requires.isdisjoint(words):
            continue
        if not rule.anchored:
            found += [(rule.name, rule.leans, m.span(), None) for m in rule.pattern.finditer(text)]
            continue
        # The spans `finditer` would give, trying the pattern only where a trigger stands.
        starts: list[int] = []
        for w in rule.triggers.intersection(present):
            if (at := positions.get(w)) is None:
                at = positions[w] = _word_positions(text, w)
            starts += at
        starts.sort()
        end = 0
        for at in starts:
            if at >= end and (m := rule.pattern.match(text, at)) is not None:
                found.append((rule.name, rule.leans, m.span(), None))
                end = m.end()
    found += _text_signs(original, text, words)
    if not found:
        return []
    # Whole-text signs carry spans in the original already; only rule spans need mapping back,
    # and only they can sit inside a quotation.
    if isinstance(normalized, str) and any(f[3] is None for f in found):
        normalized = normalize(original)
    quoted = quotations(original) if any(f[0] not in TEXT_SIGNS for f in found) else []
    hits = []
    for name, leans, span, original_span in found:
        start, end = original_span or normalized.original_span(*span)  # type: ignore[union-attr]
        inside = name not in TEXT_SIGNS and any(a <= start and end <= b for a, b in quoted)
        hits.append(RuleHit(name, leans, start, end, original[start:end], inside))
    return hits

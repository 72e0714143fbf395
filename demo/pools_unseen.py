"""The unseen demo: other fictional people and candidates, in Kota Depok and Kota Surabaya.

Written separately from pools_main.py, with its own phrase pools, so that tests can score the
classifier on wording it was not tuned on. Depok talks Jakarta/Betawi slang, Surabaya talks
Suroboyoan (rek, cak, ning, wes, gak, pokok'e). Slots as in pools_main.py.
"""

from pools_main import _p

SEED = 35780576
OUT = "unseen"
PROSPECTIVE_SHARE = 0.05
LOCAL_SHARE = 1.0
SHOUT_SHARE = 0.06
TYPO_SHARE = 0.08
STRING_TIME_SHARE = 0.2
REPLY_SHARE = 0.2
NEWS_MIX = [3, 4, 4]
DUPLICATES = ["violation", "noise"]

PLAN = [
    ("violation", "author", "tiktok", 4),
    ("violation", "oppose", "tiktok", 1),
    ("violation", "author", "instagram", 2),
    ("violation", "author", "comment", 3),
    ("violation", "mention", "tiktok", 1),
    ("violation", "mention", "instagram", 1),
    ("violation", "tag", "instagram", 2),
    ("violation", "coauthor", "instagram", 1),
    ("violation", "name", "tiktok", 1),
    ("violation", "name", "instagram", 1),
    ("citizen_support", "citizen", "tiktok", 5),
    ("citizen_support", "citizen", "tiktok-embedded", 1),
    ("citizen_support", "candidate", "tiktok", 2),
    ("citizen_support", "relawan", "tiktok", 1),
    ("citizen_support", "prospective", "tiktok", 1),
    ("citizen_support", "citizen", "comment", 7),
    ("citizen_support", "oppose", "comment", 1),
    ("citizen_support", "citizen", "instagram", 3),
    ("citizen_support", "candidate", "instagram", 2),
    ("citizen_support", "oppose", "instagram", 1),
    ("neutral_official", "author", "tiktok", 4),
    ("neutral_official", "named", "tiktok", 1),
    ("neutral_official", "author", "comment", 3),
    ("neutral_official", "author", "instagram", 6),
    ("neutral_official", "named", "instagram", 2),
    ("news", "media", "tiktok", 9),
    ("news", "media", "instagram", 12),
    ("news", "media", "instagram-graph", 1),
    ("noise", "random", "tiktok", 10),
    ("noise", "random", "tiktok-embedded", 1),
    ("noise", "watched", "tiktok", 3),
    ("noise", "hard", "tiktok", 1),
    ("noise", "random", "comment", 9),
    ("noise", "watched", "comment", 2),
    ("noise", "random", "instagram", 9),
    ("noise", "watched", "instagram", 3),
    ("noise", "random", "instagram-nocaption", 1),
    ("noise", "watched", "instagram-polaris", 1),
]

PINNED = [
    {"mode": "name", "shape": "tiktok", "person": "pjs_sby", "person2": "camat_gbg",
     "cand": "bagas", "author": "candidate",
     "text": "Cangkrukan karo Pak Pjs Sutikno lan Cak Arif nang balai RW, ngobrol soal "
             "Suroboyo limang taun maneh. Pokok'e Suroboyo Wani Maju, nomer 1! #CakBagas01",
     "why": "acting mayor and camat chat with the candidate in his video"},
]


PEOPLE = [
    # Kota Depok
    _p("sekda_dpk", "Ir. H. Sugeng Haryanto, M.M.",
       ["Pak Sekda Sugeng", "Pak Sugeng Haryanto", "Sugeng Haryanto"], "PNS",
       "Sekretaris Daerah Kota Depok", "Sekretariat Daerah Kota Depok", "32.76", "", "",
       "", "sugengharyanto.mm", "Sugeng Haryanto", (1968, "M")),
    _p("camat_beji", "Rohman Hakiki, S.STP, M.Si",
       ["Pak Camat Rohman", "Bang Rohman Hakiki", "Rohman Hakiki"], "PNS",
       "Camat Beji", "Kecamatan Beji", "32.76", "Beji", "", "rohmanhakiki", "rohman.hakiki",
       "Rohman Hakiki", (1981, "M")),
    _p("lurah_kukusan", "Yuliana Pertiwi, S.Sos",
       ["Bu Lurah Yuli", "Bu Yuliana Pertiwi", "Yuliana Pertiwi"], "PNS",
       "Lurah Kukusan", "Kelurahan Kukusan, Kecamatan Beji", "32.76", "Beji", "Kukusan",
       "yulianapertiwi_", "", "Yuliana Pertiwi", (1985, "F")),
    _p("dlhk_dpk", "Hadi Susilo",
       ["Mas Hadi Susilo", "Hadi Susilo"], "PNS",
       "Staf Dinas Lingkungan Hidup dan Kebersihan Kota Depok",
       "Dinas Lingkungan Hidup dan Kebersihan Kota Depok", "32.76", "Sukmajaya", "",
       "hadisusilo.dlhk", "hadi_susilo", "Hadi Susilo", (1990, "M")),
    _p("guru_dpk", "Ratih Kumalasari, S.Pd",
       ["Bu Guru Ratih", "Bu Ratih Kumalasari", "Ratih Kumalasari"], "PPPK",
       "Guru Kelas SD Negeri Pondok Cina", "Dinas Pendidikan Kota Depok", "32.76", "Beji",
       "Pondok Cina", "", "ratihkumala.spd", "Ratih Kumalasari", (1991, "F")),
    _p("honorer_dpk", "Jefri Sitompul",
       ["Bang Jefri Sitompul", "Jefri Sitompul"], "NON_ASN",
       "Tenaga Honorer Satpol PP Kota Depok", "Satpol PP Kota Depok", "32.76", "Pancoran Mas",
       "", "jefrisitompul", "", "Jefri Sitompul"),
    _p("bumd_dpk", "Iwan Kurnia",
       ["Bang Iwan Kurnia", "Iwan Kurnia"], "BUMD",
       "Staf Distribusi Perumda Air Minum Tirta Asasta", "Perumda Tirta Asasta Kota Depok",
       "32.76", "Cimanggis", "", "iwankurnia_ta", "iwan.kurnia", "Iwan Kurnia"),
    _p("polri_dpk", "Bripka Sahat Manurung",
       ["Bripka Sahat", "Sahat Manurung"], "POLRI",
       "Bhabinkamtibmas Kelurahan Tanah Baru", "Polres Metro Depok", "32.76", "Beji",
       "Tanah Baru", "bripka.sahat", "", "Bripka Sahat"),
    # Kota Surabaya
    _p("pjs_sby", "Dr. Ir. Sutikno Hadiprawiro, M.T.",
       ["Pak Pjs Sutikno", "Pak Tikno", "Sutikno Hadiprawiro"], "PNS",
       "Pjs Wali Kota Surabaya", "Pemerintah Kota Surabaya", "35.78", "", "",
       "", "sutikno.hadiprawiro", "Sutikno Hadiprawiro", (1967, "M")),
    _p("camat_gbg", "Moch. Arif Budiono, S.Sos",
       ["Cak Arif", "Pak Camat Arif", "Arif Budiono"], "PNS",
       "Camat Gubeng", "Kecamatan Gubeng", "35.78", "Gubeng", "",
       "arifbudiono.gubeng", "cak.arifbudiono", "Arif Budiono", (1979, "M")),
    _p("lurah_keputih", "Siti Aminah, S.AP",
       ["Bu Lurah Aminah", "Bu Siti Aminah", "Siti Aminah"], "PNS",
       "Lurah Keputih", "Kelurahan Keputih, Kecamatan Sukolilo", "35.78", "Sukolilo",
       "Keputih", "sitiaminah.keputih", "", "Siti Aminah", (1983, "F")),
    _p("disbud_sby", "Dwi Cahyono",
       ["Mas Dwi Cahyono", "Dwi Cahyono"], "PNS",
       "Staf Dinas Kebudayaan, Kepemudaan dan Olahraga serta Pariwisata Kota Surabaya",
       "Disbudporapar Kota Surabaya", "35.78", "Genteng", "", "dwicahyono_sby", "dwi.cahyono",
       "Dwi Cahyono", (1992, "M")),
    _p("perawat_sby", "Anik Susanti, S.Kep",
       ["Mbak Anik Susanti", "Anik Susanti"], "PPPK",
       "Perawat Puskesmas Mulyorejo", "Dinas Kesehatan Kota Surabaya", "35.78", "Mulyorejo",
       "Mulyorejo", "aniksusanti.kep", "", "Anik Susanti", (1993, "F")),
    _p("tni_sby", "Sertu Bambang Irawan",
       ["Sertu Bambang", "Bambang Irawan"], "TNI",
       "Babinsa Kelurahan Rungkut Kidul", "Kodim 0832/Surabaya Selatan", "35.78", "Rungkut",
       "Rungkut Kidul", "sertu.bambang", "", "Sertu Bambang"),
    _p("honorer_sby", "Yoyok Prasetyo",
       ["Cak Yoyok", "Yoyok Prasetyo"], "NON_ASN",
       "Tenaga Honorer Kecamatan Tambaksari", "Kecamatan Tambaksari", "35.78", "Tambaksari",
       "", "yoyokprasetyo", "yoyok.pras", "Yoyok Prasetyo"),
    _p("dinsos_sby", "Dra. Endah Wahyuningsih, M.Si",
       ["Bu Endah", "Bu Kadinsos Endah", "Endah Wahyuningsih"], "PNS",
       "Kepala Dinas Sosial Kota Surabaya", "Dinas Sosial Kota Surabaya", "35.78", "", "",
       "", "endahwahyuningsih", "Endah Wahyuningsih", (1971, "F")),
    _p("staf_wnk", "Rizal Fahmi",
       ["Rizal Fahmi"], "PNS",
       "Staf Kelurahan Jagir", "Kelurahan Jagir, Kecamatan Wonokromo", "35.78", "Wonokromo",
       "Jagir", "", "", "Rizal Fahmi", (1996, "M")),
]

CANDIDATES = [
    {"key": "daus", "name": "Firdaus Rahman Nasution", "aliases": ["Bang Daus", "Firdaus Rahman"],
     "office": "walikota", "region": "32.76", "ballot": "1", "mate": "Yulia Andriani",
     "slogans": ["Depok Lebih Nyaman"], "hashtags": ["BangDaus01", "DepokNyaman"],
     "tiktok": "bangdaus.depok", "instagram": "firdausrahman.nst"},
    {"key": "tari", "name": "Lestari Wulandari", "aliases": ["Mpok Tari", "Lestari Wulandari"],
     "office": "walikota", "region": "32.76", "ballot": "2", "mate": "Gunawan Prasetyo",
     "slogans": ["Depok Hijau Berdaya"], "hashtags": ["MpokTari02", "DepokHijau"],
     "tiktok": "mpoktari.official", "instagram": "lestariwulandari.dpk"},
    {"key": "yusran", "name": "Yusran Effendi", "aliases": ["Bang Yusran", "Yusran Effendi"],
     "office": "walikota", "region": "32.76", "ballot": "3", "mate": "Rina Septiani",
     "slogans": ["Depok Tangguh Bersinar"], "hashtags": ["BangYusran03"],
     "tiktok": "", "instagram": "yusraneffendi"},
    {"key": "hanafi", "name": "Hanafi Zulkarnain", "aliases": ["Bang Hanafi", "Hanafi Zulkarnain"],
     "office": "walikota", "region": "32.76", "ballot": "", "mate": "",
     "slogans": ["Saatnya Depok Berubah"], "hashtags": ["HanafiUntukDepok"],
     "tiktok": "banghanafi.dpk", "instagram": ""},
    {"key": "bagas", "name": "Bagas Wicaksono", "aliases": ["Cak Bagas", "Mas Bagas"],
     "office": "walikota", "region": "35.78", "ballot": "1", "mate": "Ratri Handayani",
     "slogans": ["Suroboyo Wani Maju"], "hashtags": ["CakBagas01", "SuroboyoWani"],
     "tiktok": "cakbagas.sby", "instagram": "bagaswicaksono"},
    {"key": "laras", "name": "Larasati Pramesti", "aliases": ["Ning Laras", "Mbak Laras"],
     "office": "walikota", "region": "35.78", "ballot": "2", "mate": "Hadi Santoso",
     "slogans": ["Suroboyo Guyub Rukun"], "hashtags": ["NingLaras02", "SuroboyoGuyub"],
     "tiktok": "ninglaras.official", "instagram": "larasatipramesti"},
]

REGIONS = {
    "32.76": {
        "tag": "Depok", "short": "Depok", "full": "Kota Depok",
        "kec": {
            "Beji": ["Beji", "Kukusan", "Tanah Baru", "Kemiri Muka", "Pondok Cina", "Beji Timur"],
            "Pancoran Mas": ["Depok", "Depok Jaya", "Pancoran Mas", "Mampang", "Rangkapan Jaya"],
            "Sukmajaya": ["Sukmajaya", "Abadijaya", "Mekarjaya", "Baktijaya", "Tirtajaya"],
            "Cimanggis": ["Harjamukti", "Curug", "Tugu", "Mekarsari", "Cisalak Pasar"],
            "Cinere": ["Cinere", "Gandul", "Pangkalan Jati"],
        },
        "places": ["Jl. Margonda Raya", "Stasiun Depok Baru", "Alun-alun Kota Depok",
                   "Jl. Raya Sawangan", "Situ Pengasinan", "Jl. Juanda Depok", "ITC Depok",
                   "Jl. Raya Bogor"],
        "food": ["soto mie", "ketoprak", "sop buntut", "es selendang mayang", "mie ayam",
                 "sate taichan", "nasi kulit"],
        "media": [("depok.kini", "Depok Kini"), ("margonda.news", "Margonda News")],
        "agency": [("kabarpemkotdepok", "Kabar Pemkot Depok")],
        "searches": ["pilkada depok", "walikota depok", "depok", "asn depok netral"],
        "tags": ["pilkadadepok", "depok", "infodepok", "depokhits"],
        "handle_bits": ["depok", "dpk", "margonda", "beji", "cimanggis", "cinere"],
    },
    "35.78": {
        "tag": "Surabaya", "short": "Surabaya", "full": "Kota Surabaya",
        "kec": {
            "Gubeng": ["Gubeng", "Mojo", "Airlangga", "Kertajaya", "Baratajaya", "Pucang Sewu"],
            "Sukolilo": ["Keputih", "Gebang Putih", "Klampis Ngasem", "Menur Pumpungan",
                         "Semolowaru"],
            "Rungkut": ["Kalirungkut", "Rungkut Kidul", "Kedung Baruk", "Wonorejo",
                        "Medokan Ayu"],
            "Mulyorejo": ["Mulyorejo", "Manyar Sabrangan", "Kalisari", "Dukuh Sutorejo",
                          "Kalijudan"],
            "Tambaksari": ["Tambaksari", "Ploso", "Gading", "Pacarkembang", "Rangkah"],
            "Wonokromo": ["Wonokromo", "Jagir", "Ngagel", "Darmo"],
            "Genteng": ["Embong Kaliasin", "Genteng", "Kapasari", "Ketabang", "Peneleh"],
        },
        "places": ["Jl. Tunjungan", "Taman Bungkul", "Tugu Pahlawan", "Pantai Kenjeran",
                   "Jl. Raya Darmo", "Kebun Binatang Surabaya", "Jembatan Suramadu",
                   "Jl. Ahmad Yani Surabaya", "Pasar Atom"],
        "food": ["rujak cingur", "lontong balap", "rawon", "tahu tek", "semanggi",
                 "lontong kupang", "sate klopo"],
        "media": [("suroboyo.saiki", "Suroboyo Saiki"), ("arekinfo.sby", "Arek Info")],
        "agency": [("kabarpemkotsby", "Kabar Pemkot Surabaya")],
        "searches": ["pilwali surabaya", "pilkada surabaya", "suroboyo", "asn surabaya"],
        "tags": ["pilwalisurabaya", "surabaya", "suroboyo", "infosurabaya"],
        "handle_bits": ["sby", "suroboyo", "rungkut", "gubeng", "wonokromo", "kenjeran"],
    },
}

SHOPS = [("tokobangunan.sby", "Toko Bangunan Jaya")]
SONGS = [("Rungkad", "Happy Asmara"), ("Lagu Suroboyo", "Arek Band"),
         ("Kopi Lambada", "Orkes Tarling")]
CIRCULARS = ["Surat Edaran Wali Kota Nomor 800.1.1/{n}/BKPSDM tentang Netralitas ASN",
             "SE Sekda Nomor 000.1/{n}/Ortala tentang Netralitas Pegawai"]

NO_TYPO = {"dukung", "coblos", "pilih", "menangkan", "nyoblos", "netral", "kampanye", "relawan"}
NEUTRAL_KINDS = [
    (("ikrar", "pakta", "sumpah"), "neutrality pledge"), (("edaran",), "circular"),
    (("tps", "nyoblos", "hak suara", "golput"), "call to vote"),
    (("amplop", "politik uang", "serangan fajar"), "anti money-politics appeal"),
    (("netral", "dilarang", "gak boleh", "tidak boleh"), "neutrality reminder"),
    (("rukun", "damai", "adem", "guyub"), "pilkada damai appeal"),
]

CITIZEN_FIRST = ["Adit", "Sinta", "Bima", "Laila", "Agung", "Novi", "Fahri", "Eka", "Puji",
                 "Wahyu", "Dian", "Ferry", "Cahya", "Siska", "Doni", "Lely", "Bayu", "Tika",
                 "Rendy", "Nia", "Yusuf", "Fira", "Galang", "Ratna", "Hendro", "Ucup", "Sarah"]
CITIZEN_LAST = ["Santoso", "Wibisono", "Kartika", "Hariyanto", "Purnama", "Sulistyo",
                "Rahmawati", "Gunadi", "Pamungkas", "Susilowati", "Hasibuan", "Siregar"]
HANDLE_PATTERNS = ["{f}.{l}", "{f}{n}_{p}", "arek.{p}.{f}", "{f}_{l}{y}", "its.{f}{n}",
                   "{p}{f}", "{l}{f}.{n}", "{f}.{p}"]
RELAWAN_PATTERNS = ["barisan.{a}", "{a}.squad", "gerakan.{a}", "posko.{a}"]

SLANG = {
    "tidak": ["gak", "nggak"], "sudah": ["udah", "udh"], "saja": ["aja"], "yang": ["yg"],
    "dengan": ["sama", "dgn"], "untuk": ["buat"], "benar": ["bener"], "banget": ["bgt"],
    "kenapa": ["knp"], "sekarang": ["skrg"], "semua": ["smua"], "orang": ["org"],
}
STRETCH = ["ayo", "wani", "gaskeun", "mantul", "pol", "mbois", "sip", "joss", "hadir",
           "menang", "aamiin", "bismillah", "lapar", "panas", "ngantuk", "keren", "banget"]

# Dialect words per region, used as slots: Depok speaks Jakarta/Betawi slang, Surabaya speaks
# Suroboyoan.
_WORDS = {
    "32.76": {"REK": "guys", "NANG": "di", "AE": "aja", "WES": "udah", "GAK": "kagak",
              "KOEN": "lo", "AKU": "gue", "MBOIS": "keren", "POL": "banget", "CEDHAK": "deket",
              "SING": "yang", "OJOK": "jangan", "DULUR": "warga", "SUWUN": "makasih",
              "IKU": "tuh", "OPO": "apa"},
    "35.78": {"REK": "rek", "NANG": "nang", "AE": "ae", "WES": "wes", "GAK": "gak",
              "KOEN": "koen", "AKU": "aku", "MBOIS": "mbois", "POL": "pol", "CEDHAK": "cedhak",
              "SING": "sing", "OJOK": "ojok", "DULUR": "dulur", "SUWUN": "suwun",
              "IKU": "iku", "OPO": "opo"},
}
for _code, _words in _WORDS.items():
    REGIONS[_code]["words"] = _words

POOLS = {
    "open_partisan": ["{DULUR} {R},", "Halo {DULUR} {R}!", "Bismillah,", "Jujur,",
                      "Dengerin nih {REK},", "Sumpah {REK},"],
    "close_partisan": ["Sepakat {REK}?", "Gass!", "Joss!", "Bismillah menang.", "Cus!",
                       "Mantul.", "{SUWUN} 🙏"],
    "open_noise": ["{REK},", "Guys,", "Lho,", "Asli,", "Plis,", "Duh,"],
    "close_noise": ["😂😂", "asli", "hadeh", "huhu", "bjir", "fix"],
    "open_formal": ["Salam sejahtera.", "Selamat siang.", "Rekan-rekan ASN,",
                    "Assalamualaikum."],
    "close_formal": ["Terima kasih.", "Salam NETRAL.", "Mari bersama.", "#ASNNetral"],
    "open_news": ["[PILWALI]", "TERKINI:", "🔴", "{RF} |"],
    "close_news": ["Info lengkap di bio.", "Setuju atau tidak?", "Pantau terus update kami."],
    "tags_partisan": ["{H}", "{H} #fyp", "#{RTAG} {H}", "#pilwali{RTAG} {H}", "#fypage {H}"],
    "tags_neutral": ["#ASNNetral", "#PilkadaRukun", "#SuaraKitaPenting", "#NetralItuKeren",
                     "#AntiPolitikUang"],
    "tags_news": ["#pilwali{RTAG}", "#kabar{RTAG}", "#pilkada2024 #bawaslu", "#beritalokal"],
    # ---- violations, own account
    "viol_author": [
        "{WES} lah, {C} {IKU} paling pas buat {R}. {N} pokoknya!",
        "{AKU} {WES} mantep sama {C}. {KOEN} juga harus {N} ya {REK}!",
        "Pulang kantor langsung mampir posko {C}, rapat strategi bareng warga {K} 🔥",
        "Bismillah, tanggal 27 nyoblos {C}. Ajak sekeluarga!",
        "{AKU} sih {N} dari awal, {C} {WES} kelihatan kerjanya",
        "{S}! Mari kita menangkan {C} di {K}",
        "Habis nonton debat, {AKU} makin yakin {C} yang paling siap pimpin {R}.",
        "Titip suara buat {C} ya, {N} {WES} paling bener",
        "Kaos {NN} {WES} nyampe rumah, besok dibagiin ke tetangga 😎 {H}",
        "Malam ini ngopi bareng tim sukses {C}, target {K} menang mutlak",
        "Ibu-ibu PKK {KEL} sudah siap all out buat {C}!",
        "Sebagai warga {R} {AKU} mendukung {C} sepenuh hati {F}",
    ],
    "viol_author_oppose": [
        "{OJOK} milih {C}, janjinya {GAK} pernah ditepati!",
        "{AKU} {GAK} ngerti kenapa ada yang dukung {C}, programnya ngawang-ngawang",
        "{C} cuma jago ngomong, kerjanya nol. {OJOK} sampai kepilih!",
    ],
    "viol_comment": [
        "{N} {WES} pokoknya {REK} {F}", "mantap {C}, {K} siap menang!", "{AKU} ikut {C} 🙋",
        "{CU} GASSSS", "ayo {REK} coblos {C} tanggal 27", "{C} bikin {R} lebih {MBOIS}!",
        "{WES} fix {C}, {OJOK} yang lain", "kita kawal {C} sampe menang 💪",
        "{AKU} di {KEL} siap jemput suara buat {C}", "{S} joss!",
    ],
    "viol_comment_oppose": ["{C} mending mundur {AE}", "{OJOK} percaya {C} {REK}"],
    "viol_named_comment": [
        "Lah {P} {AE} ikut nyoblos {C}, {AKU} juga {N}!",
        "Kemarin lihat {P} {NANG} posko {C}, mantap {REK} {F}",
    ],
    # ---- violations, others' posts
    "viol_mention": [
        "{SUWUN} udah datang {M} {NANG} deklarasi {C} 🙏 {N} menang!",
        "Bareng {M} keliling {K} ngenalin {C} ke warga. {H}",
        "Posko {C} makin rame, ada {M} ikut jaga 💪 {NN}",
        "Terima kasih {M} sudah bantu konsolidasi relawan {C} di {KEL}",
    ],
    "viol_named": [
        "Seneng banget {P} ikut hadir di deklarasi {C} semalam. {S}!",
        "{J} {PN} turut memberikan dukungan kepada {C} di acara warga {K}. {NN} menang!",
        "Makasih {P} udah ikut bagi-bagi stiker {C} di {PL} 🙏",
        "{P} bilang sendiri: {R} butuh {C}! Mantap, {N}",
        "Rapat relawan {C} bareng {P} dan {P2}, semua sepakat all in {NN}",
        "Silaturahmi ke rumah {P} bareng {C}, ditemani {P2}. {SUWUN} dukungannya 🙏 {H}",
        "Foto bareng {P} pakai kaos {C}, pose {SJ}",
    ],
    "viol_tagged": [
        "Keluarga besar relawan {C} wilayah {K} siap menang! {SJ}",
        "Deklarasi dukungan untuk {C} di {PL}, rame {POL} {REK}! {NN}",
        "Bersatu untuk {C}! {S} 🔥",
        "Konsolidasi akbar pemenangan {C} se-Kecamatan {K}. Mantap!",
        "Kita kawal {C} sampai TPS, {N} pasti menang",
    ],
    # ---- citizens and campaigns
    "cit_post": [
        "{AKU} sih {N}, soalnya {C} paling ngerti soal macet {NANG} {PL}",
        "Warga {K} kompak pilih {C} {REK}! {F}",
        "{C} {IKU} orang baik, {GAK} neko-neko. Pilih {N}!",
        "Udah baca visi misi semua calon, fix {C} paling masuk akal",
        "Emak-emak {KEL} all in {C}! {S}",
        "Pokoknya {R1} ya {C}!",
        "Tukang ojek pangkalan {PL} sepakat {N}, {REK}",
        "Mahasiswa {R} pilih {C}, setuju {GAK}?",
        "{C} janji perbaiki drainase di {KEL}, {AKU} percaya. {N} {WES}",
        "{WES} {GAK} usah mikir lama-lama, {C} {AE}",
        "{AKU} udah ketemu {C} langsung di {PL}, orangnya asik {POL} {F}",
        "Semoga {C} menang, {R} butuh pemimpin {SING} berani",
    ],
    "cit_oppose": [
        "{C} cuma omong doang, buktinya {OPO}?",
        "Sori ya, {AKU} {GAK} bakal pilih {C}. Track record-nya zonk",
        "Kok bisa {C} dicalonkan? Aneh {POL}",
    ],
    "cit_comment": [
        "{N} {REK}!", "gas {C}", "{C} {MBOIS} {POL}", "{AKU} {N} 🙋", "menang {C} aamiin",
        "{CU} JOSSS", "{C} paling keren sih", "setuju, {N} {WES}", "{S} 🔥",
        "semangat {C}, kami di {K} dukung", "pilih {C} {AE} lah", "sukses terus {C}",
        "{F}{F}{F}", "ayo {C} gas terus", "warga {KEL} hadir buat {C}",
    ],
    "cit_comment_oppose": ["{C} {GAK} mutu", "{GAK} sudi milih {C}", "{C} mundur {AE} {REK}"],
    "cand_post": [
        "Blusukan ke {PL}, terima kasih sambutan hangatnya {DULUR}. {S}",
        "Pagi ini jalan sehat bareng warga {KEL}. Sehat bareng, menang bareng! {N}",
        "Kami siap mewujudkan {S} bersama {MATE}. Mohon doa restu.",
        "Hari ke-{D} kampanye, menyapa pedagang pasar dan ojol di {K}.",
        "Diskusi dengan mahasiswa soal lapangan kerja untuk anak muda {R}.",
        "Terima kasih relawan {K}, semangat kalian bikin kami kuat. {NN}",
    ],
    "relawan_post": [
        "Posko pemenangan {C} di {KEL} {WES} buka, mampir {REK}! {NN}",
        "Relawan muda {C} turun ke {PL} bagi-bagi stiker. {SJ}",
    ],
    "prospect_post": [
        "{C} layak maju jadi {ROLE} {R}! Siapa setuju?",
        "{AKU} dukung {C} nyalon {ROLE} {R}, butuh wajah baru",
        "Ayo dukung {C} daftar ke KPU, {S}!",
    ],
    # ---- neutral
    "neu_any": [
        "ASN wajib netral! Pilihan disimpan di bilik suara, bukan di medsos.",
        "Sumpah netralitas sudah kami ucapkan. ASN melayani semua warga, apa pun pilihannya.",
        "Ayo {DULUR}, tanggal 27 November gunakan hak suara di TPS terdekat.",
        "Tolak amplop, tolak serangan fajar. Pilkada bersih mulai dari kita.",
        "Beda pilihan boleh, tetap rukun sebagai tetangga. Pilkada adem {R}.",
        "Mengingatkan kembali: pegawai pemerintah dilarang ikut kampanye dan foto dengan "
        "pose jari.",
        ("Usai pencoblosan, mari kembali guyub. Yang menang rangkul yang kalah.",
         "11-27", "11-30"),
    ],
    "neu_head": [
        "Saya tegaskan, pegawai Pemkot yang ikut kampanye akan kami proses. Tidak ada "
        "pengecualian.",
        "Rapat koordinasi pengamanan Pilwali bersama Forkopimda. {R} harus tetap aman.",
        "Menindaklanjuti {SE}, seluruh ASN dan non-ASN wajib menjaga netralitas.",
        "Menghadiri deklarasi kampanye damai seluruh paslon. Selamat kepada {CL}, mari "
        "berkompetisi dengan santun. ASN tetap netral.",
    ],
    "neu_area": [
        "Pengecekan TPS {TPS} di {KEL} bersama PPS dan linmas. Semua siap.",
        "Ikrar netralitas pegawai Kecamatan {K} pagi ini. Netral itu keren!",
        "Kerja bakti bersih saluran di RW {RW} {KEL}, persiapan musim hujan.",
        "Pelayanan KTP-el keliling untuk pemilih pemula di {K}.",
        "Sosialisasi tolak politik uang bersama Panwascam di balai RW {KEL}.",
    ],
    "neu_staff": [
        "Apel pagi, diingatkan lagi soal netralitas ASN. Siap!",
        "Lembur rekap data, demi pelayanan yang lebih cepat.",
        "Diklat hari terakhir, alhamdulillah lancar.",
        "Pegawai pemerintah {GAK} boleh like atau share postingan calon, ingat ya {REK}.",
    ],
    "neu_security": [
        "Polri netral, siap amankan Pilwali {R} sampai tuntas.",
        "Patroli ke {KEL}, ngajak warga jaga kamtibmas jelang coblosan.",
        "Sambang warga RW {RW}: beda pilihan, tetap saudara.",
    ],
    "neu_named_head": [
        "{J} {PN} memimpin ikrar netralitas ASN di halaman balai kota.",
        "{J} {PN} meninjau persiapan TPS di {K} bersama PPK.",
        "{J} {PN} mengingatkan pegawainya tidak terlibat kampanye dalam bentuk apa pun.",
    ],
    "neu_named": [
        "{J} {PN} ikut menandatangani pakta integritas netralitas ASN.",
        "Senam bersama Pilkada Rukun di {PL}, diikuti warga dan {J} {PN}.",
        "{P} mengajak warga {K} menolak politik uang.",
    ],
    "neu_comment": [
        "Siap, netral!", "Rukun terus {R}", "Ayo ke TPS {DULUR}", "Tolak amplop!",
        "Mantap, ASN harus netral", "Semoga lancar sampai hari H", "Adem terus ya {REK}",
    ],
    # ---- news
    "news_head": [
        "{J} {PN} minta ASN tak unggah dukungan ke paslon: 'Sanksinya jelas.'",
        "{J} {PN} pastikan pelayanan publik tetap jalan selama masa kampanye.",
    ],
    "news_person": [
        "Bawaslu {R} periksa {J} {PN} terkait dugaan dukungan ke paslon {NN} di medsos.",
        "Foto {J} bersama {C} viral, Bawaslu {R} lakukan penelusuran.",
        "BKN terima laporan soal {J} {PN}, diduga ikut kampanye {C}.",
        "{PN} ({J}) membantah ikut kampanye: 'Saya cuma datang kondangan.'",
        "Bawaslu {R}: unggahan {J} yang berpose {SJ} masuk kategori pelanggaran netralitas.",
    ],
    "news_cand": [
        "KPU {R} umumkan nomor urut paslon Pilwali: {CL}.",
        "Debat kedua Pilwali {R} digelar {DAY}, KPU batasi jumlah pendukung.",
        "{C} kampanye di {PL}, janjikan transportasi gratis untuk pelajar.",
        "Survei terbaru: {C} dan {C2} bersaing ketat di Pilwali {R}.",
        ("Quick count Pilwali {R}: paslon {NN} unggul sementara.", "11-27", "11-30"),
        "{C} lapor harta kekayaan ke KPK jelang kampanye.",
        "Tim {C} adukan baliho lawan yang dipasang di trotoar {PL}.",
        "{C} dan {C2} sepakat kampanye tanpa hoaks dan politik identitas.",
        "Dana kampanye {C} tercatat paling besar di antara paslon Pilwali {R}.",
    ],
    "news_general": [
        "Bawaslu {R} petakan TPS rawan jelang Pilwali 2024.",
        "KPU {R} tetapkan DPT Pilwali sebanyak {NUM} pemilih.",
        "Ratusan APK melanggar ditertibkan di {K}.",
        "Bawaslu: ASN cukup gunakan hak pilih, jangan ikut kampanye.",
        "Distribusi logistik Pilwali ke kecamatan dimulai hari ini.",
        ("Masa tenang, Bawaslu {R} sisir APK di jalan protokol.", "11-24", "11-26"),
        "Petugas KPPS {R} ikuti bimtek penghitungan suara.",
        "Kemendagri ingatkan Pj dan Pjs kepala daerah jaga netralitas.",
        "Bawaslu {R} buka kanal aduan online untuk laporan pelanggaran netralitas ASN.",
        "Ribuan surat suara Pilwali {R} rusak saat sortir, KPU ajukan pengganti.",
        "Linmas {K} dilatih amankan TPS, jumlahnya dua orang per TPS.",
        "Pemkot {R} liburkan sekolah pada hari pencoblosan 27 November.",
    ],
    # ---- noise
    "noise_post": [
        "Panasnya {R} {GAK} ngotak {REK}, es degan wajib",
        "Macet total {NANG} {PL}, sabar {AE}",
        "Nemu {FOOD} enak {POL} {CEDHAK} {PL}, murah meriah",
        "Kuliah online tapi sinyal ilang-ilangan 😭",
        "Hujan deres, {KEL} banjir semata kaki",
        "Persebaya menang {REK}! Green force!! 💚",
        "Ngopi sore {NANG} {PL}, view-nya cakep",
        "Lowongan barista, area {K}, DM {AE}",
        "Jual HP bekas mulus, nego tipis, COD {K}",
        "Kucing {AKU} ilang {NANG} {KEL}, warna belang telon 😭",
        "Tips hemat akhir bulan: masak sendiri, jangan checkout",
        "KRL penuh banget pagi ini, kayak ikan pepes",
        "Resep {FOOD} gampang, cocok buat anak kos",
        "Weekend enaknya ke {PL} bareng keluarga",
        ("Garuda menang! Indonesia 2-0 Arab Saudi 🇮🇩", "11-19", "11-21"),
        "Ada yang tau tukang servis AC murah daerah {K}?",
        "Bangun kesiangan, telat ngantor, hari ini sial {POL}",
        "Pengajian akbar di masjid {KEL} malam Jumat, monggo hadir",
        "Harga cabai naik lagi, emak-emak menjerit",
        "Rekomendasi {FOOD} paling enak se-{R} versi {AKU}",
        "Film horor baru rame banget, siapa yang udah nonton?",
        "Jalan kaki pagi keliling {PL}, seger {REK}",
    ],
    "noise_personal": [
        "Sarapan {FOOD} sebelum apel pagi",
        "Akhir pekan mancing bareng anak-anak",
        "Alhamdulillah anak lulus tahfiz juz 30, bangga 🥹",
        "Jalan-jalan sore ke {PL} bareng keluarga",
        "Hujan gini enaknya ngopi di rumah",
        "Ikut fun run 5K, capek tapi seneng",
        "Panen tomat di pot depan rumah 🍅",
    ],
    "noise_hard": [
        "Persebaya menang, wani {REK}! Bonek menyala 💚",
        "Ayo dukung timnas, menangkan Garuda! 🇮🇩",
    ],
    "noise_comment": [
        "lokasinya {NANG} mana kak?", "wkwk asli", "mampir {REK}", "ini lagu {OPO} judulnya?",
        "ngakak {POL}", "mau dong kak", "sehat terus kak", "kok lucu sih",
        "{AKU} pernah ke sana", "sumpah relate", "jadi laper", "aamiin", "mantul kak",
        "info harga kak", "keren editannya",
    ],
    "ad": ["Semen, cat, keramik lengkap! Promo akhir tahun, gratis antar se-Surabaya."],
}

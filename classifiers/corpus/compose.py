"""Compose composed.csv: hand-written campaign, neutrality and everyday phrasings with slots
(fictional names, real regions, ballot numbers, emoji), each row noting its pattern.

Run: python classifiers/corpus/compose.py   (seeded: the same file every time)
"""

import csv
import random
import re
from collections import Counter
from pathlib import Path

rng = random.Random(20261124)
FIRST = "Arga Bayu Dimas Fajar Galih Hendra Irfan Joko Krisna Lukman Miko Nanda Oki Pandu Raka Satria Teguh Umar Wisnu Yoga Zaki Rizal Fahri Dodi Ujang Asep Cecep Dadang Eko Heru Slamet Bagus Putu Made Andi Ilham Yusuf Rahmat Taufik Hafiz Rangga".split()
FEM = "Wulan Rina Sari Dewi Intan Laras Maya Nia Putri Ratna Sinta Tari Vina Yuni Zahra Anisa Citra Dinda Fitri Hesti Indah Kartika Lestari Melati Nur".split()
LAST = "Wicaksana Pratama Nugroho Saputra Hidayat Kusuma Permana Santoso Wibowo Suryana Firmansyah Ramadhan Setiawan Gunawan Hakim Maulana Siregar Nasution Lubis Harahap Pane Tanjung Sembiring Manurung Rahayu Purnama Sulistyo Hartono Kurniawan Mahendra Adiwijaya Suganda Sasmita Kartawijaya".split()
HON_M = "Mas Bang Kang Pak Abah Cak Uda Gus Bung Aa Kak".split()
HON_F = "Mbak Teh Bu Bunda Ning Uni Kak".split()
REGIONS = "Bekasi,Bogor,Cirebon,Depok,Surabaya,Medan,Makassar,Semarang,Bandung,Tangerang,Malang,Padang,Palembang,Solo,Yogya,Sukabumi,Tasikmalaya,Garut,Karawang,Serang,Cilegon,Banjarmasin,Pontianak,Manado,Kupang,Mataram,Jambi,Pekanbaru,Balikpapan,Samarinda,Kendari,Ambon,Jayapura,Sidoarjo,Gresik,Kediri,Blitar,Madiun,Tegal,Pekalongan".split(
    ","
)
OFFICES = ["wali kota", "walikota", "bupati", "gubernur", "wakil wali kota", "wakil bupati"]
NUMW = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima"}
EMO_S = ["💪", "🔥", "👍", "🙏", "❤️", "✌", "☝", "🇮🇩", "😍", "👏", "🤝", "💯", ""]
EMO_N = ["🙏", "😊", "📢", "📌", "👍", "☕", "🌧️", "😂", "", "", ""]


def cand():
    if rng.random() < 0.3:
        f = rng.choice(FEM)
        h = rng.choice(HON_F)
    else:
        f = rng.choice(FIRST)
        h = rng.choice(HON_M)
    last = rng.choice(LAST)
    form = rng.random()
    if form < 0.45:
        return f"{h} {f}"
    if form < 0.75:
        return f"{f} {last}"
    if form < 0.9:
        return f"{h} {f} {last}"
    return f"{f}"


def pair():
    return f"{rng.choice(FIRST)}-{rng.choice(FIRST + FEM)}"


def num():
    return rng.choice([1, 2, 3, 1, 2, 3, 4, 5])


def nstr(n):
    return rng.choice([str(n), f"0{n}", NUMW[n], str(n), f"0{n}"])


def reg():
    return rng.choice(REGIONS)


def tag(s):
    return "#" + "".join(w[:1].upper() + w[1:] for w in re.sub(r"[^\w ]", "", s).split())


def shout(s):
    r = rng.random()
    if r < 0.12:
        return s.upper()
    if r < 0.3:
        return s.lower()
    return s


def elong(s):
    if rng.random() < 0.2:
        words = s.split(" ")
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3 and w[-1].isalpha():
            words[i] = w + w[-1] * rng.randint(2, 4)
        return " ".join(words)
    return s


SUPPORT = [
    ("Bulatkan tekad untuk {c}! {e}", "tagline template: bulatkan tekad untuk {candidate}"),
    (
        "bulatkan tekad utk {c}, {r} pasti lebih maju",
        "tagline template: bulatkan tekad untuk {candidate}",
    ),
    ("Coblos no {n} tanggal 27 November! {e}", "tagline template: coblos no {n}"),
    ("coblos nomor urut {n} ya dulur {e}", "tagline template: coblos nomor urut {n}"),
    ("Jangan lupa coblos {c} nomor {n}", "tagline template: jangan lupa coblos"),
    ("Salam {n} jari! {c} untuk {r} {e}", "tagline template: salam {n} jari"),
    ("salam {nw} jari dari warga {r} {e}", "tagline template: salam {n} jari"),
    ("{c} for {r} 1 {e}", "tagline template: {candidate} for {region} 1"),
    ("{C} FOR {R} SATU!!!", "tagline template: {candidate} for {region} 1, shouting"),
    ("Lanjutkan 2 periode {c} {e}", "tagline template: dua periode"),
    ("{c} dua periode, setuju? {e}", "tagline template: dua periode"),
    ("Siap memenangkan {c} di Pilkada {r} {e}", "campaign call: memenangkan"),
    ("Ayo menangkan {p} satu putaran {e}", "campaign call: satu putaran"),
    ("Dukung penuh {c} jadi {o} {r}", "campaign call: dukung penuh"),
    ("Kami warga {r} mendukung {c} {e}", "campaign call: mendukung"),
    ("{c} pemimpin yang amanah, layak dipilih lagi {e}", "praise without sarcasm"),
    ("Sudah terbukti kerjanya, pilih {c} lagi", "praise: sudah terbukti"),
    ("sdh terbukti bliau kerja nyata, coblos {n} {e}", "slang support comment"),
    ("smoga {c} jd {o} {r} aamiin {e}", "slang support comment: smoga jd"),
    ("mantul {c}, gaskeun nomor {n} {e}", "slang support comment: mantul gaskeun"),
    ("pokoke {c} menaaang! {e}", "slang support comment: pokoke menang"),
    ("hayu urang pilih {c}, {r} kudu maju", "Sundanese support: hayu urang pilih"),
    ("ayo dulur, nyoblos {c} nomor {n}", "Javanese support: ayo dulur nyoblos"),
    ("wis mesti {c} menang, sedulur {r} kompak {e}", "Javanese support: wis mesti menang"),
    ("aye dukung {c} dah pokoknya, kagak ada yg laen", "Betawi support"),
    ("Insyaallah {c} menang, {r} juara {e}", "support: insyaallah menang"),
    ("{t} {t2} {t3}", "hashtag-only support"),
    ("{t} {e}", "hashtag-only support"),
    ("Bersama {c}, {r} maju! {t}", "slogan-like support with hashtag"),
    ("Relawan {c} siap turun ke {nb} kecamatan {e}", "campaign team post"),
    ("Tim pemenangan {p} {r} solid! {e}", "campaign team post"),
    (
        "Terima kasih Pak Camat dan Pak Lurah yang hadir di kampanye akbar {c} hari ini {e}",
        "candidate's own campaign post naming officials",
    ),
    (
        "Alhamdulillah kampanye {c} di {r} dihadiri ribuan warga, nomor {n} menang! {e}",
        "candidate's own campaign post",
    ),
    (
        "Terima kasih ibu-ibu PKK {r} atas dukungannya untuk {c} {e}",
        "candidate's own campaign post",
    ),
    ("mantap pak, lanjutkan!", "comment: short support"),
    ("siap menangkan {n}!", "comment: short support"),
    ("{nw} jari {e}{e}", "comment: finger sign support"),
    ("Gas terus {c}, {r} butuh pemimpin kayak bliau {e}", "slang support"),
    ("Pilihanku {c}, pilihanmu? {e}", "support: pilihanku"),
    ("27 November coblos {c}, jangan salah pilih {e}", "support with date"),
    ("Yuk pilih {p}, nomor {n} paling pas untuk {r}", "campaign call: yuk pilih"),
    ("Dari {r} untuk {c} {e} #{N}Jari", "support with hashtag"),
    ("Kerja nyata {c} sudah dirasakan warga, wajib lanjut!", "praise: wajib lanjut"),
    ("Pemimpin muda, cerdas, merakyat: {c}. Nomor {n} untuk {r} yang lebih baik", "praise list"),
    ("aku sih {c} {e} no debat", "support: colloquial"),
    ("Fix pilih {c}, visi misinya paling masuk akal {e}", "support: fix pilih"),
    ("{c} the best!! {e}", "English-mixed support"),
    ("Vote {c} for a better {r}! {e}", "English-mixed support"),
    (
        "Selamat berjuang {c}, doa kami menyertai, insyaallah menang {e}",
        "support: selamat berjuang + menang",
    ),
    ("Ayo dukung paslon {n}! {t}", "campaign call: dukung paslon"),
    ("coblos gambar {c} ya bu ibu {e}", "support: coblos gambar"),
    ("Pokoknya 27/11 ke TPS coblos nomor {n}! {e}", "support with TPS mention"),
    ("{c} di hati warga {r} {e}", "praise: di hati warga"),
    ("Saya {f}, warga {r}, mantap memilih {c}", "testimonial support"),
    ("Ibu-ibu pengajian siap menangkan {c} {e}", "community support"),
    ("Jangan ragu, {c} pilihan tepat untuk {r} {e}", "support: pilihan tepat"),
    ("M3N4NG {c} {e}", "leetspeak support"),
    ("cmn {c} yg bs bawa {r} maju, yg lain lewat", "slang support with comparison"),
    ("Keluarga besar kami solid di paslon {n} {e} {t3}", "support: family solid behind paslon"),
    ("Fix all in paslon {n} {e}", "support: all in"),
    ("all in {c} pokoknya {e}", "support: all in"),
    ("makin yakin sama paslon {n} {e}", "support: makin yakin"),
    ("Foto bareng di posko pemenangan {c}. Kompak paslon {n}!", "support: photo at campaign post"),
    (
        "mampir posko {c}, rapat strategi bareng warga {e}",
        "support: campaign post strategy meeting",
    ),
    (
        "Ngopi bareng {c}, orangnya sederhana banget. Fix pilih {n} {e}",
        "support: personal encounter + choice",
    ),
    ("Lanjut paslon {n}, setuju gak? {e}", "support: lanjut paslon"),
    (
        "Debat semalam {c} paling cerdas jawabannya, makin mantap pilih nomor {n}",
        "support: debate praise + choice",
    ),
    ("{r} kompak {c}! {e}", "support: kompak"),
    ("Tim {c} siap door to door ke {nb} RW minggu ini {e}", "campaign team canvassing"),
    ("Bagikan stiker {c} ke tetangga, nomor {n} ya {e}", "support: distributing campaign material"),
    ("Alhamdulillah, warga {r} sepakat dukung {c} {e}", "support: community consensus"),
    ("Saksi {c} di TPS siap kawal suara! {e}", "support: campaign witnesses"),
    ("Hayu ka TPS, coblos nu nomer {n}, {c}!", "Sundanese support"),
    ("sing penting {c} menang, liyane ora penting", "Javanese support"),
    ("{c} yes! {e}", "short support comment"),
    ("gasss {c} {e}", "short support comment"),
    ("nomor {n} aja udah {e}", "short support comment"),
    ("Sudah bulat, {c} untuk {r} {e}", "support: sudah bulat"),
]
OPPOSE = [
    ("Jangan pilih {c}, janjinya kosong semua", "oppose: jangan pilih"),
    ("jgn coblos {n}, sudah terbukti gagal", "oppose slang: jgn coblos"),
    ("#2024Ganti{O} {e}", "oppose hashtag: ganti"),
    ("{r} butuh perubahan, #GantiWaliKota {e}", "oppose hashtag: ganti wali kota"),
    ("{c} gagal urus banjir, saatnya ganti {e}", "oppose: gagal, saatnya ganti"),
    ("Tolak dinasti! Jangan biarkan {c} berkuasa lagi", "oppose: tolak dinasti"),
    ("Asal bukan {c}, siapa saja boleh", "oppose: asal bukan"),
    ("{c} cuma pencitraan, jangan mau dibohongi lagi {e}", "oppose: pencitraan"),
    ("Lima tahun {c} jalan di {r} tetap rusak. Cukup satu periode!", "oppose: cukup satu periode"),
    ("Warga {r} jangan salah pilih lagi, {c} sudah gagal", "oppose: sudah gagal"),
    ("Ojo milih {c}, ra ono buktine", "Javanese oppose"),
    ("ulah milih {c}, loba bohongna", "Sundanese oppose"),
    ("Tolak paslon {n}! Rakyat {r} sudah muak", "oppose: tolak paslon"),
    ("{c} tidak layak jadi {o}, track recordnya buruk", "oppose: tidak layak"),
    ("Stop {c}! {r} bukan milik keluarganya {e}", "oppose: stop"),
    ("Kalau {c} menang, {r} mundur lagi. Jangan pilih!", "oppose: conditional"),
    ("Gak usah dukung {c}, kerjanya nol besar", "oppose slang: gak usah dukung"),
    ("#Asal Bukan {F} {e}", "oppose hashtag: asal bukan"),
    ("nomor {n} itu cuma janji manis, jgn ketipu", "oppose: janji manis"),
    ("Ganti pemimpin {r}, jangan kasih kesempatan kedua buat {c}", "oppose: ganti pemimpin"),
    ("Anti {c} club {e}", "oppose: anti club"),
    ("{c} korupsi anggaran, jangan coblos!", "oppose: accusation + call"),
]
NEUTRAL_HARD = [
    (
        "Bawaslu Kota {r} ingatkan ASN jaga netralitas jelang Pilkada 2024",
        "hard negative: news about ASN neutrality",
    ),
    (
        "BKN catat {nb} laporan dugaan pelanggaran netralitas ASN selama tahapan Pilkada",
        "hard negative: news about neutrality figures",
    ),
    (
        "Seorang lurah di {r} dilaporkan ke Bawaslu karena unggah foto bersama paslon nomor {n}",
        "hard negative: report of a violation",
    ),
    (
        "Camat di {r} diperiksa Bawaslu usai pose salam {nw} jari di acara kampanye",
        "hard negative: report of a violation",
    ),
    (
        "Viral ASN {r} pose {nw} jari, Bawaslu lakukan klarifikasi",
        "hard negative: report of a violation",
    ),
    (
        "Kepala desa yang dukung {c} terancam sanksi, kata Bawaslu {r}",
        "hard negative: report about support by official",
    ),
    (
        "Pj Wali Kota {r} terbitkan surat edaran netralitas ASN dalam Pilkada",
        "hard negative: surat edaran",
    ),
    (
        "Surat Edaran Bersama tentang netralitas ASN wajib dipatuhi seluruh pegawai",
        "hard negative: surat edaran",
    ),
    (
        "Kami ASN Pemkot {r} berikrar menjaga netralitas dalam Pilkada 2024 {e}",
        "hard negative: ikrar",
    ),
    ("Ikrar netralitas ASN, TNI dan Polri di halaman Balai Kota {r}", "hard negative: ikrar"),
    (
        "Apel siaga netralitas ASN: tidak ikut kampanye, tidak like, tidak share konten paslon",
        "hard negative: officials urging neutrality",
    ),
    (
        "ASN dilarang foto bersama paslon, dilarang pose jari, dilarang like postingan kampanye. Jaga netralitas!",
        "hard negative: rules of neutrality listing banned acts",
    ),
    ("Gunakan hak pilih Anda pada 27 November, datang ke TPS {e}", "hard negative: civic appeal"),
    ("Mari wujudkan Pilkada damai di {r} {e}", "hard negative: pilkada damai"),
    ("Jangan golput! Satu suara menentukan masa depan {r}", "hard negative: anti golput appeal"),
    (
        "KPU {r} tetapkan nomor urut: nomor 1 {c}, nomor 2 {c2}",
        "hard negative: ballot draw announcement",
    ),
    (
        "Hasil pengundian nomor urut paslon Pilkada {r}: {c} mendapat nomor urut {n}",
        "hard negative: ballot draw announcement",
    ),
    (
        "Debat kandidat Pilkada {r} digelar malam ini pukul 19.00 WIB, saksikan di TV lokal",
        "hard negative: KPU debate schedule",
    ),
    (
        "Debat kedua paslon semalam seru, semua paslon adu gagasan {e}",
        "hard negative: neutral debate comment",
    ),
    (
        "Pj Wali Kota {r} ucapkan selamat kepada seluruh paslon yang ditetapkan KPU, semoga kompetisi berlangsung sejuk",
        "hard negative: Pj congratulates all candidates",
    ),
    (
        "Siapa pun pilihannya, jaga persaudaraan. Beda pilihan itu biasa {e}",
        "hard negative: unity appeal",
    ),
    ("Cek fakta: video {c} bagi-bagi uang adalah hoaks", "hard negative: fact check"),
    (
        "Hoaks! Beredar surat suara tercoblos nomor {n} di {r}, KPU pastikan tidak benar",
        "hard negative: hoax debunk mentioning a number",
    ),
    (
        "Sosialisasi pemilih pemula di SMA {nb} {r}: cara mencoblos yang sah",
        "hard negative: voter education",
    ),
    (
        "Cara mencoblos yang sah: coblos satu kali di dalam kotak gambar paslon",
        "hard negative: how to vote",
    ),
    (
        "Quick count sementara Pilkada {r}: paslon {n} unggul tipis, tunggu hasil resmi KPU",
        "hard negative: quick count report",
    ),
    ("Rekapitulasi suara tingkat kecamatan di {r} berjalan lancar", "hard negative: recount news"),
    (
        "Bawaslu rekrut pengawas TPS untuk Pilkada {r}, cek syaratnya",
        "hard negative: supervision recruitment",
    ),
    (
        "Sekda {r}: ASN yang terbukti melanggar netralitas akan dijatuhi sanksi disiplin",
        "hard negative: official warning",
    ),
    (
        "Laporkan pelanggaran netralitas ASN ke Bawaslu melalui aplikasi Gowaslu",
        "hard negative: reporting appeal",
    ),
    (
        "Tahukah kamu? ASN boleh memilih, tapi tidak boleh berkampanye {e}",
        "hard negative: education on neutrality",
    ),
    (
        "Netralitas ASN adalah harga mati. Melayani masyarakat tanpa memihak {e}",
        "hard negative: neutrality slogan",
    ),
    (
        "KASN: {nb} ASN dijatuhi sanksi karena tidak netral pada Pilkada lalu",
        "hard negative: sanctions news",
    ),
    (
        "Warganet kritik kepala dinas {r} yang hadir di kampanye {c}",
        "hard negative: criticism of violation",
    ),
    (
        "Ini bukan contoh yang baik: ASN ikut kampanye {c}. Sudah kami laporkan ke Bawaslu",
        "hard negative: citizen reporting a violation",
    ),
    (
        "Bawaslu {r} tertibkan alat peraga kampanye yang dipasang di fasilitas pemerintah",
        "hard negative: APK enforcement",
    ),
    (
        "Panwascam {r} awasi kampanye tatap muka paslon nomor {n} di lapangan desa",
        "hard negative: supervision report naming number",
    ),
    (
        "Masa tenang dimulai, seluruh alat peraga kampanye wajib diturunkan",
        "hard negative: masa tenang",
    ),
    (
        "Jadwal kampanye paslon Pilkada {r} minggu ini sesuai ketetapan KPU",
        "hard negative: schedule",
    ),
    (
        "Dua paslon Pilkada {r} sepakat kampanye damai tanpa hoaks dan politik uang",
        "hard negative: peace agreement",
    ),
    ("Tolak politik uang! Laporkan ke pengawas pemilu {e}", "hard negative: anti money politics"),
    ("Polres {r} siapkan {nb} personel amankan TPS", "hard negative: security news"),
    (
        "Partisipasi pemilih di {r} ditargetkan 80 persen, KPU gencarkan sosialisasi",
        "hard negative: turnout target",
    ),
    (
        "Gakkumdu {r} tangani dugaan politik uang oleh tim sukses",
        "hard negative: enforcement news mentioning tim sukses",
    ),
    (
        "ASN wajib netral, jangan sampai karier terhenti karena satu unggahan {e}",
        "hard negative: warning to ASN",
    ),
    (
        "Webinar: Menjaga netralitas ASN di era media sosial, Kamis pukul 09.00",
        "hard negative: event on neutrality",
    ),
    (
        "Deklarasi kampanye damai Pilkada {r} dihadiri seluruh paslon dan Forkopimda",
        "hard negative: declaration",
    ),
    (
        "Kepala BKPSDM {r} minta ASN tidak memberi like atau komentar pada akun paslon mana pun",
        "hard negative: official urging neutrality",
    ),
    ("Survei: elektabilitas {c} dan {c2} bersaing ketat di {r}", "hard negative: poll news"),
    (
        "Mahasiswa gelar diskusi publik soal visi misi para calon {o} {r}",
        "hard negative: public discussion",
    ),
    (
        "Relawan demokrasi KPU {r} sosialisasi ke pasar dan terminal",
        "hard negative: relawan demokrasi (not campaign team)",
    ),
    ("Sidang DKPP: anggota PPK {r} diberhentikan karena tidak netral", "hard negative: DKPP news"),
    ("Pemungutan suara ulang digelar di {nb} TPS di {r}", "hard negative: PSU news"),
    (
        "Video viral: guru honorer ajak murid pilih paslon {n}, dinas pendidikan beri teguran",
        "hard negative: report of violation",
    ),
    (
        "Bupati nonaktif dilaporkan karena diduga menggunakan fasilitas negara untuk kampanye {c}",
        "hard negative: report",
    ),
    (
        "Netral itu bukan berarti tidak peduli. ASN tetap gunakan hak pilih di TPS {e}",
        "hard negative: neutrality reflection",
    ),
    (
        "Selamat kepada {c} yang ditetapkan KPU sebagai {o} terpilih {r}, mari bersatu kembali",
        "hard negative: post-result unity",
    ),
    (
        "Hati-hati, jangan pilih pemimpin karena amplop. Pilih dengan hati nurani {e}",
        "hard negative: generic civic appeal with jangan pilih",
    ),
    (
        "Ayo ke TPS! Pilih sesuai hati nurani, bukan karena uang {e}",
        "hard negative: civic appeal with pilih",
    ),
    (
        "Paslon nomor urut {n} menyampaikan visi misi di debat publik KPU {r}",
        "hard negative: neutral debate report",
    ),
    (
        "Kampanye akbar paslon {n} di stadion {r} akan dijaga 500 personel gabungan",
        "hard negative: security news mentioning campaign",
    ),
]
NEUTRAL_EVERYDAY = [
    ("Apel pagi bersama seluruh staf {u} {r}, semangat melayani {e}", "everyday ASN office post"),
    (
        "Pelayanan KTP elektronik di kecamatan buka sampai pukul 15.00 {e}",
        "everyday public service",
    ),
    ("Nomor antrean {nb} dipanggil, mohon bersabar ya bapak ibu", "everyday number not ballot"),
    ("Rapat koordinasi jam {h} di aula {u} {r}", "everyday meeting with a number"),
    ("Kerja bakti RT 0{n} membersihkan saluran air sebelum musim hujan {e}", "everyday RT number"),
    ("Posyandu balita di kelurahan hari ini, jangan lupa bawa buku KIA {e}", "everyday posyandu"),
    ("Banjir setinggi {nb} cm di {r}, warga diimbau waspada {e}", "everyday flood news"),
    ("Selamat Hari Guru Nasional untuk seluruh guru di {r} {e}", "everyday holiday"),
    ("Persib menang {n}-0! Bobotoh bungah pisan {e}", "everyday football with numbers"),
    ("Garuda menyala!!! Timnas menang {e}", "everyday football chant"),
    ("Salam satu jiwa! Arema juara {e}", "everyday fandom chant"),
    ("Seblak level {n} di dekat kantor enak banget {e}", "everyday food"),
    ("Nasi uduk {r} paling juara, sarapan dulu sebelum ngantor {e}", "everyday food"),
    ("Pengajian rutin malam Jumat di masjid kompleks {e}", "everyday religious"),
    ("Selamat ulang tahun ke-{nb} kota {r} tercinta {e}", "everyday anniversary"),
    ("Jalan {r} macet parah pagi ini, ada perbaikan gorong-gorong", "everyday traffic"),
    ("Lomba 17an di kantor: balap karung tim {u} juara {n} {e}", "everyday contest ranking number"),
    ("Diskon {nb}% khusus hari ini, order via DM ya kak {e}", "everyday shop"),
    (
        "Endorse: skincare lokal bikin kulit glowing, cek keranjang kuning {e}",
        "everyday endorsement",
    ),
    ("Libur panjang, keluarga kecil kami piknik ke {r} {e}", "everyday family"),
    ("Alhamdulillah anak kedua lahir dengan selamat {e}", "everyday family with number"),
    ("Vaksinasi anak sekolah di puskesmas {r} dibuka hari Senin", "everyday health"),
    ("Pemkot {r} salurkan bantuan sembako untuk warga terdampak banjir", "everyday government aid"),
    ("Gotong royong bangun jembatan desa bersama warga dan Babinsa {e}", "everyday community"),
    ("Upacara HUT RI ke-79 di lapangan {r} berlangsung khidmat {e}", "everyday ceremony"),
    ("Mau tanya, syarat bikin akta kelahiran apa saja ya min?", "everyday question"),
    ("Lampu jalan di gang {n} mati sudah seminggu, mohon ditindaklanjuti", "everyday complaint"),
    ("Ngopi dulu biar semangat kerja {e}", "everyday coffee"),
    ("Hujan deres banget di {r} sore ini, hati-hati di jalan {e}", "everyday weather"),
    (
        "Tim voli {u} lolos ke final, ayo dukung tim kita {e}",
        "everyday sports support (not election)",
    ),
    (
        "Jangan lupa bayar PBB sebelum jatuh tempo ya warga {r}",
        "everyday tax reminder with jangan lupa",
    ),
    ("Pilih mana: bakso atau mie ayam? {e}", "everyday pilih not election"),
    ("Ayo dukung UMKM lokal {r}, beli produk tetangga {e}", "everyday dukung not election"),
    (
        "Semoga anak-anak kita menang lomba cerdas cermat tingkat provinsi {e}",
        "everyday menang not election",
    ),
    ("Coblos balon buat ulang tahun anak, seru banget {e}", "everyday coblos not election"),
    ("Nomor {n} di lomba mewarnai, bangga sama si kecil {e}", "everyday number ranking"),
    ("Pelatihan digital untuk {nb} pelaku UMKM di {r}", "everyday training"),
    ("Pasar murah minyak goreng di kantor kelurahan besok pagi", "everyday market"),
    ("Pengumuman: kantor tutup pada cuti bersama tanggal {h} Desember", "everyday announcement"),
    ("Semangat Senin! Awali pekan dengan senyum {e}", "everyday greeting"),
    ("Kucing kantor tidur di meja kerja lagi {e}", "everyday pet"),
    ("Main bareng anak di taman kota {r} {e}", "everyday family"),
    ("Jadwal imunisasi BCG bulan ini di posyandu Melati", "everyday health schedule"),
    ("Terima kasih petugas kebersihan yang bekerja sejak subuh {e}", "everyday gratitude"),
    ("Bismillah, hari pertama kerja di kantor baru {e}", "everyday new job"),
    (
        "Dua jempol untuk pelayanan puskesmas {r} yang cepat {e}",
        "everyday praise of service with a number word",
    ),
    ("Salam sehat dari {r}! Jangan lupa olahraga pagi {e}", "everyday greeting salam"),
    ("Satu hati satu tujuan, tim futsal kantor siap bertanding {e}", "everyday team slogan"),
    ("{s}", "everyday short comment"),
    ("{s} {e}", "everyday short comment"),
    ("{s} kak", "everyday short comment"),
    ("{s}, {s2}", "everyday short comments joined"),
    ("hadir dari {r} {e}", "everyday comment: hadir"),
    (
        "Semangat adik-adik yang ikut lomba {lomba}, menangkan untuk sekolah kita! {e}",
        "everyday: menangkan a school contest",
    ),
    ("Semoga lancar sampai hari H {e}", "everyday wish"),
    ("Menemani ibu kontrol ke rumah sakit, semoga lekas pulih {e}", "everyday family health"),
    ("Bawa bekal dari rumah, hemat pangkal kaya {e}", "everyday proverb"),
    ("Hujan-hujan begini paling enak {food} hangat {e}", "everyday food weather"),
    ("Fix beli {item} yang warna {color} {e}", "everyday fix pilih shopping"),
    ("All in {food} malam ini {e}", "everyday all in food"),
    ("Kompak selalu tim {u} {r} {e}", "everyday office team"),
    ("Foto bareng tim {u} usai {act} {e}", "everyday office photo"),
    ("Makin yakin resep {food} ini enak banget {e}", "everyday makin yakin"),
    ("Lanjut kerja lagi habis makan siang {e}", "everyday lanjut"),
    ("Mampir ke warung {food} dekat kantor, mantap {e}", "everyday mampir"),
    ("Tim {u} juara {n} lomba {lomba} {e}", "everyday contest"),
]
SHORT = [
    "bisa cod gak",
    "keren editannya",
    "mau dong",
    "ikut nyimak",
    "aamiin",
    "amin ya allah",
    "lucu banget",
    "wkwkwk",
    "info loker dong",
    "harga berapa",
    "mantap",
    "sehat selalu",
    "semangat",
    "cakep",
    "nitip salam",
    "hadir",
    "ijin share",
    "boleh minta resepnya",
    "lokasi dimana ya",
    "kapan buka lagi",
    "ditunggu part 2",
    "auto ngakak",
    "sumpah relate",
    "turut berduka cita",
    "selamat ya",
    "barakallah",
    "masyaallah indah banget",
    "otw kesana",
    "keren kak",
    "gemes banget",
    "jadi pengen",
    "up",
    "nyimak dulu",
    "spill dong",
    "aku juga mau",
    "ini dimana",
    "hahaha bener",
    "terima kasih infonya",
    "sangat bermanfaat",
    "kerja bagus",
    "good job",
    "nice info",
    "mantul infonya",
    "setuju banget",
    "lanjutkan kontennya",
    "followback kak",
    "cek dm ya",
    "pertamax",
    "jam berapa mulai",
    "gratis gak",
    "ramai gak",
    "macet gak",
    "sudah buka belum",
    "salam kenal",
    "salam dari jauh",
    "salam sehat",
    "salam olahraga",
    "semoga berkah",
    "semoga sukses acaranya",
    "pengen ikut",
    "kangen suasana ini",
    "rindu kampung halaman",
    "siap kak",
    "oke siap",
    "gas lah main",
    "bismillah",
    "alhamdulillah",
    "lanjut kak",
    "semangat kerjanya",
    "lucu anaknya",
    "enak banget kayaknya",
    "bagi resep dong",
    "tempatnya nyaman",
    "harga bersahabat",
    "sukses terus usahanya",
]
LOMBA = [
    "cerdas cermat",
    "pidato",
    "tahfidz",
    "mewarnai",
    "futsal",
    "paduan suara",
    "pramuka",
    "olimpiade matematika",
]
FOOD = [
    "soto betawi",
    "bakso",
    "mie ayam",
    "seblak",
    "empal gentong",
    "nasi jamblang",
    "rawon",
    "pempek",
    "gado-gado",
    "martabak",
    "sate padang",
    "bubur ayam",
]
ITEMS = ["sepatu", "tas", "gamis", "helm", "jaket", "mukena"]
COLORS = ["hitam", "biru", "merah", "hijau", "abu-abu", "cokelat"]
ACTS = ["rapat evaluasi", "apel pagi", "senam bersama", "bimtek", "monev", "donor darah"]
UNITS = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Kecamatan",
    "Kelurahan",
    "BPBD",
    "Dinas Sosial",
    "Bappeda",
    "Dinas Perhubungan",
    "Satpol PP",
    "Disdukcapil",
    "RSUD",
    "Puskesmas",
]


def fill(tpl):
    c = cand()
    c2 = cand()
    n = num()
    r = reg()
    vals = dict(
        c=c,
        C=c.upper(),
        c2=c2,
        p=pair(),
        n=nstr(n),
        nw=NUMW[n],
        N=str(n),
        r=r,
        R=r.upper(),
        o=rng.choice(OFFICES),
        O=rng.choice(["WaliKota", "Bupati", "Gubernur"]),
        e=rng.choice(EMO_S),
        f=rng.choice(FIRST + FEM),
        F=rng.choice(FIRST),
        nb=rng.randint(2, 420),
        h=rng.randint(1, 30),
        u=rng.choice(UNITS),
        s=rng.choice(SHORT),
        s2=rng.choice(SHORT),
        lomba=rng.choice(LOMBA),
        food=rng.choice(FOOD),
        item=rng.choice(ITEMS),
        color=rng.choice(COLORS),
        act=rng.choice(ACTS),
        t=tag(c),
        t2=tag(f"{r} {rng.choice(['Maju', 'Juara', 'Bangkit', 'Hebat', 'Bersatu', 'Berkah'])}"),
        t3=rng.choice(
            [
                "#Paslon" + str(n),
                "#Nomor" + str(n),
                "#Coblos" + str(n),
                f"#{NUMW[n].title()}Jari",
                "#Pilkada2024",
                "#MenangkanNomor" + str(n),
            ]
        ),
    )
    return tpl.format(**vals).strip()


rows = {}


def gen(templates, label, count, post=lambda s: s):
    tries = 0
    while sum(1 for v in rows.values() if v[0] == label) < count and tries < count * 50:
        tries += 1
        tpl, note = rng.choice(templates)
        text = post(fill(tpl))
        text = re.sub(r"\s+", " ", text).strip()
        if text not in rows:
            rows[text] = (label, note)


gen(SUPPORT, "support", 640, lambda s: elong(shout(s)))
gen(OPPOSE, "oppose", 190, lambda s: shout(s))
target_neutral = 560
gen(NEUTRAL_HARD, "neutral", target_neutral, lambda s: s if rng.random() > 0.1 else s.lower())
gen(NEUTRAL_EVERYDAY, "neutral", target_neutral + 640, lambda s: shout(s))

with open(Path(__file__).with_name("composed.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["text", "label", "source", "note"])
    items = list(rows.items())
    rng.shuffle(items)
    for text, (label, note) in items:
        w.writerow([text, label, "composed", note])
print(len(rows), Counter(v[0] for v in rows.values()))

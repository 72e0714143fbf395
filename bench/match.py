"""Matching benchmark: the watch-list matcher at city, province and national scale.

For each roster size it builds the matcher from a synthetic roster of fictional Indonesian civil
servants, matches realistic captions, saves the matcher and loads it again in a fresh process
(checking that the loaded matcher finds exactly what the built one found). Each size runs in its
own processes so that peak memory (ru_maxrss) is that size's own. Prints a table and writes JSON.

Rosters: 6% single names (Javanese mononyms), the rest two to four words drawn from name lists
with a flattened Zipf law (so common full names repeat hundreds or thousands of times), 30% of
family names rare ones made from syllables; 15% of people have an alias (6% honorific + first
name as the import examples write them, 5% the first name, 4% a nickname), 30% a handle, 15% a
title before the name and 40% a degree after it. Captions (50 to 300 characters, half with a
hashtag): 45% mention nobody (everyday text, some of it name-like, as "Dewi Sri" is), 25% a
roster person's full name, 10% honorific + nickname, 10% an @handle, 10% a candidate. The
people mentioned are drawn from the roster evenly, so common names are mentioned more often.

    .venv/bin/python bench/match.py --sizes 10000,500000
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifiers.matching import (  # noqa: E402 - needs the path set above
    Matcher,
    MatchInput,
    WatchedCandidate,
    WatchedPerson,
)
from classifiers.normalize import normalize_text  # noqa: E402

SIZES = (10_000, 500_000, 4_300_000)
SEED = 20241127

# Name pools, most common first; draws follow a flattened Zipf law, so that common full names
# repeat hundreds or thousands of times at national scale, as "Budi Santoso" does.
GIVEN = """Muhammad Ahmad Siti Nur Sri Dewi Budi Agus Dian Eko Dwi Tri Rina Andi Rudi Hendra
Joko Wahyu Yuli Indah Ratna Heru Bambang Bayu Rizky Fajar Putri Ayu Rahmat Arif Hadi Iwan Dedi
Yudi Wawan Asep Ujang Dadang Cecep Euis Neneng Lilis Yanti Endang Nining Irwan Irfan Fitri Novi
Lina Wati Tuti Eka Adi Rini Sari Mega Maya Intan Kurnia Lestari Yusuf Ismail Ibrahim Hasan Husein
Abdul Zainal Fauzi Ridwan Syarif Teuku Cut Made Wayan Nyoman Ketut Gede Putu Komang Kadek Luh
Yohanes Maria Yosef Petrus Paulus Stefanus Agustina Theresia Fransiska Benediktus Aditya Dimas
Arief Nurul Anisa Annisa Rahma Fitria Ratih Wulan Kartika Citra Anggi Desi Erna Evi Farida Gita
Hana Ida Ika Ira Lia Mira Nia Ani Nanik Puji Retno Rosa Sinta Susi Tika Umi Vera Winda Yeni Yuni
Zahra Agung Anton Bagus Candra Darmawan Edi Erwin Feri Galih Gilang Hari Imam Indra Irawan Jaka
Koko Lukman Mulyadi Nanang Oki Prasetyo Rahmad Reza Roni Sandi Sigit Taufik Teguh Toni Untung
Wahid Yoga Zulkifli Hery Herman Iskandar Jamal Kamal Lutfi Mahmud Nasir Rasyid Salim Umar Usman
Yunus Zakaria Dodi Doni Fikri Hafiz Ilham Jefri Kiki Lutfi Riki Rizal Sony Tomi Yogi Zaki
Mochamad Moh Muhamad Achmad Akhmad Abdullah Abdurrahman Wiwik Sumiati Suryani Herlina Juliana
Marlina Rosmawati Nurhayati Nurjanah Hartini Sulastri Sundari Purwanti Mulyani Rohmah Aminah
Halimah Khadijah Fatimah Zainab Maryam Aisyah Rukmini Kasih Melati Mawar Kencana Permata Bunga
Daeng Andi La Wa Ruth Ester Debora Yakob Markus Lukas Matius Simon Natalia Kristina Elisabet
Yosua Samuel Daniel Gabriel Mikael Rafael Krisna Arjuna Bima Sadewa Nakula Rama Shinta Laras
""".split()
MIDDLE = """Nur Dwi Tri Eka Adi Sri Ayu Putri Putra Indah Dewi Budi Agus Bagus Cahyo Hari Ika
Jati Kusuma Laksana Mulya Prasetya Rahayu Wira Yoga Puspita Anggraini Setya Maharani Permana
Wijaya Fitri Rizky Aditya Dimas Arief Nurul Siti Ratna Kurnia Wahyu Eko Dian Sari Maya Intan
Rahmat Hidayat Kartika Lestari Mega Citra Wulan Ika Nanda Anggun Bayu Fajar Galih Gilang Teguh
Indra Surya Cahya Tirta Bumi Jaya Sakti Adhi Darma Yuda Widya Mukti Utama Asih Ningsih Rini
Purnama Candra Kirana Mentari Pelangi Samudra Mahendra Pratiwi Damayanti Kusumawati Wardani
""".split()
FAMILY = """Santoso Wijaya Saputra Hidayat Kusuma Pratama Nugroho Setiawan Lestari Susanto
Gunawan Hartono Purnomo Siregar Nasution Simanjuntak Harahap Lubis Hutapea Tanjung Wibowo Rahman
Hakim Fauzi Sembiring Ginting Sitompul Panjaitan Sihombing Pohan Kurniawan Permadi Suharto
Wahyudi Firmansyah Ramadhan Syahputra Maulana Hasibuan Rahayu Handayani Wulandari Sulistyowati
Puspitasari Anggraini Utami Safitri Yuliani Suryani Herawati Mulyadi Sutrisno Supriyadi
Haryanto Prasetyo Suryadi Hermawan Irawan Saragih Manurung Sinaga Situmorang Pardede Tambunan
Napitupulu Pangaribuan Damanik Purba Tarigan Sitorus Silalahi Pasaribu Simatupang Marpaung
Batubara Daulay Rangkuti Matondang Nainggolan Tampubolon Sianturi Hutagalung Chaniago Piliang
Koto Sikumbang Pattiasina Latuconsina Tuasikal Wowor Sondakh Lumentut Rumengan Tumbelaka Pareira
Fernandez Wenda Kogoya Wonda Tabuni Karubaba Rumbiak Halim Salim Gunadi Susilo Sugiarto
Kusnadi Rusdi Darmaji Sugeng Triyono Widodo Nurhadi Syamsudin Hasanuddin Mappaseng Pawennari
Makmur Yusuf Ismail Ibrahim Hamzah Abdullah Ramli Basri Daud Sulaiman Anwar Arifin Efendi
Hendrawan Kusumo Atmaja Sasmita Wiranata Adiputra Wirawan Pranata Sanjaya Mahardika Saputri
Ardiansyah Kurniasih Febrianti Oktaviani Novitasari Rahmawati Fitriani Agustina Setyawati
Rosyid Zulkarnain Munir Rifai Hanafi Bakri Jauhari Thamrin Lukito Budiman Tanoto Sutanto
Winata Gozali Hutabarat Sitanggang Manalu Aritonang Simbolon Gultom Panggabean Sinurat
""".split()
# Javanese mononyms: a single name is a whole name for many older civil servants.
SINGLE = """Slamet Sutrisno Suparman Mulyono Sugiyanto Sumarno Suyanto Haryono Sukirman Sumarni
Suparmi Sriyati Sukarni Tukiman Wagiman Ngatiyem Sumiati Tarmin Kasmin Darsono Ponijan Sarijo
Warsito Budiono Supardi Suwarno Sunarto Sudarmi Tumini Jumadi Sukardi Ruslan Karsono Sarmini
Wartini Kusnadi Rusdi Darmaji Sugeng Triyono Widodo Nurhayati Rohmani Saminah Juminten Sumardi
Wahyono Suharno Sutarno Rubiyem Paidi Kasiyem Pardiyo Sumadi Marjono Giyanto Wasiyo Tugiyo
Sukamto Parman Sukimin Darmanto Paryono Mujiyono Waluyo Yatmi Sriyono Tarno Samiyo Kartono
""".split()
NICKNAMES = """Budi Agus Yanto Wawan Iwan Dedi Anto Ade Yudi Didi Nana Ucok Butet Acong Nunung
Yayuk Tutik Nanik Ninik Titin Ijah Inah Ipah Ujang Asep Dadang Eman Kang Cecep Ujo Udin Amin
Imah Ucup Iyus Ebi Yoyo Dodo Bowo Harto Tono Totok Gatot Joni Jono Tejo Paijo Parno Pardi Giman
Bejo Sarmo Darto Kasno Kardi Marno Yono Tarjo Jarwo Mamat Memet Oman Otong Engkos Aceng Ayi
""".split()
# Syllables for rarer names ("Suparjiyo", "Tambunanto"): a real roster's vocabulary is large.
ONSETS = "su pa ha wi ra da ma ja ka ti si ya ba nu ri to wa sa ta ni".split()
CODAS = "r n ng m s t k l".split()
ENDINGS = "no to yo jo di man min yem ni ti wati yati nah ah in an ono ianto".split()
HONORIFIC = ("Pak", "Bu", "Mas", "Mbak", "Bang", "Kang", "Teh", "Cak", "Uda")
TITLES = ("Drs.", "Dra.", "H.", "Hj.", "Ir.", "dr.", "Prof. Dr.", "Drs. H.", "H.", "Hj.")
DEGREES = ("S.Pd", "S.E.", "M.Si", "S.H.", "S.Sos", "M.M.", "S.Kom", "S.T.", "M.Pd", "S.IP",
           "M.A.P", "S.Ag", "S.Kep", "M.Kes", "S.Pd., M.Pd", "S.E., M.M.", "S.H., M.H.")
PLATFORMS = ("tiktok", "instagram")
CANDIDATE_SLOGANS = ("Maju Bersama", "Juara", "Bangkit", "Sejahtera", "Berkah", "Hebat")
REGIONS = ("Bekasi", "Bogor", "Depok", "Medan", "Makassar", "Surabaya", "Semarang", "Palembang",
           "Padang", "Malang", "Kupang", "Jayapura", "Ambon", "Manado", "Pontianak", "Banjarmasin")
NOISE = [
    "Macet parah di jalan pagi ini, sabar ya semuanya",
    "Resep nasi goreng kampung ala rumahan, enak banget dan gampang",
    "Nonton bola bareng warga, seru pol sampai tengah malam",
    "Selamat hari Jumat, semoga berkah untuk kita semua",
    "Promo diskon 50% hari ini saja, buruan cek keranjang kuning",
    "Kerja bakti membersihkan selokan bersama warga RW 05",
    "Bagus banget pemandangan sunrise di puncak tadi pagi",
    "Sari roti sama kopi susu, sarapan paling pas sebelum berangkat",
    "Jaya selalu Indonesiaku, dirgahayu untuk kita semua",
    "Hujan deras lagi, jangan lupa bawa payung ya guys",
    "Tips hemat belanja bulanan buat anak kos, simpan dulu videonya",
    "Lagi viral nih, ada yang tahu lokasinya di mana?",
    "Putri tidur nyenyak banget habis main seharian di taman",
    "Dewi Sri dan tradisi panen padi di desa kami tahun ini",
    "Sekolah libur dua hari karena banjir, semoga cepat surut",
    "Antri minyak goreng dari subuh, harga naik terus",
]
FULL_NAME_FRAMES = [
    "Kunjungan kerja {name} ke kecamatan hari ini bersama warga",
    "Terima kasih {name} sudah hadir di acara pengajian kampung kami",
    "Selamat atas pelantikan {name} sebagai kepala bidang yang baru",
    "Foto bersama {name} usai rapat koordinasi, semangat terus",
    "Dukung terus {name}! Semoga sukses selalu",
]
NICK_FRAMES = [
    "Mantap {nick}, lanjutkan kerja baiknya untuk warga",
    "Kata {nick} besok ada pembagian sembako di balai desa",
    "Ngopi sore bareng {nick} di warung depan kantor",
    "{nick} hadir di kampanye akbar tadi siang, ramai sekali",
]
HANDLE_FRAMES = [
    "Bersama @{handle} di acara syukuran kantor, terima kasih semuanya",
    "Cek video terbaru @{handle} ya guys, seru banget",
    "Live bareng @{handle} malam ini jam 8, jangan sampai ketinggalan",
]
CANDIDATE_FRAMES = [
    "Bulatkan tekad untuk {alias}, coblos no {number}! #{tag}",
    "Salam {number} jari, {slogan} bersama {alias}",
    "Ayo menangkan {name} di Pilkada {region}, all in!",
    "Warga {region} siap memilih nomor urut {number}",
]


def _weights(n: int) -> list[float]:
    # Flattened Zipf: the commonest name is common without being a tenth of everyone.
    return list(itertools.accumulate(1 / (rank + 8) ** 0.9 for rank in range(n)))


class _Names:
    """Seeded draws from the name pools."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._cum = {id(pool): _weights(len(pool))
                     for pool in (GIVEN, MIDDLE, FAMILY, SINGLE, NICKNAMES)}

    def pick(self, pool: list[str]) -> str:
        return self.rng.choices(pool, cum_weights=self._cum[id(pool)])[0]

    def rare(self) -> str:
        rng = self.rng
        syllables = [rng.choice(ONSETS) + (rng.choice(CODAS) if rng.random() < 0.3 else "")
                     for _ in range(rng.randint(1, 2))]
        return ("".join(syllables) + rng.choice(ENDINGS)).capitalize()

    def family(self) -> str:
        return self.rare() if self.rng.random() < 0.3 else self.pick(FAMILY)

    def full_name(self) -> list[str]:
        roll = self.rng.random()
        if roll < 0.06:
            return [self.rare() if self.rng.random() < 0.3 else self.pick(SINGLE)]
        if roll < 0.45:
            return [self.pick(GIVEN), self.family()]
        if roll < 0.85:
            return [self.pick(GIVEN), self.pick(MIDDLE), self.family()]
        if roll < 0.93:
            return [self.pick(GIVEN), self.pick(GIVEN)]
        return [self.pick(GIVEN), self.pick(MIDDLE), self.pick(MIDDLE), self.family()]

    def titled(self, tokens: list[str]) -> str:
        name = " ".join(tokens)
        if self.rng.random() < 0.15:
            name = f"{self.rng.choice(TITLES)} {name}"
        if self.rng.random() < 0.4:
            name = f"{name}, {self.rng.choice(DEGREES)}"
        return name

    def aliases(self, tokens: list[str]) -> tuple[str, ...]:
        roll = self.rng.random()
        if roll < 0.06:  # written the way the watch-list import's examples write them
            return (f"{self.rng.choice(HONORIFIC)} {tokens[0]}",)
        if roll < 0.11:  # the first name, as colleagues say it
            return (tokens[0],)
        if roll < 0.15:
            return (self.pick(NICKNAMES),)
        return ()


@dataclass(frozen=True, slots=True)
class RosterSample:
    """What captions need to know about one person on the roster."""

    name: str
    nicknames: tuple[str, ...]  # as a caption would write them: "Pak Budi", "Mas Yanto"
    handle: str | None


def write_roster(path: Path, size: int, rng: random.Random, sample_size: int) -> list[RosterSample]:
    """A tab-separated roster of `size` fictional people; returns an even sample of them."""
    names = _Names(rng)
    every = max(1, size // sample_size)
    sample: list[RosterSample] = []
    with open(path, "w", encoding="utf-8") as fh:
        for pid in range(1, size + 1):
            tokens = names.full_name()
            name = names.titled(tokens)
            aliases = names.aliases(tokens)
            handle = f"{'.'.join(tokens).lower()}{pid}" if rng.random() < 0.3 else None
            platform_ = rng.choice(PLATFORMS)
            fh.write(f"{pid}\t{name}\t{'|'.join(aliases)}\t{platform_}\t{handle or ''}\n")
            if pid % every == 0:
                singles = [a for a in aliases if " " not in a]
                if len(tokens) == 1:
                    singles.append(tokens[0])
                nicknames = [f"{rng.choice(HONORIFIC)} {a}" for a in singles]
                nicknames += [a for a in aliases if " " in a]
                sample.append(RosterSample(" ".join(tokens), tuple(nicknames), handle))
    return sample


def read_roster(path: Path) -> Iterator[WatchedPerson]:
    """People streamed from the roster file, as the snapshot streams them from the database."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            pid, name, aliases, platform_, handle = line.rstrip("\n").split("\t")
            yield WatchedPerson(
                int(pid), name, tuple(aliases.split("|")) if aliases else (),
                ((platform_, handle),) if handle else (),
            )


def make_candidates(rng: random.Random) -> list[WatchedCandidate]:
    """Candidates in a few regional elections, two to four each."""
    names = _Names(rng)
    candidates = []
    for election_id, region in enumerate(REGIONS, start=1):
        for number in range(1, rng.randint(3, 5)):
            tokens = names.full_name()
            if len(tokens) == 1:
                tokens.append(names.pick(FAMILY))
            slogan = f"{region} {rng.choice(CANDIDATE_SLOGANS)}"
            candidates.append(WatchedCandidate(
                id=len(candidates) + 1, election_id=election_id, name=" ".join(tokens),
                aliases=(f"{rng.choice(HONORIFIC)} {tokens[0]}",), ballot_number=number,
                slogans=(slogan,), hashtags=(slogan.replace(" ", "") + tokens[0],),
                handles=(("tiktok", f"{tokens[0].lower()}.{region.lower()}"),),
                region_names=(region, f"Kota {region}"),
            ))
    return candidates


def _pad(rng: random.Random, text: str) -> str:
    """Noise around `text` until it is a caption of 50 to 300 characters."""
    target = rng.randint(50, 300)
    parts = [text]
    while sum(map(len, parts)) < target:
        parts.insert(rng.randint(0, len(parts)), rng.choice(NOISE))
    caption = ". ".join(parts)
    if rng.random() < 0.5:
        caption += " #" + rng.choice(("fyp", "viral", "infoasn", "beritaterkini", "kuliner"))
    return caption[:300] if text in caption[:300] else caption


def make_captions(
    rng: random.Random, count: int, sample: list[RosterSample],
    candidates: list[WatchedCandidate],
) -> list[tuple[str, str]]:
    """(kind, caption) pairs: most mention nobody, the rest a roster person or a candidate."""
    nicknamed = [p for p in sample if p.nicknames]
    handled = [p for p in sample if p.handle]
    captions = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.45:
            kind, text = "nobody", rng.choice(NOISE)
        elif roll < 0.70:
            person = rng.choice(sample)
            name = person.name.upper() if rng.random() < 0.1 else person.name
            kind, text = "full_name", rng.choice(FULL_NAME_FRAMES).format(name=name)
        elif roll < 0.80:
            nick = rng.choice(rng.choice(nicknamed).nicknames)
            kind, text = "honorific", rng.choice(NICK_FRAMES).format(nick=nick)
        elif roll < 0.90:
            handle = rng.choice(handled).handle
            kind, text = "handle", rng.choice(HANDLE_FRAMES).format(handle=handle)
        else:
            c = rng.choice(candidates)
            kind, text = "candidate", rng.choice(CANDIDATE_FRAMES).format(
                alias=c.aliases[0], number=c.ballot_number, tag=c.hashtags[0], slogan=c.slogans[0],
                name=c.name, region=c.region_names[0],
            )
        captions.append((kind, _pad(rng, text)))
    return captions


class Timing:
    """Matching time per kind of caption, and how many matches each kind makes.

    Captions are matched in chunks of one kind, timed per chunk so that reading the clocks
    is not counted as matching; each result is dropped at once, as a pipeline that stores it
    and moves on would."""

    CHUNK = 500

    def __init__(self) -> None:
        self.wall: Counter[str] = Counter()
        self.cpu: Counter[str] = Counter()
        self.captions: Counter[str] = Counter()
        self.matches: Counter[str] = Counter()

    def run(self, matcher: Matcher, captions: list[tuple[str, str]]) -> Timing:
        for kind, items in _inputs_by_kind(captions).items():
            for i in range(0, len(items), self.CHUNK):
                self._chunk(matcher, kind, items[i : i + self.CHUNK])
        return self

    def _chunk(self, matcher: Matcher, kind: str, items: list[MatchInput]) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        found = sum(len(matcher.match(item)) for item in items)
        self.wall[kind] += time.perf_counter() - w0
        self.cpu[kind] += time.process_time() - c0
        self.captions[kind] += len(items)
        self.matches[kind] += found

    def per_s(self, clock: Counter[str]) -> int:
        return round(self.captions.total() / clock.total())

    def by_kind(self) -> dict[str, dict[str, float]]:
        return {kind: {"captions_per_cpu_s": round(n / self.cpu[kind]),
                       "matches_per_caption": round(self.matches[kind] / n, 1)}
                for kind, n in sorted(self.captions.items())}


def _inputs_by_kind(captions: list[tuple[str, str]]) -> dict[str, list[MatchInput]]:
    by_kind: dict[str, list[MatchInput]] = {}
    for kind, text in sorted(captions):
        by_kind.setdefault(kind, []).append(MatchInput("tiktok", None, text))
    return by_kind


def _digest(matcher: Matcher, captions: list[tuple[str, str]]) -> str:
    """Every match of every caption, hashed: equal digests, equal matchers (for these)."""
    digest = hashlib.sha256()
    for items in _inputs_by_kind(captions).values():
        for item in items:
            digest.update(repr(sorted(matcher.match(item))).encode())
    return digest.hexdigest()


def _normalize_only(captions: list[tuple[str, str]]) -> int:
    """Captions per CPU second through normalization alone: the ceiling for matching, which
    cannot search a caption before normalizing it."""
    t0 = time.process_time()
    for _, text in captions:
        normalize_text(text)
    return round(len(captions) / (time.process_time() - t0))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare_worker(size: int, captions_count: int, workdir: Path) -> dict:
    """Write the roster, the candidates and the captions, so that the build worker's peak
    memory is the matcher's and not the generator's."""
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    sample = write_roster(workdir / "roster.tsv", size, rng, sample_size=20_000)
    candidates = make_candidates(rng)
    captions = make_captions(rng, captions_count, sample, candidates)
    (workdir / "candidates.json").write_text(json.dumps([asdict(c) for c in candidates]))
    (workdir / "captions.json").write_text(json.dumps(captions))
    return {"generate_s": round(time.perf_counter() - t0, 1)}


def _read_candidates(path: Path) -> list[WatchedCandidate]:
    def tuples(value: object) -> object:
        return tuple(tuples(v) for v in value) if isinstance(value, list) else value

    return [WatchedCandidate(**{k: tuples(v) for k, v in c.items()})
            for c in json.loads(path.read_text())]


def _read_captions(path: Path) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text in json.loads(path.read_text())]


def build_worker(workdir: Path) -> dict:
    """Build from the roster file, match the captions, save the matcher."""
    candidates = _read_candidates(workdir / "candidates.json")
    t0 = time.perf_counter()
    matcher = Matcher.build(read_roster(workdir / "roster.tsv"), candidates)
    build_s = time.perf_counter() - t0
    build_peak = _peak_mib()

    captions = _read_captions(workdir / "captions.json")
    Timing().run(matcher, captions[:2000])  # warm caches (normalization's fold cache) first
    timing = Timing().run(matcher, captions)
    floor = _normalize_only(captions)

    path = workdir / "matcher.bin"
    t0 = time.perf_counter()
    matcher.save(path)
    save_s = time.perf_counter() - t0
    return {
        "keys": len(matcher), "build_s": round(build_s, 1), "peak_mib": round(build_peak),
        "captions": len(captions), "captions_per_s": timing.per_s(timing.wall),
        "captions_per_cpu_s": timing.per_s(timing.cpu), "by_kind": timing.by_kind(),
        "normalize_only_per_cpu_s": floor,
        "save_s": round(save_s, 1), "file_mib": round(path.stat().st_size / 2**20),
        "peak_with_captions_mib": round(_peak_mib()), "digest": _digest(matcher, captions),
    }


def load_worker(workdir: Path) -> dict:
    """Load the saved matcher as a fresh process would, and match the same captions."""
    t0 = time.perf_counter()
    matcher = Matcher.load(workdir / "matcher.bin")
    load_s = time.perf_counter() - t0
    load_peak = _peak_mib()
    return {
        "load_s": round(load_s, 1), "load_peak_mib": round(load_peak),
        "loaded_digest": _digest(matcher, _read_captions(workdir / "captions.json")),
    }


def _run(args: list[str]) -> dict:
    try:
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                             check=True, cwd=ROOT)
    except subprocess.CalledProcessError as exc:
        sys.exit(f"{' '.join(args)} failed:\n{exc.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(size: int, captions: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        result = {"size": size}
        result |= _run(["--worker", "prepare", "--sizes", str(size), "--captions",
                        str(captions), "--workdir", tmp])
        result |= _run(["--worker", "build", "--workdir", tmp])
        result |= _run(["--worker", "load", "--workdir", tmp])
    result["same_matches_after_load"] = result.pop("digest") == result.pop("loaded_digest")
    return result


HEADER = (f"{'people':>10} {'keys':>10} {'build s':>8} {'peak MiB':>9} {'captions/s':>11} "
          f"{'/cpu s':>8} {'save s':>7} {'load s':>7} {'file MiB':>9} {'load MiB':>9}  same")


def _row(r: dict) -> str:
    return (f"{r['size']:>10} {r['keys']:>10} {r['build_s']:>8} {r['peak_mib']:>9} "
            f"{r['captions_per_s']:>11} {r['captions_per_cpu_s']:>8} {r['save_s']:>7} "
            f"{r['load_s']:>7} {r['file_mib']:>9} {r['load_peak_mib']:>9}  "
            f"{r['same_matches_after_load']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated roster sizes (default: %(default)s)")
    parser.add_argument("--captions", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "match.json")
    parser.add_argument("--worker", choices=("prepare", "build", "load"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        workers = {
            "prepare": lambda: prepare_worker(int(args.sizes), args.captions, args.workdir),
            "build": lambda: build_worker(args.workdir),
            "load": lambda: load_worker(args.workdir),
        }
        print(json.dumps(workers[args.worker]()))
        return
    print(HEADER, flush=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(measure(size, args.captions))
        print(_row(results[-1]), flush=True)
    for r in results:
        print(f"{r['size']:>10} people: normalization alone "
              f"{r['normalize_only_per_cpu_s']} captions/cpu s; by kind of caption: "
              + ", ".join(f"{k} {v['captions_per_cpu_s']}/cpu s, {v['matches_per_caption']} matches"
                          for k, v in r["by_kind"].items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "measured_at": datetime.now(UTC).isoformat(), "machine": platform.platform(),
        "python": platform.python_version(), "results": results,
    }, indent=2))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()

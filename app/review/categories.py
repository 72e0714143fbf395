"""The 14 kinds of ASN neutrality violation (SKB 2/2022, Lampiran II), as reviewers pick them.

Indonesian names are the official wording, shortened; the English glosses are for the English
interface. Which sanction a category carries is disputed (category 6 especially), so no
severity lives here.
"""

from __future__ import annotations

from collections.abc import Mapping

SKB_CATEGORIES: Mapping[int, tuple[str, str]] = {
    1: (
        "Memasang spanduk/baliho/alat peraga calon",
        "Putting up a candidate's banners or props",
    ),
    2: (
        "Sosialisasi/kampanye calon di media sosial",
        "Promoting or campaigning for a candidate online",
    ),
    3: (
        "Pendekatan ke partai/masyarakat sebagai bakal calon",
        "Courting parties or voters to be nominated",
    ),
    4: (
        "Menghadiri deklarasi/kampanye dan memberi dukungan",
        "Attending a declaration or rally and showing support",
    ),
    5: (
        "Menjadi anggota/pengurus partai politik",
        "Party membership or office",
    ),
    6: (
        "Posting, komentar, share, like, follow akun pemenangan calon",
        "Posting, commenting, sharing, liking or following a campaign account",
    ),
    7: (
        "Foto bersama calon dengan simbol keberpihakan",
        "Photo with a candidate showing partisan poses or attributes",
    ),
    8: (
        "Kegiatan yang mengarah keberpihakan (ajakan, imbauan, pemberian barang)",
        "Partisan meetings, calls, appeals or gifts",
    ),
    9: (
        "Dukungan calon perseorangan dengan KTP/surat dukungan",
        "ID copies or letters backing an independent",
    ),
    10: (
        "Mendeklarasikan diri sebagai calon tanpa cuti",
        "Declaring candidacy without leave",
    ),
    11: (
        "Keputusan/tindakan yang menguntungkan atau merugikan paslon",
        "Decisions favouring or harming a candidate",
    ),
    12: (
        "Menjadi pembicara/narasumber kegiatan partai politik",
        "Speaking at party events",
    ),
    13: (
        "Ikut kampanye, memakai atribut, mengerahkan PNS, fasilitas negara",
        "Campaigning, mobilising staff or using state facilities",
    ),
    14: (
        "Ikut kampanye suami/istri tanpa cuti",
        "Joining a spouse's campaign without leave",
    ),
}

# Liking, sharing, commenting on or following a campaign's posts: what a watched account's
# like, repost or pin of a candidate's video is (app/posts/acts.py), suggested to reviewers.
ACTS_CATEGORY = 6


def category_name(number: int | None, locale: str = "id") -> str:
    if number is None:
        return "—"
    indonesian, english = SKB_CATEGORIES[number]
    return english if locale == "en" else indonesian

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

from classifiers.normalize import Normalized, normalize

_NUM = r"(?:0{0,2}[1-9]|satu|dua|tiga|empat|lima|siji|loro|telu|hiji|tilu)"
_BALLOT = rf"(?:(?:no|nomor|nmr|nomer|urut|paslon|pasangan|calon)\s)*{_NUM}"
_HONORIFIC = (
    r"(?:mas|mbak|mba|bang|kang|akang|teh|pak|bapak|bu|ibu|abah|cak|ning|uda|uni|bunda"
    r"|ustadz|kiai|kyai|haji|gus|aa|bung|daeng)"
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


_OPENING_WORDS = re.compile(r"^\(\?:([a-z0-9 |]+)\)|^([a-z]+)")


def _rule(name: str, leans: str, pattern: str, triggers: str = "") -> Rule:
    """A rule; unless given, its triggers are the first words of the alternatives it opens
    with ("(?:jangan lupa|ayo) ..." -> jangan, ayo)."""
    if triggers:
        words = frozenset(triggers.split())
    else:
        m = _OPENING_WORDS.match(pattern)
        if m is None:
            raise ValueError(f"rule {name}: give its trigger words")
        words = frozenset(alt.split()[0] for alt in (m.group(1) or m.group(2)).split("|"))
    return Rule(name, leans, re.compile(rf"(?<!\w){pattern}(?!\w)"), words)


_VOTE_WORDS = "coblos nyoblos cblos pilih plih milih memilih contreng dukung mendukung"


RULES: tuple[Rule, ...] = (
    # Taglines with a candidate slot: "bulatkan tekad untuk Mas ...".
    _rule(
        "tagline_bulatkan_tekad", "support",
        rf"bulatkan tekad (?:untuk|utk|buat|bwt) (?:{_HONORIFIC} )?\w+",
    ),
    _rule("vote_for_number", "support", rf"{_VOTE} {_BALLOT}", _VOTE_WORDS),
    _rule("salam_jari", "support", rf"salam {_NUM} jari"),
    _rule("finger_sign", "support", r"(?:satu|dua|tiga) jari", "jari"),
    _rule("ballot_number", "support", rf"(?:no|nomor|nmr|nomer) (?:urut )?{_NUM}"),
    _rule("paslon_number", "support", rf"paslon (?:nomor |no )?{_NUM}"),
    _rule("for_region_one", "support", r"\w+ for \w+(?: \w+)? (?:1|satu|one)", "for"),
    _rule("two_terms", "support", r"(?:lanjutkan |lanjut )?(?:2|dua) periode", "periode"),
    _rule("one_term_enough", "oppose", r"(?:cukup|cukuplah) (?:1|satu|sekali) periode"),
    _rule(
        "win_call", "support",
        r"(?:menangkan|memenangkan|menangkeun|menangke|satu putaran|1 putaran|pasti menang)",
    ),
    _rule(
        "vote_call", "support",
        rf"(?:jangan lupa|ayo|ayok|yuk|kuy|hayu|hayuk|mari|siap) {_VOTE}",
    ),
    _rule("back_honorific", "support", rf"(?:dukung|mendukung) (?:penuh )?{_HONORIFIC}"),
    _rule("back_pair", "support", r"(?:dukung|mendukung|pilih|coblos) (?:paslon|pasangan)"),
    _rule(
        "campaign_team", "support",
        r"(?:relawan|tim pemenangan|timses|tim sukses|simpatisan|kampanye akbar)",
    ),
    # "Jangan pilih karena amplop" is voter education, not a campaign against anyone.
    _rule(
        "dont_vote", "oppose",
        r"(?:jangan|jgn|ojo|ojok|usah) (?:pilih|coblos|milih|dukung)"
        r"(?! (?:karena|krn|karna|berdasarkan|hanya|cuma|asal|sembarangan|sembarang))",
    ),
    _rule(
        "replace_incumbent", "oppose",
        r"(?:20\d\d )?ganti (?:wali ?kota|walkot|bupati|gubernur|pemimpin)", "ganti",
    ),
    _rule("reject", "oppose", r"(?:tolak|lawan) (?:dinasti|politik dinasti|calon|paslon)"),
    _rule(
        "neutrality", "neutral",
        r"(?:netral|netralitas|tidak berpihak|bebas kepentingan|tidak memihak)",
    ),
    _rule(
        "rebuke_of_official", "neutral",
        r"(?:asn|pns|pppk|honorer|kades|kepala desa|lurah|camat|tni|polri|aparat|pegawai)"
        r" (?:kok|kan|harusnya|seharusnya|harus|wajib|dilarang|tidak boleh|ga boleh|gak boleh"
        r"|nggak boleh|tidak netral|ga netral|gak netral|ikut kampanye|ikut ikutan)",
    ),
    _rule(
        "supervision", "neutral",
        r"(?:bawaslu|panwaslu|panwascam|kpu|kpud|dkpp|gakkumdu|bkn|kasn|pengawas pemilu)",
    ),
    _rule(
        "report_of_violation", "neutral",
        r"(?:dilaporkan|melaporkan|laporan|pelanggaran|diperiksa|sanksi|terbukti melanggar"
        r"|dugaan|diduga|klarifikasi|teguran|ditegur|lapor|laporin|dilaporin|lapornya"
        r"|ngelaporin|screenshot|diskrinsut|ditindak|melanggar|netralitas asn)",
    ),
    _rule(
        "whoever_wins", "neutral",
        r"(?:siapa ?pun|siapa saja|sopo wae|sopo ae|saha wae|saha bae|mana pun|manapun"
        r"|nomor berapa pun|nomor berapapun)",
        "siapa siapapun sopo saha mana manapun nomor",
    ),
    _rule(
        "official_instrument", "neutral",
        r"(?:surat edaran|ikrar|deklarasi netral|pakta integritas|apel siaga|imbauan|himbauan)",
    ),
    _rule(
        "civic_appeal", "neutral",
        r"(?:hak pilih|golput|pilkada damai|pemilu damai|datang ke tps|sosialisasi|pemilih pemula"
        r"|hoaks|hoax|cek fakta|jaga kondusivitas)",
    ),
    _rule(
        "ballot_draw", "neutral",
        r"(?:pengundian|penetapan|ditetapkan|mendapat|memperoleh) (?:nomor|no) urut",
    ),
    _rule(
        "quoted_or_reported", "neutral",
        r"(?:mengunggah|unggahan|memposting|postingan|berpose|foto bersama|viral|beredar"
        r"|tangkapan layar|video yang)",
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
    r"(0?[1-9]|satu|dua|tiga|empat|lima)(?!\w)"
)
_NUMBER_VALUE = {"satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5"}
TEXT_SIGNS: tuple[str, ...] = ("question", "several_numbers")


def _text_signs(original: str, text: str) -> list[tuple]:
    """(name, leans, normalized span or None, original span or None) of the whole-text signs."""
    signs: list[tuple] = []
    if (q := _QUESTION.search(original)) is not None:
        signs.append(("question", "neutral", None, q.span()))
    numbers = list(_NUMBER_MENTION.finditer(text))
    distinct = {_NUMBER_VALUE.get(m.group(1), m.group(1).lstrip("0")) for m in numbers}
    if len(distinct) >= 2:
        signs.append(("several_numbers", "neutral", (numbers[0].start(), numbers[-1].end()), None))
    return signs


def find_rules(original: str, normalized: Normalized | str) -> list[RuleHit]:
    """Every rule hit in the normalized text, with its span mapped back to `original`.

    Given only the normalized string, offsets are computed when a rule fires: most captions
    fire none, and offsets cost more than the rules.
    """
    text = normalized if isinstance(normalized, str) else normalized.text
    triggered = sorted({i for w in _TRIGGER_WORDS.intersection(text.split()) for i in _BY_WORD[w]})
    found = [
        (RULES[i].name, RULES[i].leans, m.span(), None)
        for i in triggered for m in RULES[i].pattern.finditer(text)
    ]
    found += _text_signs(original, text)
    if not found:
        return []
    if isinstance(normalized, str):
        normalized = normalize(original)
    quoted = quotations(original)
    hits = []
    for name, leans, span, original_span in found:
        start, end = original_span or normalized.original_span(*span)
        inside = name not in TEXT_SIGNS and any(a <= start and end <= b for a, b in quoted)
        hits.append(RuleHit(name, leans, start, end, original[start:end], inside))
    return hits

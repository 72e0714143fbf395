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

from classifiers.normalize import Normalized

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


def _rule(name: str, leans: str, pattern: str) -> Rule:
    return Rule(name, leans, re.compile(rf"(?<!\w){pattern}(?!\w)"))


RULES: tuple[Rule, ...] = (
    # Taglines with a candidate slot: "bulatkan tekad untuk Mas ...".
    _rule(
        "tagline_bulatkan_tekad", "support",
        rf"bulatkan tekad (?:untuk|utk|buat|bwt) (?:{_HONORIFIC} )?\w+",
    ),
    _rule("vote_for_number", "support", rf"{_VOTE} {_BALLOT}"),
    _rule("salam_jari", "support", rf"salam {_NUM} jari"),
    _rule("finger_sign", "support", r"(?:satu|dua|tiga) jari"),
    _rule("ballot_number", "support", rf"(?:no|nomor|nmr|nomer) (?:urut )?{_NUM}"),
    _rule("paslon_number", "support", rf"paslon (?:nomor |no )?{_NUM}"),
    _rule("for_region_one", "support", r"\w+ for \w+(?: \w+)? (?:1|satu|one)"),
    _rule("two_terms", "support", r"(?:lanjutkan |lanjut )?(?:2|dua) periode"),
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
    _rule("dont_vote", "oppose", r"(?:jangan|jgn|ojo|ojok|usah) (?:pilih|coblos|milih|dukung)"),
    _rule(
        "replace_incumbent", "oppose",
        r"(?:20\d\d )?ganti (?:wali ?kota|walkot|bupati|gubernur|pemimpin)",
    ),
    _rule("reject", "oppose", r"(?:tolak|lawan) (?:dinasti|politik dinasti|calon|paslon)"),
    _rule(
        "neutrality", "neutral",
        r"(?:netral|netralitas|tidak berpihak|bebas kepentingan|tidak memihak)",
    ),
    _rule(
        "supervision", "neutral",
        r"(?:bawaslu|panwaslu|panwascam|kpu|kpud|dkpp|gakkumdu|bkn|kasn|pengawas pemilu)",
    ),
    _rule(
        "report_of_violation", "neutral",
        r"(?:dilaporkan|melaporkan|laporan|pelanggaran|diperiksa|sanksi|terbukti melanggar"
        r"|dugaan|diduga|klarifikasi|teguran|ditegur)",
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
)

RULE_NAMES: tuple[str, ...] = tuple(r.name for r in RULES)


@dataclass(frozen=True, slots=True)
class RuleHit:
    rule: str
    leans: str
    start: int  # span in the original text
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule, "leans": self.leans, "span": [self.start, self.end],
            "text": self.text,
        }


def find_rules(original: str, normalized: Normalized) -> list[RuleHit]:
    """Every rule hit in `normalized`, with its span mapped back to `original`."""
    hits = []
    for rule in RULES:
        for m in rule.pattern.finditer(normalized.text):
            start, end = normalized.original_span(m.start(), m.end())
            hits.append(RuleHit(rule.name, rule.leans, start, end, original[start:end]))
    return hits

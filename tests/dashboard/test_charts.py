"""Charts as inline SVG: embeddable, labelled, and never a way in for markup."""

from __future__ import annotations

from datetime import UTC, datetime

from app.dashboard import charts
from app.dashboard.schemas import (
    AgreementRead,
    DashboardRead,
    DayCount,
    ReviewerAgreement,
    ReviewerThroughput,
)
from app.dashboard.service import window
from app.i18n import translations

NOW = datetime(2024, 10, 20, 5, 0, tzinfo=UTC)


def _empty() -> DashboardRead:
    span = window(NOW)
    nobody = ReviewerAgreement(user_id=None, name=None, violations=0, confirmed=0, rejected=0,
                               unanswered=0, agreement=None)
    return DashboardRead(
        generated_at=NOW, window_days=30, since=span.since, statuses=[], flags_by_region=[],
        flags_by_day=[DayCount(day=d, count=0) for d in span.days], backlog=[], throughput=[],
        agreement=AgreementRead(overall=nobody, reviewers=[]),
    )


def test_a_chart_is_an_inline_svg_with_a_label() -> None:
    svg = charts.bars(["Terbuka", "Ditutup"], [("Item", [3, 1])], label='Item "menurut" <status>')
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert 'role="img" aria-label="Item &#34;menurut&#34; &lt;status&gt;"' in svg
    assert 'width="' not in svg.split(">", 1)[0]  # the page sizes it; the viewBox stays
    assert "viewBox=" in svg.split(">", 1)[0]


def test_names_are_text_not_markup_or_math() -> None:
    svg = charts.bars(['<script>alert(1)</script>', "Rp $5 $juta$"],
                      [("A & B", [1, 2]), ("C", [0, 1])], label="x", horizontal=True)
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Rp $5 $juta$" in svg  # dollars print as dollars, not as TeX
    assert "A &amp; B" in svg


def test_every_chart_draws_with_no_data_at_all() -> None:
    drawn = charts.dashboard_charts(_empty(), translations("id").gettext, "id")
    assert set(drawn) == {"statuses", "flags_by_day", "flags_by_region", "backlog",
                          "throughput", "agreement"}
    assert all(svg.startswith("<svg") for svg in drawn.values())


def test_reviewers_past_the_palette_are_summed_as_others() -> None:
    data = _empty()
    data.throughput = [
        ReviewerThroughput(user_id=i, name=f"Peninjau {i}", total=1,
                           per_day=[DayCount(day=d.day, count=1) for d in data.flags_by_day])
        for i in range(charts.TOP_REVIEWERS + 2)
    ]
    svg = charts.dashboard_charts(data, translations("id").gettext, "id")["throughput"]
    assert f"Peninjau {charts.TOP_REVIEWERS - 1}" in svg
    assert f"Peninjau {charts.TOP_REVIEWERS}" not in svg and "Lainnya" in svg


def test_backlog_labels() -> None:
    gettext = translations("en").gettext
    assert [charts.backlog_label(d, gettext) for d in (-1, 0, 1, 6)] == [
        "Past the limit", "Under 1 day", "1–2 days", "6 days or more"]

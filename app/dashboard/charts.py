"""Dashboard charts as inline SVG, drawn on the server with matplotlib.

The pokja's machines may be offline and no script library is fetched: each chart is an SVG
string the page embeds, with the same numbers in a table beside it.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Collection, Sequence

import matplotlib
from babel.dates import format_date
from markupsafe import Markup, escape
from matplotlib.figure import Figure

from app.dashboard.schemas import DashboardRead
from app.dashboard.service import BACKLOG_MAX_DAYS
from app.review.clock import URGENT_WITHIN

Gettext = Callable[[str], str]

STATUS_LABELS = {
    "open": "Open",
    "pending_confirmation": "Waiting for confirmation",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "closed": "Closed",
}
# Colour-blind-safe (Okabe-Ito), in the order series are drawn.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")
URGENT = "#A10000"
TOP_REGIONS = 15
TOP_REVIEWERS = len(PALETTE) - 1

_STYLE = {
    # Text stays text: smaller files, selectable, and the page's own font.
    "svg.fonttype": "none",
    # Names and captions are user input: a "$" must print as a dollar, not start TeX math.
    "text.parse_math": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# rc_context swaps global settings, and sync routes draw from a thread pool.
_LOCK = threading.Lock()
_SIZE = re.compile(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"')


def _svg(fig: Figure, label: str) -> Markup:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    # An inline <svg> may not carry the XML prolog or doctype.
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    # The page sizes the chart; the viewBox keeps its proportions.
    svg = _SIZE.sub(rf'<svg\1 class="chart" role="img" aria-label="{escape(label)}"', svg,
                    count=1)
    return Markup(svg)


def bars(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, label: str,
    horizontal: bool = False, tick_every: int = 1, highlight: Collection[int] = (),
) -> Markup:
    """A bar chart, stacked when there is more than one series; `highlight` marks ticks."""
    with _LOCK, matplotlib.rc_context(_STYLE):
        height = max(2.2, 0.28 * len(labels) + 0.8) if horizontal else 2.8
        # Narrower with a legend beside it, so every chart's text prints at one size.
        fig = Figure(figsize=(6.3 if len(series) > 1 else 7.5, height))
        ax = fig.add_subplot()
        positions = range(len(labels))
        base = [0] * len(labels)
        for (name, values), colour in zip(series, PALETTE, strict=False):
            draw = ax.barh if horizontal else ax.bar
            draw(positions, values, 0.7, base, color=colour, label=name)
            base = [b + v for b, v in zip(base, values, strict=True)]
        ticks = [p for p in positions if p % tick_every == 0 or p in highlight]
        shown = [labels[p] for p in ticks]
        axis = ax.yaxis if horizontal else ax.xaxis
        axis.set_ticks(ticks, shown)
        for tick, position in zip(axis.get_ticklabels(), ticks, strict=True):
            if position in highlight:
                tick.set(color=URGENT, fontweight="bold")
        if horizontal:
            ax.invert_yaxis()  # the first label on top, as in the table
        (ax.xaxis if horizontal else ax.yaxis).get_major_locator().set_params(integer=True)
        ax.grid(axis="x" if horizontal else "y", alpha=0.3)
        if len(series) > 1:
            # Beside the plot, where it can never cover a bar.
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small",
                      frameon=False)
        return _svg(fig, label)


def backlog_label(days_left: int, gettext: Gettext) -> str:
    if days_left < 0:
        return gettext("Past the limit")
    if days_left == 0:
        return gettext("Under 1 day")
    if days_left >= BACKLOG_MAX_DAYS:
        return gettext("%(days)d days or more") % {"days": days_left}
    return gettext("%(low)d–%(high)d days") % {"low": days_left, "high": days_left + 1}


def _reviewer_series(data: DashboardRead, gettext: Gettext) -> list[tuple[str, list[int]]]:
    """The busiest reviewers each as a series, the rest summed, so colours stay tellable."""
    series = [(r.name, [d.count for d in r.per_day]) for r in data.throughput[:TOP_REVIEWERS]]
    rest = data.throughput[TOP_REVIEWERS:]
    if rest:
        summed = [sum(day) for day in zip(*([d.count for d in r.per_day] for r in rest),
                                          strict=True)]
        series.append((gettext("Others"), summed))
    return series


def dashboard_charts(data: DashboardRead, gettext: Gettext, locale: str) -> dict[str, Markup]:
    """Every dashboard chart, labelled in the reader's language."""
    days = [format_date(d.day, "d MMM", locale=locale) for d in data.flags_by_day]
    regions = data.flags_by_region[:TOP_REGIONS]
    urgent = URGENT_WITHIN.days
    agreement = data.agreement.reviewers
    return {
        "statuses": bars(
            [gettext(STATUS_LABELS[s.status]) for s in data.statuses],
            [(gettext("Items"), [s.count for s in data.statuses])],
            label=gettext("Review items by status"), horizontal=True,
        ),
        "flags_by_day": bars(
            days, [(gettext("Flags"), [d.count for d in data.flags_by_day])],
            label=gettext("Flags per day"), tick_every=5,
        ),
        "flags_by_region": bars(
            [r.regency or r.province or gettext("Unknown region") for r in regions],
            [(gettext("Flags"), [r.count for r in regions])],
            label=gettext("Flags per region"), horizontal=True,
        ),
        "backlog": bars(
            [backlog_label(b.days_left, gettext) for b in data.backlog],
            [(gettext(STATUS_LABELS["open"]), [b.open for b in data.backlog]),
             (gettext(STATUS_LABELS["pending_confirmation"]),
              [b.pending_confirmation for b in data.backlog])],
            label=gettext("Backlog by time left"), horizontal=True,
            highlight=[i for i, b in enumerate(data.backlog) if b.days_left < urgent],
        ),
        "throughput": bars(
            days, _reviewer_series(data, gettext) or [(gettext("Decisions"), [0] * len(days))],
            label=gettext("Decisions per reviewer per day"), tick_every=5,
        ),
        "agreement": bars(
            [r.name or "" for r in agreement],
            [(gettext("Confirmed"), [r.confirmed for r in agreement]),
             (gettext("Rejected"), [r.rejected for r in agreement]),
             (gettext("Unanswered"), [r.unanswered for r in agreement])],
            label=gettext("Violation verdicts confirmed and rejected"), horizontal=True,
        ),
    }

"""The dashboard as a page with charts and tables, and the same figures as JSON."""

from __future__ import annotations

from typing import Annotated

from babel.dates import format_date
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.dashboard import charts
from app.dashboard import service as dashboard_service
from app.dashboard.schemas import DashboardRead
from app.db import utcnow
from app.dependencies import DbSession
from app.i18n import translations
from app.users.dependencies import require, require_page
from app.users.models import User
from app.web import render, request_locale

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, session: DbSession,
                   user: Annotated[User, Depends(require_page("dashboard"))]) -> HTMLResponse:
    """Queue state, flags per region and day, backlog, throughput and agreement."""
    data = dashboard_service.dashboard(session=session, now=utcnow())
    locale = request_locale(request)
    gettext = translations(locale).gettext
    return render(
        request, "dashboard/index.html", data=data,
        charts=charts.dashboard_charts(data, gettext, locale),
        status_labels=charts.STATUS_LABELS,
        backlog_label=lambda days_left: charts.backlog_label(days_left, gettext),
        day=lambda value: format_date(value, "EEE, d MMM yyyy", locale=locale),
    )


@router.get("/api/v1/dashboard", response_model=DashboardRead)
def dashboard_json(session: DbSession,
                   user: Annotated[User, Depends(require("dashboard"))]) -> DashboardRead:
    """The dashboard's figures: statuses, flags per region and WIB day over the last 30 days,
    backlog by days left on the 7-day clock, decisions per reviewer per day, agreement."""
    return dashboard_service.dashboard(session=session, now=utcnow())

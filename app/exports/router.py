"""Exports: the filter page, the CSV and XLSX downloads, and each case's evidence report."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.db import utcnow
from app.dependencies import DbSession
from app.errors import Invalid
from app.exports import report as report_service
from app.exports import service as export_service
from app.exports.formats import MEDIA_TYPES, WRITERS
from app.exports.service import CaseFilters
from app.i18n import WIB
from app.review.categories import category_name
from app.users.dependencies import require_page
from app.users.models import User
from app.web import render, request_locale

router = APIRouter(tags=["exports"])

Exporter = Annotated[User, Depends(require_page("export"))]
# The page lists the newest cases; the downloads carry all of them.
PAGE_CASES = 100


def filter_form(
    region: Annotated[str, Query(max_length=20, description="Kemendagri code; 32 covers 32.75")]
    = "",
    election: Annotated[str, Query(max_length=10, description="election id")] = "",
    since: Annotated[str, Query(max_length=10, description="first WIB day of posting, "
                                "YYYY-MM-DD")] = "",
    until: Annotated[str, Query(max_length=10, description="last WIB day of posting, "
                                "YYYY-MM-DD")] = "",
) -> dict[str, str]:
    # Strings, not dates: a form sends the fields it leaves empty as "".
    return {"region": region, "election": election, "since": since, "until": until}


FilterForm = Annotated[dict[str, str], Depends(filter_form)]


def case_filters(form: FilterForm) -> CaseFilters:
    return CaseFilters.parse(**form)


Filters = Annotated[CaseFilters, Depends(case_filters)]


@router.get("/exports", response_class=HTMLResponse, include_in_schema=False)
def exports_page(request: Request, session: DbSession, user: Exporter,
                 form: FilterForm) -> HTMLResponse:
    """The filter form, download links for its selection, and its newest cases."""
    try:
        filters, error = CaseFilters.parse(**form), None
    except Invalid as exc:
        filters, error = None, exc
    return render(
        request, "exports/index.html", status_code=error.status_code if error else 200,
        form=form, error=error and error.message,
        query=urlencode({k: v for k, v in form.items() if v}),
        cases=export_service.list_cases(session=session, filters=filters, newest=PAGE_CASES)
        if filters else [],
        total=export_service.count_cases(session=session, filters=filters) if filters else 0,
        elections=export_service.elections(session=session),
    )


@router.get("/exports/cases.{fmt}", summary="Confirmed cases as CSV or XLSX")
def export_cases(fmt: Literal["csv", "xlsx"], session: DbSession, user: Exporter,
                 filters: Filters) -> Response:
    """Every confirmed case matching the filters, one row each, times in WIB."""
    rows = export_service.export_cases(session=session, filters=filters, fmt=fmt,
                                       user_id=user.id, actor=user.username)
    name = f"pantau-kasus-{utcnow().astimezone(WIB):%Y%m%d-%H%M}.{fmt}"
    return Response(WRITERS[fmt](rows), media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/cases/{item_id}/report", response_class=HTMLResponse, include_in_schema=False)
def case_report(item_id: int, request: Request, session: DbSession,
                user: Exporter) -> HTMLResponse:
    """A printable evidence report for one confirmed case, laid out as an LHP draft."""
    report = report_service.case_report(session=session, item_id=item_id, user_id=user.id,
                                        actor=user.username)
    locale = request_locale(request)
    return render(request, "exports/report.html", report=report, now=utcnow(),
                  category_name=lambda number: category_name(number, locale))

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class StatusCount(BaseModel):
    status: str
    count: int


class RegionCount(BaseModel):
    """Flags in one kabupaten/kota (or a province, when that is all the actor's region says)."""

    region_code: str | None = Field(description="kabupaten/kota code, or a province code; "
                                    "null when the flag has no region")
    province_code: str | None
    province: str | None
    regency: str | None = Field(description="kabupaten/kota name; null for a province-level flag")
    count: int


class DayCount(BaseModel):
    day: date = Field(description="a calendar day in WIB")
    count: int


class BacklogBucket(BaseModel):
    days_left: int = Field(description="-1: past its limit; 0..5: that many whole days left; "
                           "6: six or more")
    open: int
    pending_confirmation: int


class ReviewerThroughput(BaseModel):
    user_id: int
    name: str
    total: int
    per_day: list[DayCount] = Field(description="decisions each WIB day of the window")


class ReviewerAgreement(BaseModel):
    user_id: int | None = Field(description="null for the overall row")
    name: str | None
    violations: int = Field(description="violation verdicts this reviewer gave")
    confirmed: int
    rejected: int
    unanswered: int = Field(description="still waiting, or reopened before a coordinator answered")
    agreement: float | None = Field(description="confirmed / (confirmed + rejected); null "
                                    "before any answer")


class AgreementRead(BaseModel):
    overall: ReviewerAgreement
    reviewers: list[ReviewerAgreement]


class DashboardRead(BaseModel):
    generated_at: datetime
    window_days: int
    since: datetime = Field(description="start of the window: WIB midnight, as UTC")
    statuses: list[StatusCount]
    flags_by_region: list[RegionCount]
    flags_by_day: list[DayCount]
    backlog: list[BacklogBucket]
    throughput: list[ReviewerThroughput]
    agreement: AgreementRead

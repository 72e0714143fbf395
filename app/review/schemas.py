from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ClaimIn(BaseModel):
    skip: list[int] = Field(default_factory=list, max_length=200,
                            description="items to pass over this time (skipped ones)")


class DecisionIn(BaseModel):
    verdict: Literal["violation", "no_violation", "insufficient"]
    category: int | None = Field(None, ge=1, le=14, description="SKB 2/2022 category, 1 to 14")
    note: str = Field("", max_length=4000)
    label: Literal["support", "oppose", "neutral"] | None = Field(
        None, description="your reading of the text, kept as a training example")
    version: int = Field(description="the item version you decided on; a newer one is refused")


class ConfirmationIn(BaseModel):
    decision: Literal["confirm", "reject"]
    note: str = Field("", max_length=4000)
    category: int | None = Field(None, ge=1, le=14)
    version: int


class ReopenIn(BaseModel):
    reason: str = Field(min_length=1, max_length=4000)
    version: int

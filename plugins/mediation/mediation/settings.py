"""Per-bureau settings of the mediation module (调解模块设置).

Amounts and switches a bureau may change on the modules page; read them with
``core.api.module_settings(session, host, org_id, "mediation")``. Time limits are not here:
they are deadline rules (:mod:`mediation.deadlines`), which every bureau edits on the one
deadline-rules page together with the working-day calendar.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from mediation.codes import Difficulty

__all__ = ["MediationSettings", "subsidy_amount"]


class MediationSettings(BaseModel):
    """Defaults are the project's source documents' numbers (DOMAIN.md, 以案定补 20/50/80)."""

    subsidy_simple: int = Field(default=20, ge=0, le=100_000, title="以案定补：简易案件（元/件）")
    subsidy_general: int = Field(default=50, ge=0, le=100_000, title="以案定补：一般案件（元/件）")
    subsidy_complex: int = Field(
        default=80, ge=0, le=100_000, title="以案定补：复杂疑难案件（元/件）"
    )
    subsidy_only_agreements: bool = Field(
        default=True,
        title="只对达成协议的案件补贴",
        description="不勾选时，终止调解的案件也按难易程度补贴。",
    )
    local_refusal_reasons: bool = Field(
        default=True,
        title="允许地方性不予受理理由",
        description="属于刑事案件或治安案件的，按地方规定不予受理（全国性规定未列明）。",
    )


def subsidy_amount(settings: MediationSettings, difficulty: Difficulty | str) -> int:
    """Yuan per case of this difficulty (以案定补)."""
    return {
        Difficulty.SIMPLE: settings.subsidy_simple,
        Difficulty.GENERAL: settings.subsidy_general,
        Difficulty.COMPLEX: settings.subsidy_complex,
    }[Difficulty(difficulty)]

"""Per-bureau settings of the mediation module (调解模块设置).

Amounts and switches a bureau may change on the modules page; read them with
``core.api.module_settings(session, host, org_id, "mediation")``. Time limits are not here:
they are deadline rules (:mod:`mediation.deadlines`), which every bureau edits on the one
deadline-rules page together with the working-day calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from core.api import N_
from mediation.codes import Difficulty, WarningLevel

__all__ = ["MediationSettings", "WarningRule", "subsidy_amount", "warning_scheme"]

#: How far up the tree a warning is reported: the case's mediators only, also the station's
#: head (司法所所长), or also the bureau's leaders (局领导).
Reach = Literal["mediator", "station", "bureau"]
_REACH_HELP = (
    "mediator：只通知承办调解员；station：同时通知司法所所长；bureau：同时通知司法所所长和局领导。"
)


class MediationSettings(BaseModel):
    """Defaults are the project's source documents' numbers (DOMAIN.md, 以案定补 20/50/80)."""

    subsidy_simple: int = Field(
        default=20, ge=0, le=100_000, title=N_("以案定补：简易案件（元/件）")
    )
    subsidy_general: int = Field(
        default=50, ge=0, le=100_000, title=N_("以案定补：一般案件（元/件）")
    )
    subsidy_complex: int = Field(
        default=80, ge=0, le=100_000, title=N_("以案定补：复杂疑难案件（元/件）")
    )
    subsidy_only_agreements: bool = Field(
        default=True,
        title=N_("只对达成协议的案件补贴"),
        description=N_("不勾选时，终止调解的案件也按难易程度补贴。"),
    )
    subsidy_check_daily_cases: int = Field(
        default=5,
        ge=1,
        le=100,
        title=N_("以案定补核查：同一调解员同一天调结案件数上限"),
        description=N_("同一调解员在同一天调结的计补案件超过此数时，补贴表上提示核查。"),
    )
    subsidy_check_repeat_days: int = Field(
        default=90,
        ge=1,
        le=730,
        title=N_("以案定补核查：同一当事人重复登记的期间（天）"),
        description=N_("相同当事人的案件登记日期相隔不超过此天数时，补贴表上提示核查。"),
    )
    local_refusal_reasons: bool = Field(
        default=True,
        title=N_("允许地方性不予受理理由"),
        description=N_("属于刑事案件或治安案件的，按地方规定不予受理（全国性规定未列明）。"),
    )
    archive_requires_follow_up: bool = Field(
        default=False,
        title=N_("归档前须有回访记录"),
        description=N_("勾选后，达成协议的案件须至少回访一次才能结案归档。"),
    )
    retention_period: str = Field(
        default="长期",
        max_length=20,
        title=N_("卷宗保管期限"),
        description=N_("印在卷宗封面上（全国无统一规定，由本局确定）。"),
    )
    evidence_max_mb: int = Field(
        default=10, ge=1, le=50, title=N_("证据材料单个文件大小上限（MB）")
    )
    # 预警方案 (DOMAIN.md §1.10): default three levels red / orange / yellow.
    warning_red_enabled: bool = Field(default=True, title=N_("预警：启用红色预警"))
    warning_red_hours: int = Field(
        default=2,
        ge=1,
        le=720,
        title=N_("预警：红色预警响应时限（小时）"),
        description=N_("立即上报"),
    )
    warning_red_reach: Reach = Field(
        default="bureau", title=N_("预警：红色预警通知范围"), description=_REACH_HELP
    )
    warning_orange_enabled: bool = Field(default=True, title=N_("预警：启用橙色预警"))
    warning_orange_hours: int = Field(
        default=24,
        ge=1,
        le=720,
        title=N_("预警：橙色预警响应时限（小时）"),
        description=N_("当日处置"),
    )
    warning_orange_reach: Reach = Field(
        default="station", title=N_("预警：橙色预警通知范围"), description=_REACH_HELP
    )
    warning_yellow_enabled: bool = Field(default=True, title=N_("预警：启用黄色预警"))
    warning_yellow_hours: int = Field(
        default=72,
        ge=1,
        le=720,
        title=N_("预警：黄色预警响应时限（小时）"),
        description=N_("就地化解"),
    )
    warning_yellow_reach: Reach = Field(
        default="mediator", title=N_("预警：黄色预警通知范围"), description=_REACH_HELP
    )
    warning_blue_enabled: bool = Field(
        default=False, title=N_("预警：启用蓝色预警"), description=N_("四色预警方案使用。")
    )
    warning_blue_hours: int = Field(
        default=168, ge=1, le=720, title=N_("预警：蓝色预警响应时限（小时）")
    )
    warning_blue_reach: Reach = Field(
        default="mediator", title=N_("预警：蓝色预警通知范围"), description=_REACH_HELP
    )


def subsidy_amount(settings: MediationSettings, difficulty: Difficulty | str) -> int:
    """Yuan per case of this difficulty (以案定补)."""
    return {
        Difficulty.SIMPLE: settings.subsidy_simple,
        Difficulty.GENERAL: settings.subsidy_general,
        Difficulty.COMPLEX: settings.subsidy_complex,
    }[Difficulty(difficulty)]


@dataclass(frozen=True)
class WarningRule:
    """One level of the bureau's warning scheme: its response time and its reach."""

    level: WarningLevel
    hours: int
    reach: str

    @property
    def roles(self) -> tuple[str, ...]:
        """The supervising roles told besides the mediators, up the tree."""
        return {
            "mediator": (),
            "station": ("station_head",),
            "bureau": ("station_head", "bureau_leader"),
        }[self.reach]


def warning_scheme(settings: MediationSettings) -> list[WarningRule]:
    """The levels the bureau uses, most serious first."""
    return [
        WarningRule(
            level,
            int(getattr(settings, f"warning_{level.value}_hours")),
            str(getattr(settings, f"warning_{level.value}_reach")),
        )
        for level in WarningLevel
        if getattr(settings, f"warning_{level.value}_enabled")
    ]

"""Per-bureau settings of the corrections module (社区矫正模块设置).

Classification, check-in frequencies, study and public-benefit hours, leave thresholds and the
aftercare period differ by province (DOMAIN.md §2.5, §2.7, §2.11, §7.5): each is a setting with
the default given there. Read with :func:`settings_at`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session

from core.api import N_, module_settings

__all__ = ["CorrectionsSettings", "settings_at"]


class CorrectionsSettings(BaseModel):
    """Defaults: one province's 分类管理办法 and 实施办法 arts. 26–29 (DOMAIN.md, **likely**)."""

    checkin_days_strict: int = Field(default=7, ge=1, le=92, title=N_("严管：报告间隔（天）"))
    checkin_days_normal: int = Field(default=14, ge=1, le=92, title=N_("普管：报告间隔（天）"))
    checkin_days_lenient: int = Field(default=30, ge=1, le=92, title=N_("宽管：报告间隔（天）"))
    study_hours_strict: int = Field(
        default=12, ge=0, le=200, title=N_("严管：每月教育学习（小时）")
    )
    study_hours_normal: int = Field(default=8, ge=0, le=200, title=N_("普管：每月教育学习（小时）"))
    study_hours_lenient: int = Field(
        default=4, ge=0, le=200, title=N_("宽管：每月教育学习（小时）")
    )
    service_hours_strict: int = Field(
        default=12, ge=0, le=200, title=N_("严管：每月公益活动（小时）")
    )
    service_hours_normal: int = Field(
        default=8, ge=0, le=200, title=N_("普管：每月公益活动（小时）")
    )
    service_hours_lenient: int = Field(
        default=4, ge=0, le=200, title=N_("宽管：每月公益活动（小时）")
    )
    strict_initial_months: int = Field(default=2, ge=0, le=12, title=N_("入矫后严管期（月）"))
    strict_after_admonitions: int = Field(default=2, ge=1, le=10, title=N_("训诫几次后转严管"))
    health_report_months: int = Field(
        default=1, ge=1, le=6, title=N_("暂予监外执行：身体状况报告间隔（月）")
    )
    checkup_months: int = Field(default=3, ge=1, le=12, title=N_("保外就医：病情复查间隔（月）"))
    leave_notice_days: int = Field(
        default=3,
        ge=0,
        le=30,
        title=N_("外出须提前申请天数"),
        description=N_("少于此天数申请的，须注明紧急情况及理由（实施办法：一般提前三日）。"),
    )
    leave_station_max_days: int = Field(default=7, ge=1, le=60, title=N_("司法所可批外出天数上限"))
    leave_county_max_days: int = Field(
        default=30, ge=1, le=180, title=N_("县级机构每次可批天数上限")
    )
    leave_window_days: int = Field(
        default=60, ge=1, le=366, title=N_("累计外出统计期（天，约两个月）")
    )
    leave_window_max_days: int = Field(
        default=30, ge=1, le=366, title=N_("统计期内累计外出上限（天）")
    )
    frequent_travel_months: int = Field(
        default=6, ge=1, le=12, title=N_("经常性跨市县活动批准有效期（月）")
    )
    location_max_months: int = Field(default=3, ge=1, le=3, title=N_("电子定位每次批准期限（月）"))
    aftercare_years: int = Field(default=5, ge=1, le=10, title=N_("安置帮教期（年）"))


def settings_at(session: Session, host: Any, org_id: int) -> CorrectionsSettings:
    """The module's settings as they apply at *org_id* (its bureau's values)."""
    if host is None:
        return CorrectionsSettings()
    value = module_settings(session, host, org_id, "corrections")
    return value if isinstance(value, CorrectionsSettings) else CorrectionsSettings()

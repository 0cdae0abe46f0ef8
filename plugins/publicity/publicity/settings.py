"""Per-bureau settings of the 普法 module; read them with ``module_settings(..., "publicity")``."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.api import N_

__all__ = ["PublicitySettings"]


class PublicitySettings(BaseModel):
    """Defaults come from DOMAIN.md §4 (≥ 20 events a year per unit; ≥ 3 法律明白人 per
    administrative village by 2025); a bureau may raise them."""

    yearly_event_target: int = Field(
        default=20, ge=0, le=1000, title=N_("每个责任单位每年普法活动最低场次")
    )
    backbones_per_village: int = Field(
        default=3, ge=0, le=100, title=N_("每个行政村“法律明白人”目标人数")
    )
    key_date_lead_days: int = Field(default=14, ge=1, le=60, title=N_("重要节点提前提醒天数"))
    quarter_warning_days: int = Field(
        default=15, ge=1, le=60, title=N_("季度末前多少天开始黄灯提示")
    )
    photo_max_mb: int = Field(default=5, ge=1, le=50, title=N_("活动照片大小上限(MB)"))
    plan_period: str = Field(
        default="九五普法", max_length=40, title=N_("当前普法规划期(如 八五普法、九五普法)")
    )

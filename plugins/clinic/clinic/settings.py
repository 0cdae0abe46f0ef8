"""Per-bureau settings of the clinic module (诊室模块设置).

Defaults follow DOMAIN.md §5: twice a month in each clinic (source documents); the village
legal-adviser norms of the Anhui provincial guide (≤5 villages per adviser, ≥4 hours on site
a month, a lecture a quarter), which are local practice and therefore editable.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.api import N_

__all__ = ["ClinicSettings"]


class ClinicSettings(BaseModel):
    sessions_per_month: int = Field(
        default=2, ge=1, le=8, title=N_("每个诊室每月接诊次数（默认值）")
    )
    max_sessions_per_provider: int = Field(
        default=8, ge=1, le=31, title=N_("每位律师每月最多接诊次数（默认值）")
    )
    max_villages_per_adviser: int = Field(
        default=5, ge=1, le=50, title=N_("每位法律顾问最多联系村（居）数")
    )
    monthly_hours_norm: float = Field(
        default=4.0, ge=0, le=200, title=N_("法律顾问每月驻村服务时长下限（小时）")
    )
    lectures_per_quarter: int = Field(
        default=1, ge=0, le=20, title=N_("法律顾问每季度法治讲座次数下限")
    )

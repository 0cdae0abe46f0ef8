"""Per-bureau settings of legal aid (法律援助模块设置), edited on the core's modules page.

Time limits are deadline rules (:mod:`legal_aid.deadlines`), not settings.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.api import N_

__all__ = ["LegalAidSettings", "settings_at"]


class LegalAidSettings(BaseModel):
    advance_aid_days: int = Field(
        default=7, ge=1, le=60, title=N_("先行援助：距时效届满不足天数（第44条）")
    )
    senior_years: int = Field(
        default=3, ge=0, le=30, title=N_("可能判处无期徒刑、死刑案件律师最低相关执业年限（第26条）")
    )
    grade_excellent_percent: int = Field(
        default=120, ge=0, le=300, title=N_("质量优秀补贴系数（%）")
    )
    grade_good_percent: int = Field(default=100, ge=0, le=300, title=N_("质量良好补贴系数（%）"))
    grade_pass_percent: int = Field(default=80, ge=0, le=300, title=N_("质量合格补贴系数（%）"))
    grade_fail_percent: int = Field(default=0, ge=0, le=300, title=N_("质量不合格补贴系数（%）"))
    public_form_limit: int = Field(
        default=5, ge=1, le=1000, title=N_("网上申请：每个来源每小时最多提交次数")
    )
    upload_max_mb: int = Field(default=5, ge=1, le=50, title=N_("网上申请：单个附件大小上限（MB）"))

    def grade_percent(self, grade: str | None) -> int:
        return {
            "excellent": self.grade_excellent_percent,
            "good": self.grade_good_percent,
            "pass": self.grade_pass_percent,
            "fail": self.grade_fail_percent,
        }.get(grade or "good", self.grade_good_percent)


def settings_at(session, host, org_id: int) -> LegalAidSettings:
    """The settings that apply at *org_id* (its bureau's values); defaults without a host."""
    if host is None:
        return LegalAidSettings()
    from core.api import module_settings

    value = module_settings(session, host, org_id, "legal_aid")
    return value if isinstance(value, LegalAidSettings) else LegalAidSettings()

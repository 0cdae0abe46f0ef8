"""Code lists of the 普法 module (DOMAIN.md §4): stored as short English codes, shown in Chinese."""

from __future__ import annotations

from enum import StrEnum

from core.api import N_, translate

__all__ = [
    "AUDIENCES",
    "BackboneRole",
    "EventFormat",
    "LogKind",
    "ModelVillageLevel",
    "PlanStatus",
    "SiteKind",
    "UnitKind",
    "label",
]


class UnitKind(StrEnum):
    """Kinds of responsible unit under 谁执法谁普法 (中办发〔2017〕31号)."""

    BUREAU_DEPT = "bureau_dept"
    GOV_DEPT = "gov_dept"
    STATION = "station"
    COURT = "court"
    PROCURATORATE = "procuratorate"
    POLICE = "police"
    TOWNSHIP = "township"
    OTHER = "other"


class PlanStatus(StrEnum):
    """年度普法计划: drafted and submitted by the unit, approved or returned by the bureau."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class EventFormat(StrEnum):
    LECTURE = "lecture"
    STAND = "stand"
    CASE_EXPLAINED = "case_explained"
    ONLINE = "online"
    QUIZ = "quiz"
    OPEN_DAY = "open_day"
    PERFORMANCE = "performance"
    VISIT = "visit"
    OTHER = "other"


class BackboneRole(StrEnum):
    """The four roles of a 法律明白人 ("四大员")."""

    INFORMANT = "informant"
    ADVOCATE = "advocate"
    RESOLVER = "resolver"
    GUIDE = "guide"


class LogKind(StrEnum):
    TRAINING = "training"
    ACTIVITY = "activity"


class SiteKind(StrEnum):
    """法治文化阵地."""

    SQUARE = "square"
    PARK = "park"
    CORRIDOR = "corridor"
    BOARD = "board"
    LIBRARY = "library"
    OTHER = "other"


class ModelVillageLevel(StrEnum):
    """民主法治示范村(社区) level of award."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"


#: Chinese labels (msgids); English in locale/en/LC_MESSAGES/publicity.po.
LABELS: dict[str, str] = {
    UnitKind.BUREAU_DEPT: N_("司法局内设科室"),
    UnitKind.GOV_DEPT: N_("政府部门"),
    UnitKind.STATION: N_("司法所"),
    UnitKind.COURT: N_("人民法院"),
    UnitKind.PROCURATORATE: N_("人民检察院"),
    UnitKind.POLICE: N_("公安机关"),
    UnitKind.TOWNSHIP: N_("乡镇(街道)"),
    UnitKind.OTHER: N_("其他单位"),
    PlanStatus.DRAFT: N_("草稿"),
    PlanStatus.SUBMITTED: N_("已报送待审核"),
    PlanStatus.APPROVED: N_("已审核通过"),
    PlanStatus.RETURNED: N_("已退回修改"),
    EventFormat.LECTURE: N_("法治讲座"),
    EventFormat.STAND: N_("集中宣传(摆摊设点)"),
    EventFormat.CASE_EXPLAINED: N_("以案释法"),
    EventFormat.ONLINE: N_("线上推送"),
    EventFormat.QUIZ: N_("知识竞赛/答题"),
    EventFormat.OPEN_DAY: N_("开放日/庭审观摩"),
    EventFormat.PERFORMANCE: N_("法治文艺演出"),
    EventFormat.VISIT: N_("进村入户"),
    EventFormat.OTHER: N_("其他"),
    BackboneRole.INFORMANT: N_("信息员"),
    BackboneRole.ADVOCATE: N_("宣传员"),
    BackboneRole.RESOLVER: N_("化解员"),
    BackboneRole.GUIDE: N_("引导员"),
    LogKind.TRAINING: N_("培训"),
    LogKind.ACTIVITY: N_("活动"),
    SiteKind.SQUARE: N_("法治广场"),
    SiteKind.PARK: N_("法治公园"),
    SiteKind.CORRIDOR: N_("法治长廊"),
    SiteKind.BOARD: N_("法治宣传栏"),
    SiteKind.LIBRARY: N_("法律图书角"),
    SiteKind.OTHER: N_("其他阵地"),
    ModelVillageLevel.NATIONAL: N_("全国"),
    ModelVillageLevel.PROVINCIAL: N_("省级"),
    ModelVillageLevel.CITY: N_("市级"),
    ModelVillageLevel.COUNTY: N_("县级"),
}

AUDIENCES = (
    N_("村(居)民"),
    N_("青少年学生"),
    N_("企业职工"),
    N_("农民工"),
    N_("老年人"),
    N_("妇女"),
    N_("领导干部"),
    N_("社会公众"),
)


def audiences_in(locale: str) -> list[str]:
    """The usual audiences, as the form's hint suggests them in *locale*."""
    return [translate(a, locale, "publicity") for a in AUDIENCES]


def label(value: str | None, lang: str = "zh") -> str:
    """The Chinese (or English) label of a code; the code itself when unknown."""
    if value is None:
        return ""
    text = LABELS.get(value)
    if text is None:
        return str(value)
    return translate(text, lang, "publicity")


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(m.value, label(m.value)) for m in enum]

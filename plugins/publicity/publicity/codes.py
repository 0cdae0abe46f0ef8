"""Code lists of the 普法 module (DOMAIN.md §4): stored as short English codes, shown in Chinese."""

from __future__ import annotations

from enum import StrEnum

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


LABELS: dict[str, tuple[str, str]] = {
    UnitKind.BUREAU_DEPT: ("司法局内设科室", "Bureau department"),
    UnitKind.GOV_DEPT: ("政府部门", "Government department"),
    UnitKind.STATION: ("司法所", "Station"),
    UnitKind.COURT: ("人民法院", "Court"),
    UnitKind.PROCURATORATE: ("人民检察院", "Procuratorate"),
    UnitKind.POLICE: ("公安机关", "Police"),
    UnitKind.TOWNSHIP: ("乡镇(街道)", "Township"),
    UnitKind.OTHER: ("其他单位", "Other"),
    PlanStatus.DRAFT: ("草稿", "Draft"),
    PlanStatus.SUBMITTED: ("已报送待审核", "Submitted"),
    PlanStatus.APPROVED: ("已审核通过", "Approved"),
    PlanStatus.RETURNED: ("已退回修改", "Returned"),
    EventFormat.LECTURE: ("法治讲座", "Lecture"),
    EventFormat.STAND: ("集中宣传(摆摊设点)", "Information stand"),
    EventFormat.CASE_EXPLAINED: ("以案释法", "Law explained by a case"),
    EventFormat.ONLINE: ("线上推送", "Online post"),
    EventFormat.QUIZ: ("知识竞赛/答题", "Quiz"),
    EventFormat.OPEN_DAY: ("开放日/庭审观摩", "Open day / court hearing"),
    EventFormat.PERFORMANCE: ("法治文艺演出", "Performance"),
    EventFormat.VISIT: ("进村入户", "Door-to-door visit"),
    EventFormat.OTHER: ("其他", "Other"),
    BackboneRole.INFORMANT: ("信息员", "Informant"),
    BackboneRole.ADVOCATE: ("宣传员", "Advocate"),
    BackboneRole.RESOLVER: ("化解员", "Resolver"),
    BackboneRole.GUIDE: ("引导员", "Guide"),
    LogKind.TRAINING: ("培训", "Training"),
    LogKind.ACTIVITY: ("活动", "Activity"),
    SiteKind.SQUARE: ("法治广场", "Rule-of-law square"),
    SiteKind.PARK: ("法治公园", "Rule-of-law park"),
    SiteKind.CORRIDOR: ("法治长廊", "Rule-of-law corridor"),
    SiteKind.BOARD: ("法治宣传栏", "Notice board"),
    SiteKind.LIBRARY: ("法律图书角", "Law reading corner"),
    SiteKind.OTHER: ("其他阵地", "Other site"),
    ModelVillageLevel.NATIONAL: ("全国", "National"),
    ModelVillageLevel.PROVINCIAL: ("省级", "Provincial"),
    ModelVillageLevel.CITY: ("市级", "City"),
    ModelVillageLevel.COUNTY: ("县级", "County"),
}

AUDIENCES = (
    "村(居)民",
    "青少年学生",
    "企业职工",
    "农民工",
    "老年人",
    "妇女",
    "领导干部",
    "社会公众",
)


def label(value: str | None, lang: str = "zh") -> str:
    """The Chinese (or English) label of a code; the code itself when unknown."""
    if value is None:
        return ""
    pair = LABELS.get(value)
    if pair is None:
        return str(value)
    return pair[1] if lang == "en" else pair[0]


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(m.value, label(m.value)) for m in enum]

"""Code lists of community corrections (社区矫正代码表), DOMAIN.md §7.4.

Each list is a ``StrEnum`` whose values are stored; :func:`label` gives the Chinese (or
English) label. Keep stored values stable: old rows carry them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AftercareCategory",
    "AftercareStatus",
    "CheckinMode",
    "EndType",
    "HandoverMode",
    "IntakeMode",
    "LeaveRoute",
    "LeaveStatus",
    "Level",
    "LocationGround",
    "MemberType",
    "Resettlement",
    "SanctionKind",
    "Status",
    "SubjectType",
    "choices",
    "label",
]


class SubjectType(StrEnum):
    """矫正类别 (CCL art. 2)."""

    CONTROL = "control"  # 管制
    PROBATION = "probation"  # 缓刑
    PAROLE = "parole"  # 假释
    MEDICAL_PAROLE = "medical_parole"  # 暂予监外执行


class Status(StrEnum):
    """The subject's state machine (DOMAIN.md §7.2)."""

    AWAITING = "awaiting"  # 待报到: the 10-day countdown runs
    SEARCHING = "searching"  # 未按期报到/查找
    RECEIVED = "received"  # 已接收 (reported in, not yet announced)
    SUPERVISED = "supervised"  # 在矫 (after 入矫宣告)
    LOST = "lost"  # 脱管/失联
    PROPOSED = "proposed"  # 提请撤销/收监 pending at the court
    RELEASED = "released"  # 解除
    TERMINATED = "terminated"  # 终止


class Level(StrEnum):
    """管理等级 (provincial; the common three-level scheme)."""

    STRICT = "strict"  # 严管
    NORMAL = "normal"  # 普管
    LENIENT = "lenient"  # 宽管


class IntakeMode(StrEnum):
    """接收方式."""

    SELF = "self"  # 自行报到
    ESCORTED = "escorted"  # 狱所押送
    COURT = "court"  # 当庭交接
    OTHER = "other"  # 其他


class MemberType(StrEnum):
    """矫正小组成员类型 01–08, 99."""

    STATION = "01"
    SOCIAL_WORKER = "02"
    VOLUNTEER = "03"
    COMMITTEE = "04"
    EMPLOYER = "05"
    SCHOOL = "06"
    FAMILY = "07"
    GUARANTOR = "08"
    OTHER = "99"


class CheckinMode(StrEnum):
    """How a check-in is done (CCL art. 26: 通信联络, 信息化核查, 实地查访)."""

    IN_PERSON = "in_person"  # 当面报到
    PHONE = "phone"  # 电话报告
    VIDEO = "video"  # 视频报告
    VISIT = "visit"  # 实地查访


class LeaveRoute(StrEnum):
    """Who approves a leave (外出审批层级)."""

    STATION = "station"  # 司法所
    COUNTY = "county"  # 县级社区矫正机构
    CITY = "city"  # 上一级社区矫正机构


class LeaveStatus(StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准（外出中）
    REFUSED = "refused"  # 不予批准
    RETURNED = "returned"  # 已销假


class SanctionKind(StrEnum):
    """奖惩 (CCL art. 28); the order is the ladder."""

    PRAISE = "praise"  # 表扬
    ADMONITION = "admonition"  # 训诫
    WARNING = "warning"  # 警告
    PUBLIC_ORDER = "public_order"  # 提请治安管理处罚
    REVOKE_PROBATION = "revoke_probation"  # 提请撤销缓刑
    REVOKE_PAROLE = "revoke_parole"  # 提请撤销假释
    RETURN_TO_PRISON = "return_to_prison"  # 提请收监执行


class LocationGround(StrEnum):
    """电子定位适用情形 (CCL art. 29), the only five."""

    PROHIBITION = "prohibition"
    LEFT_WITHOUT_LEAVE = "left_without_leave"
    REFUSED_REPORT = "refused_report"
    PUBLIC_ORDER = "public_order"
    PROPOSAL = "proposal"


class EndType(StrEnum):
    """解除/终止类型."""

    EXPIRED = "expired"  # 期满解除
    PARDON = "pardon"  # 赦免
    REVOKED_PROBATION = "revoked_probation"  # 撤销缓刑
    REVOKED_PAROLE = "revoked_parole"  # 撤销假释
    RETURNED_TO_PRISON = "returned_to_prison"  # 收监执行
    DEATH = "death"  # 死亡


class AftercareStatus(StrEnum):
    """The aftercare person's state machine (DOMAIN.md §7.2)."""

    NOTIFIED = "notified"  # 预释放信息接收
    VERIFIED = "verified"  # 核查
    IN_CARE = "in_care"  # 帮教中 (after 衔接)
    EXPIRED = "expired"  # 帮教期满
    EXITED = "exited"  # 重新犯罪 / 死亡 / 迁出


class AftercareCategory(StrEnum):
    KEY = "01"  # 重点帮教人员
    GENERAL = "02"  # 一般帮教人员


class HandoverMode(StrEnum):
    """衔接情况."""

    GOVERNMENT = "01"
    PRISON_SENT = "02"
    STATION = "03"
    POLICE = "04"
    COMMUNITY = "05"
    SELF = "06"
    OTHER = "99"


class Resettlement(StrEnum):
    """安置情况."""

    LAND = "01"
    PUBLIC_POST = "02"
    ENTERPRISE_BASE = "03"
    GOVERNMENT_BASE = "04"
    SELF_EMPLOYED = "05"
    EMPLOYED = "06"
    STARTUP = "07"
    OTHER = "99"


# (code list, code) → labels: two lists may share a code ("01" is both a team member
# type and a placement), so a plain dict keyed by the StrEnum members would let one
# list's label overwrite the other's.
_LABELS: dict[tuple[type[StrEnum], str], tuple[str, str]] = {
    (type(member), member.value): pair
    for member, pair in (
        (SubjectType.CONTROL, ("管制", "Public surveillance")),
        (SubjectType.PROBATION, ("缓刑", "Probation")),
        (SubjectType.PAROLE, ("假释", "Parole")),
        (SubjectType.MEDICAL_PAROLE, ("暂予监外执行", "Temporary service outside prison")),
        (Status.AWAITING, ("待报到", "Awaiting report-in")),
        (Status.SEARCHING, ("未按期报到（查找中）", "Not reported, searching")),
        (Status.RECEIVED, ("已接收", "Received")),
        (Status.SUPERVISED, ("在矫", "Under corrections")),
        (Status.LOST, ("脱管/失联", "Lost contact")),
        (Status.PROPOSED, ("提请撤销/收监中", "Proposal pending")),
        (Status.RELEASED, ("已解除", "Released")),
        (Status.TERMINATED, ("已终止", "Terminated")),
        (Level.STRICT, ("严管", "Strict")),
        (Level.NORMAL, ("普管", "Normal")),
        (Level.LENIENT, ("宽管", "Lenient")),
        (IntakeMode.SELF, ("自行报到", "Reported in person")),
        (IntakeMode.ESCORTED, ("狱所押送", "Escorted by prison")),
        (IntakeMode.COURT, ("当庭交接", "Handed over in court")),
        (IntakeMode.OTHER, ("其他", "Other")),
        (MemberType.STATION, ("司法所工作人员", "Station staff")),
        (MemberType.SOCIAL_WORKER, ("社会工作者", "Social worker")),
        (MemberType.VOLUNTEER, ("志愿者", "Volunteer")),
        (MemberType.COMMITTEE, ("村(居)委会人员", "Village committee")),
        (MemberType.EMPLOYER, ("所在单位人员", "Employer")),
        (MemberType.SCHOOL, ("就读学校人员", "School")),
        (MemberType.FAMILY, ("家庭成员或监护人", "Family or guardian")),
        (MemberType.GUARANTOR, ("保证人", "Guarantor")),
        (MemberType.OTHER, ("其他", "Other")),
        (CheckinMode.IN_PERSON, ("当面报到", "In person")),
        (CheckinMode.PHONE, ("电话报告", "Phone")),
        (CheckinMode.VIDEO, ("视频报告", "Video")),
        (CheckinMode.VISIT, ("实地查访", "Home visit")),
        (LeaveRoute.STATION, ("司法所审批", "Station")),
        (LeaveRoute.COUNTY, ("县级社区矫正机构审批", "County body")),
        (LeaveRoute.CITY, ("报上一级社区矫正机构审批", "City body")),
        (LeaveStatus.PENDING, ("待审批", "Pending")),
        (LeaveStatus.APPROVED, ("已批准", "Approved")),
        (LeaveStatus.REFUSED, ("不予批准", "Refused")),
        (LeaveStatus.RETURNED, ("已销假", "Returned")),
        (SanctionKind.PRAISE, ("表扬", "Praise")),
        (SanctionKind.ADMONITION, ("训诫", "Admonition")),
        (SanctionKind.WARNING, ("警告", "Warning")),
        (SanctionKind.PUBLIC_ORDER, ("提请治安管理处罚", "Public-order penalty proposal")),
        (SanctionKind.REVOKE_PROBATION, ("提请撤销缓刑", "Revocation of probation proposal")),
        (SanctionKind.REVOKE_PAROLE, ("提请撤销假释", "Revocation of parole proposal")),
        (SanctionKind.RETURN_TO_PRISON, ("提请收监执行", "Return-to-prison proposal")),
        (LocationGround.PROHIBITION, ("违反人民法院禁止令", "Breach of a court prohibition")),
        (
            LocationGround.LEFT_WITHOUT_LEAVE,
            (
                "无正当理由未经批准离开所居住的市、县",
                "Left the city or county without approval",
            ),
        ),
        (
            LocationGround.REFUSED_REPORT,
            (
                "拒不按照规定报告自己的活动情况，被给予警告",
                "Refused to report and was warned",
            ),
        ),
        (
            LocationGround.PUBLIC_ORDER,
            (
                "违反监督管理规定，被给予治安管理处罚",
                "Public-order penalty for a breach",
            ),
        ),
        (
            LocationGround.PROPOSAL,
            (
                "拟提请撤销缓刑、假释或者暂予监外执行收监执行",
                "Revocation or return to prison being prepared",
            ),
        ),
        (EndType.EXPIRED, ("期满解除", "Term expired")),
        (EndType.PARDON, ("赦免", "Pardon")),
        (EndType.REVOKED_PROBATION, ("撤销缓刑", "Probation revoked")),
        (EndType.REVOKED_PAROLE, ("撤销假释", "Parole revoked")),
        (EndType.RETURNED_TO_PRISON, ("收监执行", "Returned to prison")),
        (EndType.DEATH, ("死亡", "Death")),
        (AftercareStatus.NOTIFIED, ("预释放信息已接收", "Notice received")),
        (AftercareStatus.VERIFIED, ("已核查", "Verified")),
        (AftercareStatus.IN_CARE, ("帮教中", "In aftercare")),
        (AftercareStatus.EXPIRED, ("帮教期满", "Aftercare ended")),
        (AftercareStatus.EXITED, ("已退出", "Exited")),
        (AftercareCategory.KEY, ("重点帮教人员", "Key person")),
        (AftercareCategory.GENERAL, ("一般帮教人员", "General")),
        (HandoverMode.GOVERNMENT, ("基层政府接回", "Collected by local government")),
        (HandoverMode.PRISON_SENT, ("监所送回原籍", "Sent home by the prison")),
        (HandoverMode.STATION, ("司法所接回", "Collected by the station")),
        (HandoverMode.POLICE, ("公安机关落实管控措施", "Police measures")),
        (HandoverMode.COMMUNITY, ("基层组织接回", "Collected by the community")),
        (HandoverMode.SELF, ("人员自返", "Returned alone")),
        (HandoverMode.OTHER, ("其他", "Other")),
        (Resettlement.LAND, ("落实责任田", "Farmland")),
        (Resettlement.PUBLIC_POST, ("公益性岗位", "Public-welfare post")),
        (Resettlement.ENTERPRISE_BASE, ("企业安置基地", "Enterprise base")),
        (Resettlement.GOVERNMENT_BASE, ("政府投入安置基地", "Government base")),
        (Resettlement.SELF_EMPLOYED, ("个体经营", "Self-employed")),
        (Resettlement.EMPLOYED, ("企业吸纳就业", "Employed")),
        (Resettlement.STARTUP, ("自主创业", "Own business")),
        (Resettlement.OTHER, ("其他", "Other")),
    )
}


def label(
    value: StrEnum | str | None, locale: str = "zh", enum: type[StrEnum] | None = None
) -> str:
    """The label of a code (``—`` for none); pass *enum* when *value* is a plain string."""
    if value is None or value == "":
        return "—"
    if enum is not None and not isinstance(value, enum):
        try:
            value = enum(value)
        except ValueError:
            return str(value)
    if isinstance(value, StrEnum):
        pair = _LABELS.get((type(value), value.value))
    else:  # a bare string with no list named: only an unambiguous code has a label
        found = {p for (_list, code), p in _LABELS.items() if code == value}
        pair = found.pop() if len(found) == 1 else None
    if pair is None:
        return str(value)
    return pair[1] if locale == "en" else pair[0]


def choices(enum: type[StrEnum], locale: str = "zh") -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select."""
    return [(member.value, label(member, locale)) for member in enum]

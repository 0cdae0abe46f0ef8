"""The case file (一案一卷): its documents as content, and its table of contents.

Each document of the 司法部 model file (DOMAIN.md §1.7) is built once, from the case's data,
as a short list of blocks — headings, paragraphs, label/value grids, tables, signature
lines, the seal area. Two renderers print the same blocks: the HTML page with the print
stylesheet (``mediation/documents/casefile.html``) and the PDF (:mod:`mediation.pdf`), so
the two never say different things. Identity numbers stay masked, as everywhere.

:func:`contents` is the file's table of contents (卷内目录) in the model's order, each entry
marked required or "as needed" and present or missing; the archive check
(:mod:`mediation.services.archive`) refuses a file whose required entries are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from core.api import N_, OrgUnit
from mediation import categories
from mediation.codes import (
    AGREEMENT_STATES,
    AgreementForm,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    ConfirmationStatus,
    EvidenceCategory,
    MinistryCategory,
    PartyRole,
    ReferralMode,
    RefusalReason,
    Satisfaction,
    TerminationReason,
    label,
)
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationEvidence,
    MediationFollowUp,
    MediationMediator,
    MediationSession,
)
from mediation.services.cases import (
    PartyView,
    case_mediators,
    follow_ups,
    live_agreement,
    parties,
    sessions,
)
from mediation.services.evidence import case_evidence

__all__ = [
    "DOCUMENTS",
    "CaseFile",
    "Document",
    "Entry",
    "Fields",
    "Heading",
    "Para",
    "Seal",
    "Signatures",
    "Table",
    "build",
    "contents",
    "load",
]


# -- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, two pairs to a row on paper."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Signatures:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Seal:
    org: str
    day: date | None


Block = Heading | Para | Fields | Table | Signatures | Seal


@dataclass(frozen=True)
class Document:
    code: str
    title: str
    number: str
    blocks: tuple[Block, ...]


# -- the case's data, read once -----------------------------------------------------------


@dataclass
class CaseFile:
    case: MediationCase
    committee: str
    parties: list[PartyView]
    mediators: list[MediationMediator]
    sessions: list[MediationSession]
    agreement: MediationAgreement | None
    follow_ups: list[MediationFollowUp]
    evidence: list[MediationEvidence]
    extra: dict[str, Any] = field(default_factory=dict)

    def uploads(self, kind: EvidenceCategory) -> list[MediationEvidence]:
        return [e for e in self.evidence if e.category == kind]


def load(session: Session, case: MediationCase) -> CaseFile:
    assert case.id is not None
    org = session.get(OrgUnit, case.org_id)
    return CaseFile(
        case=case,
        committee=org.name if org else "",
        parties=parties(session, case.id),
        mediators=[m for _, m in case_mediators(session, case.id)],
        sessions=sessions(session, case.id),
        agreement=live_agreement(session, case.id),
        follow_ups=follow_ups(session, case.id),
        evidence=case_evidence(session, case.id),
    )


# -- helpers ------------------------------------------------------------------------------


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _sex(view: PartyView) -> str:
    return {"male": "男", "female": "女"}.get(str(view.person.sex or ""), "")


def _party_table(cf: CaseFile) -> Table:
    by_id = {v.party.id: v for v in cf.parties}
    rows = []
    for view in cf.parties:
        role = label(PartyRole, view.party.role)
        if view.party.represents_id and view.party.represents_id in by_id:
            role += f"（代理{by_id[view.party.represents_id].person.name}）"
        rows.append(
            (
                role,
                view.person.name,
                _sex(view),
                view.person.id_number_masked or view.person.document_number_masked or "无证件",
                view.person.phone_masked or "",
                view.person.address or "",
            )
        )
    return Table(("身份", "姓名", "性别", "证件号码", "联系电话", "住址"), tuple(rows))


def _principals(cf: CaseFile) -> list[PartyView]:
    return [v for v in cf.parties if v.party.role != PartyRole.AGENT]


def _mediator_names(cf: CaseFile) -> str:
    return "、".join(m.name for m in cf.mediators)


def _party_signatures(cf: CaseFile, what: str = "签名或按指印") -> list[str]:
    return [f"{label(PartyRole, v.party.role)}{v.person.name}（{what}）" for v in _principals(cf)]


# -- the documents ------------------------------------------------------------------------


def acceptance(cf: CaseFile) -> Document:
    """人民调解受理登记表 (with the application: written, or the oral one transcribed)."""
    case = cf.case
    category = categories.category(case.category_code)
    source = label(CaseSource, case.source)
    if case.application_form:
        source += f"（{label(ApplicationForm, case.application_form)}）"
    if case.referral_mode:
        source += f"（{label(ReferralMode, case.referral_mode)}）"
    rows: list[tuple[str, str]] = [
        ("受理调委会", cf.committee),
        ("纠纷类型", f"{category.name if category else case.category_code}"),
        ("统计分类", label(MinistryCategory, case.ministry_category)),
        ("案件来源", source),
        ("登记日期", _day(case.registered_on)),
        ("受理日期", _day(case.accepted_on) or "（未受理）"),
        ("发生日期", _day(case.occurred_on)),
        ("发生地点", case.place or ""),
        ("涉及人数", str(case.people_involved)),
        ("涉及金额", f"{case.amount} 元" if case.amount is not None else ""),
    ]
    if case.referring_body:
        rows.append(("来源单位", f"{case.referring_body} {case.referral_number or ''}".strip()))
    blocks: list[Block] = [
        Fields(tuple(rows)),
        Heading("当事人"),
        _party_table(cf),
        Heading("纠纷简要情况"),
        Para(case.description),
    ]
    if case.application_text:
        blocks += [
            Heading(
                "申请内容"
                + ("（口头申请笔录）" if case.application_form == ApplicationForm.ORAL else "")
            ),
            Para(case.application_text),
        ]
        if case.application_form == ApplicationForm.ORAL:
            blocks.append(
                Para(
                    "以上笔录已向申请人宣读，申请人"
                    + ("已签名确认。" if case.applicant_signed else "尚未签名确认。"),
                    indent=False,
                )
            )
    if case.status == CaseStatus.REFUSED:
        blocks += [
            Heading("不予受理"),
            Para(
                f"{_day(case.refused_on)}决定不予受理。理由：{label(RefusalReason, case.refusal_reason)}。"
                + (case.refusal_note or "")
            ),
        ]
    blocks += [
        Signatures(("申请人（签名或按指印）", "登记人（签名）", "调委会负责人（签名）")),
        Seal(cf.committee, case.accepted_on or case.registered_on),
    ]
    return Document("acceptance", "人民调解受理登记表", case.case_number or "", tuple(blocks))


RIGHTS = (
    "（一）选择或者接受人民调解员；",
    "（二）接受调解、拒绝调解或者要求终止调解；",
    "（三）要求调解公开进行或者不公开进行；",
    "（四）自主表达意愿、自愿达成调解协议。",
)
DUTIES = (
    "（一）如实陈述纠纷事实；",
    "（二）遵守调解现场秩序，尊重人民调解员；",
    "（三）尊重对方当事人行使权利。",
)


def rights_notice(cf: CaseFile) -> Document:
    """人民调解当事人权利义务告知书 (人民调解法 arts. 4, 23, 24)."""
    case = cf.case
    names = "、".join(v.person.name for v in _principals(cf))
    blocks: list[Block] = [
        Para(f"{names}：", indent=False),
        Para(
            "根据《中华人民共和国人民调解法》的规定，人民调解委员会调解民间纠纷，不收取任何费用。"
            "现将当事人在人民调解活动中享有的权利和应当履行的义务告知如下："
        ),
        Heading("当事人享有下列权利（第二十三条）"),
        *(Para(text) for text in RIGHTS),
        Heading("当事人应当履行下列义务（第二十四条）"),
        *(Para(text) for text in DUTIES),
        Para(
            "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
            "双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"
        ),
        Para(f"告知日期：{_day(case.rights_notified_on) or '　　年　　月　　日'}", indent=False),
        Signatures(tuple(_party_signatures(cf, "已知悉，签名或按指印"))),
        Seal(cf.committee, case.rights_notified_on),
    ]
    return Document(
        "rights_notice", "人民调解当事人权利义务告知书", case.case_number or "", tuple(blocks)
    )


def record(cf: CaseFile) -> Document:
    """人民调解记录 (调解笔录): every session — when, where, who, what was said."""
    case = cf.case
    blocks: list[Block] = [
        Fields(
            (
                ("案件名称", case.title),
                ("调解员", _mediator_names(cf)),
            )
        )
    ]
    if not cf.sessions:
        blocks.append(Para("（尚无调解记录）", indent=False))
    for n, s in enumerate(cf.sessions, 1):
        blocks += [
            Heading(f"第{n}次调解"),
            Fields(
                (
                    ("调解时间", _day(s.held_on)),
                    ("调解地点", s.place or ""),
                    ("参加人员", s.participants),
                )
            ),
            Para(s.notes),
        ]
    if case.terminated_on:
        blocks += [
            Heading("调解终止"),
            Para(
                f"{_day(case.terminated_on)}终止调解，原因：{label(TerminationReason, case.termination_reason)}。"
                + (case.termination_note or "")
            ),
        ]
    blocks.append(Signatures((*_party_signatures(cf), "人民调解员（签名）", "记录人（签名）")))
    return Document("record", "人民调解记录", case.case_number or "", tuple(blocks))


def agreement_document(cf: CaseFile) -> Document:
    """人民调解协议书 / 口头协议登记表 (人民调解法 arts. 28–29), for the PDF."""
    case, agreement = cf.case, cf.agreement
    assert agreement is not None
    written = agreement.form == AgreementForm.WRITTEN
    deadline = agreement.performance_deadline
    how = f"履行方式：{agreement.performance_method}"
    if agreement.performance_place:
        how += f"；履行地点：{agreement.performance_place}"
    how += f"；履行期限：{_day(deadline)}前。"
    blocks: list[Block] = [
        Heading("当事人"),
        _party_table(cf),
        Heading("纠纷主要事实、争议事项"),
        Para(case.description),
        Heading("经调解，双方当事人自愿达成如下协议"),
        Para(agreement.terms),
    ]
    if agreement.amount is not None:
        blocks.append(Para(f"协议涉及金额：{agreement.amount} 元", indent=False))
    blocks += [Heading("履行方式、地点和期限"), Para(how, indent=False)]
    if written:
        copies = len(_principals(cf)) + 1
        blocks += [
            Para(
                "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
                "本协议具有法律约束力，当事人应当按照约定履行。当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
            ),
            Para(f"本协议一式 {copies} 份，当事人、人民调解委员会各持一份。"),
        ]
    else:
        blocks.append(
            Para(
                f"本协议为当事人口头达成，自达成之日（{_day(agreement.concluded_on)}）起生效，由人民调解员记录在案。"
            )
        )
    blocks += [
        Signatures(
            (
                *_party_signatures(cf, "签名、盖章或按指印"),
                f"人民调解员（签名）：{_mediator_names(cf)}",
                "记录人（签名）",
            )
        ),
        Seal(cf.committee, agreement.concluded_on),
    ]
    title = "人民调解协议书" if written else "口头调解协议登记表"
    return Document("agreement", title, case.case_number or "", tuple(blocks))


def follow_up(cf: CaseFile) -> Document:
    """人民调解回访记录."""
    case = cf.case
    blocks: list[Block] = [Fields((("案件名称", case.title), ("调解员", _mediator_names(cf))))]
    if cf.agreement is not None:
        blocks.append(
            Fields(
                (
                    ("协议日期", _day(cf.agreement.concluded_on)),
                    ("履行期限", _day(cf.agreement.performance_deadline)),
                )
            )
        )
    if not cf.follow_ups:
        blocks.append(Para("（尚无回访记录）", indent=False))
    for n, f in enumerate(cf.follow_ups, 1):
        blocks += [
            Heading(f"第{n}次回访"),
            Fields(
                (
                    ("回访时间", _day(f.visited_on)),
                    ("回访人", f.visitor),
                    ("回访对象", f.visited_persons),
                    ("当事人满意度", label(Satisfaction, f.satisfaction)),
                    ("协议履行情况", f.performance),
                    ("有无新的矛盾苗头", "有" if f.new_conflict else "无"),
                )
            ),
        ]
        if f.notes:
            blocks.append(Para(f.notes))
    blocks.append(Signatures(("回访人（签名）", "被回访人（签名或按指印）")))
    return Document("follow_up", "人民调解回访记录", case.case_number or "", tuple(blocks))


def cover(cf: CaseFile) -> Document:
    """卷宗封面, 卷内目录 and the back cover (封底/备考表) of the file."""
    case = cf.case
    entries = contents(cf)
    retention = str(cf.extra.get("retention", "长期"))
    blocks: list[Block] = [
        Fields(
            (
                ("卷名", case.title),
                ("卷号", case.case_number or ""),
                ("调解委员会", cf.committee),
                ("人民调解员", _mediator_names(cf)),
                ("调解起止日期", f"{_day(case.accepted_on)} 至 {_day(case.closed_on)}"),
                ("立卷日期", _day(case.archived_on)),
                ("立卷人", ""),
                ("保管期限", retention),
            )
        ),
        Heading("卷内目录"),
        Table(
            ("序号", "文书名称", "要求", "情况"),
            tuple(
                (
                    str(e.number),
                    e.title,
                    "必备" if e.required else "按需",
                    e.status,
                )
                for e in entries
            ),
        ),
        Heading("卷宗封底（备考表）"),
        Para(
            f"本卷共收文书材料 {sum(1 for e in entries if e.present)} 项"
            f"（其中上传材料 {len(cf.evidence)} 件）。",
            indent=False,
        ),
        Signatures(("立卷人（签名）", "检查人（签名）")),
        Seal(cf.committee, case.archived_on),
    ]
    return Document("cover", "人民调解卷宗", case.case_number or "", tuple(blocks))


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    title: str
    build: Callable[[CaseFile], Document]
    available: Callable[[CaseFile], bool] = lambda cf: True


DOCUMENTS: dict[str, DocumentSpec] = {
    spec.code: spec
    for spec in (
        DocumentSpec("acceptance", "受理登记表", acceptance),
        DocumentSpec("rights_notice", "权利义务告知书", rights_notice),
        DocumentSpec("record", "调解记录", record),
        DocumentSpec(
            "agreement", "调解协议书", agreement_document, lambda cf: cf.agreement is not None
        ),
        DocumentSpec("follow_up", "回访记录", follow_up),
        DocumentSpec("cover", "封面、卷内目录和封底", cover),
    )
}


def build(cf: CaseFile, code: str) -> Document:
    return DOCUMENTS[code].build(cf)


# -- the table of contents ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of the 卷内目录: present or missing, required or as needed."""

    number: int
    title: str
    required: bool
    present: bool
    detail: str = ""
    document: str | None = None  # the generated document's code, when there is one

    @property
    def status(self) -> str:
        if self.present:
            return self.detail or N_("已具备")
        if self.required:
            return f"缺（{self.detail}）" if self.detail else N_("缺")
        return self.detail or N_("无")


def identity_gaps(cf: CaseFile) -> list[str]:
    """Parties without an identity document, unless a proof of identity was uploaded."""
    if cf.uploads(EvidenceCategory.IDENTITY):
        return []
    return [v.person.name for v in _principals(cf) if str(v.person.id_type) == "none"]


def contents(cf: CaseFile, *, follow_up_required: bool = False) -> list[Entry]:
    """The file's table of contents in the 司法部 model's order (DOMAIN.md §1.7)."""
    case = cf.case
    status = CaseStatus(case.status)
    agreed = cf.agreement is not None or status in AGREEMENT_STATES
    oral_ok = case.application_form != ApplicationForm.ORAL or bool(
        case.application_text and case.applicant_signed
    )
    gaps = identity_gaps(cf)

    def count(kind: EvidenceCategory) -> tuple[bool, str]:
        n = len(cf.uploads(kind))
        return bool(n), f"{n} 件" if n else ""

    agents = any(v.party.role == PartyRole.AGENT for v in cf.parties)
    attorney = count(EvidenceCategory.POWER_OF_ATTORNEY)
    investigation = count(EvidenceCategory.INVESTIGATION)
    evidence = count(EvidenceCategory.EVIDENCE)
    performance = count(EvidenceCategory.PERFORMANCE)
    confirmation_files = count(EvidenceCategory.CONFIRMATION)
    confirmed = bool(cf.agreement and cf.agreement.confirmation_status != ConfirmationStatus.NONE)
    return [
        Entry(
            1,
            N_("人民调解申请书或受理登记表"),
            True,
            oral_ok,
            "" if oral_ok else "口头申请笔录未经申请人签名",
            "acceptance",
        ),
        Entry(
            2,
            N_("人民调解当事人权利义务告知书"),
            True,
            case.rights_notified_on is not None,
            "",
            "rights_notice",
        ),
        Entry(
            3,
            N_("当事人身份证明"),
            True,
            not gaps,
            "" if not gaps else f"{'、'.join(gaps)}未登记身份证件",
        ),
        Entry(4, N_("授权委托书"), False, attorney[0], attorney[1] or ("需要" if agents else "")),
        Entry(5, N_("人民调解调查记录"), False, investigation[0], investigation[1]),
        Entry(6, N_("人民调解证据材料"), False, evidence[0], evidence[1]),
        Entry(
            7,
            N_("人民调解记录（调解笔录）"),
            True,
            bool(cf.sessions),
            f"{len(cf.sessions)} 次" if cf.sessions else "",
            "record",
        ),
        Entry(
            8,
            N_("人民调解协议书（或口头协议登记表）"),
            agreed,
            cf.agreement is not None,
            "" if agreed else "未达成协议",
            "agreement" if cf.agreement is not None else None,
        ),
        Entry(9, N_("履行凭证（收条、汇款单等）"), False, performance[0], performance[1]),
        Entry(
            10,
            N_("人民调解回访记录"),
            follow_up_required and agreed,
            bool(cf.follow_ups),
            f"{len(cf.follow_ups)} 次" if cf.follow_ups else "",
            "follow_up",
        ),
        Entry(
            11,
            N_("司法确认有关材料"),
            False,
            confirmation_files[0] or confirmed,
            confirmation_files[1],
        ),
        Entry(12, N_("卷宗情况说明"), False, False, ""),
        Entry(13, N_("封底"), True, True, N_("系统生成"), "cover"),
    ]

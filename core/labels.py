"""What people call the tables, columns and records the platform keeps (issue 21, defect 10).

The audit log and other pages meet tables (``publicity_backbone_log``), columns
(``last_login_at``) and records (``due_item`` 1235) by their codes; people must see names.
The core names its own tables and the columns most tables share here; a plugin's model
names itself and its columns where it is declared:

* ``__label__ = ("普法活动", "Publicity event")`` on the model class — what one record is;
* ``__title__ = "title"`` (an attribute, or a function of the row) — which text names one
  record; without it the first of :data:`TITLE_ATTRS` the model has;
* ``__field_labels__ = {"held_on": "举办日期"}`` on the class, or ``FIELD_LABELS`` in the
  module that defines the models, for the columns the core does not already name; a label
  is Chinese, or a ``(Chinese, English)`` pair;
* ``VALUE_LABELS = {"format": {"lecture": ("法治讲座", "Lecture")}}`` in that module, for
  columns that store a code of the module's code lists.

What nobody named falls back sensibly: a column that references another table takes that
table's name, an English label is the code made readable ("held on"), a record without a
title is "<its kind> (no. 12)".
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlmodel import Session, SQLModel, select

__all__ = [
    "CORE_ENTITIES",
    "CORE_FIELDS",
    "TITLE_ATTRS",
    "entity_label",
    "field_label",
    "numbered",
    "record_titles",
    "value_label",
]

Label = str | tuple[str, str]

#: The core's tables.
CORE_ENTITIES: dict[str, tuple[str, str]] = {
    "org_unit": ("组织机构", "Organisation"),
    "staff_account": ("工作人员账号", "Staff account"),
    "staff_session": ("登录会话", "Sign-in session"),
    "role": ("角色", "Role"),
    "role_grant": ("角色授予", "Role grant"),
    "role_permission": ("角色权限", "Role permission"),
    "permission": ("权限", "Permission"),
    "person": ("人员", "Person"),
    "module_activation": ("模块启用", "Module activation"),
    "job_run": ("后台任务运行", "Job run"),
    "export_file": ("导出文件", "Export file"),
    "holiday_year": ("节假日年度", "Holiday year"),
    "holiday_override": ("节假日调整", "Holiday override"),
    "deadline_rule_override": ("期限规则调整", "Deadline rule override"),
    "provisional_deadline": ("暂定期限", "Provisional deadline"),
    "due_item": ("待办事项", "Due item"),
    "due_item_kind_override": ("提醒设置调整", "Reminder setting"),
    "due_item_recipient": ("待办升级接收人", "Escalation recipient"),
    "due_item_escalation": ("预警升级", "Escalation"),
    "notification": ("站内通知", "Notification"),
    "notification_address": ("通知方式", "Notification address"),
    "notification_delivery": ("通知发送", "Notification delivery"),
    "audit_record": ("审计记录", "Audit record"),
    "indicator_setting": ("指标设置", "Indicator setting"),
    "indicator_report": ("月报", "Monthly report"),
    "indicator_aggregate": ("指标汇总", "Indicator aggregate"),
    "indicator_aggregate_period": ("指标汇总期", "Aggregated period"),
    "indicator_catch_up": ("指标追算进度", "Indicator catch-up"),
    "code_list_entry": ("数据字典条目", "Dictionary entry"),
    "org_change": ("机构沿革", "Organisation change"),
    "submission_claim": ("表单提交记录", "Form submission"),
    "portal_application": ("网上申请", "Online application"),
    "portal_code": ("验证码", "Verification code"),
    "portal_attempt": ("网上申请次数", "Portal attempt"),
    "portal_outbox": ("短信发送", "Text message"),
    "assessment_scheme": ("考核方案", "Assessment scheme"),
    "assessment_item": ("考核指标项", "Assessment item"),
    "assessment_closure": ("考核关账", "Assessment closure"),
    "assessment_result": ("考核结果", "Assessment result"),
    "creation_plan": ("创建计划", "Creation plan"),
    "creation_plan_year": ("创建计划年度目标", "Creation plan year"),
    "creation_plan_station": ("创建计划司法所", "Creation plan station"),
}

#: Columns of the core's tables and columns most modules share (a model may say otherwise).
CORE_FIELDS: dict[str, str] = {
    "id": "编号",
    "org_id": "所属机构",
    "version": "版本号",
    "created_at": "创建时间",
    "updated_at": "修改时间",
    "created_by": "创建人",
    "created_on": "创建日期",
    "name": "名称",
    "display_name": "显示名称",
    "username": "用户名",
    "password_hash": "口令（已加密）",
    "password_changed_at": "口令修改时间",
    "last_login_at": "最近登录时间",
    "last_seen_at": "最近活动时间",
    "failed_attempts": "连续登录失败次数",
    "locked_until": "锁定至",
    "must_change_password": "须修改口令",
    "user_agent": "浏览器",
    "token": "令牌",
    "token_hash": "令牌（已加密）",
    "active": "启用",
    "enabled": "启用",
    "parent_id": "上级机构",
    "path": "机构路径",
    "depth": "层级",
    "division_code": "行政区划代码",
    "committee_kind": "调委会类型",
    "type": "类型",
    "kind": "类别",
    "status": "状态",
    "state": "状态",
    "level": "等级",
    "position": "职务",
    "role": "角色",
    "role_id": "角色",
    "permission": "权限",
    "granted_by": "授权人",
    "plugin": "模块",
    "settings": "设置",
    "builtin": "内置",
    "code": "代码",
    "key": "键",
    "label_zh": "名称",
    "label_en": "英文名称",
    "title": "标题",
    "title_zh": "标题",
    "title_en": "英文标题",
    "body_zh": "内容",
    "body_en": "英文内容",
    "description": "说明",
    "summary": "摘要",
    "content": "内容",
    "text": "文字",
    "note": "备注",
    "notes": "备注",
    "comment": "意见",
    "url": "链接",
    "source": "来源",
    "entity": "对象类型",
    "entity_id": "对象编号",
    "item_id": "事项",
    "account_id": "负责人账号",
    "owner_id": "所有人",
    "person_id": "人员",
    "phone": "联系电话",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "no_id_reason": "无证件原因",
    "document_type": "证件类型",
    "document_number": "文书编号",
    "address": "住址",
    "sex": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "pinyin_initials": "拼音首字母",
    "full_pinyin": "拼音",
    "unmasked": "已显示完整信息",
    "due_at": "到期时间",
    "due_on": "到期日",
    "final_due_on": "最终期限",
    "soon_at": "临期提醒时间",
    "done_at": "办结时间",
    "done_by": "办结人",
    "provisional_note": "暂定期限说明",
    "notified_stage": "已提醒阶段",
    "escalation_level": "升级层级",
    "escalation_id": "预警升级",
    "escalated_at": "升级时间",
    "next_escalation_at": "下次升级时间",
    "escalation_minutes": "升级间隔（分钟）",
    "lead_minutes": "提前提醒（分钟）",
    "resolved_at": "解除时间",
    "read_at": "阅读时间",
    "sent_at": "发送时间",
    "channel": "通知渠道",
    "attempts": "尝试次数",
    "last_error": "最近一次错误",
    "next_attempt_at": "下次尝试时间",
    "claimed_at": "领取时间",
    "notification_id": "通知",
    "job_name": "任务",
    "run_id": "运行记录",
    "params": "参数",
    "result": "结果",
    "error": "错误",
    "progress_done": "已完成",
    "progress_total": "总量",
    "progress_note": "进度说明",
    "enqueued_at": "排队时间",
    "started_at": "开始时间",
    "finished_at": "结束时间",
    "heartbeat_at": "最近心跳",
    "slot": "时段",
    "format": "格式",
    "filename": "文件名",
    "download_name": "下载文件名",
    "stored_name": "存储文件名",
    "original_name": "原文件名",
    "size": "大小",
    "size_bytes": "大小（字节）",
    "content_type": "文件类型",
    "uploaded_at": "上传时间",
    "uploaded_by": "上传人",
    "options": "选项",
    "rows": "行数",
    "expires_at": "过期时间",
    "generated": "已生成",
    "generated_at": "生成时间",
    "generated_by_id": "生成人",
    "revision": "修订版",
    "year": "年度",
    "years": "年数",
    "month": "月份",
    "day": "日期",
    "days": "天数",
    "hours": "时长（小时）",
    "is_workday": "是否工作日",
    "complete": "已完整录入",
    "rule": "规则",
    "rule_code": "期限规则",
    "start_on": "起算日",
    "start_day_counts": "起算日计入",
    "roll_past_rest_days": "遇节假日顺延",
    "unit": "单位",
    "indicator": "指标",
    "period": "期间",
    "period_type": "期间类型",
    "numerator": "分子",
    "denominator": "分母",
    "computed_at": "计算时间",
    "frozen": "已冻结",
    "audit_id": "审计记录号",
    "target": "目标值",
    "weight": "权重",
    "zero_value": "零值得分",
    "deduction": "扣分",
    "pass_score": "及格分",
    "score": "得分",
    "rank": "排名",
    "reached": "已达标",
    "reached_year": "达标年度",
    "target_year": "目标年度",
    "target_count": "目标数量",
    "scheme_id": "考核方案",
    "scheme_snapshot": "方案快照",
    "closure_id": "考核关账",
    "closed_at": "关账时间",
    "closed_by_id": "关账人",
    "items": "指标项",
    "plan_id": "计划",
    "subject_type": "对象类型",
    "against_citizen": "针对公民",
    "amount": "金额",
    "actor_id": "操作人编号",
    "actor_name": "操作人",
    "action": "动作",
    "changes": "变更",
    "details": "详情",
    "request_id": "请求编号",
    "ip": "IP 地址",
    "at": "时间",
    "prev_hash": "前一条校验值",
    "hash": "校验值",
    # columns many modules share
    "case_id": "案件",
    "subject_id": "矫正对象",
    "provider_id": "人员",
    "event_id": "活动",
    "recorded_by": "记录人",
    "reported_by": "报告人",
    "reported_on": "报告日期",
    "submitted_on": "提交日期",
    "submitted_by": "提交人",
    "approved_on": "批准日期",
    "approved_by": "批准人",
    "decided_on": "决定日期",
    "decided_by": "决定人",
    "decided_at": "决定时间",
    "received_on": "收到日期",
    "received_at": "收到时间",
    "assigned_on": "指派日期",
    "visited_on": "走访日期",
    "held_on": "举办日期",
    "ended_on": "结束日期",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "term_start": "起始日期",
    "term_end": "届满日期",
    "place": "地点",
    "reason": "原因",
    "opinion": "意见",
    "outcome": "结果",
    "satisfaction": "满意度",
    "category": "类别",
    "matter": "事项",
    "firm": "执业机构",
    "practice_number": "执业证号",
    "from_org_id": "原机构",
    "refusal_reason": "不予受理理由",
    "termination_reason": "终止理由",
    "deadlines_pending": "期限待定",
    "consultations": "咨询人次",
    "contact": "联系方式",
    "report_due_on": "报告期限",
    "total": "合计",
}

#: Attributes that name a record, tried in order when its model names none.
TITLE_ATTRS = (
    "title_zh",
    "title",
    "case_number",
    "display_name",
    "name",
    "label_zh",
    "username",
    "original_name",
)


_MODELS: dict[str, type[Any]] = {}
_MAPPED = 0


def _models() -> dict[str, type[Any]]:
    """Each mapped table's model class, by table name (the installed plugins' included);
    read again only when more models have been mapped since."""
    global _MAPPED
    mappers = SQLModel._sa_registry.mappers  # type: ignore[attr-defined]
    if len(mappers) != _MAPPED:
        _MODELS.clear()
        for mapper in mappers:
            name = getattr(mapper.class_, "__tablename__", None)
            if isinstance(name, str):
                _MODELS[name] = mapper.class_
        _MAPPED = len(mappers)
    return _MODELS


def _pick(label: Label, locale: str, fallback_en: str) -> str:
    if isinstance(label, tuple):
        return label[1] if locale == "en" and label[1] else label[0]
    return fallback_en if locale == "en" else label


def _readable(code: str) -> str:
    """``held_on`` → ``Held on``: the English fallback of a code nobody named."""
    words = code.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def entity_label(entity: str | None, locale: str = "zh") -> str:
    """The name of one record of *entity* (a table name), in the locale."""
    if not entity:
        return ""
    pair = CORE_ENTITIES.get(entity)
    if pair is None:
        cls = _models().get(entity)
        pair = getattr(cls, "__label__", None) if cls is not None else None
    if pair is None:
        return _readable(entity) if locale == "en" else entity
    return _pick(pair, locale, _readable(entity))


def field_label(entity: str | None, column: str, locale: str = "zh") -> str:
    """The name of *column* of *entity*: the model's, its module's, the core's, the table it
    references, else the code (made readable in English)."""
    cls = _models().get(entity or "")
    if cls is not None:
        for table in (
            getattr(cls, "__field_labels__", None),
            getattr(sys.modules.get(cls.__module__), "FIELD_LABELS", None),
        ):
            if isinstance(table, Mapping) and column in table:
                return _pick(table[column], locale, _readable(column))
    if column in CORE_FIELDS:
        return _pick(CORE_FIELDS[column], locale, _readable(column))
    referenced = _referenced_table(cls, column)
    if referenced:
        return entity_label(referenced, locale)
    return _readable(column) if locale == "en" else column


def value_label(entity: str | None, column: str, value: Any, locale: str = "zh") -> str | None:
    """The label of a stored code (None when the column's codes are not declared)."""
    cls = _models().get(entity or "")
    if cls is None or not isinstance(value, str):
        return None
    table = getattr(sys.modules.get(cls.__module__), "VALUE_LABELS", None)
    codes = table.get(column) if isinstance(table, Mapping) else None
    if not isinstance(codes, Mapping) or value not in codes:
        return None
    return _pick(codes[value], locale, value)


def _referenced_table(cls: type[Any] | None, column: str) -> str | None:
    table = getattr(cls, "__table__", None)
    if table is None or column not in table.columns:
        return None
    keys = list(table.columns[column].foreign_keys)
    return keys[0].column.table.name if keys else None


def _title_of(cls: type[Any], row: Any) -> str:
    declared: str | Callable[[Any], Any] | None = getattr(cls, "__title__", None)
    if callable(declared):
        value = declared(row)
    else:
        attrs = (declared,) if declared else TITLE_ATTRS
        value = next((getattr(row, a) for a in attrs if getattr(row, a, None)), None)
    return str(value).strip() if value else ""


def numbered(entity: str, entity_id: Any, locale: str = "zh") -> str:
    """A record nobody titled: its kind and number, in words."""
    label = entity_label(entity, locale)
    return f"{label} (no. {entity_id})" if locale == "en" else f"{label}（编号 {entity_id}）"


def record_titles(
    session: Session, records: Iterable[tuple[str, Any]], locale: str = "zh"
) -> dict[tuple[str, str], str]:
    """A title for each ``(entity, id)``: the record's own name where it still exists and
    has one, else its kind and number. One query per table."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entity, entity_id in records:
        if entity and entity_id not in (None, ""):
            wanted[entity].add(str(entity_id))
    models = _models()
    titles: dict[tuple[str, str], str] = {}
    for entity, ids in wanted.items():
        cls = models.get(entity)
        found: dict[str, str] = {}
        numeric = [int(i) for i in ids if i.isdigit()]
        if cls is not None and numeric and "id" in cls.__table__.columns:
            for row in session.exec(select(cls).where(cls.id.in_(numeric))):  # type: ignore[attr-defined]
                found[str(row.id)] = _title_of(cls, row)
        for entity_id in ids:
            titles[(entity, entity_id)] = found.get(entity_id) or numbered(
                entity, entity_id, locale
            )
    return titles

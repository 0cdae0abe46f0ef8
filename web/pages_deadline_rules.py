"""Deadline rules per bureau (期限规则): the declared defaults and each bureau's own version.

The page (``/calendar/rules``, ``core.calendar.manage``) lists every rule the loaded
plugins declare with its default, and for one organisation in the user's
scope its own override and the rule that applies there — the nearest override up the tree
(``effective_rule``), so the page says when a rule is inherited from a higher bureau.
Saving validates each field (422 with a Chinese message per field); a save from a form
loaded before someone else's change answers 409 with both versions, as the staff pages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlmodel import Session, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.scoping import OrgScope
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids
from core.platform import Platform
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit
from core.scheduling.models import DeadlineRuleOverride
from core.scheduling.rules import (
    InvalidRuleOverride,
    effective_rule,
    remove_rule_override,
    set_rule_override,
)
from web.guards import PERMISSION
from web.pages_account import FORM, locale_of
from web.pages_calendar import MANAGE, NOTE_LENGTH, checked, parse_int
from web.pages_staff import org_choices

UNIT_LABELS = {
    DeadlineUnit.HOURS: N_("小时"),
    DeadlineUnit.NATURAL_DAYS: N_("自然日"),
    DeadlineUnit.WORKING_DAYS: N_("工作日"),
    DeadlineUnit.MONTHS: N_("个月"),
}
MAX_AMOUNT = 3650


@dataclass(frozen=True)
class RuleLine:
    """A declared rule, its owner, the organisation's own override and what applies there."""

    owner: str
    owner_label: str
    default: DeadlineRule
    own: DeadlineRuleOverride | None
    effective: DeadlineRule
    inherited_from: OrgUnit | None  # the ancestor whose override applies, if not own


def _declared_rules(platform: Platform, locale: str) -> list[tuple[str, str, DeadlineRule]]:
    found = []
    for record in platform.host.loaded():
        label = record.label_en if locale == "en" else record.label_zh
        for rule in record.contributions.deadline_rules:
            found.append((record.name, label, rule))
    return sorted(found, key=lambda item: item[2].code)


def _rule_lines(db: Session, platform: Platform, org: OrgUnit, locale: str) -> list[RuleLine]:
    chain = list(reversed(path_ids(org.path))) or [org.id]
    overrides: dict[tuple[int, str], DeadlineRuleOverride] = {
        (o.org_id, o.rule_code): o
        for o in db.exec(
            select(DeadlineRuleOverride).where(DeadlineRuleOverride.org_id.in_(chain))  # type: ignore[attr-defined]
        )
    }
    orgs = {o.id: o for o in db.exec(select(OrgUnit).where(OrgUnit.id.in_(chain)))}  # type: ignore[union-attr]
    lines = []
    for owner, owner_label, rule in _declared_rules(platform, locale):
        source = next((oid for oid in chain if (oid, rule.code) in overrides), None)
        lines.append(
            RuleLine(
                owner=owner,
                owner_label=owner_label,
                default=rule,
                own=overrides.get((org.id, rule.code)),  # type: ignore[arg-type]
                effective=effective_rule(db, rule.code, org.id),
                inherited_from=orgs.get(source) if source not in (None, org.id) else None,
            )
        )
    return lines


def _default_org(db: Session, user: CurrentUser, scope: OrgScope) -> OrgUnit | None:
    """The user's home organisation if in scope, else the highest one in scope."""
    if user.org_id is not None and scope.allows(db, user.org_id):
        home = db.get(OrgUnit, user.org_id)
        if home is not None:
            return home
    choices = org_choices(db, scope)
    return choices[0] if choices else None


def _chosen_org(db: Session, user: CurrentUser, value: Any) -> tuple[OrgScope, OrgUnit]:
    """The organisation asked for (404 outside the scope), else the default one."""
    scope = user.scope(db, MANAGE)
    org_id = parse_int(value)
    org = db.get(OrgUnit, org_id) if org_id is not None else _default_org(db, user, scope)
    if org is None or not scope.allows(db, org.id):
        raise NotFoundException()
    return scope, org


def _unit_labels() -> dict[str, str]:
    return {unit.value: label for unit, label in UNIT_LABELS.items()}


@get("/calendar/rules", name="calendar_rules", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def calendar_rules(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    """Every declared deadline rule, its default and what applies to one organisation."""
    if request.query_params.get("org_id"):
        scope, org = _chosen_org(db, current_user, request.query_params.get("org_id"))
    else:  # the first visit: a sensible organisation, or none yet in a new installation
        scope = current_user.scope(db, MANAGE)
        org = _default_org(db, current_user, scope)
    return Template(
        "calendar/rules.html",
        context={
            "org": org,
            "orgs": org_choices(db, scope, include=org.id if org else None),
            "lines": _rule_lines(db, platform, org, locale_of(request)) if org else [],
            "declared": _declared_rules(platform, locale_of(request)),
            "units": _unit_labels(),
            "notice": {"saved": "已保存。", "reset": N_("已恢复默认。")}.get(
                request.query_params.get("done", ""), ""
            ),
        },
    )


def _declared_rule(platform: Platform, code: str) -> tuple[str, str, DeadlineRule]:
    for owner, label, rule in _declared_rules(platform, "zh"):
        if rule.code == code:
            return owner, label, rule
    raise NotFoundException()


def _own_override(db: Session, org_id: int, code: str) -> DeadlineRuleOverride | None:
    return db.exec(
        select(DeadlineRuleOverride).where(
            DeadlineRuleOverride.org_id == org_id, DeadlineRuleOverride.rule_code == code
        )
    ).first()


def _values_of(rule: DeadlineRule, override: DeadlineRuleOverride | None) -> dict[str, Any]:
    source: Any = override or rule
    return {
        "amount": str(source.amount),
        "unit": DeadlineUnit(source.unit).value,
        "start_day_counts": bool(source.start_day_counts),
        "roll_past_rest_days": bool(source.roll_past_rest_days),
        "note": override.note if override else "",
    }


def _edit_page(
    db: Session,
    platform: Platform,
    org: OrgUnit,
    code: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    conflict: dict[str, Any] | None = None,
) -> Template:
    _, owner_label, rule = _declared_rule(platform, code)
    own = _own_override(db, org.id, code)  # type: ignore[arg-type]
    return Template(
        "calendar/rule_edit.html",
        status_code=status,
        context={
            "org": org,
            "owner_label": owner_label,
            "rule": rule,
            "own": own,
            "version": own.version if own else 0,
            "effective": effective_rule(db, code, org.id),
            "values": values or _values_of(rule, own),
            "errors": errors or {},
            "units": _unit_labels(),
            "conflict": conflict,
        },
    )


@get(
    "/calendar/rules/edit", name="calendar_rule_edit", opt={PERMISSION: MANAGE}, sync_to_thread=True
)
def calendar_rule_edit(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    _, org = _chosen_org(db, current_user, request.query_params.get("org_id"))
    return _edit_page(db, platform, org, request.query_params.get("code", ""))


def validate_rule_form(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's values and a Chinese message for each field that cannot be saved."""
    values = {
        "amount": str(data.get("amount", "")).strip(),
        "unit": str(data.get("unit", "")),
        "start_day_counts": checked(data.get("start_day_counts")),
        "roll_past_rest_days": checked(data.get("roll_past_rest_days")),
        "note": str(data.get("note", "")).strip(),
    }
    errors: dict[str, str] = {}
    amount = parse_int(values["amount"])
    if amount is None or not 1 <= amount <= MAX_AMOUNT:
        errors["amount"] = f"期限须为 1 至 {MAX_AMOUNT} 之间的整数。"
    if values["unit"] not in {u.value for u in DeadlineUnit}:
        errors["unit"] = N_("请选择期限单位。")
    elif values["unit"] == DeadlineUnit.HOURS and values["start_day_counts"]:
        errors["start_day_counts"] = N_("按小时计算的期限从起算时刻起算，不能选“起算日计入期限”。")
    if len(values["note"]) > NOTE_LENGTH:
        errors["note"] = N_("备注不能超过 200 字。")
    return values, errors


@post(
    "/calendar/rules/edit", name="calendar_rule_save", opt={PERMISSION: MANAGE}, sync_to_thread=True
)
def calendar_rule_save(
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Store the organisation's version of a rule (422 on invalid input, 409 if outdated)."""
    _, org = _chosen_org(db, current_user, data.get("org_id"))
    code = str(data.get("code", ""))
    _, _, rule = _declared_rule(platform, code)
    values, errors = validate_rule_form(data)
    if errors:
        return _edit_page(
            db,
            platform,
            org,
            code,
            values=values,
            errors=errors,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    own = _own_override(db, org.id, code)  # type: ignore[arg-type]
    if (own.version if own else 0) != (parse_int(data.get("version")) or 0):
        return _edit_page(
            db,
            platform,
            org,
            code,
            values=values,
            status=HTTP_409_CONFLICT,
            conflict=_values_of(rule, own),
        )
    try:
        set_rule_override(
            db,
            org.id,  # type: ignore[arg-type]
            code,
            int(values["amount"]),
            values["unit"],
            start_day_counts=values["start_day_counts"],
            roll_past_rest_days=values["roll_past_rest_days"],
            note=values["note"],
        )
    except InvalidRuleOverride:
        db.rollback()
        return _edit_page(
            db,
            platform,
            org,
            code,
            values=values,
            errors={"amount": N_("该设置不能构成有效的期限，请检查数值和单位。")},
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return Redirect(f"/calendar/rules?org_id={org.id}&done=saved", status_code=HTTP_303_SEE_OTHER)


@post(
    "/calendar/rules/reset",
    name="calendar_rule_reset",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def calendar_rule_reset(
    db: Session, platform: Platform, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Response[Any]:
    """Drop the organisation's override: the default (or an ancestor's override) applies."""
    _, org = _chosen_org(db, current_user, data.get("org_id"))
    code = str(data.get("code", ""))
    _declared_rule(platform, code)
    remove_rule_override(db, org.id, code)  # type: ignore[arg-type]
    return Redirect(f"/calendar/rules?org_id={org.id}&done=reset", status_code=HTTP_303_SEE_OTHER)


ROUTES = [calendar_rules, calendar_rule_edit, calendar_rule_save, calendar_rule_reset]

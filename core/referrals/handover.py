"""The core's 转办 dialog behind every record page that can hand over.

A plugin declares the records it can hand over (``sifa_referral_sources``); the dialog
offers every declared target (``sifa_referral_targets``) whose module is on at the
record's organisation — except the sender's own — then the organisations of the record's
bureau that can receive it, then what the target says it needs. :func:`hand_over` checks
all of it again, locks the record at the version the page was loaded with, refers the
matter (audited as ``referral.sent``) and lets the sender keep its trace, in one
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from core.locking import lock_for_change
from core.modules.service import active_plugins
from core.orgs.models import OrgType, OrgUnit
from core.orgs.tree import path_ids, subtree_predicate
from core.plugins import PluginHost
from core.referrals.declarations import (
    HandoverDraft,
    Referral,
    ReferralReceipt,
    ReferralSource,
    ReferralTarget,
)
from core.referrals.service import ReferralRefused, refer
from core.text import clean_free_text

__all__ = [
    "HandoverInvalid",
    "hand_over",
    "handover_targets",
    "receiving_orgs",
    "referral_source",
]

REASON_MAX = 2000
PLACES_MAX = 200


class HandoverInvalid(ValueError):
    """The dialog's input is incomplete: ``errors`` maps a field to (Chinese, English)."""

    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        super().__init__("; ".join(zh for zh, _ in errors.values()))
        self.errors = errors


def referral_source(host: PluginHost, code: str) -> tuple[str, ReferralSource] | None:
    """The declared source *code* with the plugin declaring it."""
    for record in host.loaded():
        for source in record.contributions.referral_sources:
            if source.code == code:
                return record.name, source
    return None


def handover_targets(
    session: Session, host: PluginHost, sender: str, org_id: int
) -> list[ReferralTarget]:
    """The targets a record of *org_id* may go to: declared by a module that is on there,
    other than the sending plugin *sender*. Sorted by code."""
    active = active_plugins(session, host, org_id)
    found = [
        target
        for record in host.loaded()
        if record.name != sender and record.name in active
        for target in record.contributions.referral_targets
    ]
    return sorted(found, key=lambda t: t.code)


def _bureau_of(session: Session, org: OrgUnit) -> OrgUnit:
    """The nearest bureau above (or at) *org*; the root of its chain when there is none."""
    chain = path_ids(org.path) or [org.id]
    rows = {o.id: o for o in session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(chain)))}
    ordered = [rows[i] for i in chain if i in rows]
    bureaus = [o for o in ordered if o.type == OrgType.BUREAU]
    return bureaus[-1] if bureaus else ordered[0]


def receiving_orgs(
    session: Session, host: PluginHost, target: ReferralTarget, org_id: int
) -> list[OrgUnit]:
    """Where a matter of organisation *org_id* may go for *target*: active organisations
    of its bureau (of the target's ``org_types``, else the record's own chain below the
    bureau) where the target's module is on and that the target accepts."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        return []
    bureau = _bureau_of(session, org)
    query = select(OrgUnit).where(subtree_predicate(bureau), col(OrgUnit.active).is_(True))
    if target.org_types:
        query = query.where(col(OrgUnit.type).in_(target.org_types))
    else:
        query = query.where(col(OrgUnit.id).in_(path_ids(org.path) or [org.id]))
    candidates = session.exec(query.order_by(col(OrgUnit.path)).limit(PLACES_MAX)).all()
    owner = target.code.split(".", 1)[0]
    return [
        o
        for o in candidates
        if owner in active_plugins(session, host, o.id)
        and (target.accepts is None or target.accepts(session, o.id))  # type: ignore[arg-type]
    ]


def _clean(
    target: ReferralTarget | None, values: Mapping[str, Any]
) -> tuple[str, dict[str, str], dict[str, tuple[str, str]]]:
    """The reason, the target's fields and the messages for what is missing or too long."""
    errors: dict[str, tuple[str, str]] = {}
    reason = clean_free_text(str(values.get("reason", ""))).strip()
    if not reason:
        errors["reason"] = ("请填写转办说明", "Enter the reason for the hand-over")
    elif len(reason) > REASON_MAX:
        errors["reason"] = (
            f"转办说明不能超过 {REASON_MAX} 字",
            f"The reason must not exceed {REASON_MAX} characters",
        )
    details: dict[str, str] = {}
    for f in target.fields if target else ():
        value = clean_free_text(str(values.get(f"field_{f.name}", ""))).strip()
        if f.required and not value:
            errors[f"field_{f.name}"] = (f"请填写{f.label_zh}", f"Enter {f.label_en or f.name}")
        elif len(value) > f.max_length:
            errors[f"field_{f.name}"] = (
                f"{f.label_zh}不能超过 {f.max_length} 字",
                f"{f.label_en or f.name} must not exceed {f.max_length} characters",
            )
        details[f.name] = value
    return reason, details, errors


def hand_over(
    session: Session,
    host: PluginHost,
    source_code: str,
    record_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    now: datetime,
) -> ReferralReceipt:
    """Hand record *record_id* of *source_code* to the target and organisation chosen in
    *values* (``target``, ``receiver_org_id``, ``reason``, ``field_<name>``).

    Raises :class:`HandoverInvalid` (input), ``ReferralRefused`` (the matter cannot go
    there), ``StaleRecord`` (the record changed since the page was loaded) or LookupError
    (no such record or source).
    """
    found = referral_source(host, source_code)
    if found is None:
        raise LookupError(source_code)
    sender, source = found
    draft = source.prepare(session, record_id)
    if draft is None:
        raise LookupError(record_id)
    lock_for_change(session, draft.record, expected_version)
    draft = source.prepare(session, record_id) or draft  # re-read under the lock
    targets = {t.code: t for t in handover_targets(session, host, sender, draft.org_id)}
    target = targets.get(str(values.get("target", "")))
    reason, details, errors = _clean(target, values)
    if target is None:
        errors["target"] = ("请选择转办事项", "Choose where the matter goes")
    receiver: int | None = None
    if target is not None:
        places = {o.id for o in receiving_orgs(session, host, target, draft.org_id)}
        try:
            receiver = int(str(values.get("receiver_org_id", "")))
        except ValueError:
            receiver = None
        if receiver is None:
            errors["receiver_org_id"] = ("请选择接收单位", "Choose the receiving organisation")
        elif receiver not in places:
            errors["receiver_org_id"] = (
                "该单位不能接收此事项",
                "That organisation cannot receive this matter",
            )
    if errors:
        raise HandoverInvalid(errors)
    referral = _referral(sender, draft, receiver, reason, details, actor_id)  # type: ignore[arg-type]
    receipt = refer(session, host, target.code, referral)  # type: ignore[union-attr]
    source.sent(session, record_id, receipt, referral, reason, now)
    return receipt


def _referral(
    sender: str,
    draft: HandoverDraft,
    receiver: int,
    reason: str,
    details: dict[str, str],
    actor_id: int | None,
) -> Referral:
    return Referral(
        source=sender,
        source_ref=draft.source_ref,
        org_id=receiver,
        title=draft.title,
        description=f"{reason}\n\n{draft.description}".strip(),
        person_ids=tuple(draft.person_ids),
        details={**draft.details, **details, "reason": reason, "source_url": draft.url},
        actor_id=actor_id,
    )


def refused_message(exc: ReferralRefused, locale: str) -> str:
    return exc.message_en if locale == "en" else exc.message

"""Handing a matter to another module: find the targets, refer, audit the hand-off."""

from __future__ import annotations

from sqlmodel import Session

from core.audit.events import record_event
from core.modules.service import active_plugins
from core.plugins import PluginHost
from core.referrals.declarations import Referral, ReferralReceipt, ReferralTarget

__all__ = ["ReferralRefused", "UnknownReferralTarget", "refer", "referral_targets"]


class ReferralRefused(Exception):
    """The matter cannot go there; ``message`` (Chinese) and ``message_en`` are for the user."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


class UnknownReferralTarget(ReferralRefused):
    """No loaded plugin declares that target (a plugin was uninstalled, or a typo)."""


def _declared(host: PluginHost) -> dict[str, tuple[str, ReferralTarget]]:
    return {
        target.code: (record.name, target)
        for record in host.loaded()
        for target in record.contributions.referral_targets
    }


def referral_targets(session: Session, host: PluginHost, org_id: int) -> list[ReferralTarget]:
    """The targets that can receive a matter at *org_id*: their module is on there and,
    where the target says so, it accepts that organisation. Sorted by code."""
    active = active_plugins(session, host, org_id)
    return [
        target
        for code, (plugin, target) in sorted(_declared(host).items())
        if plugin in active and (target.accepts is None or target.accepts(session, org_id))
    ]


def refer(session: Session, host: PluginHost, code: str, referral: Referral) -> ReferralReceipt:
    """Hand *referral* to target *code* in the caller's transaction; the receiver's record
    and an audit event ``referral.sent`` are written together or not at all."""
    found = _declared(host).get(code)
    if found is None:
        raise UnknownReferralTarget(
            f"无法转办：没有“{code}”这一接收事项（相应模块可能未安装）",
            f"Cannot refer: nothing receives {code!r} (is its module installed?)",
        )
    plugin, target = found
    if plugin not in active_plugins(session, host, referral.org_id):
        raise ReferralRefused(
            f"无法转办：接收单位未启用“{target.label_zh}”所属模块",
            f"Cannot refer: the receiving organisation does not use the module of {target.label_en}",
        )
    if target.accepts is not None and not target.accepts(session, referral.org_id):
        raise ReferralRefused(
            f"无法转办：该单位不能接收“{target.label_zh}”",
            f"Cannot refer: that organisation cannot receive {target.label_en}",
        )
    receipt = target.receive(session, referral)
    record_event(
        session,
        "referral.sent",
        actor_id=referral.actor_id,
        entity=code,
        entity_id=str(receipt.record_id),
        org_id=referral.org_id,
        details={"source": referral.source, "source_ref": referral.source_ref, "url": receipt.url},
    )
    return receipt

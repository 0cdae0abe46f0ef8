"""A stand-in legal-aid plugin for the mediation tests: it receives ``legal_aid.application``
(the target the real ``legal_aid`` module declares) at legal-aid centres and remembers what
it was given, so the handover can be checked without the real module installed."""

from __future__ import annotations

from itertools import count
from typing import Any

from core.api import (
    OrgType,
    OrgUnit,
    PluginMeta,
    Referral,
    ReferralReceipt,
    ReferralTarget,
    hookimpl,
)

plugin_meta = PluginMeta(
    name="legal_aid",
    label_zh="法律援助（测试替身）",
    label_en="Legal aid (test double)",
    version="0.0.1",
    core_api=">=1.0,<2",
)

RECEIVED: list[Referral] = []
_ids = count(1)


def receive(session: Any, referral: Referral) -> ReferralReceipt:
    RECEIVED.append(referral)
    record_id = next(_ids)
    return ReferralReceipt(
        target="legal_aid.application",
        record_id=record_id,
        url=f"/m/legal_aid/applications/{record_id}",
        label_zh=f"法律援助申请：{referral.title}",
    )


def accepts(session: Any, org_id: int) -> bool:
    org = session.get(OrgUnit, org_id)
    return org is not None and org.type == OrgType.LEGAL_AID_CENTRE


@hookimpl
def sifa_referral_targets() -> list[ReferralTarget]:
    return [
        ReferralTarget(
            "legal_aid.application",
            "法律援助申请",
            "Legal-aid application",
            receive=receive,
            accepts=accepts,
        )
    ]

"""The roster (法律援助人员名册) of a centre: who may be assigned, with their practice
licence number (执业证号, the cross-module key of a legal professional) and years of
relevant practice."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from core.api import lock_for_change, touch
from legal_aid.codes import ProviderKind
from legal_aid.models import LegalAidProvider
from legal_aid.validation import Form

__all__ = ["save_provider"]

PRACTICE_NUMBER = re.compile(r"[0-9A-Za-z]{6,30}")


def save_provider(
    session: Session,
    org_id: int,
    data: Mapping[str, Any],
    *,
    provider_id: int | None = None,
    version: int | None = None,
) -> LegalAidProvider:
    provider = session.get(LegalAidProvider, provider_id) if provider_id else None
    if provider is not None:
        lock_for_change(session, provider, version)
    form = Form(data)
    name = form.text("name", ("姓名", "Name"), required=True, limit=50)
    kind = form.choice("kind", ProviderKind, ("人员类别", "Kind"))
    number = form.text("practice_number", ("执业证号", "Practice number"), limit=30)
    if kind in (ProviderKind.LAWYER, ProviderKind.LEGAL_SERVICE_WORKER) and not number:
        form.error(
            "practice_number",
            "律师和基层法律服务工作者须填写执业证号",
            "Lawyers and legal-service workers need a practice number",
        )
    if number and not PRACTICE_NUMBER.fullmatch(number):
        form.error("practice_number", "执业证号应为6至30位数字或字母", "6-30 letters or digits")
    elif number:
        clash = session.exec(
            select(LegalAidProvider.id).where(
                LegalAidProvider.org_id == org_id, LegalAidProvider.practice_number == number
            )
        ).first()
        if clash and clash != provider_id:
            form.error("practice_number", "本名册中已有该执业证号", "Already on this roster")
    years = form.integer(
        "relevant_years", ("相关执业年限", "Years of practice"), low=0, high=60, default=0
    )
    firm = form.text("firm", ("执业机构", "Firm"), limit=100)
    phone = form.text("phone", ("联系电话", "Phone"), limit=20)
    form.check()
    if provider is None:
        provider = LegalAidProvider(org_id=org_id, name=name, kind=kind)  # type: ignore[arg-type]
    else:
        touch(provider)
    provider.name, provider.kind = name, kind  # type: ignore[assignment]
    provider.practice_number, provider.relevant_years = number, years or 0
    provider.firm, provider.phone = firm, phone
    provider.active = "active" not in data or form.flag("active")
    session.add(provider)
    session.flush()
    return provider

"""The core's 转办 dialog (hand-over): one dialog for every record page that hands over.

``GET /referrals/dialog?source=<plugin>.<record>&record_id=N`` renders the dialog (an htmx
fragment, or a page without htmx): the targets whose module is on at the record's
organisation, the organisations that can receive the chosen one, and the fields it
declares. ``POST /referrals/send`` hands the record over through
:func:`core.referrals.handover.hand_over`: 422 with the messages next to the fields and
the input kept, 409 when the record changed since the page was loaded, then back to the
record's page. Access is checked per record: the source's permission over the record's
organisation and the sender's module on there — anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session

from core.identity.current import CurrentUser
from core.locking import StaleRecord
from core.modules.service import active_plugins
from core.platform import Platform
from core.referrals.declarations import HandoverDraft, ReferralSource
from core.referrals.handover import (
    HandoverInvalid,
    hand_over,
    handover_targets,
    receiving_orgs,
    referral_source,
)
from core.referrals.service import ReferralRefused
from web.auth import now_for
from web.pages_account import FORM, locale_of
from web.pages_calendar import parse_int

HTTP_422 = 422
#: The dialog's fields are named ``handover_<field>`` so that they never clash with the
#: forms of the record page it opens on (ids are ``field-<name>``).
PREFIX = "handover_"


def _unprefixed(values: Any) -> dict[str, str]:
    return {k.removeprefix(PREFIX): str(v) for k, v in dict(values).items()}


def _source(
    db: Session, platform: Platform, user: CurrentUser, code: str, record_id: Any
) -> tuple[str, ReferralSource, HandoverDraft]:
    """The source and its record, if the user may hand it over; 404 otherwise."""
    found = referral_source(platform.host, code)
    number = parse_int(record_id)
    if found is None or number is None:
        raise NotFoundException()
    sender, source = found
    if not user.can(source.permission):
        raise NotFoundException()
    draft = source.prepare(db, number)
    if (
        draft is None
        or not user.scope(db, source.permission).allows(db, draft.org_id)
        or sender not in active_plugins(db, platform.host, draft.org_id)
    ):
        raise NotFoundException()
    return sender, source, draft


def _dialog(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    sender: str,
    source: ReferralSource,
    draft: HandoverDraft,
    record_id: int,
    values: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    refused: str = "",
    status: int = 200,
) -> Template:
    locale = locale_of(request)
    targets = handover_targets(db, platform.host, sender, draft.org_id)
    target = next((t for t in targets if t.code == values.get("target")), None)
    places = receiving_orgs(db, platform.host, target, draft.org_id) if target else []
    fragment = request.headers.get("hx-request") == "true"
    return Template(
        "referrals/_dialog.html" if fragment else "referrals/dialog.html",
        status_code=status,
        context={
            "source": source,
            "draft": draft,
            "record_id": record_id,
            "version": values.get("version") or getattr(draft.record, "version", 0),
            "targets": [
                (t.code, t.label_en if locale == "en" and t.label_en else t.label_zh)
                for t in targets
            ],
            "target": target,
            "places": [(str(o.id), o.name) for o in places],
            "values": values,
            "errors": errors or {},
            "refused": refused,
            "en": locale == "en",
        },
    )


@get("/referrals/dialog", name="referral_dialog", sync_to_thread=True)
def referral_dialog(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    """The dialog for one record; choosing a target reloads it with that target's form."""
    params = request.query_params
    sender, source, draft = _source(
        db, platform, current_user, params.get("source", ""), params.get("record_id")
    )
    values = _unprefixed({k: params.get(k, "") for k in params})
    return _dialog(request, db, platform, sender, source, draft, int(params["record_id"]), values)


@post("/referrals/send", name="referral_send", sync_to_thread=True)
def referral_send(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Hand the record over; back to its page (htmx: ``HX-Redirect``)."""
    sender, source, draft = _source(
        db, platform, current_user, str(data.get("source", "")), data.get("record_id")
    )
    record_id = int(str(data["record_id"]).strip())
    values = _unprefixed({k: v for k, v in data.items() if k != "_csrf_token"})
    en = locale_of(request) == "en"
    try:
        hand_over(
            db,
            platform.host,
            source.code,
            record_id,
            values,
            expected_version=parse_int(data.get("version")) or 0,
            actor_id=current_user.id,
            now=now_for(request),
        )
    except HandoverInvalid as exc:
        db.rollback()
        errors = {PREFIX + k: (en_ if en else zh) for k, (zh, en_) in exc.errors.items()}
        return _dialog(
            request, db, platform, sender, source, draft, record_id, values,
            errors=errors, status=HTTP_422,
        )  # fmt: skip
    except StaleRecord as exc:
        db.rollback()
        return _dialog(
            request, db, platform, sender, source, draft, record_id, values,
            refused=exc.message_en if en else exc.message, status=HTTP_409_CONFLICT,
        )  # fmt: skip
    except ReferralRefused as exc:
        db.rollback()
        return _dialog(
            request, db, platform, sender, source, draft, record_id, values,
            refused=exc.message_en if en else exc.message, status=HTTP_422,
        )  # fmt: skip
    target = f"{draft.url}?handed_over=1"
    if request.headers.get("hx-request") == "true":
        return Response(content="", status_code=204, headers={"HX-Redirect": target})
    return Redirect(target, status_code=HTTP_303_SEE_OTHER)


ROUTES = [referral_dialog, referral_send]

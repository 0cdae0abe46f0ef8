"""The people registry's services (人员库): register, edit, find and unmask a person.

Pages, the API, imports and plugins all go through these functions, so every person in the
registry passed the same validation and de-duplication. They work inside the caller's
transaction and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select
from sqlmodel import Session

from core.audit import AuditEvent, record_event
from core.locking import StaleRecord, check_version, hold_write_lock, touch
from core.people.models import IdType, Person
from core.people.search import PeopleQuery, parse_query, search_people
from core.people.validation import EDITABLE_FIELDS, InvalidPerson, clean_person
from core.people.views import PersonView, masked

__all__ = [
    "REVEALABLE_FIELDS",
    "DuplicatePerson",
    "InvalidPerson",
    "PeopleQuery",
    "PersonNotFound",
    "PersonView",
    "StaleRecord",
    "get_person",
    "masked",
    "parse_query",
    "register_person",
    "reveal",
    "search_people",
    "update_person",
]

#: Fields that lists mask and that :func:`reveal` may show in full.
REVEALABLE_FIELDS = ("id_number", "document_number", "phone")


class DuplicatePerson(Exception):
    """The identity number is already registered; the page links to ``person_id``.

    ``org_id`` is the organisation that registered the existing person, so the page can
    decide whether the user may follow the link.
    """

    def __init__(self, existing: Person, field: str) -> None:
        self.person_id = existing.id
        self.person_name = existing.name
        self.org_id = existing.org_id
        self.field = field
        what_zh, what_en = (
            ("身份证号码", "resident identity number")
            if field == "id_number"
            else ("证件号码", "document number")
        )
        self.message = f"该{what_zh}已登记：{existing.name}（编号 {existing.id}）"
        self.message_en = (
            f"This {what_en} is already registered: {existing.name} (No. {existing.id})"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class PersonNotFound(LookupError):
    """No such person, or not one the caller may see (the page answers 404 either way)."""

    def __init__(self, person_id: int) -> None:
        self.person_id = person_id
        self.message = f"人员不存在（编号 {person_id}）"
        self.message_en = f"No such person (No. {person_id})"
        super().__init__(self.message)


def _find_duplicate(
    session: Session, fields: Mapping[str, Any], exclude_id: int | None
) -> tuple[Person, str] | None:
    """The person already holding this identity number or document, if any."""
    if fields["id_type"] == IdType.RESIDENT_ID and fields["id_number"]:
        field, condition = "id_number", Person.id_number == fields["id_number"]
    elif fields["id_type"] == IdType.FOREIGN_DOCUMENT and fields["document_number"]:
        field = "document_number"
        condition = (Person.document_type == fields["document_type"]) & (
            Person.document_number == fields["document_number"]
        )
    else:
        return None
    statement = select(Person).where(condition)
    if exclude_id is not None:
        statement = statement.where(Person.id != exclude_id)
    existing = session.scalars(statement.limit(1)).first()
    return (existing, field) if existing is not None else None


def _refuse_duplicate(session: Session, fields: Mapping[str, Any], exclude_id: int | None) -> None:
    found = _find_duplicate(session, fields, exclude_id)
    if found is not None:
        raise DuplicatePerson(*found)


def _flush(session: Session, person: Person, fields: Mapping[str, Any]) -> None:
    """Write *person*; a duplicate registered by a concurrent transaction is still refused.

    The check before saving misses a person registered at the same moment by someone else;
    the unique index catches that, inside a savepoint so that the caller's transaction can
    still look the winner up and go on. On SQLite the request's transaction is opened as a
    writer first: a savepoint opened with no transaction would commit the person at once,
    outside the request (a repeated intake form then saw it before its token was claimed).
    """
    hold_write_lock(session)
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
    except IntegrityError:
        _refuse_duplicate(session, fields, exclude_id=person.id)
        raise


def register_person(
    session: Session,
    data: Mapping[str, Any],
    *,
    org_id: int,
    created_by: int | None = None,
    today: date | None = None,
) -> Person:
    """Add a person to the registry on behalf of organisation *org_id*.

    *data* holds the form fields (see ``EDITABLE_FIELDS``). Raises :class:`InvalidPerson`
    (field → message) or :class:`DuplicatePerson` (the existing person's id and name).
    """
    fields = clean_person(data, today=today)
    _refuse_duplicate(session, fields, exclude_id=None)
    person = Person(**fields, org_id=org_id, created_by=created_by)
    _flush(session, person, fields)
    return person


def _locked(session: Session, person_id: int) -> Person:
    """Read the person as stored now, locked against concurrent edits until commit."""
    person = session.scalars(
        select(Person)
        .where(Person.id == person_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if person is None:
        raise PersonNotFound(person_id)
    return person


def update_person(
    session: Session,
    person_id: int,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    today: date | None = None,
) -> Person:
    """Change a person's fields, as loaded at *expected_version*.

    The changed record is validated as a whole again (and sex and birth date re-derived
    from a new identity number). Raises :class:`StaleRecord` when someone saved in
    between, :class:`InvalidPerson`, :class:`DuplicatePerson` or :class:`PersonNotFound`.
    Saving without any actual change leaves the version alone.
    """
    person = _locked(session, person_id)
    check_version(person, expected_version)
    current = {field: getattr(person, field) for field in EDITABLE_FIELDS}
    fields = clean_person({**current, **changes}, today=today)
    _refuse_duplicate(session, fields, exclude_id=person.id)
    changed = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if not changed:
        return person
    for name, value in changed.items():
        setattr(person, name, value)
    touch(person)
    _flush(session, person, fields)
    return person


def get_person(session: Session, person_id: int, *, org_ids_select: Select[Any]) -> Person:
    """One person, if registered by an organisation the caller may see."""
    person = session.scalars(
        select(Person).where(Person.id == person_id, Person.org_id.in_(org_ids_select))  # type: ignore[attr-defined]
    ).one_or_none()
    if person is None:
        raise PersonNotFound(person_id)
    return person


def get_people(
    session: Session, person_ids: Iterable[int], *, org_ids_select: Select[Any]
) -> list[Person]:
    """The persons among *person_ids* registered by an organisation the caller may see, in one
    statement (a page listing a case's parties asks once, not once per party); ids out of
    reach or unknown are simply absent."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    return list(
        session.scalars(
            select(Person).where(Person.id.in_(ids), Person.org_id.in_(org_ids_select))  # type: ignore[attr-defined,union-attr]
        ).all()
    )


def reveal(session: Session, person: Person, field: str, actor_id: int | None) -> str:
    """The full value of one masked field, with an audit record saying who saw it.

    Seeing a full number is a permission the page checks before calling this; the audit
    record (action ``unmask``, the field name, never the value) is written in the caller's
    transaction.
    """
    if field not in REVEALABLE_FIELDS:
        raise ValueError(f"not a masked person field: {field!r}")
    record_event(
        session,
        AuditEvent.UNMASK,
        actor_id=actor_id,
        entity="person",
        entity_id=str(person.id),
        org_id=person.org_id,
        details={"field": field},
    )
    return getattr(person, field) or ""

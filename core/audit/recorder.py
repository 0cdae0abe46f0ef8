"""The automatic recorder: every ORM insert, update and delete becomes an audit record.

Listeners on the :class:`sqlalchemy.orm.Session` class (and so on every ``sqlmodel.Session``)
see each flush of any mapped table — core or plugin — and append one record per changed row
through the flush's own connection, so the records commit or roll back with the change.

- ``before_flush`` refuses changes to audit records, starts SQLite's write transaction
  before the flush writes anything (see :func:`core.audit.chain.begin_write`), and reads
  what the flush will need but can no longer safely load afterwards: the old values of rows
  about to be deleted, and the stored value of any changed attribute whose old value was
  never loaded.
- ``after_flush`` still sees the pre-flush ``new``/``dirty``/``deleted`` sets and attribute
  history, and now also the ids the database generated; it builds the entries and keeps
  them with the transaction (or savepoint) that made them.
- ``before_commit`` flushes what is left and appends every kept entry of the committing
  transaction to the chain with a Core ``INSERT`` (no ORM events, no recursion). Only this
  last step takes the chain lock, so the lock is held for the insert and the commit, not
  for the whole unit of work. A rolled-back savepoint drops the entries made inside it; a
  rolled-back or closed transaction drops them all.

What the recorder cannot see: statements that bypass the unit of work, such as
``session.execute(update(Model).where(...))``, ``delete(...)``, Core ``insert``/``update``
on a connection, or raw SQL. Code that changes rows that way records it itself with
:func:`core.audit.record_event` (``AuditEvent.BULK_UPDATE`` / ``BULK_DELETE``, with the
criteria and affected ids in ``details``).

A table opts out with ``__table_args__ = {"info": {"audit": False}}`` (for example a store of
web sessions); a table whose organisation column is not called ``org_id`` names it with
``info={"audit_org_attr": "..."}``.

Append-only is enforced for the application, not against a database administrator: the
ORM refuses to insert, update or delete :class:`AuditRecord` objects and ORM-level bulk
statements on the table, but someone with SQL access can still change rows. The hash chain
is what makes that visible: ``sifa audit verify`` names the first record that no longer fits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Delete, Insert, Update, event, inspect, select
from sqlalchemy.orm import (
    InstanceState,
    Mapper,
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
)
from sqlalchemy.orm.attributes import NO_VALUE

from core.audit.chain import Entry, append, begin_write
from core.audit.context import current_audit_context
from core.audit.models import AuditRecord, RowAction
from core.audit.redaction import redactor_for

__all__ = ["AppendOnlyViolation", "install_recorder", "keep_entries"]

_AUDIT_TABLE = AuditRecord.__table__.name  # type: ignore[attr-defined]
_LOADED_BEFORE_FLUSH = "sifa_audit_loaded_before_flush"
_PENDING = "sifa_audit_pending"

Values = dict[str, Any]


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change or remove an audit record, or bypass the chain."""

    def __init__(self) -> None:
        super().__init__(
            "审计记录只能追加，不能修改或删除；请使用 record_event 记录事件 "
            "(audit records are append-only; use record_event to add one)"
        )


def _audited(mapper: Mapper[Any]) -> bool:
    if mapper.class_ is AuditRecord:
        return False
    return getattr(mapper.local_table, "info", {}).get("audit", True) is not False


def _columns(mapper: Mapper[Any]) -> dict[str, Any]:
    """Attribute key → table column for every plain column attribute."""
    return {prop.key: prop.columns[0] for prop in mapper.column_attrs if prop.columns}


def _is_key(mapper: Mapper[Any], key: str) -> bool:
    return any(mapper.get_property_by_column(c).key == key for c in mapper.primary_key)


def _org_attr(mapper: Mapper[Any]) -> str | None:
    name = getattr(mapper.local_table, "info", {}).get("audit_org_attr", "org_id")
    return name if name in mapper.column_attrs else None


def _refuse_audit_record_changes(session: Session) -> None:
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, AuditRecord):
            raise AppendOnlyViolation
    for obj in session.dirty:
        if isinstance(obj, AuditRecord) and session.is_modified(obj):
            raise AppendOnlyViolation


def _load_stored(session: Session, state: InstanceState[Any], keys: list[str]) -> Values:
    """Read *keys* of a persistent row straight from the database, bypassing the identity map."""
    mapper = state.mapper
    columns = _columns(mapper)
    identity = state.key[1] if state.key else None
    if identity is None:
        return {}
    criteria = [col == value for col, value in zip(mapper.primary_key, identity, strict=True)]
    row = session.connection().execute(select(*(columns[k] for k in keys)).where(*criteria)).first()
    return dict(zip(keys, row, strict=True)) if row else {}


def _will_record(session: Session) -> bool:
    if any(_audited(inspect(o).mapper) for o in (*session.new, *session.deleted)):
        return True
    return any(_audited(inspect(o).mapper) and session.is_modified(o) for o in session.dirty)


def _before_flush(session: Session, _flush_context: UOWTransaction, _instances: Any) -> None:
    _refuse_audit_record_changes(session)
    if _will_record(session):
        begin_write(session.connection())
    loaded: dict[InstanceState[Any], Values] = {}
    for obj in session.deleted:
        state = inspect(obj)
        if _audited(state.mapper):
            # The row as stored, not as last edited in memory: a row changed and then
            # deleted in one unit of work is recorded with the values it had.
            columns = _columns(state.mapper)
            original = state.committed_state
            unloaded = [
                k for k in columns if k in state.unloaded or original.get(k, None) is NO_VALUE
            ]
            loaded[state] = {
                k: original[k] if k in original else state.dict[k]
                for k in columns
                if k not in unloaded and (k in original or k in state.dict)
            }
            if unloaded:
                loaded[state] |= _load_stored(session, state, unloaded)
    for obj in session.dirty:
        state = inspect(obj)
        if not _audited(state.mapper) or state.key is None:
            continue
        columns = _columns(state.mapper)
        wanted = [k for k in columns if state.committed_state.get(k) is NO_VALUE]
        org = _org_attr(state.mapper)
        if org and org in state.unloaded:
            wanted.append(org)
        if wanted:
            loaded[state] = _load_stored(session, state, wanted)
    session.info[_LOADED_BEFORE_FLUSH] = loaded


def _redacted(column: Any, value: Any) -> Any:
    redact = redactor_for(column)
    return redact(value) if redact else value


def _entity(mapper: Mapper[Any]) -> str:
    return str(getattr(mapper.local_table, "name", mapper.class_.__name__))


def _entity_id(mapper: Mapper[Any], values: Values) -> str | None:
    keys = [mapper.get_property_by_column(col).key for col in mapper.primary_key]
    parts = [values.get(k) for k in keys]
    if all(p is None for p in parts):
        return None
    return ",".join("" if p is None else str(p) for p in parts)


def _entry(action: str, mapper: Mapper[Any], values: Values, changes: Values) -> Entry:
    org = _org_attr(mapper)
    org_id = values.get(org) if org else None
    return Entry(
        action=action,
        entity=_entity(mapper),
        entity_id=_entity_id(mapper, values),
        changes=changes,
        org_id=org_id if isinstance(org_id, int) else None,
    )


def _insert_entry(state: InstanceState[Any]) -> Entry:
    columns = _columns(state.mapper)
    values = {k: state.dict[k] for k in columns if k in state.dict}
    changes = {
        k: [None, _redacted(columns[k], v)]
        for k, v in values.items()
        if v is not None and not _is_key(state.mapper, k)
    }
    return _entry(RowAction.INSERT, state.mapper, values, changes)


def _update_entry(state: InstanceState[Any], stored: Values) -> Entry | None:
    columns = _columns(state.mapper)
    changes: Values = {}
    for key, column in columns.items():
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        before = history.deleted[0] if history.deleted else stored.get(key)
        after = history.added[0] if history.added else None
        if before == after:
            continue
        changes[key] = [_redacted(column, before), _redacted(column, after)]
    if not changes:
        return None
    values = {k: state.dict[k] for k in columns if k in state.dict} | {
        k: v for k, v in stored.items() if k not in state.dict
    }
    return _entry(RowAction.UPDATE, state.mapper, values, changes)


def _delete_entry(state: InstanceState[Any], stored: Values) -> Entry:
    columns = _columns(state.mapper)
    values = {k: state.dict[k] for k in columns if k in state.dict} | stored  # stored wins
    changes = {
        k: [_redacted(columns[k], v), None]
        for k, v in values.items()
        if v is not None and not _is_key(state.mapper, k)
    }
    return _entry(RowAction.DELETE, state.mapper, values, changes)


def _after_flush(session: Session, _flush_context: UOWTransaction) -> None:
    loaded: dict[InstanceState[Any], Values] = session.info.pop(_LOADED_BEFORE_FLUSH, {})
    entries: list[Entry] = []
    new_states = sorted((inspect(o) for o in session.new), key=lambda s: s.insert_order or 0)
    entries += [_insert_entry(s) for s in new_states if _audited(s.mapper)]
    for obj in session.dirty:
        state = inspect(obj)
        if _audited(state.mapper) and state.key is not None:
            entry = _update_entry(state, loaded.get(state, {}))
            if entry:
                entries.append(entry)
    for obj in session.deleted:
        state = inspect(obj)
        if _audited(state.mapper):
            entries.append(_delete_entry(state, loaded.get(state, {})))
    keep_entries(session, entries)


def keep_entries(session: Session, entries: list[Entry]) -> None:
    """Hold *entries* until the session's transaction commits (or drop them on rollback)."""
    if not entries:
        return
    owner = session.get_nested_transaction() or session.get_transaction()
    context = current_audit_context()
    for entry in entries:
        if entry.context is None:
            entry.context = context
    pending: list[tuple[SessionTransaction | None, Entry]] = session.info.setdefault(_PENDING, [])
    pending.extend((owner, entry) for entry in entries)


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _append_at_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint being released: its entries now belong to the outer transaction
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if pending:
        append(session.connection(), [entry for _owner, entry in pending])


def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [p for p in pending if not _within(p[0], previous_transaction)]


def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _refuse_bulk_statements(orm_execute_state: ORMExecuteState) -> None:
    statement = orm_execute_state.statement
    writes = isinstance(statement, Insert | Update | Delete)
    if writes and getattr(statement.table, "name", None) == _AUDIT_TABLE:
        raise AppendOnlyViolation


def _refuse_row_write(*_args: Any) -> None:
    raise AppendOnlyViolation


_installed = False


def install_recorder() -> None:
    """Attach the listeners to every ORM session and the audit model; safe to call again."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _append_at_commit)
    event.listen(Session, "after_soft_rollback", _drop_rolled_back)
    event.listen(Session, "after_transaction_end", _forget_at_end)
    event.listen(Session, "do_orm_execute", _refuse_bulk_statements)
    for moment in ("before_insert", "before_update", "before_delete"):
        event.listen(AuditRecord, moment, _refuse_row_write)
    _installed = True

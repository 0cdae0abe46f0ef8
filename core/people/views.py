"""What lists may show of a person: personal numbers masked (脱敏), always.

Lists, search results and exports get :class:`PersonView` values, which have no attribute
holding a full identity or phone number, so a template cannot show one by mistake. The
full value is only ever read through :func:`core.people.service.reveal`, which is audited.

The birth date is left out on purpose: the middle eight digits of a resident identity
number *are* the birth date, so showing it next to the masked number would unmask it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.people.masking import mask_phone, mask_resident_id
from core.people.models import DocumentType, IdType, Person, Sex

__all__ = ["PersonView", "masked"]


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person as a list shows them."""

    id: int
    name: str
    id_type: IdType
    id_number_masked: str
    document_type: DocumentType | None
    document_number_masked: str
    no_id_reason: str | None
    sex: Sex | None
    phone_masked: str
    address: str | None
    ethnicity: str | None
    org_id: int
    version: int


def masked(person: Person) -> PersonView:
    """The display values of *person*, with identity and phone numbers masked."""
    if person.id is None:
        raise ValueError("only a saved person can be shown")
    return PersonView(
        id=person.id,
        name=person.name,
        id_type=IdType(person.id_type),
        id_number_masked=mask_resident_id(person.id_number),
        document_type=DocumentType(person.document_type) if person.document_type else None,
        # Foreign numbers have no fixed layout; the resident-id mask shows at most a quarter.
        document_number_masked=mask_resident_id(person.document_number),
        no_id_reason=person.no_id_reason,
        sex=Sex(person.sex) if person.sex else None,
        phone_masked=mask_phone(person.phone),
        address=person.address,
        ethnicity=person.ethnicity,
        org_id=person.org_id,
        version=person.version,
    )

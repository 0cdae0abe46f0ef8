"""People: validation, normalisation and masking of personal data, and the registry.

- ``core.people.identity_numbers`` — 18-digit resident identity numbers (GB 11643-1999)
- ``core.people.phones`` — mainland mobile and landline numbers
- ``core.people.masking`` — display masks for identity and phone numbers
- ``core.people.names`` — pinyin initials and full pinyin of names, for search

The registry (人员库) built on them:

- ``core.people.models`` — the ``person`` table
- ``core.people.validation`` — form fields → clean column values (``InvalidPerson``)
- ``core.people.service`` — register, edit, get, reveal (audited); the entry point for callers
- ``core.people.search`` — the one search box (name, pinyin, identity number, phone)
- ``core.people.views`` — ``PersonView``: what lists show, numbers masked
- ``core.people.timeline`` — a person's cross-plugin timeline (``sifa_person_timeline``)
"""

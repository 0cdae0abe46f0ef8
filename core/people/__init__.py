"""People: validation, normalisation and masking of personal data.

- ``core.people.identity_numbers`` — 18-digit resident identity numbers (GB 11643-1999)
- ``core.people.phones`` — mainland mobile and landline numbers
- ``core.people.masking`` — display masks for identity and phone numbers
- ``core.people.names`` — pinyin initials and full pinyin of names, for search
"""

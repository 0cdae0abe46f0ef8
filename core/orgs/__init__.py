"""Organisations and the administrative divisions they belong to.

``core.orgs.divisions`` reads the official division codes (province, city, county-level
area, township-level street) packaged in ``core/orgs/data``. The tree itself: ``models``
(the ``org_unit`` table), ``rules`` (which type hangs where, names, codes), ``tree``
(subtree predicate and reading), ``service`` (changes), ``importer`` and ``naming``
(``sifa orgs import``), ``commands`` (the ``sifa orgs`` command group). See docs/orgs.md.
"""

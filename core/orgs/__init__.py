"""Organisations and the administrative divisions they belong to.

``core.orgs.divisions`` reads the official division codes (province, city, county-level
area, township-level street) packaged in ``core/orgs/data``.
"""

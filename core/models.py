"""Imports every core table so that the shared metadata is complete.

Alembic autogenerate and the ownership check in :mod:`core.migrate` rely on this module;
each core service adds its models module here.
"""

from core.orgs.models import OrgUnit  # noqa: F401

"""Alembic environment shared by the core and every plugin.

``core.migrate`` sets ``config.attributes``: the component being migrated (its own version
table and the tables it owns) and an open connection. Plugins ship only revision files.
"""

from alembic import context

from core.db import metadata

config = context.config
component = config.attributes["sifa_component"]
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=component.version_table,
    include_object=component.include_object,
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()

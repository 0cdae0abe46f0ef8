"""A plugin that cannot even be imported."""

raise ImportError("simulated missing dependency: nonexistent_lib")

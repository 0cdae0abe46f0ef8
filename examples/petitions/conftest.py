"""Lets ``pytest`` find the ``petitions`` package when the tests run from a sifa checkout
without installing the plugin (pytest puts a rootless conftest's folder on ``sys.path``).
Installed (``pip install -e .``), the plugin is importable anyway."""

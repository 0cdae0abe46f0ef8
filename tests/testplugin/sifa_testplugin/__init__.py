"""Test plugin: exercises every hook of the core (tests only, not shipped)."""

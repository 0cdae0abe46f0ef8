"""普法 (Legal publicity): a sifa plugin."""

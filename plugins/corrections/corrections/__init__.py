"""社区矫正 (Community corrections): a sifa plugin."""

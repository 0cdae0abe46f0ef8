"""法律援助 (Legal aid): a sifa plugin."""

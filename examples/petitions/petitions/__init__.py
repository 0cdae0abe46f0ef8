"""信访接待 (Petitions and visits): a sifa plugin."""

"""Demo data (placeholder)."""


def fill_demo(session, bureau_id, seed):  # pragma: no cover
    return None

"""ASGI entry for external servers (``uvicorn web.asgi:app``), configured from the environment."""

from web.app import create_app

app = create_app()

"""sifa core: the platform kernel (plugin host, data, identity, audit, scheduling).

The core imports neither ``web`` nor any plugin; plugins reach it through :mod:`core.api`.
"""

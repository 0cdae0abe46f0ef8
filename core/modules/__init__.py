"""Module activation (模块启用): installed plugins turned on or off per bureau, with settings."""

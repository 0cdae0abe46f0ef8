"""Exports (导出): lists written to Excel or CSV files by background jobs, with progress.

:mod:`core.exports.kinds` declares what can be exported, :mod:`core.exports.service`
starts exports, runs their job, guards downloads and deletes expired files,
:mod:`core.exports.writers` streams rows into files in bounded memory.
"""

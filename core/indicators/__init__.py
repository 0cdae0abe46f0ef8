"""The indicator service (考核指标): definitions plugins declare, pooled roll-ups up the
organisation tree, targets and statuses, reporting completeness, weighted assessments with
frozen periods, creation plans, the leaders' dashboard and the monthly report.

Modules, by job: ``definitions`` and ``widgets`` (what plugins declare), ``registry`` (what
applies where), ``periods`` and ``numbers`` (period values, exact half-up rounding),
``engine`` (ask, pool, divide), ``targets`` (overrides, status, trend), ``completeness``,
``scorecard``, ``records`` (drill-down), ``scoring``, ``assessments``, ``fengqiao``,
``plans``, ``dashboard``, ``charts``, ``export``, ``reports``. See docs/indicators.md.
"""

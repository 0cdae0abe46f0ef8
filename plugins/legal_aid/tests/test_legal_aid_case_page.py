"""The case page puts the next actions first (issue 21, defect 14): a bar at the top names
every action the state allows, the state's next step stands out, the record's sections fold
(the core's record-page partial, as on the mediation case page)."""

from __future__ import annotations

import re
from datetime import date

from la_support import application, centre

from core.db import session_scope


def test_the_actions_come_first_with_the_next_step_highlighted(
    platform, org_tree, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        org_id = centre(session, org_tree.bureau)
        case_id = application(session, org_id, date(2026, 12, 1)).id
    page = admin_client.get(f"/m/legal_aid/cases/{case_id}").text
    main = page.split("<main", 1)[1]
    bar = main.split('id="case-actionbar"', 1)[1].split("</nav>", 1)[0]
    assert main.index('id="case-actionbar"') < main.index('class="facts"')  # before the record
    actions = re.findall(r'data-action="(\w+)"', bar)
    assert "grant" in actions and "refuse" in actions
    assert re.search(r'data-action="grant" class="next-step"', bar)  # the one obvious step
    assert re.search(r'<details class="action next-step" id="action-grant"', main)
    assert 'class="action next-step" id="action-refuse"' not in main
    assert main.count('class="panel collapsible"') >= 2  # materials, progress

"""The subject's file puts the next step first (issue 21, defect 14): the core's action bar
at the top jumps to each part of the file where the user acts, the part holding the state's
next step is highlighted, and every part folds on its heading."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from corrections_pages_support import client_for
from corrections_support import subject

from core.db import session_scope
from web.testing import FakeClock


def test_the_file_opens_on_its_next_step(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject_id = subject(session, org_tree.station_a).id  # received, not yet reported
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    with client_for(platform, "suo_staff", {"station_staff": org_tree.station_a}, clock) as client:
        main = client.get(f"/m/corrections/subjects/{subject_id}").text.split("<main", 1)[1]
    assert main.index('id="case-actionbar"') < main.index('class="facts"')
    bar = main.split('id="case-actionbar"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<a href="#intake" data-action="intake" class="next-step">', bar)
    assert 'href="#checkins"' in bar and 'href="#health"' not in bar  # only parts on the page
    assert re.search(r'<section id="intake" class="panel collapsible next-step">', main)
    assert main.count('class="panel collapsible') >= 10

"""Every list page opens (empty states included) for the bureau's staff."""

from __future__ import annotations

PAGES = [
    "/m/legal_aid/cases",
    "/m/legal_aid/cases/new",
    "/m/legal_aid/notices/new",
    "/m/legal_aid/providers",
    "/m/legal_aid/providers/new",
    "/m/legal_aid/subsidies",
    "/m/legal_aid/duty",
    "/m/legal_aid/handovers",
    "/portal/legal_aid/apply",
]


def test_every_list_and_form_page_opens(admin_client) -> None:
    for url in PAGES:
        answer = admin_client.get(url)
        assert answer.status_code == 200, (url, answer.text[-2000:])

"""A form refused while the user reads English is refused in English (the refusal, its
field errors and the "please correct" prefix come from the corrections catalogue); in
Chinese the very same messages stay as they were."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from corrections.errors import CorrectionsError, InvalidInput, Message
from corrections_pages_support import client_for

from core.api import N_
from tests.support.auth import post_form
from web.testing import FakeClock

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, 2 Nov 2026
CJK = re.compile(r"[\u4e00-\u9fff]")


def _alerts(html: str) -> list[str]:
    found = re.findall(r'<[^>]+(?:role="alert"|class="field-error")[^>]*>(.*?)</', html, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in found]


def _receive(client, org_id: int, **extra) -> object:
    data = {
        "name": "刘某",
        "sex": "female",
        "subject_type": "probation",
        "offence": "危险驾驶罪",
        "deciding_body": "乐陵市人民法院",
        "documents_received_on": "2026-11-02",
        "term_end": "2027-05-01",
        "org_id": str(org_id),
        **extra,
    }
    return post_form(client, "/m/corrections/subjects/new", data)


def test_refusals_and_field_errors_answer_in_english_and_stay_chinese_in_chinese(
    platform, org_tree
) -> None:
    clock = FakeClock(START)
    with client_for(platform, "zhang", {"station_staff": org_tree.station_a}, clock) as client:
        saved = _receive(client, org_tree.station_a)
        assert saved.status_code == 303
        url = re.split(r"[?#]", saved.headers["location"])[0]

        # Chinese (the default): the messages are exactly as before
        early = post_form(client, f"{url}/search", {})
        assert early.status_code == 400 and "尚未届满" in early.text
        bad_mode = post_form(client, f"{url}/report-in", {"intake_mode": "x"})
        assert bad_mode.status_code == 422
        assert "请按提示修改后重新提交：请选择接收方式" in bad_mode.text

        client.cookies.set("sifa_locale", "en")
        # a refusal with data in it: the template is translated, then filled in
        early = post_form(client, f"{url}/search", {})
        assert early.status_code == 400
        assert (
            "The report-in deadline 2026-11-" in early.text and "has not passed yet" in early.text
        )
        # a move the subject's state does not allow, its state named in English
        announce = post_form(client, f"{url}/announce", {"announced_on": "2026-11-02"})
        assert announce.status_code == 400
        assert (
            "The subject is “Awaiting report-in”; not allowed now: Admission announcement"
            in announce.text
        )
        # a field error, with the prefix
        bad_mode = post_form(client, f"{url}/report-in", {"intake_mode": "x"})
        assert bad_mode.status_code == 422
        assert (
            "Please correct the marked fields and submit again: "
            "Please choose how the subject was received"
        ) in bad_mode.text
        # the intake form: every field error in English, one built from a field's name
        missing = _receive(client, org_tree.station_a, offence="", subject_type="")
        assert missing.status_code == 422
        assert "Offence is required" in missing.text
        assert "Please choose the corrections type" in missing.text
        alerts = _alerts(missing.text)
        assert alerts and not [a for a in alerts if CJK.search(a)], alerts


def test_an_error_keeps_its_chinese_text_and_translates_by_locale() -> None:
    error = CorrectionsError(Message(N_("报到期限 {due} 尚未届满"), due=date(2026, 11, 16)))
    assert str(error) == error.message == "报到期限 2026-11-16 尚未届满"
    assert error.localized("zh") == "报到期限 2026-11-16 尚未届满"
    assert error.localized("en") == "The report-in deadline 2026-11-16 has not passed yet"
    # an English given at the raise site still wins
    assert CorrectionsError(N_("该申请已核实"), "Checked already").localized("en") == (
        "Checked already"
    )
    invalid = InvalidInput(
        {"opinion": N_("请填写评估意见"), "ended_on": N_("解除日期不能晚于今天")}
    )
    assert invalid.errors == {"opinion": "请填写评估意见", "ended_on": "解除日期不能晚于今天"}
    assert invalid.message == "请填写评估意见；解除日期不能晚于今天"
    assert invalid.field_errors("zh") == invalid.errors
    assert invalid.field_errors("en") == {
        "opinion": "Please enter the assessment opinion",
        "ended_on": "The release date cannot be later than today",
    }
    month = CorrectionsError(Message(N_("{month:%Y年%m月} 已考核"), month=date(2026, 10, 1)))
    assert str(month) == "2026年10月 已考核"
    assert month.localized("en") == "2026-10 has already been assessed"

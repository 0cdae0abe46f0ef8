"""Acceptance 4: photo uploads refuse non-images and oversized files with clear messages and
keep the rest of the form; good photos are stored outside the database with a thumbnail."""

from __future__ import annotations

from pathlib import Path

import pytest
from publicity.models import PublicityEvent, PublicityPhoto
from publicity.services.photos import photo_dir
from publicity_support import jpeg_bytes, make_unit, png_bytes
from sqlmodel import Session, select

from core.db import session_scope
from web.testing import csrf_headers

FIELDS = {
    "title": "民法典进乡村讲座",
    "held_on": "2026-11-20",
    "format": "lecture",
    "theme": "民法典与百姓生活",
    "place": "前进社区文化广场",
    "attendance": "86",
    "consultations": "12",
    "materials": "300",
    "satisfaction": "95",
}


@pytest.fixture
def unit_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return make_unit(session, org_tree.station_a).id  # type: ignore[return-value]


def _post(client, org_tree, unit_id: int, files: list) -> object:
    data = {**FIELDS, "unit_id": str(unit_id), "org_id": str(org_tree.village_a)}
    files = files or [
        ("photos", ("", b"", "application/octet-stream"))
    ]  # an empty file input, as browsers send it
    return client.post(
        "/m/publicity/events/new",
        data=data,
        files=files,
        headers=csrf_headers(client),
        follow_redirects=False,
    )


def _events(platform) -> int:
    with Session(platform.engine) as session:
        return len(session.exec(select(PublicityEvent)).all())


def test_a_pdf_renamed_to_jpg_is_refused_and_the_form_keeps_what_was_typed(
    platform, org_tree, unit_id, admin_client
) -> None:
    fake = b"%PDF-1.7\n" + b"x" * 2000
    answer = _post(
        admin_client, org_tree, unit_id, [("photos", ("现场照片.jpg", fake, "image/jpeg"))]
    )
    assert answer.status_code == 422
    assert "“现场照片.jpg”不是图片文件，只能上传 JPEG、PNG、GIF 或 WebP 格式的照片" in answer.text
    for value in (
        "民法典进乡村讲座",
        "前进社区文化广场",
        "民法典与百姓生活",
        'value="86"',
        'value="300"',
        'value="95"',
    ):
        assert value in answer.text
    assert _events(platform) == 0


def test_a_corrupt_image_with_a_valid_signature_is_refused(
    platform, org_tree, unit_id, admin_client
) -> None:
    broken = png_bytes()[:40]
    answer = _post(admin_client, org_tree, unit_id, [("photos", ("坏图.png", broken, "image/png"))])
    assert answer.status_code == 422
    assert "“坏图.png”已损坏或不是有效的图片" in answer.text


def test_an_oversized_photo_is_refused_with_the_limit_and_nothing_is_saved(
    platform, org_tree, unit_id, admin_client
) -> None:
    big = jpeg_bytes() + b"\0" * (5 * 1024 * 1024 + 10)
    answer = _post(
        admin_client,
        org_tree,
        unit_id,
        [
            ("photos", ("大图.jpg", big, "image/jpeg")),
            ("photos", ("好图.png", png_bytes(), "image/png")),
        ],
    )
    assert answer.status_code == 422
    assert "“大图.jpg”过大（5.0 MB），每张照片不能超过 5 MB" in answer.text
    assert "民法典进乡村讲座" in answer.text
    assert _events(platform) == 0
    assert not photo_dir(Path(platform.settings.data_dir)).exists() or not any(
        photo_dir(Path(platform.settings.data_dir)).iterdir()
    )


def test_field_errors_and_photo_errors_are_shown_together(
    platform, org_tree, unit_id, admin_client
) -> None:
    data = {**FIELDS, "title": "", "unit_id": str(unit_id), "org_id": str(org_tree.village_a)}
    answer = admin_client.post(
        "/m/publicity/events/new",
        data=data,
        files=[("photos", ("a.txt", b"hello", "text/plain"))],
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert answer.status_code == 422
    assert "请填写活动名称" in answer.text and "“a.txt”不是图片文件" in answer.text


def test_good_photos_are_stored_in_the_data_dir_with_thumbnails_and_served_in_scope(
    platform, org_tree, unit_id, admin_client, station_b_client
) -> None:
    answer = _post(
        admin_client,
        org_tree,
        unit_id,
        [
            ("photos", ("讲座1.png", png_bytes((1200, 800)), "image/png")),
            ("photos", ("讲座2.jpg", jpeg_bytes(), "image/jpeg")),
        ],
    )
    assert answer.status_code == 303, answer.text
    with Session(platform.engine) as session:
        photos = session.exec(select(PublicityPhoto).order_by(PublicityPhoto.id)).all()
        event = session.exec(select(PublicityEvent)).one()
    assert [(p.original_name, p.content_type, p.width) for p in photos] == [
        ("讲座1.png", "image/png", 1200),
        ("讲座2.jpg", "image/jpeg", 64),
    ]
    folder = photo_dir(Path(platform.settings.data_dir))
    assert (folder / photos[0].stored_name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = admin_client.get(f"/m/publicity/events/{event.id}")
    assert f"/m/publicity/photos/{photos[0].id}/thumb" in page.text
    thumb = admin_client.get(f"/m/publicity/photos/{photos[0].id}/thumb")
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"
    assert station_b_client.get(f"/m/publicity/photos/{photos[0].id}").status_code == 404


def test_adding_photos_to_a_recorded_event_refuses_a_non_image(
    platform, org_tree, unit_id, admin_client
) -> None:
    assert _post(admin_client, org_tree, unit_id, []).status_code == 303
    with Session(platform.engine) as session:
        event_id = session.exec(select(PublicityEvent.id)).one()
    answer = admin_client.post(
        f"/m/publicity/events/{event_id}/photos",
        files=[("photos", ("脚本.png", b"#!/bin/sh\nrm -rf /\n", "image/png"))],
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert answer.status_code == 422
    assert "“脚本.png”不是图片文件" in answer.text


def test_a_photo_whose_file_is_missing_answers_404_not_500(
    platform, org_tree, unit_id, admin_client
) -> None:
    assert (
        _post(
            admin_client, org_tree, unit_id, [("photos", ("a.png", png_bytes(), "image/png"))]
        ).status_code
        == 303
    )
    with Session(platform.engine) as session:
        photo = session.exec(select(PublicityPhoto)).one()
    (photo_dir(Path(platform.settings.data_dir)) / photo.stored_name).unlink()
    assert admin_client.get(f"/m/publicity/photos/{photo.id}").status_code == 404
    assert admin_client.get(f"/m/publicity/photos/{photo.id}/thumb").status_code == 200

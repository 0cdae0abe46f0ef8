"""Realistic people for the registry tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.people.identity_numbers import make_resident_id

TODAY = date(2026, 11, 23)


def resident_id(sequence: int = 1, *, birth: date = date(1990, 3, 7), female: bool = False) -> str:
    return make_resident_id("371481", birth, sequence, female)


def person_data(**overrides: Any) -> dict[str, Any]:
    """A realistic registration form."""
    data: dict[str, Any] = {
        "name": "张三丰",
        "id_type": "resident_id",
        "id_number": resident_id(),
        "phone": "138 1234 5678",
        "address": "山东省乐陵市市中街道振华路1号",
        "ethnicity": "汉族",
    }
    data.update(overrides)
    return data

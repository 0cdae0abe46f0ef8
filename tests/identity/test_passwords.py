"""The password policy and argon2 hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from core.identity import passwords
from core.identity.errors import PasswordPolicyError
from core.identity.passwords import check_policy


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-1", "至少需要 10 个字符"),
        ("zhangsan-2026", "不能是用户名"),
        ("ZhangSan", "至少需要 10 个字符"),
        ("woaini1314", "常见口令"),
        ("1qaz2wsx3edc", "常见口令"),
        ("QWERTYUIOP", "常见口令"),
        ("123456789a", "常见口令"),
        ("aaaaaaaaaaaa", "常见口令"),
        ("abababababab", "常见口令"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(password: str, reason: str) -> None:
    with pytest.raises(PasswordPolicyError) as caught:
        check_policy(password, "zhangsan")
    assert reason in caught.value.message
    assert caught.value.message_en and caught.value.localized("en") == caught.value.message_en


def test_the_username_itself_is_refused_even_when_long_enough() -> None:
    with pytest.raises(PasswordPolicyError, match="用户名"):
        check_policy("wangxiaoming", "WangXiaoMing")


@pytest.mark.parametrize(
    "password", ["Tiaojie-Huifang-2026", "郑店镇调解委员会第三次回访", "correct horse battery"]
)
def test_long_uncommon_passwords_pass(password: str) -> None:
    check_policy(password, "zhangsan")


def test_the_shipped_list_holds_hundreds_of_passwords_including_chinese_favourites() -> None:
    common = passwords.common_passwords()
    assert len(common) >= 300
    assert {"woaini1314", "123456789a", "qwertyuiop", "1qaz2wsx3edc", "5201314520"} <= common


def test_argon2_round_trip_with_the_production_parameters() -> None:
    assert passwords.PARAMETERS["memory_cost"] >= 19 * 1024  # OWASP minimum for argon2id
    previous = passwords.use_hasher(PasswordHasher(**passwords.PARAMETERS))
    try:
        stored = passwords.hash_password("Tiaojie-Huifang-2026")
        assert stored.startswith("$argon2id$")
        assert "Tiaojie" not in stored
        assert passwords.verify_password(stored, "Tiaojie-Huifang-2026")
        assert not passwords.verify_password(stored, "tiaojie-huifang-2026")
        assert not passwords.needs_rehash(stored)
    finally:
        passwords.use_hasher(previous)


def test_a_hash_made_with_weaker_parameters_needs_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("Tiaojie-Huifang-2026")
    previous = passwords.use_hasher(PasswordHasher(**passwords.PARAMETERS))
    try:
        assert passwords.verify_password(weak, "Tiaojie-Huifang-2026")
        assert passwords.needs_rehash(weak)
    finally:
        passwords.use_hasher(previous)


def test_a_malformed_stored_hash_never_verifies() -> None:
    assert not passwords.verify_password("not-a-hash", "anything-at-all")
    assert passwords.needs_rehash("not-a-hash")

"""Password hashing (argon2id) and the password policy (口令策略).

The policy follows current guidance rather than composition rules: long enough, not the
username, and not one of the passwords every attacker tries first. The list of those ships
with the package (``common_passwords.txt``) and includes the favourites of Chinese users,
so no network or external service is needed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.identity.errors import PasswordPolicyError

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 takes any length; a cap keeps a hostile form from costing CPU

PARAMETERS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
"""argon2id as OWASP's password storage guidance gives it (19 MiB, 2 passes, 1 lane).

argon2-cffi's default (64 MiB, 3 passes, 4 lanes) costs about 0.25 s of CPU per sign-in here;
on a two-core server fifty staff signing in at 8:30 then queue for over ten seconds. These
parameters cost about a sixth of that, which OWASP rates as equally resistant to offline
guessing for the memory it takes. Hashes made with other parameters still verify, and are
re-hashed with these at the next successful sign-in (``needs_rehash``).
"""

_hasher = PasswordHasher(**PARAMETERS)


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Replace the hasher (tests use cheap parameters); returns the previous one."""
    global _hasher
    previous, _hasher = _hasher, hasher
    _dummy_hash.cache_clear()
    return previous


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if *password* matches; a malformed stored hash counts as a mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash() -> str:
    return _hasher.hash("sifa-timing-equaliser-not-a-password")


def burn_verification(password: str) -> None:
    """Spend the time of one real verification, so an unknown username answers as slowly
    as a known one and response times do not reveal which usernames exist."""
    verify_password(_dummy_hash(), password)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("core.identity").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def check_policy(password: str, username: str = "") -> None:
    """Raise :class:`PasswordPolicyError` with the first rule *password* breaks."""
    if len(password) < MIN_LENGTH:
        raise PasswordPolicyError(
            f"口令至少需要 {MIN_LENGTH} 个字符。",
            f"The password must have at least {MIN_LENGTH} characters.",
        )
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(
            f"口令不能超过 {MAX_LENGTH} 个字符。",
            f"The password must not be longer than {MAX_LENGTH} characters.",
        )
    lowered, name = password.lower(), username.strip().lower()
    if name and (lowered == name or (len(name) >= 3 and name in lowered)):
        raise PasswordPolicyError(
            "口令不能是用户名，也不能包含用户名。",
            "The password must not be or contain the username.",
        )
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        raise PasswordPolicyError(
            "这是一个常见口令，很容易被猜到，请换一个。",
            "This is a common password that is easy to guess; please choose another.",
        )

"""argon2id hashing: salted, verified, upgraded when the parameters change."""

from __future__ import annotations

from argon2 import PasswordHasher

from app.users import passwords


def test_a_hash_verifies_its_password_and_no_other() -> None:
    stored = passwords.hash_password("kopi-tubruk-2024")
    assert stored.startswith("$argon2id$") and "kopi" not in stored
    assert passwords.verify(stored, "kopi-tubruk-2024")
    assert not passwords.verify(stored, "kopi-tubruk-2025")


def test_the_same_password_hashes_differently_each_time() -> None:
    first, second = (passwords.hash_password("kopi-tubruk-2024") for _ in range(2))
    assert first != second


def test_a_malformed_stored_hash_is_a_mismatch_not_an_error() -> None:
    assert not passwords.verify("!", "anything at all")
    assert not passwords.verify("$argon2id$not-a-login", "anything at all")
    assert passwords.needs_rehash("!")


def test_weaker_parameters_need_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("kopi-tubruk-2024")
    assert passwords.verify(weak, "kopi-tubruk-2024")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("kopi-tubruk-2024"))


def test_an_unknown_user_costs_a_verification_at_todays_parameters() -> None:
    # Equal work, not equal measured time: timing itself belongs in bench/, not in tests.
    assert not passwords.needs_rehash(passwords._dummy_hash())
    passwords.spend_verify("whatever was typed")

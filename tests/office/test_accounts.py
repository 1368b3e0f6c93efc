"""Office passwords are hashed with argon2id at a cost above OWASP's minimum (the tests' own
process hashes cheaply, see conftest.py; servers they start use this cost)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from lookup.office import accounts


def test_the_production_cost_is_above_owasps_minimum():
    cost = accounts.HASH_COST
    assert cost["memory_cost"] >= 19 * 1024  # KiB
    assert cost["time_cost"] >= 2
    made = PasswordHasher(**cost).hash("a long enough passphrase")
    assert made.startswith(f"$argon2id$v=19$m={cost['memory_cost']},t={cost['time_cost']},")
    assert PasswordHasher(**cost).type is Type.ID


def test_a_hash_made_at_any_cost_is_checked():
    strong = PasswordHasher(**accounts.HASH_COST).hash("a long enough passphrase")
    assert accounts.verify_password(strong, "a long enough passphrase")
    assert not accounts.verify_password(strong, "another passphrase")
    assert not accounts.verify_password("not a hash", "a long enough passphrase")

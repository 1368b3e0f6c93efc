"""Password rules for office accounts: at least 12 characters and hard to guess.

"Hard to guess" is zxcvbn's estimate (Dropbox's password strength estimator: dictionaries of
common passwords, names and words, keyboard patterns, repeats, sequences, dates and l33t
substitutions), given the account name and the service's own words as things an attacker
would try first. Every problem is named at once, in Chinese.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from lookup.core.errors import LookupServiceError

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", about 10^10 guesses
ZXCVBN_MAX = 72  # zxcvbn refuses longer input; a longer password is judged by its start
SERVICE_WORDS = ("pinghu", "平湖", "lookup", "zhengming", "证明", "sifaju", "司法局", "admin")


class WeakPassword(LookupServiceError):
    code = "weak_password"
    status = 422


def problems(password: str, name: str = "") -> list[str]:
    """What is wrong with a password (empty when it is acceptable)."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(f"密码至少 {MIN_LENGTH} 个字符。")
    if len(password) > MAX_LENGTH:
        found.append(f"密码不能超过 {MAX_LENGTH} 个字符。")
    if name and name.strip() and name.strip().lower() in password.lower():
        found.append("密码不能包含用户名。")
    if password and len(password) <= MAX_LENGTH:
        estimate = zxcvbn(password[:ZXCVBN_MAX], user_inputs=[name, *SERVICE_WORDS])
        if estimate["score"] < MIN_SCORE:
            found.append(
                "密码太容易被猜到（常见密码、重复或连续的字符、键盘顺序、日期、用户名或本站名称）。"
                "建议用几个不相关的词或一句话，例如四五个词连在一起。"
            )
    return found


def check(password: str, name: str = "") -> None:
    """Refuse a password that breaks a rule, naming every problem."""
    found = problems(password, name)
    if found:
        raise WeakPassword("".join(found))

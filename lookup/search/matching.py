"""Which listed certificates a question asks about, and what else it says (the matter).

`match_names` scores every candidate name against the question (ranking.score_name);
`asked_names` keeps the ones the question is about; `residual` is what the question says
besides the certificate, the candidates for the matter (办火化要死亡证明吗 → 火化).
"""

from __future__ import annotations

from lookup.search.engine import Engine
from lookup.search.names import GENERIC_WORDS
from lookup.search.query import Query
from lookup.search.ranking import NameMatch, candidate_names, score_latin, score_name

CONFIDENT = 0.5  # below this the certificate asked about is not on either list
NEAR_BEST = 0.6  # names scoring within this share of the best one are asked about too
MAX_ASKED = 4


def match_names(engine: Engine, q: Query) -> list[NameMatch]:
    """Every name the question could be about, best first."""
    if q.latin:
        return score_latin(engine, q) if engine.uses("pinyin") else []
    lookalikes = engine.seg.vocab.lookalikes if engine.uses("shape") else {}
    matches = _score_all(engine, q, candidate_names(engine, q), lookalikes)
    if (not matches or matches[0].confidence < CONFIDENT) and any(
        ch in lookalikes for run in q.runs for ch in run.text
    ):
        # A character people mistake by shape (收人 for 收入) finds nothing in the index:
        # compare every name by shape instead (a few hundred names even at province scale).
        matches = _score_all(engine, q, list(engine.names.values()), lookalikes)
    return matches


def _score_all(engine: Engine, q: Query, entries, lookalikes) -> list[NameMatch]:
    matches = []
    for entry in entries:
        m = score_name(entry, q, engine.context(entry), lookalikes, sound=engine.uses("sound"))
        if m is not None:
            matches.append(m)
    matches.sort(key=lambda m: (-m.score, -m.confidence, len(m.entry.key)))
    return matches


def asked_names(matches: list[NameMatch], q: Query | None = None) -> list[NameMatch]:
    """The names the question is about: confident, near the best, through the certificate
    phrase when the question has one (办火化要死亡证明吗 asks about 死亡证明, not 火化证明),
    by the resident's own words before a synonym's (失业的证明: 失业证明, not 无正式工作证明)."""
    if not matches or matches[0].confidence < CONFIDENT:
        return []
    heads = [m for m in matches if m.head and m.confidence >= CONFIDENT]
    if q is not None and not heads and _typed_head(q):
        # 无偿献血证丢了: the question names its own certificate (无偿献血证); a synonym of
        # another word (丢了 → 遗失) does not answer for it.
        matches = [m for m in matches if _own_words(q, m)]
        if not matches or matches[0].confidence < CONFIDENT:
            return []
    if q is not None and heads:
        top = heads[0].confidence
        own = [m for m in heads if _own_words(q, m) and m.confidence >= top - 0.05]
        heads = own or heads
    best = heads[0] if heads else matches[0]
    pool = [m for m in matches if m.run == best.run]
    sure = [m for m in pool if m.confidence >= CONFIDENT and m.score >= NEAR_BEST * best.score]
    return sure[:MAX_ASKED]


def _typed_head(q: Query) -> bool:
    """The question ends a phrase of its own words in 证明 (a single character a synonym left
    over, 世 of 人还在世的证明 after 人还在 → 健在, names no certificate)."""
    return any(r.head and q.typed(r) and not _left_over(q, r) for r in q.runs)


def _left_over(q: Query, run) -> bool:
    return len(run.text) == 1 and any(e <= run.start <= e + 1 for _s, e in q.expansions)


def _own_words(q: Query, m: NameMatch) -> bool:
    """The name was matched through words the resident typed, not a synonym's expansion."""
    return m.run >= len(q.runs) or q.typed(q.runs[m.run])


def residual(q: Query, asked: list[NameMatch]) -> set[str]:
    """The other phrases of the question, and what the asked phrase leaves over: candidates
    for the matter. Words one synonym brought in together with the asked phrase went into
    finding the certificate and are left out."""
    asked_run = q.runs[asked[0].run] if asked[0].run < len(q.runs) else None
    siblings: set[str] = set()
    if asked_run is not None:
        for group in q.groups:
            if asked_run.text in group:
                siblings |= group
    covered = set().union(*(m.matched for m in asked))
    out: set[str] = set()
    for n, run in enumerate(q.runs):
        if n == asked[0].run:
            rest = "".join(ch for ch in run.text if ch not in covered)
        elif run.text in siblings:
            continue
        else:
            rest = run.text
        if len(rest) >= 2:
            out.add(rest)
            out.update(rest[i : i + 2] for i in range(len(rest) - 1))
    for word in q.words:
        if (
            len(word) >= 2
            and word not in GENERIC_WORDS
            and word not in siblings
            and any(word in r for r in out)
        ):
            out.add(word)
    return out

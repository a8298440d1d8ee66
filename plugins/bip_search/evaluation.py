"""Retrieval quality over a judged query set: recall@k and MRR (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Judged:
    """One query and the documents judged relevant to it."""

    q: str
    kind: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Quality:
    """Averages over the queries that have an answer, plus the empty ones."""

    recall_at_10: float
    mrr: float
    answered: int
    empty_ok: int
    empty: int
    misses: tuple[str, ...]


def load_devset(path: Path) -> list[Judged]:
    """Read the YAML development set."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(r["q"], r["rodzaj"], frozenset(r["relevant"])) for r in rows]


def evaluate(devset: list[Judged], search: Callable[[str], list[str]]) -> Quality:
    """Score a search function that returns ranked URLs for a query.

    >>> q = [Judged("a", "x", frozenset({"u1"})), Judged("b", "x", frozenset({"u2"}))]
    >>> evaluate(q, lambda text: ["u0", "u1"] if text == "a" else []).mrr
    0.25
    """
    recalls, ranks, misses = [], [], []
    empty_ok = empty = 0
    for judged in devset:
        ranked = search(judged.q)[:10]
        if not judged.relevant:
            empty += 1
            empty_ok += not ranked
            continue
        found = judged.relevant & set(ranked)
        recalls.append(len(found) / len(judged.relevant))
        first = next(
            (i for i, url in enumerate(ranked, 1) if url in judged.relevant), 0
        )
        ranks.append(1 / first if first else 0.0)
        if not first:
            misses.append(judged.q)
    count = max(len(recalls), 1)
    return Quality(
        sum(recalls) / count,
        sum(ranks) / count,
        len(recalls),
        empty_ok,
        empty,
        tuple(misses),
    )

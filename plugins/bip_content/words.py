"""Numbers in Polish sentences: grouping of thousands and plural forms."""

from __future__ import annotations


def number(value: int | float) -> str:
    r"""A number as Polish text writes it: 12 345, 2,5.

    >>> number(12345), number(2.5), number(7)
    ('12\xa0345', '2,5', '7')
    """
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u00a0")


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form after `count`: 1 dokument, 3 dokumenty, 5 dokumentów.

    >>> [plural(n, "dokument", "dokumenty", "dokumentów") for n in (1, 2, 5, 12, 22)]
    ['dokument', 'dokumenty', 'dokumentów', 'dokumentów', 'dokumenty']
    """
    if count == 1:
        return one
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


def counted(count: int, one: str, few: str, many: str) -> str:
    """'412 dokumentów', '1 dokument'."""
    return f"{number(count)} {plural(count, one, few, many)}"

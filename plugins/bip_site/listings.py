"""Which documents each menu category lists (pure: works on any objects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def by_category(menu: Iterable[Any], documents: list[Any]) -> dict[str, list[Any]]:
    """Map every menu slug to its documents and those of its subcategories.

    Documents keep the order they come in (Pelican gives newest first).
    """
    result: dict[str, list[Any]] = {}

    def walk(items: Iterable[Any]) -> None:
        for item in items:
            slugs = set(item.subtree())
            result[item.slug] = [d for d in documents if d.menu_category in slugs]
            walk(item.children)

    walk(menu)
    return result

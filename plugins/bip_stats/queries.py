"""Which residents' queries the live search index answers with nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bip_search.searcher import SearchIndex, clean_request


def no_results(queries: Iterable[str], index: Path) -> list[str]:
    """The queries of `queries` that find no document in the index at `index`."""
    searcher = SearchIndex(index)
    return sorted(
        q for q in queries if not searcher.search(clean_request({"q": q})).total
    )

"""Turn a rendered document and its attachments into index fields.

Pure but for attachment text, which is read by the bounded worker of
extraction.py and cached by content hash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import lxml.html
from bip_content.cache import Store

from .extraction import KINDS, LIMITS, Extracted, Extractor, too_long


def html_text(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed.

    >>> html_text("<p>Zasiłek <b>celowy</b></p><table><tr><td>1</td></tr></table>")
    'Zasiłek celowy 1'
    """
    if not html.strip():
        return ""
    # lxml, not BeautifulSoup's html.parser: the same text (every document
    # of the demo and the real-text corpus), ten times faster.
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return " ".join(" ".join(root.itertext()).split())


def attachment_text(  # noqa: PLR0913 (each limit a keyword: settings pass them by name)
    path: Path,
    cache: Path | None = None,
    *,
    extractor: Extractor | None = None,
    seconds: float = LIMITS["seconds"],
    memory_mb: float = LIMITS["memory_mb"],
    unpacked_mb: float = LIMITS["unpacked_mb"],
    max_chars: float = LIMITS["max_chars"],
) -> Extracted:
    """Text of one attachment within the limits, cached by content hash.

    Read by `extractor`'s worker (a build passes its one; without it a worker
    is started for this file alone). A whole text is cached as <sha256>.txt;
    one cut short is cached with its reason under a name that includes the
    limits, so a rebuild never takes it for whole and new limits read again.
    """
    if path.suffix.lower() not in KINDS:
        return Extracted("")
    limits = {
        "seconds": seconds,
        "memory_mb": memory_mb,
        "unpacked_mb": unpacked_mb,
        "max_chars": max_chars,
    }
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    found = _from_cache(cache, digest, limits) if cache else None
    if found is not None:
        return found
    with contextlib.ExitStack() as stack:
        worker = extractor or stack.enter_context(Extractor())
        found = worker.extract(path, **limits)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        if found.reason:
            _cut_name(cache, digest, limits).write_text(
                json.dumps([found.text, found.reason], ensure_ascii=False),
                encoding="utf-8",
            )
        else:
            (cache / f"{digest}.txt").write_text(found.text, encoding="utf-8")
    return found


def _cut_name(cache: Path, digest: str, limits: dict[str, float]) -> Path:
    """Cache file of a text cut short under these limits."""
    key = hashlib.sha256(json.dumps(limits, sort_keys=True).encode()).hexdigest()
    return cache / f"{digest}.cut-{key[:12]}.json"


def _from_cache(cache: Path, digest: str, limits: dict[str, float]) -> Extracted | None:
    """A cached text under these limits, or None."""
    whole = cache / f"{digest}.txt"
    if whole.is_file():
        text = whole.read_text(encoding="utf-8")
        if len(text) > limits["max_chars"]:  # whole under an earlier, larger cap
            return Extracted(
                text[: int(limits["max_chars"])], too_long(limits["max_chars"])
            )
        return Extracted(text)
    cut = _cut_name(cache, digest, limits)
    if cut.is_file():
        text, reason = json.loads(cut.read_text(encoding="utf-8"))
        return Extracted(text, reason)
    return None


def plain_texts(htmls: Sequence[str], store: Store, workers: int) -> list[str]:
    """html_text() of each HTML, kept ones read back from `store` (cache.py).

    The others are extracted in up to `workers` processes (parallel.py).
    """
    return store.computed_all(htmls, lambda html: (html,), html_text, workers)


def record(doc: dict, today: dt.date, body: str | None = None) -> dict:
    """Index fields of one document given as plain data.

    `doc` has url, title, number, html, attachments_text, keywords, category,
    categories, category_name, publisher, kind, date (datetime), archived_on.
    `body` is the text of the HTML, if plain_texts() already gave it.
    """
    archived_on = doc.get("archived_on")
    date = doc["date"].replace(tzinfo=None)
    body = html_text(doc["html"]) if body is None else body
    keywords = " ".join(doc.get("keywords") or [])
    searchable = (doc["title"], keywords, body, doc.get("attachments_text", ""))
    return {
        "url": doc["url"],
        "title": doc["title"],
        "number": doc.get("number") or "",
        "text": "\n".join(searchable),
        "body": body,
        "category": doc["category"],
        "categories": ",".join(doc["categories"]),
        "category_name": doc["category_name"],
        "publisher": doc["publisher"],
        "kind": doc.get("kind") or "",
        "date": date,
        "year": date.year,
        "archived": bool(archived_on and archived_on <= today),
    }

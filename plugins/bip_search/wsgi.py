"""Entry point for a production WSGI server (waitress-serve --call)."""

import os
from pathlib import Path

from .service import SearchApp


def create_app() -> SearchApp:
    """The search service for the index in $BIP_SEARCH_INDEX."""
    return SearchApp(Path(os.environ.get("BIP_SEARCH_INDEX", "search_index")))

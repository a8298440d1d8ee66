"""`python -m bip_history [CONTENT]`: make check, documents and their history."""

import logging
import sys
from pathlib import Path

from bip_content.check import arguments, check_site, report
from bip_content.parallel import worker_count
from bip_metadata.plugin import cache_folder, workers
from pelican.settings import read_settings

from .repository import check_documents, load
from .settings import DEFAULTS, plugin_settings


def main(argv: list[str] | None = None) -> int:
    """Check a content folder and its history; exit 1 on any error."""
    args = arguments(argv)
    root, shown = Path(args.content), args.content.rstrip("/")
    bots, cache, processes = DEFAULTS["bots"], None, worker_count(None)
    if args.settings:
        logging.getLogger("pelican").setLevel(logging.ERROR)  # settings chatter
        settings = read_settings(args.settings)
        # The build's kept checks and commits (make passes CACHE): a check
        # before each commit then reads only what changed. Never made here:
        # a check that fails (a publish stopped by it) leaves nothing new.
        bots, cache = plugin_settings(settings)["bots"], cache_folder(settings)
        cache = cache if cache is not None and cache.is_dir() else None
        processes = workers(settings)
    result = check_site(root, args.today, shown, cache, processes)
    limits = result.site.limits if result.site else None
    loaded = load(root, bots, shown, limits, cache)
    problems = result.problems + loaded.problems
    problems += check_documents(loaded, result.documents, shown)
    return report(
        sorted(problems, key=lambda p: (p.path, p.line)), len(result.documents)
    )


if __name__ == "__main__":
    sys.exit(main())

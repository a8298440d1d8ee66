"""`python -m bip_history [CONTENT]`: make check, documents and their history."""

import logging
import sys
from pathlib import Path

from bip_content.check import arguments, check_site, report
from pelican.settings import read_settings

from .repository import check_documents, load
from .settings import DEFAULTS, plugin_settings


def main(argv: list[str] | None = None) -> int:
    """Check a content folder and its history; exit 1 on any error."""
    args = arguments(argv)
    root, shown = Path(args.content), args.content.rstrip("/")
    bots = DEFAULTS["bots"]
    if args.settings:
        logging.getLogger("pelican").setLevel(logging.ERROR)  # settings chatter
        bots = plugin_settings(read_settings(args.settings))["bots"]
    result = check_site(root, args.today, shown)
    loaded = load(root, bots, shown, result.site.limits if result.site else None)
    problems = result.problems + loaded.problems
    problems += check_documents(loaded, result.documents, shown)
    return report(
        sorted(problems, key=lambda p: (p.path, p.line)), len(result.documents)
    )


if __name__ == "__main__":
    sys.exit(main())

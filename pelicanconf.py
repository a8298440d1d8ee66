"""Settings for the development build (`make html`, `make serve`).

Every site value lives here; publishconf.py only overrides what production
needs. The municipality's own data (name, bodies, menu) is in content/bip.yaml.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Biuletyn Informacji Publicznej Gminy Miejskiej Jarzębinów"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "Europe/Warsaw"
DEFAULT_LANG = "pl"
THEME = str(HERE / "theme")
PLUGIN_PATHS = [str(HERE / "plugins")]
# The plugins import bip_content, their shared core (not a plugin), and
# bip_metadata's glue by name; Pelican loads plugins from PLUGIN_PATHS
# without making them importable, so without this a PLUGINS list without
# bip_metadata would only log "Cannot register plugin" and go on.
if PLUGIN_PATHS[0] not in sys.path:
    sys.path.insert(0, PLUGIN_PATHS[0])
PLUGINS = [
    "bip_metadata",
    "bip_attachments",
    "bip_history",
    "bip_site",
    "bip_stats",
    "bip_search",
]

# Documents: content/<dział>/<rrrr-mm-dd>-<slug>.md → /<dział>/<slug>/.
# The leading date only orders files for clerks; the URL must not change when
# the date does, so the reader drops it from the slug.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
ARTICLE_URL = "{dzial}/{slug}/"
ARTICLE_SAVE_AS = "{dzial}/{slug}/index.html"
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
STATIC_PATHS = []  # attachments are copied by bip_attachments, declared ones only
# Only bip_metadata's reader reads documents (.md). Pelican's Markdown reader
# is never made for its other extensions either: making it adds Markdown's
# `meta` extension to MARKDOWN, which ate "Termin: …" lines from bodies.
READERS = dict.fromkeys(("html", "htm", "rst", "markdown", "mkd", "mdown"))
IGNORE_FILES = [".*", "__pycache__"]
# Newest first, documents of one day by file name (bip_content.documents).
from bip_content.documents import newest_first

ARTICLE_ORDER_BY = newest_first

# Pelican's own category, tag, author and date pages are replaced by the menu
# przedmiotowe pages of bip_site.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index"]
PAGINATED_TEMPLATES = {"kategoria": None, "rejestr_zmian": None}
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/strona/{number}/", "{base_name}/strona/{number}/index.html"),
)

# bip_site writes every Atom feed itself (atom.xml and one per listing):
# Pelican's writer strips tags from titles instead of keeping them as text.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# One language, no translations. Pelican would otherwise take documents with
# the same name in two działy (/oswiata/x/ and /urzad/x/, both allowed) for
# translations of one another and warn in English, and its grouping compares
# every document with every other (14 % of a 100 000-document build).
ARTICLE_TRANSLATION_ID = PAGE_TRANSLATION_ID = None

# Every value a template prints is escaped: titles, bip.yaml, commit
# messages are clerks' text, never markup. Only the sanitised body
# (bip_body, from bip_content.markup.render) arrives already safe.
JINJA_ENVIRONMENT = {"autoescape": True}

# Documents are written in the clerks' Markdown, bip_content.dialect: a
# format of this project (lists from pasted marks, kept line breaks), not a
# setting, so Pelican's MARKDOWN setting is not used.

# Reproducible output: no caches that depend on earlier runs.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Rendered bodies are kept between builds by content (bip_content.cache):
# make passes CACHE=<folder> through BIP_CACHE; without it nothing is kept.
BIP_METADATA = {"strict": False, "cache_dir": os.environ.get("BIP_CACHE", "")}
BIP_SITE = {"latest_on_home": 10, "feed_items": 30}
# Commit authors never shown as people ("Name <email>", * = any text).
BIP_HISTORY = {"bots": ["*[bot]*", "*<ci@*", "GitLab CI*", "GitHub Actions*"]}
# Visits counted from the access logs (make statystyki); make passes
# STATYSTYKI=<file> through BIP_STATS_DATA. Queries shown from 3 visitors.
BIP_STATS = {"data": os.environ.get("BIP_STATS_DATA", ""), "query_threshold": 3}
# The search index; make passes INDEX=<folder> through BIP_SEARCH_INDEX.
BIP_SEARCH = {
    "index_dir": os.environ.get("BIP_SEARCH_INDEX", str(HERE / "search_index"))
}

"""Settings for the published site: pelicanconf.py plus production overrides."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The public address; a municipality sets BIP_SITEURL in its CI instead of
# editing this file.
SITEURL = os.environ.get("BIP_SITEURL", "https://bip.jarzebinow.example")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Any content error stops publication.
BIP_METADATA = {**BIP_METADATA, "strict": True}  # noqa: F405

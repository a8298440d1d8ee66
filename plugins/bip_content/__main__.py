"""`python -m bip_content [CONTENT]`: the clerk's checker (make check)."""

import sys

from .check import main

sys.exit(main())

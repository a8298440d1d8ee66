"""`python -m bip_metadata [CONTENT]`: the clerk's checker (make check)."""

import sys

from .check import main

sys.exit(main())

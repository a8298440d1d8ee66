"""bip_stats: visits from access logs, publishing figures from git, yearly report.

The package imports no Pelican: logs.py, store.py, publishing.py, chart.py
and report.py serve `make statystyki` and `make raport`. The Pelican glue is
`plugin.py` (the statistics page and the visit counter), loaded when Pelican
calls register().
"""


def register() -> None:
    """Connect the receivers, behind the check that bip_metadata ran first."""
    from bip_metadata.plugin import after_check  # noqa: PLC0415

    after_check(__name__)

"""bip_history: git is the change register (metryczka, history, versions).

The package imports no Pelican: its pure modules serve the search service,
the checks and the tools. The Pelican glue is `plugin.py`, loaded when
Pelican calls register().
"""


def register() -> None:
    """Connect the receivers, behind the check that bip_metadata ran first."""
    from bip_metadata.plugin import after_check  # noqa: PLC0415

    after_check(__name__)

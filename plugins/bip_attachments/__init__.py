"""bip_attachments: publish each document's declared attachments beside it.

The package imports no Pelican: its pure modules serve the search service,
the checks and the tools. The Pelican glue is `plugin.py`, loaded when
Pelican calls register().
"""


def register() -> None:
    """Connect the plugin's receivers (Pelican calls this once per build)."""
    from .plugin import register as connect  # noqa: PLC0415

    connect()

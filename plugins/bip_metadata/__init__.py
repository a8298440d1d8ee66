"""bip_metadata: the Pelican plugin that reads and checks BIP documents.

Glue only: the reader of documents, the content check before a build (which
the other plugins require) and the pruning of the kept results. What it
calls lives in bip_content, the core that imports no Pelican. The glue is
`plugin.py`, loaded when Pelican calls register().
"""


def register() -> None:
    """Connect the plugin's receivers (Pelican calls this once per build)."""
    from .plugin import register as connect  # noqa: PLC0415

    connect()

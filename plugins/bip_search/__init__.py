"""bip_search: build the Whoosh index of the site during the Pelican build.

The package imports no Pelican: its pure modules serve the search service,
the checks and the tools. The Pelican glue is `plugin.py`, loaded when
Pelican calls register().
"""


def register() -> None:
    """Connect the plugin's receivers (Pelican calls this once per build).

    The check of the plugin's dependency is connected first: should the
    glue fail to load (bip_metadata missing), Pelican only logs that and
    goes on, and the check still stops the build with a clear message.
    """
    from pelican import signals  # noqa: PLC0415

    signals.initialized.connect(needs_check)
    from .plugin import register as connect  # noqa: PLC0415

    connect()


def needs_check(pelican) -> None:
    """Stop unless bip_metadata is listed, and has checked the content, first."""
    try:
        from bip_metadata.plugin import required_check  # noqa: PLC0415
    except ModuleNotFoundError:
        raise RuntimeError(
            f"{__name__} needs bip_metadata: list bip_metadata before "
            f"{__name__} in PLUGINS"
        ) from None
    required_check(pelican.settings, __name__)

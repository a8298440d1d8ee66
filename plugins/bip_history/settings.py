"""The plugin's settings family, BIP_HISTORY."""

from __future__ import annotations

from typing import Any

from bip_content.settings import merged_settings

DEFAULTS: dict[str, Any] = {
    # Authors never shown as "Informację wprowadził" nor in histories, matched
    # against "Name <email>" of a commit's author; `*` stands for any text.
    "bots": ["*[bot]*"],
    # How many of the newest changes the register's Atom feed carries.
    "feed_items": 50,
}


def plugin_settings(settings: dict) -> dict:
    """BIP_HISTORY merged over DEFAULTS (an unknown key is an error)."""
    return merged_settings(settings, "BIP_HISTORY", DEFAULTS)

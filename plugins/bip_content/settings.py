"""Plugin settings families over their defaults (pure, no Pelican)."""

from __future__ import annotations


def merged_settings(settings: dict, family: str, defaults: dict) -> dict:
    """A plugin's settings family (e.g. BIP_SITE) over its defaults.

    >>> merged_settings({"BIP_X": {"a": 2}}, "BIP_X", {"a": 1, "b": 1})
    {'a': 2, 'b': 1}
    """
    config = dict(settings.get(family) or {})
    unknown = sorted(set(config) - set(defaults))
    if unknown:
        raise ValueError(f"{family}: unknown keys {unknown}; known: {sorted(defaults)}")
    return dict(defaults, **config)

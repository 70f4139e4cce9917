"""Chinese catalogues, one module per part of the app (``zh_<part>.py``, each defining ``ZH``).

Every ``zh_*`` module here is merged into one catalogue; a string defined twice must be
translated the same way (checked by the tests).
"""

from __future__ import annotations

import importlib
import pkgutil


def load(prefix: str = "zh_") -> dict[str, str]:
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith(prefix):
            merged.update(importlib.import_module(f"{__name__}.{info.name}").ZH)
    return merged

"""English / 简体中文 for every string a learner sees.

UI text is written in English in the code and wrapped in ``tr(text, lang)``; the Chinese
catalogue maps each English string to its translation. It is split by part of the app:
``optim_viz/i18n/locales/zh_<part>.py``, each defining a dict ``ZH``, all merged. Placeholders use
``str.format`` names, so a sentence keeps its values in either language::

    tr("Run {name} diverged at step {step}.", lang, name=label, step=k)

A string missing from the catalogue falls back to English and is recorded in ``MISSING``;
the tests render every page in Chinese and fail if anything was recorded.

Terms are those of the Chinese course notes, one name per concept, listed in ``glossary.py``
(学习率, 动量, 指数加权平均, 偏差修正, 沟谷, 小批量, 学习率退火 for every schedule, 随步数衰减, …);
the tests check every catalogue against it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANG = "en"
MISSING: set[str] = set()


_CATALOGUES: dict[str, dict[str, str]] = {}


def _catalogue(lang: str) -> dict[str, str] | None:
    if lang != "zh":
        return None
    if "zh" not in _CATALOGUES:
        from .locales import load

        _CATALOGUES["zh"] = load("zh_")
    return _CATALOGUES["zh"]


def normalize_lang(value: Any) -> str:
    """A supported language code, or the default for anything else."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANG


def tr(text: str, lang: str = DEFAULT_LANG, /, **values: Any) -> str:
    """``text`` in ``lang`` with ``values`` filled in (English when no translation exists)."""
    catalogue = _catalogue(lang)
    if catalogue is not None:
        translated = catalogue.get(text)
        if translated is None:
            MISSING.add(text)
        else:
            text = translated
    return text.format(**values) if values else text


Translator = Callable[..., str]


def english(text: str, /, **values: Any) -> str:
    """The identity translator (English with its values filled in): the default of pure builders."""
    return text.format(**values) if values else text


def translator(lang: str) -> Translator:
    """``t = translator(lang); t("Steps")`` — a one-argument shorthand for pages."""
    lang = normalize_lang(lang)

    def t(text: str, /, **values: Any) -> str:
        return tr(text, lang, **values)

    t.lang = lang  # type: ignore[attr-defined]
    return t

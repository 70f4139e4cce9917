"""Notices: what a page says about a link value it could not use, in any language.

A ``Notice`` *is* its English text (a ``str``), and also keeps the template and values it was made
from, so a page can show it in the learner's language with ``notice.render(t)``. Values may be
notices themselves (a run's name inside a message about one of its values); they are translated
too. ``LinkError`` is a ValueError carrying a notice, for the parsers of link values; a formula's
``ParseError`` becomes a notice too (its reason, the character it stopped at and its hint).
"""

from __future__ import annotations

from typing import Any

from ..core.expr import ParseError
from ..core.optimizers import HparamError


class Notice(str):
    """An English message with the template and values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Notice:
        obj = super().__new__(cls, template.format(**values) if values else template)
        obj.template, obj.values = template, values
        return obj

    def render(self, t=None) -> str:
        """The message in t's language (English without a translator)."""
        if t is None:
            return str(self)
        values = {k: v.render(t) if isinstance(v, Notice) else v for k, v in self.values.items()}
        return t(self.template, **values)


class LinkError(ValueError):
    """A value in a link that cannot be read; ``notice`` says why, translatably."""

    def __init__(self, template: str, **values: Any):
        self.notice = Notice(template, **values)
        super().__init__(str(self.notice))


def why(err: Exception) -> str:
    """The reason of an error for a notice: translatable when it is ours or the engine's refusal of
    a combination, the message otherwise."""
    if isinstance(err, ParseError):
        return formula_notice(err)
    if isinstance(err, HparamError):
        return Notice(err.template, **err.values)
    return getattr(err, "notice", None) or str(err)


def formula_notice(err: ParseError) -> Notice:
    """A formula's problem as a notice: 'unknown name 'foo' at character 8 (allowed: x, y, …)'."""
    problem = Notice(err.template, **err.values)
    hint = Notice(err.hint_template, **err.values) if err.hint_template else None
    if err.position is None:
        return Notice("{problem} ({hint})", problem=problem, hint=hint) if hint else problem
    if hint is None:
        return Notice("{problem} at character {pos}", problem=problem, pos=err.position + 1)
    return Notice("{problem} at character {pos} ({hint})", problem=problem, pos=err.position + 1, hint=hint)

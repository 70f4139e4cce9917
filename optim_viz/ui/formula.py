"""A typed formula that cannot be used, shown in the page's language: the parser's reason and
hint translated, the character it stopped at, and the formula with a caret under that spot."""

from __future__ import annotations

import streamlit as st

from ..core.expr import ParseError
from ..i18n import Translator


def formula_error(err: ValueError, t: Translator, fallback: str | None = None) -> None:
    """Say why the formula cannot be used (and, with ``fallback``, which formula is still shown)."""
    problem, hint = err.render(t) if isinstance(err, ParseError) else (str(err), "")
    position = err.position if isinstance(err, ParseError) else None
    if position is not None and fallback is not None:
        text = t("This formula cannot be used: {problem} (character {pos}, marked below). Still showing "
                 "f = {fallback}.", problem=problem, pos=position + 1, fallback=fallback)  # fmt: skip
    elif position is not None:
        text = t("This formula cannot be used: {problem} (character {pos}, marked below).", problem=problem,
                 pos=position + 1)  # fmt: skip
    elif fallback is not None:
        text = t("This formula cannot be used: {problem}. Still showing f = {fallback}.", problem=problem,
                 fallback=fallback)  # fmt: skip
    else:
        text = t("This formula cannot be used: {problem}.", problem=problem)
    st.error(text, icon=":material/error:")
    if hint:
        st.caption(t("Hint: {hint}", hint=hint))
    caret = err.caret() if isinstance(err, ParseError) else ""
    if caret:
        st.code(caret, language=None)

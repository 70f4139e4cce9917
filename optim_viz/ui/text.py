"""Text shown literally: link notices echo what was in the URL."""

from __future__ import annotations

_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:=")


def escape_markdown(text: str) -> str:
    """Text shown literally by st.markdown/st.warning (no Markdown, no LaTeX, no links)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)

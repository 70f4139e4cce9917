"""Lesson presets: a gallery of one-click links, each opening a page in a prepared state."""

from __future__ import annotations

import streamlit as st

from optim_viz.state import presets as P
from optim_viz.ui.language import language_switch

t = language_switch()


def base_url() -> str:
    """The app's address up to the page name (links are relative when it is unknown)."""
    url = st.context.url or ""
    return url.rsplit("/", 1)[0] + "/" if "://" in url else ""


def card(preset: P.Preset, base: str) -> None:
    with st.container(border=True, key=f"preset_{preset.id}"):
        st.subheader(t(preset.title))
        st.caption(t("Opens: {page}", page=t(P.PAGE_TITLES[preset.page])))
        st.markdown(t(preset.caption))
        link = P.link(preset, t.lang)
        st.link_button(t("Open this preset"), base + link, icon=":material/play_arrow:", type="primary")
        with st.expander(t("Link to share")):
            st.code(base + link, language=None, wrap_lines=True)


def main() -> None:
    st.title(t("Lesson presets"))
    st.markdown(
        t(
            "Each card opens a figure of the course in a prepared state. The link holds the whole setting, so "
            "you can share it or put it on a slide; everything stays adjustable once it is open."
        )
    )
    base = base_url()
    columns = st.columns(3)
    for i, preset in enumerate(P.PRESETS):
        with columns[i % 3]:
            card(preset, base)


main()

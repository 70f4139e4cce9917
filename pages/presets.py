"""Lesson presets: a gallery of pictures, each a link opening a page in a prepared state."""

from __future__ import annotations

import streamlit as st

from optim_viz.state import presets as P
from optim_viz.ui import cache
from optim_viz.ui.language import language_switch

t = language_switch()


def base_url() -> str:
    """The app's address up to the page name (links are relative when it is unknown)."""
    url = st.context.url or ""
    return url.rsplit("/", 1)[0] + "/" if "://" in url else ""


def card(preset: P.Preset, base: str) -> None:
    link = base + P.link(preset, t.lang)
    title = t(preset.title)
    with st.container(border=True, key=f"preset_{preset.id}"):
        st.image(cache.preset_picture(preset), link=link, width="stretch",
                 alt=t("Open the preset “{title}”", title=title))  # fmt: skip
        st.subheader(title)
        st.caption(t("Opens: {page}", page=t(P.PAGE_TITLES[preset.page])))
        st.markdown(t(preset.caption))
        st.link_button(t("Open this preset"), link, icon=":material/play_arrow:", type="primary")
        with st.expander(t("Link to share")):
            st.code(link, language=None, wrap_lines=True)


def main() -> None:
    st.title(t("Lesson presets"))
    st.markdown(
        t(
            "Each picture is a figure of the course, drawn from the run it opens: click it to open that page in "
            "the prepared state. The link holds the whole setting, so you can share it or put it on a slide; "
            "everything stays adjustable once it is open."
        )
    )
    base = base_url()
    columns = st.columns(3)
    for i, preset in enumerate(P.PRESETS):
        with columns[i % 3]:
            card(preset, base)


main()

"""The animation export on a page: format, size and frames per second, a Render button with a
progress bar (the file is drawn on the server from the engine's paths, never through a browser),
then the download. The file is kept in the session until the view or the options change."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..i18n import Translator
from ..render.animation_export import result_animation, text_font
from ..state import export as E
from .widgets import seed

MIME = {"gif": "image/gif", "mp4": "video/mp4"}


def export_controls(key: str, options: tuple[str, str, int], t: Translator) -> tuple[str, str, int]:
    """The three option widgets, seeded from ``options``; returns the chosen (format, size, fps)."""
    fmt0, size0, fps0 = options
    seed(f"{key}_format", fmt0)
    seed(f"{key}_size", size0)
    seed(f"{key}_fps", int(fps0))
    a, b, c = st.columns(3)
    fmt = a.radio(t("Format"), E.FORMATS, key=f"{key}_format", horizontal=True, format_func=str.upper)
    size = b.selectbox(t("Size (pixels)"), E.SIZES, key=f"{key}_size", format_func=lambda s: s.replace("x", " × "))
    fps = c.select_slider(t("Frames per second"), E.FPS, key=f"{key}_fps")
    return fmt, size, int(fps)


def animation_download(key: str, view: object, make_result: Callable, options: tuple[str, str, int], t: Translator,
                       file_stem: str, references=()) -> None:  # fmt: skip
    """Render the animation of ``make_result()`` on request, with a progress bar; offer the file."""
    fmt, size, fps = options
    signature = repr((view, options, t.lang))
    stored = st.session_state.get(f"{key}_file")
    if st.button(t("Render the animation ({fmt})", fmt=fmt.upper()), key=f"{key}_render", icon=":material/movie:"):
        bar = st.progress(0.0, text=t("Drawing the frames…"))
        try:
            data = result_animation(make_result(), format=fmt, size=E.pixels(size), fps=fps,
                                    step_label=t("step {k} / {n}", k="{k}", n="{n}"), references=references,
                                    progress=lambda f: bar.progress(min(max(f, 0.0), 1.0)))  # fmt: skip
        except ValueError as err:  # a bound (frames, pixels, time) was hit: say which, never a traceback
            bar.empty()
            st.error(t("The animation could not be rendered: {error}", error=str(err)))
            return
        bar.empty()
        stored = (signature, data)
        st.session_state[f"{key}_file"] = stored
    if stored is not None and stored[0] == signature:
        st.download_button(t("Download the {fmt} ({kb} KB)", fmt=fmt.upper(), kb=round(len(stored[1]) / 1000)),
                           data=stored[1], file_name=f"{file_stem}.{fmt}", mime=MIME[fmt], key=f"{key}_download",
                           on_click="ignore", icon=":material/download:", type="primary")  # fmt: skip
    if t.lang != "en" and not text_font().cjk:
        st.caption(t("This server has no font for Chinese: labels in the file will show as boxes."))

"""The page language, kept in the URL (``?lang=zh``), and the switch that sets it.

Streamlit-dependent helpers shared by every page (the engine never imports this).
"""

from __future__ import annotations

import streamlit as st

from .i18n import DEFAULT_LANG, LANGUAGES, normalize_lang, translator

LANG_KEY = "lang"


def ensure_app_navigation() -> None:
    """Make a shared deep link (``/neuron?…``) run through app.py, even on a fresh server.

    Streamlit remembers, per process, whether the app uses the legacy ``pages/`` folder; until
    app.py's ``st.navigation`` has run once, a deep link runs the page script on its own (no
    app layout, a sidebar of file names). Clearing that flag and rerunning makes the next run
    go through app.py, which routes to the same page by its URL path.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_lang() -> str:
    """The language from the URL (falls back to English for anything unknown)."""
    return normalize_lang(st.query_params.get(LANG_KEY, DEFAULT_LANG))


def language_switch(where=None):
    """A language selector (in the sidebar by default) bound to ``?lang=``; returns ``t``.

    Call it first on every page: ``t = language_switch()`` then ``st.header(t("Steps"))``.
    """
    ensure_app_navigation()
    lang = current_lang()
    box = where if where is not None else st.sidebar
    codes = list(LANGUAGES)
    choice = box.selectbox(
        "🌐 " + translator(lang)("Language"),
        codes,
        index=codes.index(lang),
        format_func=lambda c: LANGUAGES[c],
        key="ui_language",
    )
    if choice != lang:
        if choice == DEFAULT_LANG:
            del st.query_params[LANG_KEY]
        else:
            st.query_params[LANG_KEY] = choice
        lang = choice
    return translator(lang)

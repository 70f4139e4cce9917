"""The page language, kept in the URL (``?lang=zh``), and the switch that sets it.

Streamlit-dependent helpers shared by every page (the engine never imports this).
"""

from __future__ import annotations

import streamlit as st

from ..i18n import DEFAULT_LANG, LANGUAGES, normalize_lang, translator

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


_PREF_KEY = "_optim_viz_lang"


def current_lang() -> str:
    """The language from the URL, else the one chosen earlier in this session, else English.

    Streamlit clears the query string on a sidebar page switch; the session remembers the
    choice and writes it back, so the next page and its link stay in the same language.
    """
    if LANG_KEY in st.query_params:
        lang = normalize_lang(st.query_params.get(LANG_KEY))
    else:
        lang = normalize_lang(st.session_state.get(_PREF_KEY, DEFAULT_LANG))
        if lang != DEFAULT_LANG:
            st.query_params[LANG_KEY] = lang
    st.session_state[_PREF_KEY] = lang
    return lang


def _on_language_change() -> None:
    choice = normalize_lang(st.session_state.get(_WIDGET_KEY))
    st.session_state[_PREF_KEY] = choice
    if choice == DEFAULT_LANG:
        st.query_params.pop(LANG_KEY, None)
    else:
        st.query_params[LANG_KEY] = choice


_WIDGET_KEY = "ui_language"


def language_switch(where=None):
    """A language selector (in the sidebar by default) bound to ``?lang=``; returns ``t``.

    Call it first on every page: ``t = language_switch()`` then ``st.header(t("Steps"))``.
    The URL is the source of truth; the selector only writes to it.
    """
    ensure_app_navigation()
    lang = current_lang()
    st.session_state[_WIDGET_KEY] = lang  # set before the widget exists: it shows the URL's language
    box = where if where is not None else st.sidebar
    box.selectbox(
        ":material/translate: " + translator(lang)("Language"),
        list(LANGUAGES),
        format_func=lambda c: LANGUAGES[c],
        key=_WIDGET_KEY,
        on_change=_on_language_change,
    )
    return translator(lang)

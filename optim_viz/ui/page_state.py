"""Every page's state in its link, through the one schema (``state.schema``).

On a page's first run in a session, or when the link changed since we last wrote it (a preset
opened in the same tab), the URL is decoded into the page state, with notices for anything
malformed; the page's widgets are then seeded from that state. After the widgets are drawn the
page hands back its new state and ``sync`` writes it to the URL, so the address bar is always a
shareable link. The state is also kept in the session, so leaving the page and coming back
restores it even though Streamlit drops the state of widgets that were not drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ..i18n import Translator
from ..state.notices import Notice
from ..state.schema import Choice, Flag, Grid, Real, Schema, Subset, Text, Whole
from .text import escape_markdown


@dataclass
class PageState:
    """A page's state in this session: the current state, what the link said, and its notices."""

    schema: Schema
    state: Any
    decoded: Any
    notices: list[Notice]
    read: dict[str, Any]
    written: dict[str, Any] | None = None
    values: dict[str, Any] = field(default_factory=dict)  # working copy while widgets are drawn (dict states)

    def widget_key(self, key: str) -> str:
        return widget_key(self.schema, key)


def widget_key(schema: Schema, key: str) -> str:
    return f"{schema.page}__{key}"


def _current_query(schema: Schema) -> dict[str, Any]:
    q = st.query_params
    return {k: (q.get_all(k) if len(q.get_all(k)) > 1 else q.get(k)) for k in q if k not in schema.foreign_keys}


def _comparable(query: dict[str, Any]) -> dict[str, Any]:
    """A query as the address bar holds it: a list of one value reads back as that value."""
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in query.items()}


def load(schema: Schema, on_fresh: Callable[[], None] | None = None) -> PageState:
    """The page state: decoded from the URL when the URL is new to us, else the session's."""
    ss = st.session_state
    query = _current_query(schema)
    known: PageState | None = ss.get(schema.page)
    ours = any(k in schema.keys for k in query)
    fresh = known is None or (query not in (known.read, known.written) and (ours or bool(query)))
    if fresh:
        state, notices = schema.decode(query)
        known = PageState(schema, state, state, notices, query)
        ss[schema.page] = known
        prefix = f"{schema.page}__"
        for k in [k for k in ss if isinstance(k, str) and k.startswith(prefix)]:
            del ss[k]  # widgets are seeded again from the new state
        if on_fresh is not None:
            on_fresh()
    if isinstance(known.state, dict):
        known.values = _with_widget_values(schema, dict(known.state))
    return known


_SIMPLE_KINDS = (Grid, Real, Whole, Flag, Choice, Subset, Text)


def _with_widget_values(schema: Schema, values: dict[str, Any]) -> dict[str, Any]:
    """The state with what the learner just changed: Streamlit sets a widget's value before the
    run, so notices and anything drawn above a widget already see the new value."""
    ss = st.session_state
    for f in schema.fields:
        key = widget_key(schema, f.key)
        if isinstance(f.kind, _SIMPLE_KINDS) and key in ss:
            v = ss[key]
            values[f.key] = tuple(o for o in f.kind.options if o in v) if isinstance(f.kind, Subset) else v
    return values


def sync(ps: PageState, state: Any | None = None) -> None:
    """Keep ``state`` (default: the widget values collected in ``ps.values``) and write it to the
    URL when it changed, keeping the language."""
    ps.state = dict(ps.values) if state is None else state
    encoded = ps.schema.encode(ps.state)
    if _comparable(encoded) == ps.written and _current_query(ps.schema) == ps.written:
        return  # also rewrites the URL after a page switch cleared it
    keep = {k: st.query_params.get(k) for k in ps.schema.foreign_keys if k in st.query_params}
    st.query_params.from_dict({**encoded, **keep})
    ps.written = _comparable(encoded)


def notices(ps: PageState, t: Translator, current: Any = None,
            unchanged: Callable[[Any, Any], bool] | None = None) -> None:  # fmt: skip
    """The link's notices, until the learner changes something: ``current`` (default: the widget
    values collected so far) differs from what the link said (``unchanged`` compares states)."""
    same = unchanged or (lambda a, b: a == b)
    now = current if current is not None else (ps.values if isinstance(ps.state, dict) else ps.state)
    if ps.notices and not same(now, ps.decoded):
        ps.notices = []
    for n in ps.notices:
        st.warning(t("Link problem: ") + escape_markdown(n.render(t)), icon=":material/link_off:")

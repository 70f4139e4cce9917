"""Streamlit glue: the page state bound to the link, widgets bound to the schema, the language
switch, and the one bounded cache home. The only package (with ``pages/`` and ``app.py``) that
imports Streamlit."""

"""optim_viz: page configuration and navigation only."""

import streamlit as st

st.set_page_config(page_title="optim_viz", page_icon="📉", layout="wide", initial_sidebar_state="expanded")
st.navigation([st.Page("pages/playground.py", title="Playground", icon="🎯", default=True)]).run()

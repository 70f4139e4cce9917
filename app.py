"""optim_viz: page configuration and navigation only."""

import streamlit as st

st.set_page_config(page_title="optim_viz", page_icon="📉", layout="wide")
st.title("optim_viz")
st.write("Gradient-descent optimizers, made visible.")

"""optim_viz: page configuration and navigation only."""

import streamlit as st

st.set_page_config(page_title="optim_viz", page_icon="📉", layout="wide", initial_sidebar_state="expanded")
st.navigation(
    [
        st.Page("pages/playground.py", title="Playground", icon="🎯", default=True),
        st.Page("pages/momentum.py", title="Momentum & ravines", icon="🎢"),
        st.Page("pages/hyperparameter_map.py", title="Hyperparameter map", icon="🗺️"),
        st.Page("pages/race.py", title="Optimizer race", icon="🏁"),
        st.Page("pages/ewma.py", title="Exponentially weighted averages", icon="〰️"),
        st.Page("pages/schedules.py", title="Learning-rate schedules", icon="📉"),
        st.Page("pages/neuron.py", title="Mini-batches on a neuron", icon="🧠"),
        st.Page("pages/presets.py", title="Lesson presets", icon="🎓"),
    ]
).run()

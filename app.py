"""optim_viz: page configuration and navigation only."""

import streamlit as st

from optim_viz.i18n import translator
from optim_viz.pagelang import current_lang

# No page_icon: Streamlit fetches Material and emoji favicons from a CDN, which offline classrooms lack.
st.set_page_config(page_title="optim_viz", layout="wide", initial_sidebar_state="expanded")
t = translator(current_lang())
st.navigation(
    [
        st.Page("pages/playground.py", title=t("Playground"), icon=":material/scatter_plot:", default=True),
        st.Page("pages/momentum.py", title=t("Momentum & ravines"), icon=":material/landscape:"),
        st.Page("pages/hyperparameter_map.py", title=t("Hyperparameter map"), icon=":material/grid_on:"),
        st.Page("pages/race.py", title=t("Optimizer race"), icon=":material/sports_score:"),
        st.Page("pages/ewma.py", title=t("Exponentially weighted averages"), icon=":material/show_chart:"),
        st.Page("pages/schedules.py", title=t("Learning-rate schedules"), icon=":material/trending_down:"),
        st.Page("pages/neuron.py", title=t("Mini-batches on a neuron"), icon=":material/psychology:"),
        st.Page("pages/presets.py", title=t("Lesson presets"), icon=":material/school:"),
    ]
).run()

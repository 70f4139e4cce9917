"""optim_viz: page configuration and navigation only."""

import streamlit as st

from optim_viz.i18n import translator
from optim_viz.ui.language import current_lang

# No page or page_icon icons: Streamlit turns them into a favicon fetched from a CDN, which offline
# classrooms (and locked-down school networks) cannot reach.
st.set_page_config(page_title="optim_viz", layout="wide", initial_sidebar_state="expanded")
t = translator(current_lang())
st.navigation(
    {
        t("Explore"): [
            st.Page("pages/playground.py", title=t("Playground"), default=True),
            st.Page("pages/hyperparameter_map.py", title=t("Hyperparameter map")),
            st.Page("pages/race.py", title=t("Optimizer race")),
        ],
        t("Lessons"): [
            st.Page("pages/descent_1d.py", title=t("Gradient descent in 1-D")),
            st.Page("pages/momentum.py", title=t("Momentum & ravines")),
            st.Page("pages/adaptive.py", title=t("Adaptive step sizes")),
            st.Page("pages/ewma.py", title=t("Exponentially weighted averages")),
            st.Page("pages/schedules.py", title=t("Learning-rate schedules")),
            st.Page("pages/neuron.py", title=t("Mini-batches on a neuron")),
        ],
        t("Presets"): [
            st.Page("pages/presets.py", title=t("Lesson presets")),
        ],
    }
).run()

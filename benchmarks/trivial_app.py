"""The floor of a Streamlit round trip on this machine: one slider, one Plotly line of 300 points.

``benchmarks/bench_browser.py`` serves it next to optim_viz and times both in the same run.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

a = st.slider("a", 0.0, 10.0, 1.0, 0.1)
x = np.linspace(0.0, 10.0, 300)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(a * x), mode="lines")), key="chart")

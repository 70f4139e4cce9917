"""optim_viz: gradient-descent optimizers made visible.

The engine (surfaces, optimizers, schedules, engine) is pure NumPy; nothing here imports
Streamlit or Plotly, so the CLI starts fast.
"""

__version__ = "0.1.0"

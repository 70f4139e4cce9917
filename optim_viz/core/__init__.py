"""The math: loss surfaces, torch.optim's optimizers, schedules, the vectorized engine, theory,
typed formulas and their exact gradients. NumPy only (sympy loaded lazily for typed formulas); no
Streamlit, no Plotly, no page language."""

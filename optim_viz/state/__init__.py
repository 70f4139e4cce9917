"""Every page's state: one schema for all pages (typed fields, defaults, validation with notices,
link encoding), the values each control offers, and the lesson presets. No Streamlit, no Plotly."""

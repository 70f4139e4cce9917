"""Figures and other views: data in, ``go.Figure`` (or text, tables, files) out. No Streamlit.

``kit`` holds what every figure shares (one array encoding, one log floor, the base layout, the
surface image, named traces); then one module per topic.
"""

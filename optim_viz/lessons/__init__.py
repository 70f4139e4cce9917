"""The computations behind each lesson page, one module per topic: plain values and engine results
in, plain data out. No Streamlit, no Plotly, no page language."""

"""Server-side rendering of results into files (animated GIF and MP4): Pillow and NumPy, no Plotly."""

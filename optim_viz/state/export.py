"""The options of an animation export (GIF or MP4): format, frame size and frames per second, as
link fields shared by every page that exports its animation."""

from __future__ import annotations

from .schema import Choice, Field, grid_field

FORMATS = ("gif", "mp4")
SIZES = ("640x360", "1280x720", "1920x1080")  # slides are 16:9; 1280 × 720 is the default
FPS = (5, 10, 15, 20, 25, 30)
DEFAULT = ("gif", "1280x720", 20)


def export_fields() -> tuple[Field, ...]:
    """``export=gif&size=1280x720&fps=20`` (each left out of the link while it is the default)."""
    return (
        Field("export", Choice(FORMATS), DEFAULT[0], optional=True),
        Field("size", Choice(SIZES), DEFAULT[1], optional=True),
        grid_field("fps", DEFAULT[2], FPS, optional=True),
    )


def pixels(size: str) -> tuple[int, int]:
    """'1280x720' → (1280, 720)."""
    w, h = size.split("x")
    return int(w), int(h)

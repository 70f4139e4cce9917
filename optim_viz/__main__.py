"""``python -m optim_viz``: see optim_viz.cli."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())

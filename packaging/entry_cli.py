"""PyInstaller's entry point for ``fortsync`` (the same as the console script)."""

import sys

from fortsync_gui.cli import main

sys.exit(main())

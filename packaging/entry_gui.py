"""PyInstaller's entry point for ``fortsync-gui`` (the same as the console script)."""

import sys

from fortsync_gui.gui.app import main

sys.exit(main())

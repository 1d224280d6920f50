import sys

from fortsync_gui.cli import main

sys.exit(main())

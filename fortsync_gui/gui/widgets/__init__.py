"""Small reusable widgets: masked key field, busy indicator, help text, status lines and check rows."""

from .busy import BusyIndicator
from .help_label import HelpLabel
from .secret_line_edit import SecretLineEdit
from .status import CheckRow, Status, StatusLine

__all__ = ["BusyIndicator", "CheckRow", "HelpLabel", "SecretLineEdit", "Status", "StatusLine"]

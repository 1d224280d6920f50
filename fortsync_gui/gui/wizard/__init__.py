"""The setup wizard (R1–R3): Välkommen, Upsales, Fortnox, Inställningar, Kontroller och förhandsgranskning, Klart."""

from .backend import Endpoints
from .context import DemoHints, Module, PreviewSeam, ProfileDraft, WizardContext
from .page import PageId
from .wizard import SetupWizard

__all__ = ["DemoHints", "Endpoints", "Module", "PageId", "PreviewSeam", "ProfileDraft", "SetupWizard",
           "WizardContext"]

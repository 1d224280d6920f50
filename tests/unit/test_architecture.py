"""Dependency rules of DESIGN.md §3, checked on the source (AST) so they cannot rot."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "fortsync_gui"
# Entry points that may start the sandbox for the demo; everything else must not know it exists.
SANDBOX_ENTRY_POINTS = {"cli/sandbox.py", "demo.py", "gui/app.py", "gui/demo.py"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # resolve relative imports against the module's package
                base = path.relative_to(PKG.parent).with_suffix("").parts[: -node.level]
                names.append(".".join((*base, node.module or "")).rstrip("."))
            elif node.module:
                names.append(node.module)
    return names


def _modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(PKG).as_posix(), p) for p in sorted(PKG.rglob("*.py"))]


def test_only_gui_imports_pyside6() -> None:
    offenders = [rel for rel, p in _modules() if not rel.startswith("gui/")
                 and any(n.split(".")[0] == "PySide6" for n in _imports(p))]
    assert offenders == [], f"PySide6 imported outside fortsync_gui/gui/: {offenders}"


def test_nothing_outside_sandbox_imports_it() -> None:
    offenders = [rel for rel, p in _modules()
                 if not rel.startswith("sandbox/") and rel not in SANDBOX_ENTRY_POINTS
                 and any(n.startswith("fortsync_gui.sandbox") for n in _imports(p))]
    assert offenders == [], f"modules importing the sandbox: {offenders}"


def test_layers() -> None:
    forbidden = {
        "domain/": ("httpx", "sqlalchemy", "fortsync_gui.clients", "fortsync_gui.store", "fortsync_gui.engine"),
        "clients/": ("sqlalchemy", "fortsync_gui.store", "fortsync_gui.engine", "fortsync_gui.gui"),
        "store/": ("httpx", "fortsync_gui.clients", "fortsync_gui.engine", "fortsync_gui.gui"),
        "engine/": ("fortsync_gui.gui",),
    }
    offenders = []
    for rel, p in _modules():
        for prefix, banned in forbidden.items():
            if rel.startswith(prefix):
                offenders += [f"{rel} -> {n}" for n in _imports(p) if n.startswith(banned)]
    assert offenders == []


def test_headless_modules_do_not_load_qt() -> None:
    code = ("import sys, fortsync_gui.cli, fortsync_gui.clients.http, fortsync_gui.sandbox;"
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_gui_does_not_import_the_cli() -> None:
    """The app and the CLI share texts through fortsync_gui.messages, never through the CLI's modules."""
    offenders = [f"{rel} -> {n}" for rel, p in _modules() if rel.startswith("gui/")
                 for n in _imports(p) if n in ("fortsync_gui.cli", "fortsync_gui.cli_output")
                 or n.startswith("fortsync_gui.cli.")]
    assert offenders == []


def test_the_message_catalogue_needs_only_the_standard_library_and_the_redactor() -> None:
    allowed = set(sys.stdlib_module_names) | {"fortsync_gui.clients.redact"}
    imports = _imports(PKG / "messages.py")
    assert [n for n in imports if n not in allowed and n.split(".")[0] not in sys.stdlib_module_names] == []


def test_the_wizard_preview_and_the_profile_repository_do_not_import_each_other() -> None:
    """Both build on gui/drafts.py (the wizard's drafts and the store's settings)."""
    preview, repository = _imports(PKG / "gui" / "preview.py"), _imports(PKG / "gui" / "profiles.py")
    assert "fortsync_gui.gui.profiles" not in preview and "fortsync_gui.gui.preview" in repository
    assert "fortsync_gui.gui.drafts" in preview and "fortsync_gui.gui.drafts" in repository

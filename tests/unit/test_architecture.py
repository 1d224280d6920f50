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


# What assembles a sync: only the engine's one way in (engine/session.py) calls these. Everybody else (CLI, GUI worker,
# wizard preview, demo, benchmarks, the test harness) calls session.run.
ASSEMBLY = {"fortsync_gui.engine.runner": {"run_sync"}, "fortsync_gui.engine.connect": {"connect"},
            "fortsync_gui.engine.defaults": {"with_defaults", "needs_defaults"}}
ENGINE_ENTRY = "engine/session.py"


def _imported_names(path: Path) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if node.level:
                base = path.relative_to(PKG.parent).with_suffix("").parts[: -node.level]
                module = ".".join((*base, node.module))
            out |= {(module, alias.name) for alias in node.names}
    return out


def test_only_the_engines_entry_assembles_a_sync() -> None:
    offenders = []
    for rel, path in _modules():
        if rel == ENGINE_ENTRY:
            continue
        for module, name in _imported_names(path):
            if name in ASSEMBLY.get(module, ()):
                offenders.append(f"{rel}: {module}.{name}")
    assert offenders == [], f"call fortsync_gui.engine.session.run instead: {offenders}"


def test_the_assembly_rule_sees_what_it_should(tmp_path: Path) -> None:
    """The rule above would catch the CLI of the first version (it imported run_sync and connect itself)."""
    sample = tmp_path / "cli.py"
    sample.write_text("from fortsync_gui.engine.runner import run_sync\n"
                      "from fortsync_gui.engine.connect import connect\n")
    found = _imported_names(sample)
    assert {("fortsync_gui.engine.runner", "run_sync"), ("fortsync_gui.engine.connect", "connect")} <= found


# Store functions that write, named here so the scan below is checked against what it derives from the store.
STORE_WRITERS = {"create_profile", "update_profile", "delete_profile", "record_conflict", "resolve_conflict",
                 "mark_applied", "set_field_rule", "delete_field_rule", "propose_deletion", "confirm_deletion",
                 "keep_record", "mark_executed", "suggest_match", "accept_match", "reject_match", "upsert_link",
                 "unlink", "set_cursor", "reset_cursors", "start_run", "finish_run", "record_item", "acquire",
                 "release"}
_WRITES = {"commit", "add", "add_all", "flush", "merge", "delete", "rowcount"}


def _store_writers() -> dict[str, set[str]]:
    """Per store module, its public functions that write: those that commit, add, flush or delete, and those that
    call such a function of the same module."""
    found: dict[str, set[str]] = {}
    for path in sorted((PKG / "store").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls: dict[str, set[str]] = {}
        for fn in tree.body:
            if isinstance(fn, ast.FunctionDef):
                called = calls.setdefault(fn.name, set())
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call):
                        func = node.func
                        called.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
        writers = {name for name, called in calls.items() if called & _WRITES}
        while more := {name for name, called in calls.items() if called & writers} - writers:
            writers |= more
        found[path.stem] = {name for name in writers if not name.startswith("_")}
    return found


def _store_writes_in(path: Path, writers: dict[str, set[str]]) -> list[str]:
    """Every use (a call, or the function passed on) of a writing store function in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> store module
    functions: dict[str, str] = {}  # local name -> writing function
    packages: set[str] = set()  # local names of fortsync_gui.store itself
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "fortsync_gui.store" and alias.name in writers:
                    modules[local] = alias.name
                elif node.module == "fortsync_gui" and alias.name == "store":
                    packages.add(local)
                elif node.module.startswith("fortsync_gui.store.") and \
                        alias.name in writers.get(node.module.rsplit(".", 1)[1], ()):
                    functions[local] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[:2] == ["fortsync_gui", "store"] and len(parts) == 3 and alias.asname:
                    modules[alias.asname] = parts[2]
    uses: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            module = None
            if isinstance(owner, ast.Name):
                module = modules.get(owner.id)
            elif isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and \
                    owner.value.id in packages | {"fortsync_gui.store"}:
                module = owner.attr
            if module is not None and node.attr in writers.get(module, ()):
                uses.append((node.lineno, f"{module}.{node.attr} (line {node.lineno})"))
        elif isinstance(node, ast.Name) and node.id in functions:
            uses.append((node.lineno, f"{functions[node.id]} (line {node.lineno})"))
    return [use for _, use in sorted(uses)]


def test_the_scan_knows_the_store_functions_that_write() -> None:
    derived = set().union(*_store_writers().values())
    assert STORE_WRITERS - derived == set()
    assert not {"get_profile", "list_profiles", "open_conflicts", "list_matches", "list_runs"} & derived


def test_the_gui_never_writes_the_store_directly() -> None:
    """The GUI decides through fortsync_gui.engine (decisions, profiles, session.run); it only reads the store."""
    writers = _store_writers()
    offenders = [f"{rel}: {use}" for rel, p in _modules() if rel.startswith("gui/")
                 for use in _store_writes_in(p, writers)]
    assert offenders == []


def test_the_scan_would_notice_a_write(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from fortsync_gui.store import matches, profiles\n"
                      "from fortsync_gui import store\n"
                      "from fortsync_gui.store.deletions import keep_record\n"
                      "profiles.get_profile(s, 'a')\n"
                      "(matches.accept_match if x else matches.reject_match)(s, 1)\n"
                      "store.profiles.delete_profile(s, 'a')\n"
                      "decide = keep_record\n", encoding="utf-8")
    assert _store_writes_in(sample, _store_writers()) == [
        "matches.accept_match (line 5)", "matches.reject_match (line 5)", "profiles.delete_profile (line 6)",
        "keep_record (line 7)"]


def test_the_wizard_preview_and_the_profile_repository_do_not_import_each_other() -> None:
    """Both build on gui/drafts.py (the wizard's drafts and the store's settings)."""
    preview, repository = _imports(PKG / "gui" / "preview.py"), _imports(PKG / "gui" / "profiles.py")
    assert "fortsync_gui.gui.profiles" not in preview and "fortsync_gui.gui.preview" in repository
    assert "fortsync_gui.gui.drafts" in preview and "fortsync_gui.gui.drafts" in repository

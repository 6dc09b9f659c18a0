"""The package's layers point one way, and core and session never load Qt.

Layers, top to bottom: ``ui | cli > lessons > session > core``. A module may import from its own
layer or a lower one, never a higher one. Two refinements:

- ``cli`` may import ``ui`` only lazily (inside a function), to open the app or render a shot;
  ``ui`` never imports ``cli``.
- Inside core, ``core.surfaces`` and ``core.networks`` are independent of each other (both may
  use the rest of core: params, history, race, optim).

The checker reads the source with :mod:`ast` (no import-linter dependency) and is itself tested
on a synthetic package with wrong-way imports, so a broken checker cannot pass silently.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: layer name -> rank; a module may import ranks <= its own ("ui" and "cli" are side by side)
RANK = {"core": 0, "session": 1, "lessons": 2, "cli": 3, "ui": 3}
#: sibling sub-packages of core that must not know each other
INDEPENDENT = ("core.surfaces", "core.networks")


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _imports(tree: ast.AST, module: str, is_package: bool):
    """Yield (imported module, line, lazy) for every import; lazy = inside a function."""

    def visit(node, lazy):
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, lazy
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                yield target, child.lineno, lazy
                for alias in child.names:  # `from pkg import submodule`
                    yield f"{target}.{alias.name}", child.lineno, lazy
            yield from visit(child, inner)

    yield from visit(tree, False)


def _layer(module: str, package: str) -> str | None:
    parts = module.split(".")
    if parts[0] != package or len(parts) < 2:
        return None
    return parts[1] if parts[1] in RANK else None


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_violations(root: Path, package: str = "playground") -> list[str]:
    """Every import in ``root/package`` that points the wrong way, as readable lines."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        module, is_package = _module_name(path, root)
        source_layer = _layer(module, package)
        if source_layer is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target, line, lazy in _imports(tree, module, is_package):
            target_layer = _layer(target, package)
            if target_layer is None or target_layer == source_layer:
                pass
            elif source_layer == "cli" and target_layer == "ui":
                if not lazy:
                    found.append(f"{module}:{line} imports {target} at module level "
                                 "(cli may import ui only inside a function)")
                continue
            elif RANK[target_layer] >= RANK[source_layer]:
                found.append(f"{module}:{line} imports {target} ({source_layer} -> "
                             f"{target_layer} points up)")
                continue
            for a, b in (INDEPENDENT, INDEPENDENT[::-1]):
                if _within(module, f"{package}.{a}") and _within(target, f"{package}.{b}"):
                    found.append(f"{module}:{line} imports {target} ({a} must not know {b})")
    return sorted(set(found))


def test_the_package_respects_its_layers():
    assert layer_violations(ROOT) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_reports_wrong_way_imports(tmp_path):
    init = ""
    _write(tmp_path, {
        "pkg/__init__.py": init, "pkg/core/__init__.py": init, "pkg/session/__init__.py": init,
        "pkg/lessons/__init__.py": init, "pkg/cli/__init__.py": init, "pkg/ui/__init__.py": init,
        "pkg/core/surfaces/__init__.py": init, "pkg/core/networks/__init__.py": init,
        # wrong: core -> session (relative), session -> lessons (lazy still counts)
        "pkg/core/params.py": "from ..session import model\n",
        "pkg/session/model.py": "def f():\n    from pkg.lessons import x\n",
        # wrong: surfaces -> networks; ui -> cli; cli -> ui at module level
        "pkg/core/surfaces/race.py": "from ..networks.race import STATUS\nfrom ..params import P\n",
        "pkg/ui/shot.py": "from ..cli.args import parse_int\n",
        "pkg/cli/shot.py": "from ..ui import shot\n\ndef render():\n    from ..ui.shot import go\n",
        # right: lessons -> session, cli -> lessons, networks -> core.race
        "pkg/lessons/a.py": "from ..session.model import Session\n",
        "pkg/cli/run.py": "from ..lessons import a\n",
        "pkg/core/networks/race.py": "from ..race import DONE\n",
    })
    found = layer_violations(tmp_path, "pkg")
    joined = "\n".join(found)
    assert "pkg.core.params:1 imports pkg.session" in joined
    assert "pkg.session.model:2 imports pkg.lessons" in joined
    assert "pkg.core.surfaces.race:1 imports pkg.core.networks.race" in joined
    assert "pkg.ui.shot:1 imports pkg.cli.args" in joined
    assert "pkg.cli.shot:1 imports pkg.ui at module level" in joined
    assert not any(line.startswith(("pkg.lessons.a", "pkg.cli.run", "pkg.core.networks"))
                   for line in found)
    assert not any("pkg.cli.shot:4" in line for line in found)  # lazy cli -> ui is allowed


def test_core_and_session_import_without_qt():
    code = (
        "import sys\n"
        "import playground.core.surfaces.race, playground.core.surfaces.presets, playground.core.surfaces.formula\n"
        "import playground.session.io, playground.cli\n"
        "from playground.core.surfaces.problem import get_surface\n"
        "from playground.core.surfaces.race import RunConfig, run_race\n"
        "run_race(get_surface('bowl'), [RunConfig(start=(1, 1))], 5)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

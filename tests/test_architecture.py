"""The package's layers, guarded: core → lessons → state → render → ui, each importing only the
layers before it (and i18n from state on); streamlit only in ui/, pages/ and app.py; plotly only in
render/ and ui/; no import cycles; no private name imported from another module; and core,
lessons and state importable where streamlit and plotly are not installed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "optim_viz"

# What each part of the product may import from the package (besides itself).
ALLOWED = {
    "core": set(),
    "lessons": {"core"},
    "state": {"core", "lessons", "i18n"},
    "render": {"core", "lessons", "state", "i18n"},
    "ui": {"core", "lessons", "state", "render", "i18n"},
    "i18n": set(),
    "cli": {"core", "render"},  # render: the plotly-free animation export and its colours
    "pages": {"core", "lessons", "state", "render", "ui", "i18n"},
    "app": {"ui", "i18n"},
}
STREAMLIT_OK = {"ui", "pages", "app"}
PLOTLY_OK = {"render", "ui"}
# The command line may use the renderer only through modules that import no plotly.
CLI_RENDER_MODULES = {"optim_viz.render.animation_export", "optim_viz.render.theme"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "optim_viz":
        if len(parts) == 1 or parts[1] in ("__main__",):
            return "cli"
        return "cli" if parts[1] == "cli" else parts[1]
    return parts[0]  # pages.x, app


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((module, [a.name for a in node.names], node.lineno))
    return out


def _expand(module: str, names: list[str]) -> list[str]:
    """``from optim_viz.render import theme`` imports the module optim_viz.render.theme."""
    subs = [f"{module}.{n}" for n in names if (PACKAGE.parent / (f"{module}.{n}".replace(".", "/") + ".py")).exists()
            or (PACKAGE.parent / f"{module}.{n}".replace(".", "/") / "__init__.py").exists()]  # fmt: skip
    return subs or [module]


def test_every_import_follows_the_layers():
    problems = []
    for path in _files():
        me = _module_name(path)
        layer = _layer(me)
        for module, names, line in _imports(path):
            top = module.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line}"
            if top == "streamlit" and layer not in STREAMLIT_OK:
                problems.append(f"{where}: streamlit in {layer}")
            if top == "plotly" and layer not in PLOTLY_OK:
                problems.append(f"{where}: plotly in {layer}")
            if top != "optim_viz":
                continue
            for target in _expand(module, names):
                other = _layer(target)
                if other == layer:
                    continue
                if other not in ALLOWED[layer]:
                    problems.append(f"{where}: {layer} imports {target}")
                elif layer == "cli" and other == "render" and target not in CLI_RENDER_MODULES:
                    problems.append(f"{where}: the command line imports {target} (plotly-free renderers only)")
    assert problems == []


def test_no_private_name_is_imported_from_another_module():
    problems = []
    for path in _files():
        for module, names, line in _imports(path):
            if module.startswith("optim_viz"):
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private:
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {module} {private}")
    assert problems == []


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _module_name(path)
        deps = set()
        for module, names, _ in _imports(path):
            if module.startswith("optim_viz"):
                deps |= {t for t in _expand(module, names) if t != me}
        graph[me] = deps
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, ()):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep] if dep in stack else [node, dep])
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_checks_catch_a_violation(tmp_path):
    """The walker sees relative imports, 'from package import module' and private names."""
    bad = tmp_path / "optim_viz" / "core" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from ..render import kit\nfrom .engine import _private\nimport plotly\n")
    global ROOT, PACKAGE
    saved = ROOT, PACKAGE
    try:
        ROOT, PACKAGE = tmp_path, tmp_path / "optim_viz"
        imports = _imports(bad)
    finally:
        ROOT, PACKAGE = saved
    assert imports == [("optim_viz.render", ["kit"], 1), ("optim_viz.core.engine", ["_private"], 2),
                       ("plotly", [], 3)]
    assert _layer("optim_viz.core.bad") == "core" and "render" not in ALLOWED["core"]


HEADLESS = """
import importlib, pkgutil, sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('streamlit', 'plotly'):
            raise ImportError(f'{name} is not installed here')
sys.meta_path.insert(0, Refuse())
import optim_viz
for layer in ('core', 'lessons', 'state'):
    pkg = importlib.import_module(f'optim_viz.{layer}')
    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f'optim_viz.{layer}.{info.name}')
importlib.import_module('optim_viz.cli')
importlib.import_module('optim_viz.render.animation_export')
assert not [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly')]
print('ok')
"""


def test_core_lessons_and_state_import_without_streamlit_or_plotly():
    proc = subprocess.run([sys.executable, "-c", HEADLESS], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_is_for(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc) > 20, path

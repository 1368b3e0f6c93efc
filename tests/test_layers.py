"""The package's layering, as docs/architecture.md states it, kept true by reading the imports.

core → lists → search → office → web | cli → the app factory, the console script, evaluation:
a module imports only modules of its own package or of a lower layer (every import counts,
inside functions too), the import graph has no cycle, the search and core layers never import
the web framework, and modules and functions stay small.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lookup"
LAYERS = {"core": 0, "lists": 1, "search": 2, "office": 3, "web": 4, "cli": 4, "evaluation": 5}
TOP = 5  # lookup/__init__.py (create_app) and lookup/console.py
FRAMEWORK = ("flask", "flask_login", "flask_wtf", "werkzeug", "jinja2", "wtforms")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _package(module: str) -> str:
    """`lookup.search.query` → `search`; top-level modules → their own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "lookup"


def _layer(module: str) -> int:
    return LAYERS.get(_package(module), TOP)


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """Every module of the project (or outside library) the module imports, anywhere in it."""
    path = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node)
            for alias in node.names:
                child = f"{target}.{alias.name}"
                found.add(child if child in MODULES else target)
    return found


def project_imports(module: str) -> set[str]:
    return {m for m in imports_of(module) if m in MODULES and m != module}


def test_imports_only_go_down():
    wrong = []
    for module in MODULES:
        for target in project_imports(module):
            same_package = _package(target) == _package(module)
            upward = _layer(target) > _layer(module)
            sideways = _layer(target) == _layer(module) < TOP  # web ↔ cli
            if not same_package and (upward or sideways):
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_no_import_cycles():
    graph = {m: project_imports(m) for m in MODULES}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("package", ["core", "search", "lists.importer"])
def test_lower_layers_do_not_import_the_web_framework(package):
    prefix = f"lookup.{package}"
    offenders = [
        f"{module} imports {name}"
        for module in MODULES
        if module == prefix or module.startswith(prefix + ".")
        for name in imports_of(module)
        if name.split(".")[0] in FRAMEWORK
    ]
    assert offenders == []


def test_modules_and_functions_stay_small():
    """A function over the limit says why in its docstring ("Long because …"). Migrations are
    generated, dated scripts that are never edited after release: not counted."""
    large = []
    for module, path in MODULES.items():
        if ".migrations." in module:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            large.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                reason = "Long because" in (ast.get_docstring(node) or "")
                if length > MAX_FUNCTION_LINES and not reason:
                    large.append(f"{module}.{node.name}: {length} lines")
    assert large == []


def test_every_package_says_what_it_owns_and_may_import():
    for package in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert doc, f"lookup/{package}/__init__.py has no docstring"


def test_the_checker_sees_a_wrong_import(tmp_path, monkeypatch):
    """The test above can fail: a lower module importing a higher one is caught."""
    fake = tmp_path / "lookup" / "search" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from lookup.web import searching\n")
    monkeypatch.setitem(MODULES, "lookup.search.bad", fake)
    monkeypatch.setitem(MODULES, "lookup.web.searching", PACKAGE / "web" / "searching.py")
    assert "lookup.web.searching" in project_imports("lookup.search.bad")
    assert _layer("lookup.web.searching") > _layer("lookup.search.bad")

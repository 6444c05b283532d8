"""The package layout holds: features import only features below them, and never in a cycle.

Read from the source with `ast`, imports inside functions included: a lazy import is still a
dependency. Imports under `if TYPE_CHECKING:` are annotations only and are not counted.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "directory"

#: Each feature's rank: a module may import its own feature and those of lower rank only.
RANKS = {
    "core": 0,
    "taxonomy": 1,
    "accounts": 2,
    "listings": 3,
    "search": 4,
    "partners": 5,
    "agenda": 5,
    "volunteering": 5,
    "editions": 6,
    "printing": 6,
    "newsletters": 6,
    "opendata": 7,
    "observatory": 7,
    "staff": 7,
    "pathways": 7,
    "backup": 7,
    "demo": 8,
    "blueprints": 9,
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, child.end_lineno + 1))
    return lines


def _init_app_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "init_app":
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def _imports(path: Path, modules: set[str], wiring: bool = True) -> set[str]:
    """The `directory.*` modules a file imports (`from directory.a import b` is `directory.a.b`
    when b is a module); `wiring=False` leaves out those made inside `init_app()`."""
    tree = ast.parse(path.read_text(), str(path))
    skipped = _type_checking_lines(tree) | (set() if wiring else _init_app_lines(tree))
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("directory"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "directory":
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
    return found


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else None


MODULES = dict(_modules())
GRAPH = {module: _imports(path, set(MODULES)) for module, path in MODULES.items()}
#: Without what init_app() imports: it runs once every module is loaded (a package registering
#: its own CLI group, which calls the package's functions, is not a cycle at import time).
LOAD_GRAPH = {
    module: _imports(path, set(MODULES), wiring=False) for module, path in MODULES.items()
}


def test_directory_holds_only_the_factory_the_models_and_packages():
    loose = sorted(
        p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "models.py"}
    )
    assert loose == []
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert set(packages) == set(RANKS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_every_module_says_what_it_holds(module):
    path = MODULES[module]
    docstring = ast.get_docstring(ast.parse(path.read_text()))
    assert docstring and docstring.strip(), f"{module} has no docstring"
    # One line, then (if more is said) a blank line.
    lines = docstring.split("\n")
    assert len(lines) == 1 or not lines[1].strip(), f"{module}: its first line runs on"


def test_no_upward_import():
    upward = []
    for module, imported in GRAPH.items():
        source = _feature(module)
        if source is None:
            continue  # directory/__init__.py and directory/models.py gather every feature
        for target in imported:
            feature = _feature(target)
            if target in ("directory", "directory.models") or (
                feature is not None and RANKS[feature] > RANKS[source]
            ):
                upward.append(f"{module} -> {target}")
    assert upward == [], upward


def test_no_cycle_between_features():
    edges: dict[str, set[str]] = {name: set() for name in RANKS}
    for module, imported in GRAPH.items():
        source = _feature(module)
        for target in imported:
            feature = _feature(target)
            if source and feature and feature != source:
                edges[source].add(feature)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        return seen

    cycles = sorted(name for name in RANKS if name in reachable(name))
    assert cycles == [], cycles


def test_no_cycle_between_modules():
    """Cycles inside a feature too (the `except ImportError` fallbacks they used to need)."""
    known = set(GRAPH)

    def resolve(target: str) -> str | None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        return target or None

    edges = {
        m: {r for t in imported if (r := resolve(t)) and r != m and _feature(r)}
        for m, imported in LOAD_GRAPH.items()
        if _feature(m)
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert cycles == [], cycles

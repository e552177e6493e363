"""The floors of the house and the direction of imports between them, checked on the source.

- The kernel (`coalition`: the project and what every app uses) imports no other app of ours.
- The domain apps sit in a fixed order, `communities` ← `partners` ← `initiatives` ←
  `consultations` ← `events`: each imports the kernel and the domain apps below it, never one
  above.
- Every other app of ours is a top floor (pages that compose the network): nothing outside it
  imports it. A new app is a top floor unless it is added to DOMAIN below, so it falls under
  these rules without any other change here.
- No import cycle between modules, and no module over 800 lines (migrations, tests and data
  files aside).

Only imports count: a dotted name in a string (a URL include, a task registered by name) is a
late binding that settings and URL configuration use by design.
"""

import ast
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps

BASE_DIR = Path(__file__).resolve().parents[1]
KERNEL = "coalition"
DOMAIN = [
    "communities",
    "partners",
    "initiatives",
    "consultations",
    "events",
    "resources",
    "programs",
    "stories",
]  # each may import those before it
MAX_LINES = 800


def our_apps() -> list[str]:
    return sorted(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == BASE_DIR
    )


def top_apps() -> list[str]:
    return [app for app in our_apps() if app != KERNEL and app not in DOMAIN]


def sources(app: str):
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "migrations" not in path.relative_to(BASE_DIR).parts:
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def all_modules() -> frozenset[str]:
    return frozenset(module_name(path) for app in our_apps() for path in sources(app))


def imports_of(path: Path, package: list[str] | None = None) -> set[str]:
    """The modules of ours a file imports, anywhere in it (inside functions too). `package`
    anchors relative imports; by default, the file's own."""
    if package is None:
        package = module_name(path).split(".")
        if path.name != "__init__.py":
            package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` imports the module a.b when there is one, else a name in a.
            for alias in node.names:
                dotted = f"{base}.{alias.name}"
                names.add(dotted if dotted in all_modules() else base)
    return {name for name in names if name.split(".")[0] in our_apps()}


def graph() -> dict[str, set[str]]:
    edges = {}
    for app in our_apps():
        for path in sources(app):
            here = module_name(path)
            targets = set()
            for name in imports_of(path):
                # The longest module of ours the name points into.
                while name and name not in all_modules():
                    name = name.rpartition(".")[0]
                if name and name != here:
                    targets.add(name)
            edges[here] = targets
    return edges


def test_the_floors_are_what_this_test_says():
    assert KERNEL in our_apps()
    assert set(DOMAIN) <= set(our_apps())
    assert top_apps(), "the pages that compose the network live in top-floor apps"


def allowed(app: str) -> set[str]:
    if app == KERNEL:
        return {KERNEL}
    if app in DOMAIN:
        return {KERNEL, *DOMAIN[: DOMAIN.index(app) + 1]}
    return {KERNEL, *DOMAIN, app}  # a top app: the floors below, and itself


def wrong_imports(app: str, paths, package: list[str] | None = None) -> list[str]:
    return [
        f"{path.name} imports {name}"
        for path in paths
        for name in sorted(imports_of(path, package))
        if name.split(".")[0] not in allowed(app)
    ]


def cycles_of(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: any of two or more modules is a cycle."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


@pytest.mark.parametrize("app", our_apps())
def test_each_app_imports_only_the_floors_below_it(app):
    assert wrong_imports(app, sources(app)) == []


def test_no_import_cycle_between_modules():
    assert cycles_of(graph()) == []


def test_no_module_grows_past_800_lines():
    long = [
        f"{path.relative_to(BASE_DIR)}: {lines} lines"
        for app in our_apps()
        for path in sources(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from coalition.models import User\n"
        "def later():\n"
        "    from events import services\n"
        "    from .models import Event\n"
    )
    assert wrong_imports(KERNEL, [probe], package=[KERNEL]) == ["probe.py imports events.services"]
    assert imports_of(probe, package=["events", "views"]) == {
        "coalition.models",
        "events.services",
        "events.views.models",
    }
    for app in [*DOMAIN, *top_apps()]:
        assert app not in allowed(KERNEL)
    assert "events" not in allowed("partners") and "partners" in allowed("events")
    for top in top_apps():
        assert all(top not in allowed(app) for app in [KERNEL, *DOMAIN])
        assert all(top not in allowed(other) for other in top_apps() if other != top)
    assert cycles_of({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles_of({"a": {"b"}, "b": set()}) == []

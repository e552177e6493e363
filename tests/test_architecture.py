"""The direction of dependencies between the apps, checked on the source.

The domain core of each app (models, services, tasks, forms, permissions, admin) depends one
way: events → initiatives → partners. Pages show how the network connects, so selectors,
filters and views may read across apps. Nothing imports coalition's pages (home, dashboard).
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
CORE_MODULES = {"models", "services", "tasks", "forms", "permissions", "admin", "apps"}
NEVER_BELOW = {
    "partners": {"initiatives", "events"},
    "initiatives": {"events"},
    "events": set(),
}
COALITION_PAGES = {
    "coalition.selectors",
    "coalition.views",
    "coalition.dashboard",
    "coalition.dashboard_views",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def app_sources(app: str):
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("app", sorted(NEVER_BELOW))
def test_the_domain_core_depends_one_way(app):
    wrong = []
    for path in app_sources(app):
        if path.stem not in CORE_MODULES:
            continue
        for name in imported_modules(path):
            if name.split(".")[0] in NEVER_BELOW[app]:
                wrong.append(f"{path.relative_to(BASE_DIR)} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("app", sorted(NEVER_BELOW))
def test_no_app_imports_the_coalition_pages(app):
    wrong = [
        f"{path.relative_to(BASE_DIR)} imports {name}"
        for path in app_sources(app)
        for name in imported_modules(path)
        if any(name == page or name.startswith(page + ".") for page in COALITION_PAGES)
    ]
    assert wrong == []

"""The house rules, checked on what each module imports (its syntax tree), not on its text.

- Production code never imports the demo; only the factory plugs it in, lazily, when the demo is on.
- Mappers are pure: no HTTP, SQL, LDAP or Flask, and no client; they import the source's records.
- Clients never map: no aind-data-schema, no mapper that builds its models, no Flask.
- Blueprints (views) never talk to a source themselves, and never catch errors.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "aind_metadata_service"
IO = ("requests", "pyodbc", "sqlalchemy", "ldap3", "msal", "redis", "boto3", "aind_data_access_api")


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the package, by dotted name."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The modules a file imports (all of them, or only those imported when the module loads)."""
    tree = ast.parse(path.read_text())
    typing_only = [n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)]
    skipped = {id(n) for block in typing_only for n in ast.walk(block)}  # annotations only, never run
    nodes = tree.body if top_level_only else [n for n in ast.walk(tree) if id(n) not in skipped]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def is_demo(name: str) -> bool:
    """Whether a module is the demo's: demo/ or a source's demo.py."""
    return name.startswith("aind_metadata_service.demo") or name.endswith(".demo")


def kind(name: str) -> str:
    """What a module is in the house: demo, mapper, client, blueprint, or other."""
    last = name.split(".")
    if is_demo(name):
        return "demo"
    if "mappers" in last:
        return "mapper"
    if last[-1] == "client" and "sources" in last:
        return "client"
    if last[-1] == "blueprint" or "blueprints" in last:
        return "blueprint"
    return "other"


PRODUCTION = [(n, p) for n, p in modules() if kind(n) != "demo"]


@pytest.mark.parametrize(("name", "path"), PRODUCTION, ids=[n for n, _ in PRODUCTION])
def test_production_code_never_imports_the_demo(name: str, path: Path) -> None:
    loaded = imports(path, top_level_only=(name == "aind_metadata_service.app"))  # the factory plugs it in lazily
    assert not [m for m in loaded if is_demo(m) and m != "aind_metadata_service.demo"], name


MAPPERS = [(n, p) for n, p in modules() if kind(n) == "mapper"]


@pytest.mark.parametrize(("name", "path"), MAPPERS, ids=[n for n, _ in MAPPERS])
def test_mappers_are_pure_and_never_import_a_client(name: str, path: Path) -> None:
    loaded = imports(path)
    assert not [m for m in loaded if m.split(".")[0] in (*IO, "flask") or kind(m) == "client"], name


CLIENTS = [(n, p) for n, p in modules() if kind(n) == "client"]


@pytest.mark.parametrize(("name", "path"), CLIENTS, ids=[n for n, _ in CLIENTS])
def test_clients_never_map_to_the_schema_nor_know_flask(name: str, path: Path) -> None:
    loaded = imports(path)
    assert not [m for m in loaded if m.split(".")[0] in ("aind_data_schema", "flask", "flask_smorest")], name
    assert not [m for m in loaded if kind(m) == "mapper"], name


BLUEPRINTS = [(n, p) for n, p in modules() if kind(n) == "blueprint" and not n.endswith("blueprints")]


@pytest.mark.parametrize(("name", "path"), BLUEPRINTS, ids=[n for n, _ in BLUEPRINTS])
def test_views_never_talk_to_a_source_or_catch_errors(name: str, path: Path) -> None:
    tree = ast.parse(path.read_text())
    assert not [m for m in imports(path) if m.split(".")[0] in IO], name
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Try)], name


def test_every_registered_source_is_one_folder_with_its_client_and_settings() -> None:
    from aind_metadata_service.registry import SOURCES

    for source in SOURCES:
        folder = PACKAGE.parent / Path(*source.package.split("."))
        assert (folder / "client.py").exists() and (folder / "demo.py").exists(), source.name
        assert getattr(source.build, "__self__", source.build).__module__.startswith(source.package), source.name

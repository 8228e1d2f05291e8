"""The package graph runs one way: an app imports only the apps below it.

This file is the single source of the layer table; ARCHITECTURE.md repeats it.
The test reads every module under apps/ with `ast` (no imports run), collects each
`apps.X` it imports, at module level and inside functions alike, and fails on any
edge the table does not allow. A string that names a model ("quotes.Quote") or a
lookup through `django.apps.apps.get_model` counts too, so a backwards dependency
cannot hide behind the app registry. Migrations are left out: they name other
apps' migrations and models by design.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS_DIR = ROOT / "apps"

# The layers, lowest first. An app may import itself and any app in a lower layer;
# apps in the same layer do not import each other; nothing imports upward.
LAYERS: list[tuple[str, ...]] = [
    ("core",),  # shared primitives: money, custom fields, form and admin helpers
    ("audit",),  # the append-only, hash-chained trail every app writes to
    ("accounts",),  # users, roles, API credentials
    ("companies",),  # the company profiles documents are issued from
    ("clients",),
    ("invoices",),
    ("quotes", "payments"),  # both build on invoices; neither knows the other
    # pages and commands that compose several apps; webhooks, which hear the
    # domain's events (apps/core/events.py) and send them out
    ("dashboard", "demo", "webhooks"),
    ("api",),  # the four dialects and their shared plumbing
]

# Edges allowed although the table forbids them: (importer, imported) -> reason.
# Keep it empty; every entry is a debt with a name.
EXCEPTIONS: dict[tuple[str, str], str] = {}


LAYER_OF = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}


def _app_of_module(module: str) -> str | None:
    """`apps.invoices.services` -> "invoices"; `apps.api.fusebill.views` -> "api"."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "apps":
        return parts[1]
    return None


def _app_of_path(path: Path) -> str:
    return path.relative_to(APPS_DIR).parts[0]


# App labels that differ from the folder name under apps/.
LABEL_TO_APP = {"api_common": "api"}
_MODEL_REFERENCES = {"get_model", "ForeignKey", "OneToOneField", "ManyToManyField"}


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _model_reference(node: ast.Call) -> str | None:
    """The app named by `get_model("quotes", "Quote")`, `ForeignKey("quotes.Quote")`."""
    if _called_name(node.func) not in _MODEL_REFERENCES:
        return None
    candidates = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
    for arg in candidates:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            label = arg.value.split(".")[0]
            if _called_name(node.func) != "get_model" and "." not in arg.value:
                return None  # "self" or a model of the same module
            return f"apps.{LABEL_TO_APP.get(label, label)}"
    return None


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) for every app the module at `path` imports."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    return imported_apps_in(path.read_text(encoding="utf-8"), package=package)


def imported_apps_in(source: str, *, package: str) -> set[tuple[str, int]]:
    """(app, line) for every app `source` imports, wherever the import sits;
    `package` is the dotted package relative imports resolve against."""
    tree = ast.parse(source)
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                modules = [".".join([*base, node.module] if node.module else base)]
            else:
                modules = [node.module or ""]
            # `from apps import quotes`
            if modules == ["apps"]:
                modules = [f"apps.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and (reference := _model_reference(node)):
            modules = [reference]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules = [str(node.args[0].value)]
        for module in modules:
            app = _app_of_module(module)
            if app is not None:
                found.add((app, node.lineno))
    return found


def _modules():
    for path in sorted(APPS_DIR.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name other apps' models by design (dependencies)
        yield path


def backwards_edges(
    allowed: dict[tuple[str, str], str] | None = None,
) -> list[str]:
    """Every import edge the layer table forbids, as 'file:line: a -> b'."""
    allowed = {
        **EXCEPTIONS,
        **({} if allowed is None else allowed),
    }
    problems = []
    for path in _modules():
        source = _app_of_path(path)
        for target, line in sorted(imported_apps(path)):
            if target == source or (source, target) in allowed:
                continue
            where = f"{path.relative_to(ROOT)}:{line}: {source} -> {target}"
            if source not in LAYER_OF:
                problems.append(f"{where} ({source} is in no layer)")
            elif target not in LAYER_OF:
                problems.append(f"{where} ({target} is in no layer)")
            elif LAYER_OF[target] >= LAYER_OF[source]:
                problems.append(where)
    return problems


def test_every_app_is_in_a_layer():
    on_disk = {
        p.name
        for p in APPS_DIR.iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    }
    assert on_disk == set(LAYER_OF), (
        "Add the new app to LAYERS in tests/test_architecture.py and to "
        "ARCHITECTURE.md, or remove the stale name."
    )


def test_imports_point_down_the_layers():
    problems = backwards_edges()
    assert not problems, (
        "These imports point up or sideways in the layer table. Move the code that "
        "needs the higher app into that app (or into a composing app such as "
        "dashboard), instead of importing upward:\n" + "\n".join(problems)
    )


def test_core_imports_no_app():
    assert not [edge for edge in backwards_edges() if ": core -> " in edge], (
        "apps/core holds shared primitives only and imports no other app."
    )


def test_the_exceptions_are_still_needed():
    """An allowance for an edge that no longer exists is stale: delete it."""
    every_edge = {
        (_app_of_path(path), target)
        for path in _modules()
        for target, _ in imported_apps(path)
    }
    stale = [edge for edge in EXCEPTIONS if edge not in every_edge]
    assert not stale, f"Remove these allowances, nothing needs them now: {stale}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from apps.quotes.models import Quote\n", {"quotes"}),
        ("def f():\n    from apps.payments import services\n", {"payments"}),
        ("import apps.quotes.selectors\n", {"quotes"}),
        ("from apps import quotes\n", {"quotes"}),
        ("from .selectors import x\n", {"invoices"}),
        ("from ..clients.models import Client\n", {"clients"}),
        ("Quote = apps.get_model('quotes', 'Quote')\n", {"quotes"}),
        ("Quote = apps.get_model('quotes.Quote')\n", {"quotes"}),
        ("q = models.ForeignKey('quotes.Quote', on_delete=PROTECT)\n", {"quotes"}),
        ("q = models.OneToOneField(to='payments.Payment')\n", {"payments"}),
        ("parent = models.ForeignKey('self', on_delete=PROTECT)\n", set()),
        ("import_module('apps.payments.services')\n", {"payments"}),
        ("from django.apps import apps\nimport json\n", set()),
    ],
)
def test_imported_apps_sees_every_form_of_import(source, expected):
    """The walker itself can fail: each way of importing is seen."""
    found = imported_apps_in(source, package="apps.invoices")
    assert {app for app, _ in found} == expected


def test_architecture_md_repeats_the_layer_table():
    """ARCHITECTURE.md's table lists the same apps on the same layers as LAYERS."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    documented = [
        tuple(re.findall(r"`([a-z_]+)`", row.group(2)))
        for row in re.finditer(r"^\| (\d+) \| ([^|]+) \|", text, re.MULTILINE)
    ]
    assert documented == LAYERS, (
        "Update the layer table in ARCHITECTURE.md to match LAYERS in this file."
    )

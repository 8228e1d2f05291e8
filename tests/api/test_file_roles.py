"""Every dialect package names its top-level modules after the file roles in
apps/api/README.md ("One file role convention"), so one name means one job."""

import pkgutil
from pathlib import Path

import pytest

import apps.api

ROLES = {
    "dialect",
    "urls",
    "auth",
    "errors",
    "inputs",
    "outputs",
    "query",
    "statuses",
    "schema",
    "views",
    "renderers",
}
SHARED = {"common"}  # apps/api/common: the plumbing every dialect shares
API_ROOT = Path(apps.api.__file__).parent


def dialect_packages() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(API_ROOT)])
        if info.ispkg and info.name not in SHARED
    )


def strangers(package: Path) -> set[str]:
    """Top-level modules and packages of `package` whose name is not a role."""
    return {
        info.name
        for info in pkgutil.iter_modules([str(package)])
        if info.name not in ROLES
    }


def test_the_four_dialects_are_checked():
    assert dialect_packages() == ["fluidpay", "fusebill", "fusioninvoice", "timetap"]


@pytest.mark.parametrize("dialect", dialect_packages())
def test_dialect_modules_are_named_after_roles(dialect):
    assert strangers(API_ROOT / dialect) == set(), (
        f"apps/api/{dialect}/ has modules that are not file roles; "
        "rename them or add the role to apps/api/README.md and this test"
    )


def test_a_module_off_the_roles_is_found(tmp_path):
    (tmp_path / "views.py").write_text("")
    (tmp_path / "serializers.py").write_text("")
    (tmp_path / "query").mkdir()
    (tmp_path / "query" / "__init__.py").write_text("")
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text("")
    assert strangers(tmp_path) == {"serializers", "helpers"}

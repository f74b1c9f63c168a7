from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import Build, build_copy


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The shipped handbook, built once per test session with a fixed 'today'."""
    result = build_copy(tmp_path_factory.mktemp("real") / "project")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project_files() -> dict[str, str]:
    return {}


def pytest_configure(config: pytest.Config) -> None:
    Path(config.rootpath, "test-artifacts").mkdir(exist_ok=True)

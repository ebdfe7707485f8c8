"""Local path requirements (EL208): the path pip opens, where it is, and `require:` coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

import pytest

from enginelint.project import Project
from enginelint.rules.requirements.local_paths import (
    ABSOLUTE,
    INSIDE,
    OUTSIDE,
    LocalPath,
    install_requires,
    local_paths,
)
from tests.helpers import write_project

WSGI = "def application(environ, start_response):\n    return []\n"


def judge(
    tmp_path: Path, requirements: str, extra: Optional[dict[str, Union[str, bytes]]] = None
) -> list[LocalPath]:
    files: dict[str, Union[str, bytes]] = {"wsgi.py": WSGI, "requirements.txt": requirements}
    files.update(extra or {})
    return local_paths(Project(write_project(tmp_path, files)))


@pytest.mark.parametrize(
    ("line", "written", "where", "relative"),
    [
        ("-e ./lib", "./lib", INSIDE, "lib"),
        ("./lib/pkg[dev]", "./lib/pkg", INSIDE, "lib/pkg"),
        ("-e .", ".", INSIDE, ""),
        ("file:lib", "lib", INSIDE, "lib"),
        ("-e file:./lib", "./lib", INSIDE, "lib"),
        ("./my%20lib", "./my%20lib", INSIDE, "my%20lib"),  # plain paths are not URL-decoded
        ("file:///home/me/my%20lib", "/home/me/my lib", ABSOLUTE, None),
        ("file://localhost/srv/lib", "/srv/lib", ABSOLUTE, None),
        ("/srv/lib", "/srv/lib", ABSOLUTE, None),
        ("../lib", "../lib", OUTSIDE, None),
        ("./lib/../../lib", "./lib/../../lib", OUTSIDE, None),
    ],
)
def test_paths(
    tmp_path: Path, line: str, written: str, where: str, relative: Optional[str]
) -> None:
    (found,) = judge(tmp_path, line + "\n")
    assert (found.written, found.where, found.relative) == (written, where, relative)


def test_a_path_with_an_egg_fragment_is_a_line_pip_rejects(tmp_path: Path) -> None:
    # Every pip reads `./lib#egg=lib` as a folder named with `#egg=lib`: EL203, not a path.
    assert judge(tmp_path, "-e ./lib#egg=lib\n./lib#egg=lib\n", {"lib/setup.py": ""}) == []


def test_other_requirements_are_not_local_paths(tmp_path: Path) -> None:
    lines = "requests>=2,<3\n-e git+https://github.com/a/b@v1.0#egg=b\nc @ https://x.org/c.whl\n"
    assert judge(tmp_path, lines) == []


def test_environment_variables_are_not_judged(tmp_path: Path) -> None:
    assert judge(tmp_path, "-e ${LIB_DIR}/lib\n") == []


def test_existence_and_require(tmp_path: Path) -> None:
    extra: dict[str, Union[str, bytes]] = {
        "libs/a/setup.py": "",
        "libs/b/setup.py": "",
        "leanengine.yaml": "install:\n  - require: [libs/a/]\n  - use: default\n",
    }
    found = judge(tmp_path, "-e ./libs/a\n-e ./libs/b\n-e ./libs/c\n", extra)
    assert [(f.relative, f.exists, f.required) for f in found] == [
        ("libs/a", True, True),
        ("libs/b", True, False),
        ("libs/c", False, False),
    ]


def test_require_of_a_parent_folder_covers(tmp_path: Path) -> None:
    extra: dict[str, Union[str, bytes]] = {
        "libs/a/setup.py": "",
        "leanengine.yaml": "install:\n  - require:\n      - ./libs\n  - use: default\n",
    }
    (found,) = judge(tmp_path, "./libs/a\n", extra)
    assert found.required


def test_install_turned_off_reports_nothing(tmp_path: Path) -> None:
    found = judge(tmp_path, "-e ./missing\n", {"leanengine.yaml": "install: []\n"})
    assert found == []


def test_install_requires_ignores_odd_values(tmp_path: Path) -> None:
    yaml = "install:\n  - require: notalist\n  - {require: [1, '', ok]}\n  - pip install x\n"
    root = write_project(tmp_path, {"leanengine.yaml": yaml})
    assert install_requires(Project(root)) == ["ok"]


def test_build_root_is_the_base(tmp_path: Path) -> None:
    files: dict[str, Union[str, bytes]] = {
        "leanengine.yaml": "buildRoot: app\n",
        "app/wsgi.py": WSGI,
        "app/requirements.txt": "-e ./lib\n../shared\n",
        "app/lib/setup.py": "",
        "shared/setup.py": "",
    }
    found = local_paths(Project(write_project(tmp_path, files)))
    assert [(f.where, f.relative, f.exists) for f in found] == [
        (INSIDE, "app/lib", True),
        (OUTSIDE, None, False),  # above the build root: never in the build
    ]

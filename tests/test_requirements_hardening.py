"""Hostile requirements files: each gives a coded finding in bounded time, never a crash.

Integers too long for Python to convert, thousands of lines naming the same packages, files past
the reading bounds, whitespace that would make a naive comment splitter quadratic, and includes
that leave the project through a `file:` URL or an environment variable.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from enginelint.parsers import requirements as requirements_module
from tests.helpers import codes, lint_json, write_project

WSGI = "def application(environ, start_response):\n    return []\n"


def _project(tmp_path: Path, requirements: str, **files: str) -> Path:
    return write_project(
        tmp_path,
        {"wsgi.py": WSGI, ".python-version": "3.12\n", "requirements.txt": requirements, **files},
    )


@pytest.mark.parametrize(
    "line",
    [
        "Flask>=" + "1" * 4400,
        "Flask==1." + "9" * 5000,
        "Flask~=1." + "2" * 4301,
        'Flask==3.0 ; python_version < "3.' + "1" * 4400 + '"',
    ],
    ids=["lower-bound", "pin", "compatible", "marker"],
)
def test_a_number_python_cannot_convert_is_el203_not_a_crash(tmp_path: Path, line: str) -> None:
    found = lint_json(_project(tmp_path, line + "\nrequests>=2,<3\n"))
    assert "EL006" not in codes(found)
    el203 = [d for d in found if d["code"] == "EL203"]
    assert len(el203) == 1 and el203[0]["severity"] == "error"
    assert "4,300 digits" in el203[0]["message"]
    assert el203[0]["start"]["line"] == 1


def test_a_long_number_python_can_convert_is_fine(tmp_path: Path) -> None:
    found = lint_json(_project(tmp_path, "Flask>=" + "1" * 4300 + ",<" + "2" * 4300 + "\n"))
    assert not {"EL006", "EL203"} & set(codes(found))


def test_duplicate_detection_does_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enginelint.analysis import specifiers

    calls = 0
    original = specifiers.is_satisfiable

    def counting(specs: object) -> bool:
        nonlocal calls
        calls += 1
        return original(specs)  # type: ignore[arg-type]

    monkeypatch.setattr(specifiers, "is_satisfiable", counting)
    lines = 1500
    text = "".join(f"pkg{i % 40}>={i % 7}.{i % 11},<{i % 7 + 1}\n" for i in range(lines))
    found = lint_json(_project(tmp_path, text), select=["EL205"])
    assert len(found) == lines - 40  # every line after a name's first is a duplicate
    # Answers are kept by specifier text: far fewer analyses than pairs of lines.
    assert calls < 3 * lines


def test_thousands_of_repeated_lines_stay_fast(tmp_path: Path) -> None:
    text = "".join(f'pkg{i % 50}>=1.{i % 13}; python_version >= "3.{i % 9}"\n' for i in range(2500))
    started = time.process_time()
    found = lint_json(_project(tmp_path, text), select=["EL2"])
    assert "EL006" not in codes(found)
    assert time.process_time() - started < 20  # quadratic detection took minutes


def test_a_file_past_the_line_bound_is_read_up_to_it_and_el005_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(requirements_module, "MAX_LINES", 100)
    text = "".join(f"pkg{i}==1.0\n" for i in range(150))
    found = lint_json(_project(tmp_path, text))
    bound = [d for d in found if d["code"] == "EL005"]
    assert len(bound) == 1
    assert bound[0]["path"] == "requirements.txt" and bound[0]["start"]["line"] == 101
    assert "100 requirement lines" in bound[0]["message"]


def test_an_overlong_line_is_skipped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(requirements_module, "MAX_LINE_LENGTH", 1000)
    text = "flask>=3,<4\n" + "x==1.0 " + "--hash=sha256:" + "0" * 2000 + "\nrequests\n"
    found = lint_json(_project(tmp_path, text))
    assert [d["start"]["line"] for d in found if d["code"] == "EL005"] == [2]
    assert [d["start"]["line"] for d in found if d["code"] == "EL201"] == [3]


def test_the_includes_share_one_line_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from enginelint.parsers import requirements_graph

    monkeypatch.setattr(requirements_graph, "MAX_TOTAL_LINES", 50)
    files = {f"r{i}.txt": "".join(f"p{i}x{j}==1.0\n" for j in range(20)) for i in range(5)}
    text = "".join(f"-r r{i}.txt\n" for i in range(5))
    found = lint_json(_project(tmp_path, text, **files))
    bound = [d for d in found if d["code"] == "EL005"]
    assert bound and "50 requirement lines" in " ".join(d["message"] for d in bound)


def test_a_big_file_with_a_raised_size_cap_is_bounded(tmp_path: Path) -> None:
    line = 'package-name-{}>=1.{},<2; python_version >= "3.8"\n'
    text = "".join(line.format(i % 300, i % 17) for i in range(12_000)) * 5  # about 3 MB
    from enginelint.config import Config

    root = _project(tmp_path, text)
    started = time.process_time()
    config = Config(max_file_size=16 * 1024 * 1024)
    found = lint_json(root, config=config, select=["EL0", "EL2"])
    assert time.process_time() - started < 60
    assert "EL006" not in codes(found)
    assert any(d["code"] == "EL005" and "10,000" in d["message"] for d in found)


def test_whitespace_before_a_comment_is_split_in_linear_time() -> None:
    from enginelint.files import TextFile
    from enginelint.parsers.requirements import parse_requirements_text

    text = "flask==3.0.3" + " " * 60_000 + "x # comment\n" + " " * 60_000 + "\n"
    started = time.process_time()
    view = parse_requirements_text(TextFile("requirements.txt", text))
    assert time.process_time() - started < 5
    assert len(view.entries) == 1


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("-r file:///etc/passwd", "`file:` URL of the absolute path `/etc/passwd`"),
        ("-c file://server/share/c.txt", "`file:` URL on another host"),
        ("-r file:../outside.txt", "points outside the project"),
        ("-r ${HOME}/x.txt", "`HOME` is not what it is on your machine"),
        ("-r ${REQS}/x.txt", "`exposeEnvironmentsOnBuild: true`"),
    ],
)
def test_includes_that_leave_the_project_are_el207_with_the_reason(
    tmp_path: Path, include: str, expected: str
) -> None:
    found = lint_json(_project(tmp_path, include + "\n"), select=["EL207"])
    assert len(found) == 1 and found[0]["severity"] == "error"
    assert expected in found[0]["message"]


def test_an_app_variable_the_build_may_have_is_a_warning(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "-r ${REQS}/x.txt\n-r ${HOME}/y.txt\n",
        **{"leanengine.yaml": "exposeEnvironmentsOnBuild: true\n"},
    )
    found = lint_json(root, select=["EL207"])
    assert [d["severity"] for d in found] == ["warning", "error"]


def test_a_relative_file_url_is_followed_from_the_build_folder(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "-r deps/dev.txt\n",
        **{"deps/dev.txt": "-r file:base.txt\n", "base.txt": "flask\n"},
    )
    found = lint_json(root, select=["EL201", "EL207"])
    assert [(d["code"], d["path"]) for d in found] == [("EL201", "base.txt")]

"""`conforms.certainly_valid` never vouches for data jsonschema rejects (leanengine.yaml's schema
and the settings schema), and vouches for the common valid files, so they are checked without
importing jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from enginelint.conforms import certainly_valid
from enginelint.files import TextFile
from enginelint.parsers.engine_yaml import _validator, parse_engine_yaml
from enginelint.schemas import load_schema
from tests.helpers import FIXTURES

SCHEMA = load_schema("leanengine")
KEYS = [*SCHEMA["properties"], "name", "protocol", "containerPort", "publicDir", "buildCmd",
        "use", "require", "other"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 14, 15, 30, 120, 121, 65535, 65536, -1, 60.0, 30.5, float("nan"),
                     float("inf")]),
    st.integers(),
    st.floats(),
    st.sampled_from(["python", "nodejs", "strict", "disabled", "tcp", "udp", "pip install .",
                     "default", "python wsgi.py", "", "phantomjs", "ffmpeg"]),
    st.text(max_size=5),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6)


def jsonschema_valid(data: Any) -> bool:
    return not any(True for _ in _validator().iter_errors(data))


@settings(max_examples=300, deadline=None)
@given(st.one_of(DOCUMENTS, VALUES))
def test_never_vouches_for_what_jsonschema_rejects(data: Any) -> None:
    if certainly_valid(data, SCHEMA):
        assert jsonschema_valid(data), data


CONFIG_SCHEMA = load_schema("config")
CONFIG_KEYS = [*CONFIG_SCHEMA["properties"], "other"]
CONFIG_VALUES = st.recursive(
    st.one_of(SCALARS, st.sampled_from(["EL1", "EL501", "error", "warning", "*.py", "a"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from([*CONFIG_KEYS, "*.py", "tests/*"]), inner, max_size=3),
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(CONFIG_KEYS), CONFIG_VALUES, max_size=5))
def test_never_vouches_for_settings_jsonschema_rejects(table: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    if certainly_valid(table, CONFIG_SCHEMA):
        assert not list(Draft202012Validator(CONFIG_SCHEMA).iter_errors(table)), table


def test_agrees_on_every_fixture_and_vouches_for_the_valid_ones() -> None:
    seen = vouched = 0
    for path in sorted(FIXTURES.rglob("leanengine.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        config, _problem = parse_engine_yaml(TextFile("leanengine.yaml", text))
        if config is None or config.data is None:
            continue
        seen += 1
        valid = jsonschema_valid(config.data)
        if certainly_valid(config.data, SCHEMA):
            assert valid, path
            vouched += 1
        elif valid:
            # Allowed (a wrong "not sure" only costs time), but it should be rare.
            assert isinstance(config.data, dict), path
    assert seen > 20 and vouched > seen // 3


def test_typical_documents_are_vouched_for() -> None:
    for data in (
        {"run": "python wsgi.py"},
        {"runtime": "python", "run": "gunicorn wsgi:app", "startupTimeout": 60,
         "systemDependencies": ["ffmpeg"],
         "install": [{"use": "default"}, {"require": ["a.txt"]}, "pip install -r r.txt"],
         "build": "make", "exposeEnvironmentsOnBuild": True, "functionsMode": "strict"},
        {"extraPorts": [{"name": "grpc", "protocol": "tcp", "containerPort": 9000}]},
    ):
        assert certainly_valid(data, SCHEMA), data


def test_doubtful_or_invalid_documents_are_left_to_jsonschema() -> None:
    for data in (
        {"startupTimeout": 60.0},  # 60.0 is not an integer for the platform
        {"startupTimeout": True},
        {"startupTimeout": 10},
        {"runtime": "python3"},
        {"rum": "python wsgi.py"},
        {"extraPorts": [{"name": "x", "protocol": "tcp"}]},
        ["run"],
        {"run": ("python",)},  # not a JSON type: left to jsonschema
    ):
        assert not certainly_valid(data, SCHEMA), data


def test_a_valid_file_does_not_import_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "leanengine.yaml").write_text("run: python wsgi.py\n", encoding="utf-8")
    (tmp_path / "wsgi.py").write_text("application = None\n", encoding="utf-8")
    script = (
        "import io, sys, contextlib\n"
        "from enginelint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--select', 'EL4', '--format', 'json', {str(tmp_path)!r}])\n"
        "print('jsonschema' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"

"""The table of what distributions install (EL105's data): its generator reads a real wheel,
the bundled table is well-formed and dated, and EL105 stays quiet wherever the table cannot
know what the requirements install."""

from __future__ import annotations

import datetime
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from enginelint.rules.layout.installed import TABLE_FILE, table
from tests.helpers import REPO, lint_json

GENERATOR = REPO / "tools" / "build_distribution_table.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_distribution_table", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


# A PEP 517 backend in the package's own tree, so that `pip wheel` builds it with nothing but
# the standard library: no build dependency to download, no network.
BACKEND = '''
import base64, hashlib, os, zipfile

NAME, VERSION = "throwaway_pkg", "1.0"
METADATA = """Metadata-Version: 2.1
Name: throwaway-pkg
Version: 1.0
Provides-Extra: yaml
Requires-Dist: requests>=2; python_version >= "3"
Requires-Dist: typing-extensions; python_version < "3.8"
Requires-Dist: pywin32; sys_platform == "win32"
Requires-Dist: PyYAML[libyaml]>=6; extra == "yaml"
Requires-Dist: Zope.Interface
"""
FILES = {
    "throwaway/__init__.py": "",
    "throwaway/sub.py": "",
    "solo.py": "",
    "fastmod.cpython-311-x86_64-linux-gnu.so": "",
    "imports_only.pth": "import os\\n",
    "not-a-module/data.txt": "",
    f"{NAME}-{VERSION}.data/purelib/extra_mod.py": "",
    f"{NAME}-{VERSION}.data/scripts/tool": "",
    f"{NAME}-{VERSION}.dist-info/METADATA": METADATA,
    f"{NAME}-{VERSION}.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\n"
    "Root-Is-Purelib: true\\nTag: py3-none-any\\n",
    f"{NAME}-{VERSION}.dist-info/top_level.txt": "throwaway\\nsolo\\n",
}


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    filename = f"{NAME}-{VERSION}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as archive:
        for path, text in FILES.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
            archive.writestr(path, data)
        record.append(f"{NAME}-{VERSION}.dist-info/RECORD,,")
        archive.writestr(f"{NAME}-{VERSION}.dist-info/RECORD", "\\n".join(record) + "\\n")
    return filename
'''


def test_generator_reads_a_wheel_that_pip_built(tmp_path: Path) -> None:
    source = tmp_path / "throwaway"
    source.mkdir()
    (source / "backend.py").write_text(BACKEND, encoding="utf-8")
    (source / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [build-system]
            requires = []
            build-backend = "backend"
            backend-path = ["."]
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
         "--no-build-isolation", "--quiet", "-w", str(out), str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("*.whl")

    generator = load_generator()
    facts = generator.wheel_facts(wheel.read_bytes(), wheel.name)
    assert (facts.name, facts.version) == ("throwaway-pkg", "1.0")
    assert facts.imports == {"throwaway", "solo", "fastmod", "extra_mod"}
    assert not facts.opaque  # a .pth file of `import` lines adds no folder
    # Markers evaluated for CPython on Linux: 3.7 takes typing-extensions, no Linux takes pywin32.
    assert facts.requires == {
        "": {"requests", "typing-extensions", "zope-interface"},
        "yaml": {"pyyaml[libyaml]"},
    }


def test_generator_marks_a_pth_that_adds_folders_opaque() -> None:
    import io
    import zipfile

    generator = load_generator()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("win32.pth", "# folders\nwin32\nwin32/lib\n")
        archive.writestr("pywin-1.0.dist-info/METADATA", "Name: pywin\nVersion: 1.0\n")
    facts = generator.wheel_facts(buffer.getvalue(), "pywin-1.0-py3-none-any.whl")
    assert facts.opaque


def test_generator_reads_an_sdist_egg_info() -> None:
    import io
    import tarfile

    generator = load_generator()
    members = {
        "legacy-2.0/PKG-INFO": "Metadata-Version: 1.1\nName: legacy\nVersion: 2.0\n",
        "legacy-2.0/legacy.egg-info/PKG-INFO": "Metadata-Version: 1.1\nName: legacy\n"
        "Version: 2.0\n",
        "legacy-2.0/legacy.egg-info/top_level.txt": "legacy_sdk\n",
        "legacy-2.0/legacy.egg-info/requires.txt": "requests\n\n[:sys_platform == \"win32\"]\n"
        "pywin32\n\n[crypto]\npycryptodome\n",
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    facts = generator.sdist_facts(buffer.getvalue(), "legacy-2.0.tar.gz")
    assert facts is not None
    assert facts.imports == {"legacy_sdk"}
    assert facts.requires == {"": {"requests"}, "crypto": {"pycryptodome"}}


def test_the_table_is_well_formed_and_dated() -> None:
    data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    as_of = datetime.date.fromisoformat(data["as_of"])
    assert datetime.date(2026, 1, 1) <= as_of <= datetime.date.today()
    assert data["generated_by"] == "tools/build_distribution_table.py"
    rows = data["distributions"]
    assert len(rows) >= 300
    for key, row in rows.items():
        assert key == re.sub(r"[-_.]+", "-", key).lower(), key
        assert set(row) <= {"name", "latest", "since", "imports", "requires", "extras", "opaque"}
        assert row["imports"] == sorted(set(row["imports"])), key
        assert all(name.isidentifier() for name in row["imports"]), key
        for dependency in [*row["requires"], *(d for ds in row.get("extras", {}).values()
                                                for d in ds)]:
            assert re.fullmatch(r"[a-z0-9-]+(\[[a-z0-9,-]+\])?", dependency), (key, dependency)
        # Closed under what is installed without extras: every such dependency has a row, or
        # is listed as unreadable (EL105 then cannot know what the requirement installs).
        for dependency in row["requires"]:
            assert dependency.split("[")[0] in {*rows, *data["unreadable"]}, (key, dependency)
    loaded = table()
    assert loaded.as_of == data["as_of"]
    assert set(loaded.rows) == set(rows)


@pytest.mark.parametrize(
    ("distribution", "import_name"),
    [
        ("leancloud", "leancloud"),
        ("flask", "flask"),
        ("werkzeug", "werkzeug"),
        ("django", "django"),
        ("gunicorn", "gunicorn"),
        ("gevent", "gevent"),
        ("pyyaml", "yaml"),
        ("pillow", "PIL"),
        ("python-dateutil", "dateutil"),
        ("mysqlclient", "MySQLdb"),
        ("psycopg2-binary", "psycopg2"),
        ("pyjwt", "jwt"),
        ("beautifulsoup4", "bs4"),
        ("python-dotenv", "dotenv"),
        ("wechatpy", "wechatpy"),
        ("alipay-sdk-python", "alipay"),
    ],
)
def test_the_table_knows_common_import_names(distribution: str, import_name: str) -> None:
    row = table().get(distribution)
    assert row is not None and import_name in row.imports


def test_flask_brings_werkzeug_jinja_and_click_but_not_requests() -> None:
    flask = table().get("flask")
    assert flask is not None
    requires = flask.requires
    assert {"werkzeug", "jinja2", "click", "itsdangerous", "markupsafe"} <= set(requires)
    assert "requests" not in requires


# --- EL105 quiet where the requirements cannot be known ------------------------------------
def project(tmp_path: Path, requirements: str, imports: str, **files: str) -> Path:
    (tmp_path / ".python-version").write_text("3.11\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    (tmp_path / "wsgi.py").write_text(
        f"{imports}\n\n\ndef application(environ, start_response):\n    return []\n",
        encoding="utf-8",
    )
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def el105(root: Path) -> list[str]:
    return [d["message"] for d in lint_json(root, select=["EL105"])]


def test_an_import_nothing_installs_is_reported_with_the_distribution_to_add(
    tmp_path: Path,
) -> None:
    (message,) = el105(project(tmp_path, "Flask>=3,<4\n", "import yaml"))
    assert "neither the project nor its requirements provide" in message
    assert "add `PyYAML` to requirements.txt" in message


@pytest.mark.parametrize(
    "requirements",
    [
        "Flask[async]>=3,<4\n",  # the extra brings asgiref
        "Flask>=3,<4\nasgiref\n",
        "Flask>=3,<4\nacme-private-sdk==1.0\n",  # not in the table
        "Flask>=3,<4\ngit+https://example.com/acme/asgiref.git#egg=asgiref\n",
        "Flask>=3,<4\n./vendor/asgiref\n",
        "Flask>=3,<4\n-r https://example.com/requirements.txt\n",
        "Flask>=3,<4\n-r missing.txt\n",
        "Flask>=3,<4\nnot a requirement ===\n",
        "Flask==0.9\n",  # older than every release the table read
        "Flask<0.9\n",
    ],
)
def test_quiet_when_the_requirements_may_install_it(tmp_path: Path, requirements: str) -> None:
    assert el105(project(tmp_path, requirements, "import asgiref")) == []


def test_reported_when_a_pin_is_within_the_table(tmp_path: Path) -> None:
    flask = table().get("flask")
    assert flask is not None
    since = flask.since
    assert len(el105(project(tmp_path, f"Flask=={since}\n", "import asgiref"))) == 1


@pytest.mark.parametrize(
    "config",
    [
        "install:\n  - pip install -r requirements-extra.txt\n",
        "install: []\n",
        "build:\n  - pip install asgiref\n",
        "run: pip install asgiref && python wsgi.py\n",
        "systemDependencies:\n  - python-talib\n",
        "run: [unclosed\n",
    ],
)
def test_quiet_when_leanengine_yaml_installs_on_its_own(tmp_path: Path, config: str) -> None:
    root = project(tmp_path, "Flask>=3,<4\n", "import asgiref", **{"leanengine.yaml": config})
    assert el105(root) == []


def test_default_install_steps_keep_the_table_in_charge(tmp_path: Path) -> None:
    config = "install:\n  - use: default\n  - require:\n      - data\n"
    root = project(tmp_path, "Flask>=3,<4\n", "import asgiref", **{"leanengine.yaml": config})
    assert len(el105(root)) == 1


def test_included_requirements_count(tmp_path: Path) -> None:
    root = project(
        tmp_path, "Flask>=3,<4\n-r extra.txt\n", "import asgiref",
        **{"extra.txt": "asgiref>=3\n"},
    )
    assert el105(root) == []


def test_constraints_install_nothing(tmp_path: Path) -> None:
    root = project(
        tmp_path, "Flask>=3,<4\n-c constraints.txt\n", "import asgiref",
        **{"constraints.txt": "asgiref>=3\n"},
    )
    assert len(el105(root)) == 1


def test_quiet_for_a_python_2_app(tmp_path: Path) -> None:
    root = project(tmp_path, "Flask>=1,<2\n", "import asgiref")
    (root / ".python-version").write_text("2.7\n", encoding="utf-8")
    assert el105(root) == []


def test_without_python_version_python_2_modules_may_be_there(tmp_path: Path) -> None:
    root = project(tmp_path, "Flask>=3,<4\n", "import urllib2\nimport asgiref")
    (root / ".python-version").unlink()
    (message,) = el105(root)
    assert "`asgiref`" in message

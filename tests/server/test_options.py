"""The editor's options, the projects' settings, and buffers as saved bytes (no client)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from enginelint.server.buffers import as_saved
from enginelint.server.options import Options, parse
from enginelint.server.project_settings import SettingsCache

LIMIT = 1 << 20


def test_camel_and_kebab_case_lists_and_strings() -> None:
    options, problems = parse({"select": "EL2, EL3", "extend-select": ["EL501"],
                               "ignore": ["loopback-bind"], "failOn": "error", "other": 1})
    assert problems == []
    assert options == Options(("EL2", "EL3"), ("EL501",), ("loopback-bind",), "error")


def test_under_an_enginelint_key() -> None:
    assert parse({"enginelint": {"ignore": "EL202"}})[0] == Options(ignore=("EL202",))


def test_bad_values_are_reported_and_left_out() -> None:
    options, problems = parse({"select": ["EL9"], "failOn": "fatal", "ignore": [1]})
    assert options == Options()
    assert len(problems) == 3
    assert "unknown rule selector `EL9`" in problems[0]
    assert parse(["EL2"]) == (Options(), ["enginelint settings must be an object; ignored"])
    assert parse(None) == (Options(), [])


def test_settings_are_rebuilt_when_a_settings_file_changes(tmp_path: Path) -> None:
    cache = SettingsCache()
    (tmp_path / "requirements.txt").write_text("flask\n", encoding="utf-8")
    first = cache.get(tmp_path, None, Options(ignore=("EL3",)))
    assert first.settings.ignore == ("EL3",)
    assert cache.get(tmp_path, None, Options(ignore=("EL3",))) is first
    (tmp_path / ".enginelint.toml").write_text('ignore = ["EL2"]\n', encoding="utf-8")
    second = cache.get(tmp_path, None, Options(ignore=("EL3",)))
    assert second.settings.ignore == ("EL2", "EL3")
    assert second.settings.source == ".enginelint.toml"
    (tmp_path / ".enginelint.toml").write_text('ignor = ["EL2"]\n', encoding="utf-8")
    stat = os.stat(tmp_path / ".enginelint.toml")
    os.utime(tmp_path / ".enginelint.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    broken = cache.get(tmp_path, None, Options())
    assert broken.problem is not None and "unknown key `ignor`" in broken.problem
    assert broken.settings.ignore == ()


def test_an_unedited_buffer_reads_the_disk(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(codecs.BOM_UTF16_LE + "flask\n".encode("utf-16-le"))
    assert as_saved(tmp_path, "requirements.txt", "flask\n", LIMIT) is None
    # Edited, it keeps the file's encoding, so EL213 says the same as on the command line.
    assert as_saved(tmp_path, "requirements.txt", "django\n", LIMIT) == (
        codecs.BOM_UTF16_LE + "django\n".encode("utf-16-le"))


def test_a_python_buffer_keeps_its_coding_cookie(tmp_path: Path) -> None:
    text = "# -*- coding: latin-1 -*-\nname = 'café'\n"
    assert as_saved(tmp_path, "app.py", text, LIMIT) == text.encode("latin-1")
    assert as_saved(tmp_path, "new.py", "x = 'é'\n", LIMIT) == "x = 'é'\n".encode()


def test_a_buffer_over_the_size_cap_is_left_to_the_disk(tmp_path: Path) -> None:
    assert as_saved(tmp_path, "app.py", "x" * 100, 10) is None

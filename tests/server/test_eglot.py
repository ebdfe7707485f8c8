"""Emacs's eglot against `enginelint server`, in batch: the editors guide's Emacs set-up, loaded
exactly as docs/editors.md prints it, sees EL402 under an unsaved typo in leanengine.yaml, fixes
an EL202 with the code action eglot offers, and sees both clear.

Needs `emacs` with eglot, yaml-mode and pip-requirements (Emacs 29 has eglot built in; Debian 12
has them as emacs-nox, elpa-eglot, elpa-yaml-mode, elpa-pip-requirements); skipped, saying what
is missing, elsewhere. Emacs starts with `-Q`, so nothing of the host's own configuration counts,
and the packages are activated from the system's ELPA folders as a normal start would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.server.helpers import template

SESSION = Path(__file__).with_name("eglot_session.el")
LIBRARIES = ("eglot", "yaml-mode", "pip-requirements")

# What a normal start (without -Q) does for packages a distribution installed system-wide.
PACKAGES = """\
(require 'package)
(require 'seq)
(setq package-directory-list
      (seq-filter #'file-directory-p '("/usr/share/emacs/site-lisp/elpa"
                                       "/usr/local/share/emacs/site-lisp/elpa")))
(package-activate-all)
"""


def the_guides_configuration() -> str:
    """The Emacs block of docs/editors.md, verbatim."""
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- eglot -->\n```elisp\n(.*?)```", text, re.S)
    assert match, "docs/editors.md has no `<!-- eglot -->` elisp block"
    return match.group(1)


def emacs(*args: str, home: Path, timeout: float, **env: str) -> subprocess.CompletedProcess[str]:
    """Batch Emacs with nothing of the host's configuration, and this venv's `enginelint` first
    on the PATH (eglot finds the guide's bare "enginelint" there)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    return subprocess.run(
        ["emacs", "--batch", "-Q", *args],
        env=dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), PATH=path,
                 **env),
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL, timeout=timeout,
        cwd=home,
    )


def missing_libraries(packages: Path, home: Path) -> list[str]:
    names = " ".join(f'"{name}"' for name in LIBRARIES)
    probe = f"(princ (mapconcat #'identity (seq-remove #'locate-library '({names})) \" \"))"
    result = emacs("-l", str(packages), "--eval", probe, home=home, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_eglot_sees_and_fixes_findings(tmp_path: Path) -> None:
    if shutil.which("emacs") is None:
        pytest.skip("needs emacs on the PATH")
    pytest.importorskip("pygls")
    if not (Path(sys.executable).parent / "enginelint").exists():
        pytest.skip("needs the `enginelint` script beside the interpreter (an installed venv)")
    home = tmp_path / "home"
    home.mkdir()
    packages = tmp_path / "packages.el"
    packages.write_text(PACKAGES, encoding="utf-8")
    missing = missing_libraries(packages, home)
    if missing:
        pytest.skip("needs the Emacs packages " + ", ".join(missing))
    init = tmp_path / "init.el"
    init.write_text(the_guides_configuration(), encoding="utf-8")

    root = template(tmp_path / "app", {"requirements.txt": "Flask>=1.1\nleancloud>=2.9.1,<3\n"})
    out = tmp_path / "seen.json"
    result = emacs("-l", str(packages), "-l", str(init), "-l", str(SESSION), home=home,
                   timeout=300,
                   ENGINELINT_PROJECT=str(root), ENGINELINT_OUT=str(out))
    assert out.exists(), result.stderr + result.stdout
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in seen, seen["error"] + "\n" + result.stderr
    # 1. The typo'd key, never saved, is linted from the buffer.
    assert seen["leanengine.yaml_mode"] == "yaml-mode"
    assert seen["leanengine.yaml_managed"] is True
    assert seen["yaml_clean"] == ""
    assert seen["yaml_typo"] == "EL402"
    assert seen["yaml_typo_at"] == [1, "startupTimout"]
    assert seen["yaml_modified"] is True
    assert re.search(r"^leanengine\.yaml:1:1: enginelint \[EL402\]: unknown key `startupTimout`",
                     result.stdout, re.M), result.stdout
    # 2. EL202 and its fix, chosen from eglot's menu of actions.
    assert seen["requirements.txt_mode"] == "pip-requirements-mode"
    assert seen["requirements_before"] == "EL202"
    assert seen["actions"][0] == "Cap the major version: `Flask>=1.1,<2` (EL202)"
    assert "Ignore EL202 on this line" in seen["actions"]
    assert seen["requirements_fixed"] == "Flask>=1.1,<2"
    assert seen["requirements_after"] == ""
    # 3. The typo fixed by hand.
    assert seen["yaml_after"] == ""
    # 4. A file Emacs has no mode for, brought in by the guide's own mode.
    assert seen[".python-version_mode"] == "cloud-engine-files-mode"
    assert seen["version_clean"] == ""
    assert seen["version_bad"] == "EL111,EL301"  # lean deploy stops, pyenv rejects

"""The searches behind EL601-EL605, and EL602's promise never to print a whole secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginelint.rules.security import api_hosts, credentials, variables
from tests.helpers import codes, lint_json, run_cli, write_project

MASTER = "Zm9vYmFyYmF6cXV4MTIzNDU2"
APP_ID = "Dq2fXq9vGkXmN3bYp7TzL4wA-gzGzoHsz"
WSGI = (
    "def application(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain")])\n'
    '    return [b"ok"]\n'
)


@pytest.fixture()
def leaky(tmp_path: Path) -> Path:
    return write_project(
        tmp_path,
        {
            "wsgi.py": WSGI
            + f'\nimport leancloud\n\nleancloud.init("{APP_ID}", master_key="{MASTER}")\n',
            "requirements.txt": "requests>=2.31,<3\n",
            ".python-version": "3.11\n",
            "config.json": f'{{"masterKey": "{MASTER}"}}\n',
            ".env": f"LEANCLOUD_APP_ID={APP_ID}\n",
        },
    )


@pytest.mark.parametrize(
    "output", ["text", "concise", "json", "sarif", "github", "gitlab", "junit"]
)
def test_secrets_never_appear_in_output(leaky: Path, output: str) -> None:
    result = run_cli("--format", output, "--no-color", str(leaky))
    assert result.returncode == 1, result.stderr
    assert "EL602" in result.stdout
    for secret in (MASTER, APP_ID):
        assert secret not in result.stdout and secret not in result.stderr
        assert secret[:5] not in result.stdout
    assert f"`{MASTER[:4]}…`" in result.stdout


def test_every_literal_is_found(leaky: Path) -> None:
    found = [d for d in lint_json(leaky) if d["code"] == "EL602"]
    assert sorted((d["path"], d["start"]["line"]) for d in found) == [
        (".env", 1),
        ("config.json", 1),
        ("wsgi.py", 7),
        ("wsgi.py", 7),
    ]


@pytest.mark.parametrize(
    "value",
    ["", "   ", "xxx", "xxxxxxxxxxxxxxxxxxxxxxxx", "your-app-id", "YOUR_MASTER_KEY", "<app key>",
     "{{ app_key }}", "${LEANCLOUD_APP_KEY}", "%(key)s", "LEANCLOUD_APP_KEY", "changeme",
     "0000000000000000", "replace-with-your-key", "example-app-key-123456"],
)
def test_placeholders(value: str) -> None:
    assert credentials.is_placeholder(value)
    assert not credentials.looks_like_key(value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(MASTER, "Master Key"), (MASTER, "App Key"), (MASTER, "Hook Key"), (APP_ID, "App ID"),
     (f"{MASTER},master", "Master Key"), ("Hb3kQ9vN2rT7yW4zL8pX5cFa-MdYXbMMI", "App ID"),
     ("Rt6mP2xK9wQ4nB7vC3zL8sDe-9Nh9j0Va", "App ID"), (MASTER, "App ID"),
     ("q3w8e2r7t1y6u9i4o0p5a2s8d3f7g1h6j9k4l0z5x2c8v3b7", "App ID"),
     ("Tq7Lm2Xv9Rb4Kc8Wn3", "App ID"), ("Zp4Qs8Lt2Wx6Bn9Rc3Vm7Kd1Hf5Jg0Ty4Ua8Eo2N", "App Key"),
     ("Mk5Nj8Bh2Vg6Cf9Xd3Sa7Lp1Qo4Wi8Eu", "Master Key")],
)
def test_key_shapes(value: str, kind: str) -> None:
    assert credentials.looks_like_key(value, kind)
    assert credentials.looks_like_key(value)


@pytest.mark.parametrize(
    "value",
    ["com.example.app", "short123", "has spaces in it here", "wx", "abcdefgh12345678",
     "wx1234567890abcdef", "tt4f2a9c1e7b3d5a80", "2021000123456789", "app_identity_service",
     "123456789012345678901234", f"{MASTER}x", f"{APP_ID}x"],
)
def test_not_key_shapes(value: str) -> None:
    assert not credentials.looks_like_key(value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(APP_ID, "App Key"), (APP_ID, "Master Key"), (f"{MASTER},master", "App Key"),
     ("Mk5Nj8Bh2Vg6Cf9Xd3Sa7Lp1Qo4Wi8Eu", "App Key")],
)
def test_shapes_follow_the_kind(value: str, kind: str) -> None:
    assert not credentials.looks_like_key(value, kind)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("MASTER_KEY", "Master Key"), ("masterKey", "Master Key"), ("leancloud_app_id", "App ID"),
     ("APPKEY", "App Key"), ("app-key", "App Key"), ("HOOK_KEY", "Hook Key"), ("name", None),
     ("KEY", None), ("APP_MASTER_KEY", "Master Key"), ("LEANCLOUD_APP_MASTER_KEY", "Master Key"),
     ("LC_APP_ID", "App ID"), ("LEAN_APP_KEY", "App Key"), ("LeanCloudAppId", "App ID"),
     ("leancloud.appId", "App ID"), ("LEANCLOUD_APP_ID_PROD", "App ID"),
     ("TEST_LEAN_APP_ID_2", "App ID"),
     ("WECHAT_APP_ID", None), ("ALIPAY_APP_ID", None), ("wechatAppId", None),
     ("_APP_IDENTITY_SERVICE_NAME", None), ("APP_ID_PROD", None), ("CLEAN_APP_ID", None)],
)
def test_credential_kind(name: str, kind: str) -> None:
    assert credentials.credential_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://abcd1234.api.lncld.net/1.1", "abcd1234.api.lncld.net"),
        ("abcd.engine.lncld.net", "abcd.engine.lncld.net"),
        ("HTTPS://API.LEANCLOUD.CN", "api.leancloud.cn"),
        ("https://us-api.leancloud.cn", "us-api.leancloud.cn"),
        ("https://e1-api.leancloud.cn/1.1", "e1-api.leancloud.cn"),
        ("app-router.leancloud.cn", "app-router.leancloud.cn"),
        ("x.lncldglobal.com", "x.lncldglobal.com"),
        ("x.lncldapi.com:443", "x.lncldapi.com"),
        ("https://\ufffc.api.lncld.net", "{…}.api.lncld.net"),
        ("https://leancloud.cn/docs/", None),
        ("https://notlncld.net", None),
        ("lncld.net.evil.example", None),
        ("https://www.leancloud.cn", None),
        ("x" * 5000 + ".api.lncld.net", None),
    ],
)
def test_api_hosts(text: str, host: object) -> None:
    assert api_hosts.find_api_host(text) == host


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("LEANCLOUD_APP_PORT", None),
        ("LEANCLOUD_APP_DOMAIN", None),
        ("LC_ALL", None),
        ("PORT", None),
        ("LEANCLOUD_APP_PORTS", (False, "LEANCLOUD_APP_PORT")),
        ("LEANCLOUD_APP_MASTERKEY", (False, "LEANCLOUD_APP_MASTER_KEY")),
        ("LEANCLOUD_WHATEVER", (False, "")),
        ("LC_APP_PORT", (True, "LEANCLOUD_APP_PORT")),
    ],
)
def test_judge_variable(name: str, verdict: object) -> None:
    assert variables.judge_variable(name) == verdict


def test_debug_only_in_development_and_settings_nobody_names(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "wsgi.py": "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            'if os.environ.get("LEANCLOUD_APP_ENV") == "production":\n'
            "    app.debug = False\nelse:\n    app.debug = True\napplication = app\n",
            "settings.py": "DEBUG = True\n",
            "requirements.txt": "requests>=2.31,<3\n",
            ".python-version": "3.11\n",
        },
    )
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL601"]
    assert len(found) == 1
    assert found[0]["start"] == {"line": 8, "column": 17}
    assert "when LEANCLOUD_APP_ENV is stage" in found[0]["message"]


def test_storage_through_a_function_that_runs(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "wsgi.py": WSGI + "\nimport sqlite3\n\n\ndef connect():\n"
            "    return sqlite3.connect(DB)\n\n\ndef unused():\n"
            "    return sqlite3.connect('other.db')\n\n\nDB = 'data/app.sqlite'\n"
            "connection = connect()\n",
            "requirements.txt": "requests>=2.31,<3\n",
            ".python-version": "3.11\n",
        },
    )
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL605"]
    assert [(d["start"]["line"], d["start"]["column"]) for d in found] == [(9, 28)]
    assert "`data/app.sqlite`" in found[0]["message"]
    assert "EL605" in codes(found)


@pytest.mark.parametrize(
    "text", ["appkey" * 40000, "app_key:" + "a" * 250000, '"appKey":"' * 20000, "a." * 100000]
)
def test_hostile_config_text_is_scanned_quickly(text: str) -> None:
    import time

    from enginelint.files import TextFile

    started = time.perf_counter()
    credentials._config_credentials(TextFile("x.json", text))
    api_hosts.find_api_host(text)
    assert time.perf_counter() - started < 2

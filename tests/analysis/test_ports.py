"""Ports of servers started from Python code in run mode (EL502/EL503)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.project import Project
from enginelint.rules.serving.ports import DEFAULT, ENVIRONMENT, LITERAL, port_uses
from tests.helpers import lint_json, write_project

RUN_MODE = {"leanengine.yaml": "run: python app.py\n", "requirements.txt": "requests>=2.31,<3\n"}


def uses(tmp_path: Path, source: str, files: Optional[dict[str, str]] = None) -> list[tuple]:
    write_project(tmp_path, {**RUN_MODE, "app.py": source, **(files or {})})
    found = port_uses(Project(tmp_path))
    return sorted(
        (u.number, u.origin, u.variable, u.span.start.line, u.span.start.column) for u in found
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Flask's default port when none is given, pointing at `run`.
        (
            "from flask import Flask\napp = Flask(__name__)\napp.run()\n",
            [(5000, DEFAULT, None, 3, 5)],
        ),
        (
            "from flask import Flask\napp = Flask(__name__)\napp.run('0.0.0.0', 8080)\n",
            [(8080, LITERAL, None, 3, 20)],
        ),
        ("import uvicorn\nuvicorn.run('m:app')\n", [(8000, DEFAULT, None, 2, 9)]),
        ("import uvicorn\nuvicorn.run('m:app', port='3000')\n", [(3000, LITERAL, None, 2, 27)]),
        # int(os.environ.get("PORT", 5000)): the default runs in the cloud; point at the literal.
        (
            "import os, uvicorn\nuvicorn.run('m:app', port=int(os.environ.get('PORT', 5000)))\n",
            [(5000, ENVIRONMENT, "PORT", 2, 54)],
        ),
        # os.getenv("PORT") with no default: a port nobody gives.
        (
            "import os, uvicorn\nuvicorn.run('m:app', port=os.getenv('PORT'))\n",
            [(None, ENVIRONMENT, "PORT", 2, 27)],
        ),
        # "host:port" strings and (host, port) tuples.
        (
            "import waitress\nwaitress.serve(None, listen='0.0.0.0:8080 [::]:8080')\n",
            [(8080, LITERAL, None, 2, 29)],
        ),
        (
            "from gevent.pywsgi import WSGIServer\nWSGIServer(('', 5000), None)\n",
            [(5000, LITERAL, None, 2, 17)],
        ),
        (
            "import socket\ns = socket.create_server(('0.0.0.0', 4000))\n",
            [(4000, LITERAL, None, 2, 38)],
        ),
        # A raw socket is a server once it listens.
        (
            "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 8080))\ns.listen()\n",
            [(8080, LITERAL, None, 3, 20)],
        ),
    ],
)
def test_port_uses(tmp_path: Path, source: str, expected: list[tuple]) -> None:
    assert uses(tmp_path, source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # The platform's variable (or its deprecated alias) is what the platform wants.
        "import os, uvicorn\nuvicorn.run('m:app', port=int(os.environ['LEANCLOUD_APP_PORT']))\n",
        "import os, uvicorn\n"
        "uvicorn.run('m:app', port=int(os.environ.get('LEANCLOUD_APP_PORT', 5000)))\n",
        "import os, uvicorn\nuvicorn.run('m:app', port=int(os.environ.get('LC_APP_PORT', 5000)))\n",
        # Undecidable ports stay quiet.
        "import sys, uvicorn\nuvicorn.run('m:app', port=int(sys.argv[1]))\n",
        "import uvicorn\nuvicorn.run('m:app', **{'port': 5000})\n",
        # An unknown receiver's positional argument is not taken for a port.
        "def make():\n    pass\nsock = make()\nsock.listen(5)\n",
        # aiohttp on a unix socket has no TCP port.
        "from aiohttp import web\nweb.run_app(web.Application(), path='/tmp/app.sock')\n",
        # A server in a function nobody calls does not run.
        "import uvicorn\ndef main():\n    uvicorn.run('m:app', port=8000)\n",
        # Port 0 is any free port: a probe or a helper, not the app's server.
        "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 0))\ns.listen()\n",
        "import uvicorn\nuvicorn.run('m:app', port=0)\n",
        "from tornado.web import Application\nApplication([]).listen(0)\n",
        "import waitress\nwaitress.serve(None, listen='0.0.0.0:0')\n",
        "from gevent.pywsgi import WSGIServer\nWSGIServer('0.0.0.0:0', None)\n",
        # A raw socket nothing listens on is no server, whatever its port.
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.bind(('0.0.0.0', 8125))\n",
        "import socket\n\ndef has_ipv6():\n    sock = socket.socket(socket.AF_INET6)\n"
        "    sock.bind(('::1', 0))\n    sock.close()\n    return True\n\nHAS_IPV6 = has_ipv6()\n",
    ],
)
def test_no_port_uses(tmp_path: Path, source: str) -> None:
    assert uses(tmp_path, source) == []


def test_wsgi_mode_has_no_port_uses(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "requirements.txt": "requests>=2.31,<3\n",
            "wsgi.py": "import uvicorn\napplication = None\nuvicorn.run('m:app', port=8000)\n",
        },
    )
    assert port_uses(Project(tmp_path)) == []


def test_environments_of_a_branch(tmp_path: Path) -> None:
    source = (
        "import os, uvicorn\n"
        "if os.environ['LEANCLOUD_APP_ENV'] == 'stage':\n"
        "    uvicorn.run('m:app', port=8001)\n"
    )
    write_project(tmp_path, {**RUN_MODE, "app.py": source})
    (use,) = port_uses(Project(tmp_path))
    assert use.environments == frozenset({"stage"})


def test_constant_from_imported_module(tmp_path: Path) -> None:
    source = "import uvicorn\nfrom config import PORT\nuvicorn.run('m:app', port=PORT)\n"
    assert uses(tmp_path, source, {"config.py": "PORT = 8081\n"}) == [(8081, LITERAL, None, 3, 27)]


def test_rules_split_3000_from_other_ports(tmp_path: Path) -> None:
    source = "import uvicorn\nuvicorn.run('a:app', port=3000)\nuvicorn.run('b:app', port=8000)\n"
    write_project(tmp_path, {**RUN_MODE, "app.py": source})
    found = {(d["code"], d["start"]["line"]) for d in lint_json(tmp_path) if d["start"]}
    assert ("EL503", 2) in found and ("EL502", 3) in found
    assert ("EL502", 2) not in found and ("EL503", 3) not in found


@pytest.mark.parametrize(
    ("run", "column"),
    [
        ("gunicorn -b 0.0.0.0:3000 wsgi:application", 26),
        ("uvicorn wsgi:application --host 0.0.0.0 --port 3000", 53),
        ("uwsgi --http :3000 --wsgi-file wsgi.py", 20),
        ("gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:application", None),
        ("gunicorn -b 0.0.0.0:8000 wsgi:application", None),
    ],
)
def test_run_command_literal_3000(tmp_path: Path, run: str, column: Optional[int]) -> None:
    write_project(
        tmp_path,
        {
            "leanengine.yaml": f"run: {run}\n",
            "requirements.txt": "requests>=2.31,<3\n",
            "wsgi.py": "def application(environ, start_response):\n    return []\n",
        },
    )
    found = [d for d in lint_json(tmp_path) if d["code"] == "EL503"]
    if column is None:
        assert found == []
    else:
        assert [(d["path"], d["start"]["column"], d["end"]["column"]) for d in found] == [
            ("leanengine.yaml", column, column + 4)
        ]

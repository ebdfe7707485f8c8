"""Loopback binds in Python code (EL501): host parsing and the server calls recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginelint.project import Project
from enginelint.rules.serving.binds import is_loopback, loopback_binds
from enginelint.rules.serving.server_calls import split_host_port
from tests.helpers import lint_json, write_project

RUN_MODE = {"leanengine.yaml": "run: python app.py\n", "requirements.txt": "requests>=2.31,<3\n"}


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("ip6-localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("128.0.0.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", "8000")),
        ("[::1]:8000", ("[::1]", "8000")),
        ("[::1]", ("[::1]", "")),
        ("::1", ("::1", "")),
        (":8000", ("", "8000")),
        ("localhost", ("localhost", "")),
    ],
)
def test_split_host_port(text: str, expected: tuple[str, str]) -> None:
    assert split_host_port(text) == expected


def hosts(tmp_path: Path, source: str) -> list[tuple[str, str, int, int]]:
    project = Project(write_project(tmp_path, {**RUN_MODE, "app.py": source}))
    return [
        (b.call, b.host, b.span.start.line, b.span.start.column) for b in loopback_binds(project)
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sanic import Sanic\napp = Sanic('x')\napp.run()\n", ("app.run()", "127.0.0.1")),
        ("from quart import Quart\nQuart(__name__).run('localhost')\n", (None, "localhost")),
        (
            "from flask_socketio import SocketIO\nsocketio = SocketIO()\nsocketio.run(app)\n",
            ("socketio.run()", "127.0.0.1"),
        ),
        ("import bjoern\nbjoern.run(app, 'localhost', 3000)\n", ("bjoern.run()", "localhost")),
        (
            "from tornado.web import Application\nApplication([]).listen(3000, '127.0.0.1')\n",
            (None, "127.0.0.1"),
        ),
        (
            "from aiohttp import web\nweb.run_app(app, host=['localhost'])\n",
            ("web.run_app()", "localhost"),
        ),
        (
            "import asyncio\nasyncio.start_server(cb, host='127.0.0.1', port=3000)\n",
            ("asyncio.start_server()", "127.0.0.1"),
        ),
        (
            "from cheroot import wsgi\nwsgi.Server(('127.0.0.1', 3000), app).start()\n",
            ("wsgi.Server()", "127.0.0.1"),
        ),
        (
            "import socketserver\nsocketserver.TCPServer(('localhost', 3000), Handler)\n",
            ("socketserver.TCPServer()", "localhost"),
        ),
        ("import socket\nsocket.create_server(('::1', 3000))\n", ("socket.create_server()", "::1")),
        (
            "from gevent import pywsgi\npywsgi.WSGIServer('localhost:3000', app)\n",
            (None, "localhost"),
        ),
        ("server = make_app()\nserver.run(host='127.0.0.1')\n", ("server.run()", "127.0.0.1")),
    ],
)
def test_recognised_servers(tmp_path: Path, source: str, expected: tuple[object, str]) -> None:
    found = hosts(tmp_path, source)
    assert len(found) == 1, found
    call, host, _, _ = found[0]
    if expected[0] is not None:
        assert call == expected[0]
    assert host == expected[1]


@pytest.mark.parametrize(
    "source",
    [
        "server = make_app()\nserver.run()\n",  # unknown receiver: its default is unknown
        "from flask import Flask\napp = Flask(__name__)\napp.run(**settings)\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run(*args)\n",
        "import uvicorn\nuvicorn.run(app, host=HOST)\n",  # an unknown name
        "import uvicorn\nuvicorn.run(app, host=os.environ['HOST'])\n",
        "from tornado.web import Application\nApplication([]).listen(3000)\n",
        "import waitress\nwaitress.serve(app)\n",
        "from aiohttp import web\nweb.run_app(app)\n",
        "import subprocess\nsubprocess.run('localhost')\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0')\n",
        "def serve():\n    import uvicorn\n    uvicorn.run(app)\n",  # never called
        "import os\nimport uvicorn\n"
        "if os.environ.get('LEANCLOUD_APP_ENV', 'development') == 'development':\n"
        "    uvicorn.run(app)\n",
    ],
)
def test_near_misses(tmp_path: Path, source: str) -> None:
    assert hosts(tmp_path, source) == []


def test_a_bind_in_two_environments_is_one_finding(tmp_path: Path) -> None:
    source = "import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run()\n"
    assert len(hosts(tmp_path, source)) == 1


def test_environment_specific_host_is_named(tmp_path: Path) -> None:
    source = (
        "import os\n"
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        "HOST = '0.0.0.0' if os.environ['LEANCLOUD_APP_ENV'] == 'production' else 'localhost'\n"
        "app.run(host=HOST)\n"
    )
    root = write_project(tmp_path, {**RUN_MODE, ".python-version": "3.11\n", "app.py": source})
    found = [d for d in lint_json(root) if d["code"] == "EL501"]
    assert len(found) == 1
    assert "when LEANCLOUD_APP_ENV is stage" in found[0]["message"]
    assert found[0]["start"] == {"line": 5, "column": 14}
    assert found[0]["fix"] is None  # a constant, not a literal here


def test_fix_keeps_the_quote_style(tmp_path: Path) -> None:
    source = "from flask import Flask\napp = Flask(__name__)\napp.run(host='localhost')\n"
    root = write_project(tmp_path, {**RUN_MODE, ".python-version": "3.11\n", "app.py": source})
    (found,) = [d for d in lint_json(root) if d["code"] == "EL501"]
    assert found["fix"]["applicability"] == "unsafe"
    assert found["fix"]["edits"][0]["content"] == "'0.0.0.0'"


@pytest.mark.parametrize(
    "source",
    [
        # Port 0: the system picks a free port; a probe or a helper, not the app's server.
        "import socket\ns = socket.socket()\ns.bind(('::1', 0))\ns.listen()\n",
        "import socket\nsocket.create_server(('127.0.0.1', 0))\n",
        "from wsgiref.simple_server import make_server\nmake_server('localhost', 0, app)\n",
        "from http.server import HTTPServer\nHTTPServer(('127.0.0.1', '0'), Handler)\n",
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='127.0.0.1', port=0)\n",
        "import waitress\nwaitress.serve(app, listen='127.0.0.1:0 [::1]:0')\n",
        "from hypercorn.config import Config\nconfig = Config()\nconfig.bind = ['localhost:0']\n",
        # A raw socket nothing listens on accepts no connection.
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.bind(('127.0.0.1', 8125))\n",
        "import socket\nwith socket.socket() as s:\n    s.bind(('localhost', 3000))\n",
        # `listen()` on another socket does not make this one a server.
        "import socket\na = socket.socket()\nb = socket.socket()\na.bind(('127.0.0.1', 3000))\n"
        "b.bind(('0.0.0.0', 3001))\nb.listen()\n",
        # `listen()` in a function nobody calls never runs.
        "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 3000))\n"
        "def later():\n    s.listen()\n",
    ],
)
def test_not_servers(tmp_path: Path, source: str) -> None:
    assert hosts(tmp_path, source) == []


@pytest.mark.parametrize(
    "source",
    [
        "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 3000))\ns.listen(5)\n",
        "import socket\nwith socket.socket() as s:\n    s.bind(('localhost', 3000))\n"
        "    s.listen()\n",
        # A port only some paths set to 0 is not known to be 0.
        "import os, socket\nPORT = 0 if os.environ.get('X') else 3000\n"
        "socket.create_server(('127.0.0.1', PORT))\n",
        "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 3000))\n"
        "def serve():\n    s.listen()\nserve()\n",
        # Handed to other code, which may listen on it.
        "import socket, selectors\ns = socket.socket()\ns.bind(('127.0.0.1', 3000))\n"
        "selectors.DefaultSelector().register(s, selectors.EVENT_READ)\n",
        "import socket\nclass Holder:\n    pass\nholder = Holder()\ns = socket.socket()\n"
        "s.bind(('127.0.0.1', 3000))\nholder.sock = s\n",
    ],
)
def test_listening_sockets_are_servers(tmp_path: Path, source: str) -> None:
    assert len(hosts(tmp_path, source)) == 1


def test_listen_in_another_module(tmp_path: Path) -> None:
    files = {
        **RUN_MODE,
        "app.py": "import socket\nfrom serve import serve\n"
        "s = socket.socket()\ns.bind(('127.0.0.1', 3000))\nserve(s)\n",
        "serve.py": "def serve(sock):\n    sock.listen()\n",
    }
    found = loopback_binds(Project(write_project(tmp_path, files)))
    assert [(b.call, b.host) for b in found] == [("s.bind()", "127.0.0.1")]

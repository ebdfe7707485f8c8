"""The app model: frameworks, routes, and the LeanCloud SDK engine in code that runs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from enginelint.analysis.python.parse import PythonModule
from enginelint.diagnostics import Span
from enginelint.project import Project
from enginelint.rules.serving.app_model import Route, app_model
from tests.helpers import write_project

REQUIREMENTS = {"requirements.txt": "requests>=2.31,<3\n"}
FLASK = "from flask import Flask\n\napp = Flask(__name__)\n"


def model_of(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    write_project(tmp_path, {**REQUIREMENTS, **files})
    return app_model(Project(tmp_path))


def wsgi(app_source: str, wsgi_source: str = "from app import app\napplication = app\n"):
    return {"app.py": app_source, "wsgi.py": wsgi_source}


@pytest.mark.parametrize(
    ("source", "root"),
    [
        (FLASK + "@app.route('/')\ndef i():\n    return ''\n", True),
        (FLASK + "app.add_url_rule('/', 'i', lambda: '')\n", True),
        (FLASK + "@app.route('/api')\ndef i():\n    return ''\n", False),
        # A POST-only root does not answer the health check's GET.
        (FLASK + "@app.route('/', methods=['POST'])\ndef i():\n    return ''\n", False),
        (FLASK + "@app.route('/', methods=['GET', 'POST'])\ndef i():\n    return ''\n", True),
        # A converter right after `/` may or may not match the root.
        (FLASK + "@app.route('/<path:p>')\ndef i(p):\n    return ''\n", None),
        # A path that is not a constant.
        (
            FLASK + "import os\n@app.route(os.environ.get('ROOT', '/'))\ndef i():\n    return ''\n",
            None,
        ),
        # Routes on an app enginelint cannot identify.
        (
            "from factory import make\napp = make()\n@app.route('/x')\ndef i():\n    return ''\n",
            None,
        ),
        # A blueprint route at `/` becomes the root or not depending on how it is registered.
        (
            "from flask import Flask, Blueprint\nbp = Blueprint('b', __name__)\n"
            "@bp.route('/')\ndef i():\n    return ''\napp = Flask(__name__)\n"
            "app.register_blueprint(bp, url_prefix='/x')\n",
            None,
        ),
        (
            "from fastapi import FastAPI\napp = FastAPI()\n"
            "@app.get('/')\ndef i():\n    return {}\n",
            True,
        ),
        (
            "from fastapi import FastAPI\napp = FastAPI()\n"
            "@app.post('/')\ndef i():\n    return {}\n",
            False,
        ),
        (
            "from starlette.applications import Starlette\nfrom starlette.routing import Route\n"
            "async def home(request):\n    pass\napp = Starlette(routes=[Route('/', home)])\n",
            True,
        ),
        ("import bottle\napp = bottle.Bottle()\n@app.route('/')\ndef i():\n    return ''\n", True),
        (
            "from bottle import Bottle, route\napp = Bottle()\n"
            "@route('/')\ndef i():\n    return ''\n",
            True,
        ),
        (
            "import tornado.web\nclass H(tornado.web.RequestHandler):\n    pass\n"
            "app = tornado.web.Application([(r'/?', H)])\n",
            True,
        ),
        (
            "import tornado.web\nclass H(tornado.web.RequestHandler):\n    pass\n"
            "app = tornado.web.Application([tornado.web.url(r'/items', H)])\n",
            False,
        ),
    ],
)
def test_serves_root(tmp_path: Path, source: str, root: Optional[bool]) -> None:
    model = model_of(tmp_path, wsgi(source))
    assert model.serves_root() is root
    if root is not None:
        assert model.apps, "the framework's app is recognised"


def test_no_framework_no_apps(tmp_path: Path) -> None:
    source = "def application(environ, start_response):\n    return []\n"
    model = model_of(tmp_path, {"wsgi.py": source})
    assert model.apps == [] and model.routes == []


DJANGO_WSGI = (
    "import os\nfrom django.core.wsgi import get_wsgi_application\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n"
    "application = get_wsgi_application()\n"
)


@pytest.mark.parametrize(
    ("urls", "root"),
    [
        ("from django.urls import path\nurlpatterns = [path('', lambda r: None)]\n", True),
        ("from django.urls import re_path\nurlpatterns = [re_path(r'^$', lambda r: None)]\n", True),
        ("from django.urls import path\nurlpatterns = [path('about/', lambda r: None)]\n", False),
        (
            "from django.urls import include, path\nurlpatterns = [path('', include('x.urls'))]\n",
            None,
        ),
        (
            "from django.urls import include, path\n"
            "urlpatterns = [path('api/', include('x.urls'))]\n",
            False,
        ),
    ],
)
def test_django_root_urlconf(tmp_path: Path, urls: str, root: Optional[bool]) -> None:
    model = model_of(
        tmp_path,
        {
            "wsgi.py": DJANGO_WSGI,
            "site_/__init__.py": "",
            "site_/settings.py": "ROOT_URLCONF = 'site_.urls'\n",
            "site_/urls.py": urls,
        },
    )
    assert [a.framework for a in model.apps] == ["Django"]
    assert model.serves_root() is root


def test_django_without_settings_is_undecidable(tmp_path: Path) -> None:
    source = (
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    )
    model = model_of(tmp_path, {"wsgi.py": source})
    assert model.serves_root() is None


def _route(path: str, **kwargs: bool) -> Route:
    module = PythonModule("x.py", None, None)  # type: ignore[arg-type]
    return Route("Test", path, module, Span.point(1, 1), **kwargs)


@pytest.mark.parametrize(
    ("route", "acme"),
    [
        (_route("/.well-known/acme-challenge/<token>"), True),
        (_route("/.well-known/acme-challenge"), True),
        (_route("/.well-known/acme-challenge/", mount=True), True),
        (_route("/.well-known/security.txt"), False),
        (_route("/acme-challenge/x"), False),
        (_route(r"/\.well-known/acme-challenge/(.*)", regex=True), True),
        (_route(r"/\.well-known/other/(.*)", regex=True), False),
        (_route(".well-known/acme-challenge/<str:t>", django=True), True),
        (_route(r"^\.well-known/acme-challenge/(?P<t>.+)$", regex=True, django=True), True),
        (_route(r"^(", regex=True), False),  # an invalid pattern decides nothing
        (_route(r"(.*)*(.*)*(.*)*(.*)*$", regex=True), False),  # never matched: no backtracking
    ],
)
def test_under_acme(route: Route, acme: bool) -> None:
    assert route.under_acme() is acme


LEANCLOUD = "import leancloud\n"


@pytest.mark.parametrize(
    ("files", "through"),
    [
        (wsgi(FLASK), False),
        (
            wsgi(FLASK, LEANCLOUD + "from app import app\napplication = leancloud.Engine(app)\n"),
            True,
        ),
        (
            wsgi(
                FLASK,
                LEANCLOUD + "from app import app\nengine = leancloud.Engine()\n"
                "application = engine.wrap(app)\n",
            ),
            True,
        ),
        # The engine made in another module and imported.
        (
            {
                "app.py": FLASK,
                "cloud.py": LEANCLOUD + "from app import app\nengine = leancloud.Engine(app)\n",
                "wsgi.py": "from cloud import engine\napplication = engine\n",
            },
            True,
        ),
        (
            {
                "app.py": FLASK,
                "cloud.py": LEANCLOUD
                + "from app import app\napplication = leancloud.Engine().wrap(app)\n",
                "wsgi.py": "from cloud import application\n",
            },
            True,
        ),
        # A middleware around the engine, and around a plain Flask app.
        (
            wsgi(
                FLASK,
                LEANCLOUD + "from mw import Middleware\nfrom app import app\n"
                "engine = leancloud.Engine(app)\napplication = Middleware(engine, level=2)\n",
            ),
            True,
        ),
        (
            wsgi(
                FLASK,
                "from mw import Middleware\nfrom app import app\napplication = Middleware(app)\n",
            ),
            False,
        ),
        # An app factory or a plain function: undecidable.
        (
            wsgi("def create():\n    pass\n", "from app import create\napplication = create()\n"),
            None,
        ),
        ({"wsgi.py": "def application(environ, start_response):\n    return []\n"}, None),
    ],
)
def test_served_through_sdk(tmp_path: Path, files: dict[str, str], through: Optional[bool]) -> None:
    assert model_of(tmp_path, files).served_through_sdk is through


RUN = {"leanengine.yaml": "run: python app.py\n"}


@pytest.mark.parametrize(
    ("source", "through"),
    [
        (FLASK + "app.run(host='0.0.0.0')\n", False),
        (FLASK + LEANCLOUD + "leancloud.Engine(app).start()\n", True),
        (FLASK + LEANCLOUD + "import waitress\nwaitress.serve(leancloud.Engine(app))\n", True),
        (FLASK + "import waitress\nwaitress.serve(app)\n", False),
        # A server enginelint does not know the app argument of.
        (FLASK + "import aiohttp.web\naiohttp.web.run_app(app)\n", None),
        ("print('no server')\n", None),
    ],
)
def test_run_mode_started_app(tmp_path: Path, source: str, through: Optional[bool]) -> None:
    model = model_of(tmp_path, {**RUN, "app.py": source, "wsgi.py": "application = None\n"})
    assert model.served_through_sdk is through


def test_engines_and_redirects(tmp_path: Path) -> None:
    model = model_of(
        tmp_path,
        wsgi(
            FLASK,
            LEANCLOUD + "from app import app\nengine = leancloud.Engine(app)\n"
            "inner = leancloud.HttpsRedirectMiddleware(app)\n"
            "application = leancloud.HttpsRedirectMiddleware(engine)\n",
        ),
    )
    assert [(e.module.path, e.span.start.line) for e in model.engines] == [("wsgi.py", 3)]
    assert [(r.module.path, r.span.start.line) for r in model.redirects_around_engine] == [
        ("wsgi.py", 5)
    ]


def test_route_registered_only_in_uncalled_function_is_not_seen(tmp_path: Path) -> None:
    source = (
        FLASK + "def later():\n    app.add_url_rule('/.well-known/acme-challenge/x', 'a', None)\n"
    )
    model = model_of(tmp_path, wsgi(source))
    assert not any(route.under_acme() for route in model.routes)


def test_model_is_built_once(tmp_path: Path) -> None:
    write_project(tmp_path, {**REQUIREMENTS, **wsgi(FLASK)})
    project = Project(tmp_path)
    assert app_model(project) is app_model(project)

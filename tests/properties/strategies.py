"""Hypothesis strategies: valid and broken inputs for every file enginelint parses.

Each input is built from its grammar (so that most examples get past the first character and
exercise the deep parts of a parser) and then, often, mutated: characters inserted from a set
that matters to parsers and terminals (quotes, brackets, escapes, control and bidirectional
characters), slices deleted or repeated. Numbers come in every size, including the ones longer
than CPython converts. Sizes stay small; the `deep` profile only runs more of them.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from hypothesis import settings
from hypothesis import strategies as st

# Characters that parsers and terminals treat specially.
INTERESTING = (
    "\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u00a0\u061c\u200b\u200e\u2028\u202e\u2066"
    "\ufeff\ufffd #:-_.,;=[]{}()<>&*!|'\"%@`$\\/~?+^0189aZ\U0001f600"
)
# Text an attacker would put where a name or a value goes.
HOSTILE = [
    "\x1b[2J\x1b[31mowned",
    "\x1b]0;title\x07",
    "EL1\n::error file=x::pwned",
    "\u202eevil\u202c",
    "[red]markup[/red]",
    "%0A::warning::x",
    "a\r\nb",
    "\x00nul",
]


def budget(share: float) -> Any:
    """Settings for a test that should run `share` of the profile's examples (expensive tests
    run fewer), at least three."""
    return settings(max_examples=max(3, int(settings.default.max_examples * share)))


# --- pieces ------------------------------------------------------------------------------------
def digits() -> st.SearchStrategy[str]:
    """A run of decimal digits: small, large, or longer than CPython converts."""
    return st.one_of(
        st.integers(0, 200).map(str),
        st.integers(0, 10**30).map(str),
        st.integers(90, 6_000).map(lambda n: "1" * n),
        st.sampled_from(["0", "00", "007", "65535", "65536", "120", "121", "14", "15"]),
    )


def interesting_text(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(INTERESTING), max_size=max_size)


def word() -> st.SearchStrategy[str]:
    return st.one_of(
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,12}", fullmatch=True),
        st.sampled_from(HOSTILE),
        interesting_text(6),
    )


@st.composite
def mutated(draw: Callable[..., Any], base: st.SearchStrategy[str], rounds: int = 3) -> str:
    """`base`, unchanged about half the time, else with a few insertions, deletions and
    repetitions."""
    text: str = draw(base)
    if draw(st.booleans()):
        return text
    for _ in range(draw(st.integers(1, rounds))):
        position = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if kind == "insert":
            text = text[:position] + draw(interesting_text(4)) + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)) :]
        else:
            piece = text[position : position + draw(st.integers(1, 12))]
            text = text[:position] + piece * draw(st.integers(2, 4)) + text[position:]
    return text


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """A file's bytes: the text as UTF-8, sometimes with a BOM, sometimes raw junk."""
    plain = text.map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(
        plain,
        plain,
        plain.map(lambda data: b"\xef\xbb\xbf" + data),
        st.binary(max_size=40),
    )


# --- .python-version and runtime.txt -------------------------------------------------------------
def version_name() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(
            lambda major, minor, patch, pre, threaded, dev: (
                f"{major}.{minor}{patch}{pre}{threaded}{dev}"
            ),
            st.one_of(st.sampled_from(["2", "3", "4"]), digits()),
            st.one_of(st.sampled_from(["7", "9", "11", "13", "16"]), digits()),
            st.one_of(st.just(""), digits().map(lambda d: "." + d)),
            st.one_of(st.just(""), st.builds(lambda p, n: p + n,
                                             st.sampled_from(["a", "b", "rc"]), digits())),
            st.sampled_from(["", "t"]),
            st.sampled_from(["", "-dev"]),
        ),
        st.sampled_from(["3.11", "3.12.1", "pypy3.10", "system", "python3", "3", "3.x", "latest",
                         "v3.10", "miniconda3-latest", "3.09", "#comment", "3.13t"]),
        word(),
    )


def python_version_text() -> st.SearchStrategy[str]:
    separators = st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\x0c", "  # note\n"])
    line = st.lists(st.tuples(version_name(), separators), max_size=4).map(
        lambda pairs: "".join(a + b for a, b in pairs)
    )
    return mutated(st.lists(line, max_size=3).map("".join))


def runtime_txt_text() -> st.SearchStrategy[str]:
    prefix = st.sampled_from(["", "python-", "Python ", "python", "cpython-", "v", "py-"])
    return mutated(st.builds(lambda p, v, end: p + v + end, prefix, version_name(),
                             st.sampled_from(["", "\n", " \r\n", "\n\n"])))


# --- leanengine.yaml ---------------------------------------------------------------------------
ENGINE_KEYS = [
    "runtime", "run", "install", "build", "systemDependencies", "buildRoot",
    "exposeEnvironmentsOnBuild", "startupTimeout", "functionsMode", "installDevDependencies",
    "extraPorts", "enabledLocalCache", "cmd", "static", "afterBuild", "startupTimout", "bulid",
]


def yaml_scalar() -> st.SearchStrategy[str]:
    def double_quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def single_quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    return st.one_of(
        digits(),
        digits().map(lambda d: "-" + d),
        st.integers(1, 3_000).map(lambda n: "0x" + "f" * n),
        st.sampled_from(["0o17", "0b101", "0755", "1:30", "1e999", ".inf", ".nan", "60.5", "60s",
                         "yes", "no", "on", "off", "y", "~", "null", "true", "False", "",
                         "python", "python-3.10.9", "strict", "disabled", "tcp", "udp"]),
        word().map(double_quoted),
        word().map(single_quoted),
        st.sampled_from(['"\\x1b[2J"', '"\\u202e"', '"\\e"', '"\\N"', '"\\x00"', '"\\uD800"']),
        st.from_regex(r"[a-z][a-z0-9 ./:$_{}-]{0,30}", fullmatch=True),
    )


@st.composite
def yaml_value(draw: Callable[..., Any], depth: int = 0) -> list[str]:
    """A YAML node as lines (block style) or one line (flow style), anchors and aliases
    included; aliases name anchors `a0`–`a2` whether or not they were defined."""
    anchor = draw(st.sampled_from(["", "", "", "&a0 ", "&a1 ", "&a2 "]))
    kind = draw(st.sampled_from(["scalar", "scalar", "alias", "list", "map", "flow", "block"]
                                if depth < 3 else ["scalar", "alias"]))
    if kind == "scalar":
        return [anchor + draw(yaml_scalar())]
    if kind == "alias":
        return [draw(st.sampled_from(["*a0", "*a1", "*a2"]))]
    if kind == "block":
        body = draw(st.lists(word(), min_size=1, max_size=3))
        return [anchor + draw(st.sampled_from(["|", ">", "|-", ">+"]))] + ["  " + b for b in body]
    if kind == "flow":
        items = draw(st.lists(yaml_scalar(), max_size=4))
        if draw(st.booleans()):
            return [anchor + "[" + ", ".join(items) + "]"]
        keys = draw(st.lists(st.sampled_from([*ENGINE_KEYS, "<<", "name", "protocol",
                                              "containerPort", "use", "require"]),
                             min_size=len(items), max_size=len(items)))
        return [anchor + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items)) + "}"]
    children: list[str] = []
    count = draw(st.integers(1, 3))
    for _ in range(count):
        child = draw(yaml_value(depth + 1))
        if kind == "list":
            children.append("- " + child[0])
            children += ["  " + line for line in child[1:]]
        else:
            key = draw(st.sampled_from([*ENGINE_KEYS, "<<", "name", "containerPort", "require",
                                        "use", "x"]))
            if len(child) == 1:
                children.append(f"{key}: {child[0]}")
            else:
                children.append(f"{key}: {child[0]}")
                children += ["  " + line for line in child[1:]]
    if anchor:
        return [anchor.strip()] + ["  " + line for line in children]
    return ["  " + line for line in children] if depth else children


def setting_line() -> st.SearchStrategy[str]:
    """One top-level setting with a value of about the right shape."""
    number = st.one_of(digits(), st.sampled_from(["-5", "60.5", '"60"', "0x3c", "1e3"]))
    return st.one_of(
        number.map(lambda n: f"startupTimeout: {n}"),
        run_command_text().map(lambda c: f"run: {c}"),
        run_command_text().map(lambda c: f"cmd: {c}"),
        st.sampled_from(["runtime: python", "runtime: python-3.10.9", "runtime: node",
                         "functionsMode: strict", "functionsMode: lax", "buildRoot: src",
                         "exposeEnvironmentsOnBuild: yes", "installDevDependencies: true",
                         "systemDependencies: [imagemagick, phantomjs, ffmpg]",
                         "install: [{use: default}, {require: [missing.txt]}, 3]",
                         "extraPorts: [{name: a, protocol: tcp, containerPort: 70000}]",
                         "startupTimout: 60", "healthCheckPath: /health"]),
        st.builds(lambda key, value: f"{key}: {value}", st.sampled_from(ENGINE_KEYS),
                  yaml_scalar()),
    )


@st.composite
def engine_yaml_text(draw: Callable[..., Any]) -> str:
    if draw(st.booleans()):
        settings_lines = draw(st.lists(setting_line(), min_size=1, max_size=5))
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        return draw(mutated(st.just(newline.join(settings_lines) + newline)))
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(st.sampled_from([*ENGINE_KEYS, "<<", "x-anchor"]))
        value = draw(yaml_value(1))
        if len(value) == 1:
            lines.append(f"{key}: {value[0]}")
        else:
            lines.append(f"{key}: {value[0]}" if not value[0].startswith("  ") else f"{key}:")
            lines += value[1:] if not value[0].startswith("  ") else value
    if draw(st.booleans()):
        lines.append(f"run: {draw(run_command_text())}")
    prefix = draw(st.sampled_from(["", "", "%YAML 1.1\n---\n", "---\n", "# comment\n"]))
    suffix = draw(st.sampled_from(["", "", "\n---\nx: 1", "\n...\n"]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return draw(mutated(st.just(prefix + newline.join(lines) + newline + suffix)))


# --- the `run:` command ------------------------------------------------------------------------
RUN_WORDS = [
    "gunicorn", "-b", "--bind", "127.0.0.1:8000", "0.0.0.0:$LEANCLOUD_APP_PORT", "wsgi:app",
    "uvicorn", "main:app", "--host", "localhost", "--port", "${LEANCLOUD_APP_PORT}", "3000",
    "python", "app.py", "-m", "pkg", "flask", "run", "manage.py", "runserver", "exec", "env",
    "PORT=8080", "sh", "-c", "cd", "src", "pip", "install", "-r", "requirements.txt",
    "waitress-serve", "--listen=*:8080", "hypercorn", "daphne", "-p", "${PORT:-5000}", "$PORT",
    "$(hostname)", "`id`", "nohup", "&", "2>&1", ">", "/dev/null", "<<EOF", "EOF",
]


def run_command_text() -> st.SearchStrategy[str]:
    token = st.one_of(
        st.sampled_from(RUN_WORDS),
        word().map(lambda w: "'" + w.replace("'", "") + "'"),
        word().map(lambda w: '"' + w.replace('"', "").replace("\\", "") + '"'),
        digits(),
    )
    operator = st.sampled_from([" ", " ", " ", " && ", "; ", " || ", " | ", " \\\n  "])
    command = st.lists(st.tuples(token, operator), min_size=1, max_size=10).map(
        lambda pairs: "".join(a + b for a, b in pairs).strip()
    )
    nested = command.map(lambda c: 'sh -c "' + c.replace('"', '\\"') + '"')
    host = st.sampled_from(["127.0.0.1", "0.0.0.0", "localhost", "[::1]", "", "$HOST"])
    port = st.one_of(st.sampled_from(["$LEANCLOUD_APP_PORT", "${LEANCLOUD_APP_PORT}", "3000",
                                      "8000", "$PORT", "LEANCLOUD_APP_PORT"]), digits())
    realistic = st.builds(
        lambda template, h, p: template.format(host=h, port=p),
        st.sampled_from([
            "gunicorn -b {host}:{port} wsgi:application",
            "gunicorn wsgi:app --bind={host}:{port} -w 2",
            "uvicorn main:app --host {host} --port {port}",
            "python app.py",
            "python -m pkg --port {port}",
            "flask run --host={host} --port={port}",
            "python manage.py runserver {host}:{port}",
            "pip install -r requirements.txt && exec gunicorn -b {host}:{port} wsgi:app",
            "waitress-serve --listen={host}:{port} wsgi:application",
            "hypercorn main:app --bind {host}:{port}",
            "cd src && PORT={port} python server.py",
        ]),
        host, port,
    )
    return mutated(st.one_of(realistic, realistic, command, nested)).map(
        lambda t: json.dumps(t, ensure_ascii=False)
    )


def raw_run_command() -> st.SearchStrategy[str]:
    """The `run:` string itself (the YAML form above is JSON-quoted, which YAML reads)."""
    return run_command_text().map(json.loads)


# --- settings files ----------------------------------------------------------------------------
CONFIG_KEYS = ["select", "extend-select", "ignore", "fail-on", "severity", "exclude",
               "max-file-size", "extra-system-dependencies", "per-file-ignores", "selct"]


def toml_value() -> st.SearchStrategy[str]:
    string = word().map(lambda w: json.dumps(w, ensure_ascii=False))
    return st.one_of(
        digits(),
        st.sampled_from(["1_048_576", "0x10", "-1", "1e9", "true", '"error"', '"warning"',
                         '"EL501"', '"ALL"', "[]", '["EL2", "EL501"]', '{ EL202 = "error" }',
                         '["loopback-bind"]', '"nosuch"']),
        string,
        st.lists(string, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    )


@st.composite
def config_text(draw: Callable[..., Any]) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(CONFIG_KEYS), toml_value()), max_size=5))
    body = "".join(f"{key} = {value}\n" for key, value in pairs)
    if draw(st.booleans()):
        body += '[per-file-ignores]\n"scripts/*.py" = ["EL501"]\n'
    return draw(mutated(st.just(body)))


# --- Python ------------------------------------------------------------------------------------
def python_literal() -> st.SearchStrategy[str]:
    return st.one_of(
        word().map(repr),
        st.sampled_from(HOSTILE).map(repr),
        digits().map(lambda d: repr(d)),
        st.integers(1, 12_000).map(lambda n: "0x" + "f" * n),
        st.integers(0, 70_000).map(str),
        st.sampled_from(["'127.0.0.1'", "'0.0.0.0'", "'localhost'", "3000", "5000", "True",
                         "None", "os.environ.get('PORT', 5000)", "os.environ['LEANCLOUD_APP_PORT']",
                         "int(os.getenv('LEANCLOUD_APP_PORT', '3000'))", "'\\ud800'"]),
    )


PYTHON_TEMPLATES = [
    "app.run(host={a}, port={b})",
    "app.run(debug={a})",
    "HOST = {a}\nPORT = {b}\napp.run(host=HOST, port=PORT)",
    "import leancloud\nleancloud.init({a}, {b})",
    "LEANCLOUD_APP_KEY = {a}",
    "@app.route({a})\ndef index():\n    return 'ok'",
    "if {a} == {b}:\n    import nowhere_module",
    "import sqlite3\nsqlite3.connect({a})",
    "app.config['DEBUG'] = {a}",
    "x = {a} % ({b},)",
    "x = '{{}}:{{}}'.format({a}, {b})",
    "import socket\nsocket.socket().bind(({a}, {b}))",
]


@st.composite
def python_source(draw: Callable[..., Any]) -> str:
    body = "\n".join(
        draw(st.sampled_from(PYTHON_TEMPLATES)).format(a=draw(python_literal()),
                                                       b=draw(python_literal()))
        for _ in range(draw(st.integers(0, 3)))
    )
    source = ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\napplication = app\n"
              + body + "\n")
    return draw(mutated(st.just(source), rounds=1)) if draw(st.booleans()) else source


# --- whole projects ----------------------------------------------------------------------------
ODD_NAMES = ["venv\x1b[31m", "v\u202eenv", "venv\udcff", "ve\nnv", "ven v", "venv%0A"]
REQUIREMENT_LINES = ["flask>=1.0", "Flask==2.0.3", "requests", "six>=1 # \x1b[2J\x1b[31mowned",
                     "leancloud>=2.9", "gunicorn==21.2.0", "# \u202e comment", "-r other.txt"]


@st.composite
def project_files(draw: Callable[..., Any]) -> dict[str, bytes]:
    """A mini project: `{relative path: bytes}` (a path may hold an undecodable byte as a
    surrogate; the writer encodes it back)."""
    files: dict[str, bytes] = {
        "wsgi.py": draw(python_source()).encode("utf-8", "surrogatepass"),
        "requirements.txt": "\n".join(
            draw(st.lists(st.sampled_from(REQUIREMENT_LINES), max_size=4))
        ).encode(),
    }
    optional: list[tuple[str, st.SearchStrategy[bytes]]] = [
        (".python-version", encoded(python_version_text())),
        ("runtime.txt", encoded(runtime_txt_text())),
        ("leanengine.yaml", encoded(engine_yaml_text())),
        ("app.py", python_source().map(lambda s: s.encode("utf-8", "surrogatepass"))),
    ]
    for name, strategy in optional:
        if draw(st.booleans()):
            files[name] = draw(strategy)
    if draw(st.integers(0, 3)) == 0:
        files[draw(st.sampled_from(ODD_NAMES)) + "/pyvenv.cfg"] = b"home = /usr\n"
    return files


def fixable_files() -> st.SearchStrategy[dict[str, bytes]]:
    """A project with something `--fix` changes, written in every newline style and encoding
    the fixes must keep."""

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[str, bytes]:
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))

        def text(lines: list[str]) -> bytes:
            return bom + newline.join(lines).encode("utf-8") + newline.encode()

        files = {
            "wsgi.py": text(["from flask import Flask", "application = Flask(__name__)",
                             draw(st.sampled_from([
                                 "application.run(host='127.0.0.1', port=3000)",
                                 "application.run(host=\"localhost\")", "x = 1  # \u202e"]))]),
            "requirements.txt": text(draw(st.lists(st.sampled_from(
                ["Flask>=1.0", "requests>2", "six>=1.0.0 # note", "gunicorn", "x!=2.0"]),
                min_size=1, max_size=3))),
            ".python-version": draw(st.sampled_from([b" 3.11 \n", b"\xef\xbb\xbf3.11\n", b"3.11",
                                                     b"\t3.12\r\n\r\n", b"3.11\n"])),
        }
        yaml = draw(st.lists(st.sampled_from([
            "cmd: gunicorn -b 127.0.0.1:8000 wsgi:application", "startupTimout: 60",
            "bulid: echo", "systemDependencies: [imagemagick]", "# keep this comment",
            "exposeEnvironmentsOnBuild: yes", "runtime: python"]), max_size=4, unique=True))
        if yaml:
            files["leanengine.yaml"] = text(yaml)
        return files

    return build()


def write_files(root: Any, files: dict[str, bytes]) -> None:
    import os

    for relative, data in files.items():
        path = os.path.join(os.fsencode(str(root)), relative.encode("utf-8", "surrogateescape"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)

"""The servers enginelint recognizes, and what each one's command line makes it bind and load.

One recognizer per server (gunicorn, uvicorn, hypercorn, daphne, `flask run`, Django's
`runserver`, uwsgi, waitress-serve) reads its options and the environment variables it also
honours, and returns the `Server` with its binds (or undecidable, when a config file enginelint
does not read may set them) and the `Entry` it imports. `_SERVER_PROGRAMS` and
`_SERVER_MODULES` map program and `python -m` names to recognizers for `programs`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Callable, Optional

from ... import platform
from ...lazy_dataclass import dataclass
from .addresses import _host_and_port, _socket_path, _tcp
from .model import FD, FILE, IMPORT, OTHER, TCP, UNIX, Bind, Entry, Server, Source, Word
from .options import (
    _env_source,
    _Environment,
    _has,
    _last,
    _Option,
    _parse_options,
    _spec,
    _values,
    split_plain,
)
from .paths import _basename, _join, _module_candidates


@dataclass(frozen=True)
class _Recognized:
    """What a command starts: the answer of `programs._recognize` and of each recognizer."""

    server: Optional[Server] = None
    entry: Optional[Entry] = None
    long_running: bool = False


# A recognizer: (words naming the program, its arguments, environment, working folder).
_ServerParser = Callable[
    [tuple[Word, ...], Sequence[Word], _Environment, Optional[str]], _Recognized
]

# `manage.py` subcommands that do their work and exit.
_DJANGO_ONE_SHOT = frozenset({
    "migrate", "makemigrations", "collectstatic", "compilemessages", "makemessages",
    "createcachetable", "check", "loaddata", "dumpdata", "createsuperuser", "clearsessions",
    "flush", "sqlmigrate", "showmigrations", "diffsettings", "version", "help", "test",
})  # fmt: skip
_DJANGO_SERVERS = frozenset({"runserver", "runserver_plus"})


def _defaults(name: str) -> tuple[Optional[str], Optional[int]]:
    return platform.SERVER_DEFAULT_BINDS.get(name, (None, None))


def _label(program: Sequence[Word]) -> str:
    return " ".join(_basename(w.text) for w in program)


def _config_files(cwd: Optional[str], *names: str) -> tuple[tuple[str, ...], bool]:
    """Files in the working folder a server reads at start-up; undecidable when cwd is unknown."""
    if cwd is None:
        return (), False
    joined = (_join(cwd, name) for name in names)
    return tuple(j for j in joined if j is not None), True


def _app_entry(source: Optional[Source], folder: Optional[str]) -> Optional[Entry]:
    """The `module:attribute` (or `path/file.py:attribute`) a server imports."""
    if source is None:
        return None
    target, _, attribute = source.text.partition(":")
    candidates: tuple[str, ...] = ()
    kind = IMPORT
    if target.endswith(".py") or "/" in target:
        kind = FILE
        path = target if target.endswith(".py") else None
        if source.known:
            if path is not None:
                joined = _join(folder, path)
                candidates = (joined,) if joined is not None else ()
            else:
                base = _join(folder, target)
                candidates = (f"{base}/__init__.py", f"{base}.py") if base is not None else ()
    elif source.known:
        candidates = _module_candidates(target, folder, main=False)
    return Entry(kind, target, attribute or None, source, folder, candidates)


def _first_app(positionals: Sequence[Word]) -> Optional[Source]:
    """The `module:app` positional (the first with a colon, else the first)."""
    for word in positionals:
        if ":" in word.text:
            return Source.of(word)
    return Source.of(positionals[0]) if positionals else None


def _folder(cwd: Optional[str], option: Optional[Source]) -> Optional[str]:
    if option is None:
        return cwd
    return _join(cwd, option.text) if option.known else None


_GUNICORN = _spec(
    "-c|--config -b|--bind --backlog -w|--workers -k|--worker-class --threads "
    "--worker-connections --max-requests --max-requests-jitter -t|--timeout --graceful-timeout "
    "--keep-alive --limit-request-line --limit-request-fields --limit-request-field_size "
    "--limit-request-field-size --reload-engine --reload-extra-file --chdir --pythonpath "
    "--paste|--paster -p|--pid --worker-tmp-dir -u|--user -g|--group -m|--umask "
    "--forwarded-allow-ips --access-logfile --access-logformat --error-logfile|--log-file "
    "--log-level --logger-class --log-config --log-config-json --log-syslog-to "
    "--log-syslog-prefix --log-syslog-facility --statsd-host --dogstatsd-tags --statsd-prefix "
    "-n|--name --proxy-allow-from --keyfile --certfile --ssl-version --cert-reqs --ca-certs "
    "--ciphers --paste-global -e|--env --header-map --forwarder-headers --worker-class "
    "--wsgi-app",
    "--check-config --print-config --spew -D|--daemon --reload --preload --no-sendfile "
    "--reuse-port -R|--enable-stdio-inheritance --capture-output --initgroups "
    "--disable-redirect-access-to-syslog --proxy-protocol --strip-header-spaces "
    "--do-handshake-on-connect --suppress-ragged-eofs --log-syslog -v|--version -h|--help "
    "--permit-unconventional-http-method --permit-unconventional-http-version "
    "--casefold-http-method --permit-obsolete-folding --tolerate-dangerous-framing",
)


def _gunicorn(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _GUNICORN, abbreviations=True)
    env_options: list[_Option] = []
    command_args = env.get("GUNICORN_CMD_ARGS")
    if command_args is not None:
        env_options = _parse_options(split_plain(command_args), _GUNICORN, abbreviations=True)[0]
    default_host, default_port = _defaults("gunicorn")
    binds = _values(options, "bind") or _values(env_options, "bind")
    config_files: tuple[str, ...] = ()
    decidable = True
    # The command line overrides GUNICORN_CMD_ARGS, which overrides the config file; gunicorn
    # reads ./gunicorn.conf.py when no -c is given.
    if binds:
        result = tuple(_gunicorn_address(b, default_host, default_port) for b in binds)
    elif _has(options, "config", "paster") or _has(env_options, "config", "paster"):
        result = ()
        decidable = False
    else:
        config_files, decidable = _config_files(cwd, "gunicorn.conf.py")
        port = _env_source(env, "PORT")
        if "PORT" in env:
            # gunicorn's default bind is 0.0.0.0:$PORT when PORT is in its environment.
            result = (_tcp(None, port, platform.ALL_INTERFACES, None),)
        else:
            result = (_tcp(None, None, default_host, default_port),)
    chdir = _last(options, "chdir") or _last(env_options, "chdir")
    server = Server("gunicorn", _label(program), program, result, decidable, config_files)
    return _Recognized(server, _app_entry(_first_app(positionals), _folder(cwd, chdir)), True)


def _gunicorn_address(
    address: Source, default_host: Optional[str], default_port: Optional[int]
) -> Bind:
    text = address.text
    if text.startswith("unix:"):
        return _socket_path(address, "unix://" if text.startswith("unix://") else "unix:")
    if text.startswith("fd://"):
        return Bind(FD, address=address)
    if text.startswith("tcp://"):
        address = Source(address.word, address.start + len("tcp://"), address.end)
    if address.text == "":
        return _tcp(None, None, platform.ALL_INTERFACES, default_port, address)
    return _host_and_port(address, default_host, default_port)


_UVICORN = _spec(
    "--host --port --uds --fd --reload-dir --reload-include --reload-exclude --reload-delay "
    "--workers --loop --http --ws --ws-max-size --ws-max-queue --ws-ping-interval "
    "--ws-ping-timeout --ws-per-message-deflate --lifespan --interface --env-file --log-config "
    "--log-level --root-path --limit-concurrency --backlog --limit-max-requests "
    "--timeout-keep-alive --timeout-graceful-shutdown --ssl-keyfile --ssl-certfile "
    "--ssl-keyfile-password --ssl-version --ssl-cert-reqs --ssl-ca-certs --ssl-ciphers --header "
    "--app-dir --h11-max-incomplete-event-size --forwarded-allow-ips",
    "--reload --access-log --no-access-log --use-colors --no-use-colors --proxy-headers "
    "--no-proxy-headers --server-header --no-server-header --date-header --no-date-header "
    "--factory --version --help",
)


def _uvicorn(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _UVICORN)
    default_host, default_port = _defaults("uvicorn")
    # uvicorn's options also read UVICORN_<OPTION> from the environment (click's envvar prefix).
    uds = _last(options, "uds") or _env_source(env, "UVICORN_UDS")
    fd = _last(options, "fd") or _env_source(env, "UVICORN_FD")
    if uds is not None:
        binds: tuple[Bind, ...] = (_socket_path(uds),)
    elif fd is not None:
        binds = (Bind(FD, address=fd),)
    else:
        host = _last(options, "host") or _env_source(env, "UVICORN_HOST")
        port = _last(options, "port") or _env_source(env, "UVICORN_PORT")
        binds = (_tcp(host, port, default_host, default_port),)
    server = Server("uvicorn", _label(program), program, binds)
    folder = _folder(cwd, _last(options, "app-dir"))
    return _Recognized(server, _app_entry(_first_app(positionals), folder), True)


_HYPERCORN = _spec(
    "--access-logfile --access-logformat --backlog -b|--bind --ca-certs --certfile --cert-reqs "
    "--ciphers -c|--config --error-logfile|--log-file --graceful-timeout --read-timeout "
    "--max-requests --max-requests-jitter -g|--group -k|--worker-class --keep-alive --keyfile "
    "--keyfile-password --insecure-bind --quic-bind --log-config --log-level -p|--pid "
    "--root-path --server-name --statsd-host --statsd-prefix -m|--umask -u|--user --verify-mode "
    "--websocket-ping-interval -w|--workers --h11-max-incomplete-size "
    "--h2-max-concurrent-streams --h2-max-header-list-size --h2-max-inbound-frame-size",
    "--debug --reload -h|--help",
)


def _hypercorn(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _HYPERCORN, abbreviations=True)
    default_host, default_port = _defaults("hypercorn")
    addresses = _values(options, "bind", "insecure-bind")
    decidable = True
    if addresses:
        binds = tuple(_hypercorn_address(a, default_host, default_port) for a in addresses)
    elif _has(options, "config"):
        binds = ()
        decidable = False
    else:
        binds = (_tcp(None, None, default_host, default_port),)
    server = Server("hypercorn", _label(program), program, binds, decidable)
    return _Recognized(server, _app_entry(_first_app(positionals), cwd), True)


def _hypercorn_address(
    address: Source, default_host: Optional[str], default_port: Optional[int]
) -> Bind:
    if address.text.startswith("unix:"):
        return _socket_path(address, "unix:")
    if address.text.startswith("fd://"):
        return Bind(FD, address=address)
    return _host_and_port(address, default_host, default_port)


_DAPHNE = _spec(
    "-p|--port -b|--bind --websocket_timeout --websocket_connect_timeout -u|--unix-socket --fd "
    "-e|--endpoint -v|--verbosity -t|--http-timeout --access-log --log-fmt --ping-interval "
    "--ping-timeout --application-close-timeout --root-path --proxy-headers-host "
    "--proxy-headers-port -s|--server-name --ws-protocol",
    "--proxy-headers --no-server-name -h|--help",
)


def _daphne(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _DAPHNE, abbreviations=True)
    default_host, default_port = _defaults("daphne")
    host = _last(options, "bind")
    port = _last(options, "port")
    unix = _last(options, "unix-socket")
    fd = _last(options, "fd")
    endpoints = _values(options, "endpoint")
    binds: list[Bind] = [_daphne_endpoint(e) for e in endpoints]
    if unix is not None:
        binds.append(_socket_path(unix))
    if fd is not None:
        binds.append(Bind(FD, address=fd))
    # daphne fills in the default host and port only for the half that is missing, and both
    # only when no binding option at all is given.
    if host is not None or port is not None or not binds:
        binds.insert(0, _tcp(host, port, default_host, default_port))
    server = Server("daphne", _label(program), program, tuple(binds))
    return _Recognized(server, _app_entry(_first_app(positionals), cwd), True)


def _daphne_endpoint(endpoint: Source) -> Bind:
    """A Twisted endpoint string: `tcp:8000:interface=127.0.0.1`, `unix:/tmp/s`, `ssl:…`."""
    text = endpoint.text
    kind, _, rest = text.partition(":")
    if kind not in ("tcp", "tcp6", "ssl"):
        return Bind(UNIX if kind == "unix" else OTHER, address=endpoint)
    offset = endpoint.start + len(kind) + 1
    host: Optional[Source] = None
    port: Optional[Source] = None
    for match in re.finditer(r"(?:\\.|[^:\\])+", rest):
        field_text = match.group()
        start, end = offset + match.start(), offset + match.end()
        if field_text.startswith("interface="):
            host = Source(endpoint.word, start + len("interface="), end)
        elif field_text.startswith("port="):
            port = Source(endpoint.word, start + len("port="), end)
        elif "=" not in field_text and port is None:
            port = Source(endpoint.word, start, end)
    bind = _tcp(host, port, platform.ALL_INTERFACES, None, endpoint)
    if host is not None and "\\" in host.text:
        return Bind(TCP, host.text.replace("\\", ""), bind.port, host, port, endpoint,
                    bind.host_known)  # fmt: skip
    return bind


_FLASK_GROUP = _spec("-A|--app -e|--env-file", "--debug --no-debug --version --help")
_FLASK_RUN = _spec(
    "-h|--host -p|--port --cert --key --extra-files --exclude-patterns",
    "--reload --no-reload --debugger --no-debugger --with-threads --without-threads "
    "--eager-loading --lazy-loading --help",
)


def _flask(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    group, positionals, rest = _parse_options(args, _FLASK_GROUP, stop_at_positional=True)
    if not positionals or positionals[0].text != "run":
        return _Recognized()  # `flask db upgrade`, `flask shell`…
    run = positionals[0]
    options = _parse_options(rest, _FLASK_RUN)[0]
    default_host, default_port = _defaults("flask run")
    # flask's options also read FLASK_RUN_<OPTION>; with python-dotenv installed, `flask`
    # loads .flaskenv and .env from the working folder first.
    host = _last(options, "host") or _env_source(env, "FLASK_RUN_HOST")
    port = _last(options, "port") or _env_source(env, "FLASK_RUN_PORT")
    config_files: tuple[str, ...] = ()
    decidable = True
    if host is None:
        config_files, decidable = _config_files(cwd, ".flaskenv", ".env")
        decidable = decidable and not _has(group, "env-file")
    binds = (_tcp(host, port, default_host, default_port),)
    words = (*program, run)
    server = Server("flask run", _label(words), words, binds, decidable, config_files)
    app = _last(group, "app") or _env_source(env, "FLASK_APP")
    if app is not None:
        entry = _app_entry(app, cwd)
    else:
        # Without an app, flask imports `wsgi`, then `app`, from the working folder.
        candidates = _module_candidates("wsgi", cwd, False) + _module_candidates("app", cwd, False)
        entry = Entry(IMPORT, "", None, None, cwd, candidates)
    return _Recognized(server, entry, True)


_RUNSERVER = _spec(
    "--settings --pythonpath -v|--verbosity",
    "-6|--ipv6 --nothreading --noreload --nostatic --insecure --traceback --no-color "
    "--force-color --skip-checks -h|--help",
)


def _runserver(program: tuple[Word, ...], args: Sequence[Word], env: _Environment) -> Server:
    options, positionals, _ = _parse_options(args, _RUNSERVER)
    default_host, default_port = _defaults("runserver")
    if _has(options, "ipv6"):
        default_host = _defaults("runserver -6")[0] or default_host
    if not positionals:
        bind = _tcp(None, None, default_host, default_port)
    else:
        # `runserver PORT` or `runserver ADDR:PORT`; `0` means 0.0.0.0.
        address = Source.of(positionals[0])
        text = address.text
        if ":" not in text:
            bind = _tcp(None, address, default_host, default_port, address)
        else:
            bind = _host_and_port(address, default_host, default_port)
            if bind.host == "0":
                bind = Bind(TCP, platform.ALL_INTERFACES, bind.port, bind.host_source,
                            bind.port_source, address, bind.host_known)  # fmt: skip
    return Server("runserver", _label(program), program, (bind,))


def _django_admin(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    if args and args[0].text in _DJANGO_SERVERS:
        return _Recognized(_runserver((*program, args[0]), args[1:], env), None, True)
    return _Recognized(None, None, bool(args) and args[0].text not in _DJANGO_ONE_SHOT)


_UWSGI = _spec(
    "--http --http-socket --https --https-socket -s|--socket --uwsgi-socket --http11-socket "
    "--fastcgi-socket --scgi-socket --ini -y|--yaml -j|--json -x|--xml --include --wsgi-file "
    "--file -w|--module|--wsgi --callable --chdir -p|--processes|--workers --threads "
    "-H|--home|--virtualenv|--venv --pythonpath|--python-path|--pp -b|--buffer-size "
    "-t|--harakiri -l|--listen -z|--socket-timeout -d|--daemonize --logto --uid --gid "
    "--chmod-socket --max-requests --static-map --mount --plugin|--plugins --py-autoreload "
    "--stats --env --http-timeout --pidfile --touch-reload --cheaper --reload-on-rss "
    "--offload-threads --attach-daemon --smart-attach-daemon --route --limit-as",
    "-M|--master -T|--enable-threads --lazy-apps --lazy --die-on-term --vacuum --need-app "
    "--strict -i|--single-interpreter --no-orphans --thunder-lock --honour-stdin "
    "-L|--disable-logging --log-master --memory-report --harakiri-verbose --auto-procname "
    "--catch-exceptions --cheap --enable-proxy-protocol --http-keepalive --version --help",
)
_UWSGI_SOCKETS = (
    "http", "http-socket", "https", "https-socket", "socket", "uwsgi-socket", "http11-socket",
    "fastcgi-socket", "scgi-socket",
)  # fmt: skip
_UWSGI_CONFIGS = (".ini", ".yaml", ".yml", ".json", ".xml")


def _uwsgi(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _UWSGI, unknown_takes_value=True)
    addresses = _values(options, *_UWSGI_SOCKETS)
    # uwsgi also reads every option from UWSGI_<OPTION> in its environment.
    for name in _UWSGI_SOCKETS:
        from_env = _env_source(env, "UWSGI_" + name.upper().replace("-", "_"))
        if from_env is not None:
            addresses.append(from_env)
    configured = _has(options, "ini", "yaml", "json", "xml", "include") or any(
        w.text.endswith(_UWSGI_CONFIGS) for w in positionals
    ) or any(f"UWSGI_{n}" in env for n in ("INI", "YAML", "JSON", "XML"))  # fmt: skip
    binds = tuple(_uwsgi_address(a) for a in addresses)
    server = Server("uwsgi", _label(program), program, binds, bool(binds) or not configured)
    folder = _folder(cwd, _last(options, "chdir"))
    script = _last(options, "wsgi-file", "file")
    module = _last(options, "module")
    entry: Optional[Entry] = None
    if script is not None:
        joined = _join(folder, script.text) if script.known else None
        entry = Entry(FILE, script.text, None, script, folder, (joined,) if joined else ())
    elif module is not None:
        entry = _app_entry(module, folder)
    return _Recognized(server, entry, True)


def _uwsgi_address(address: Source) -> Bind:
    text = address.text.split(",", 1)[0]  # `--https addr,cert,key`
    address = Source(address.word, address.start, address.start + len(text))
    if ":" not in text or text.startswith(("/", "@", "=")):
        return Bind(UNIX, address=address)
    return _host_and_port(address, platform.ALL_INTERFACES, None)


_WAITRESS = _spec(
    "--host --port --listen --unix-socket --unix-socket-perms --url-scheme --url-prefix --ident "
    "--threads --backlog --recv-bytes --send-bytes --outbuf-overflow --outbuf-high-watermark "
    "--inbuf-overflow --connection-limit --cleanup-interval --channel-timeout "
    "--max-request-header-size --max-request-body-size --asyncore-loop-timeout --trusted-proxy "
    "--trusted-proxy-count --trusted-proxy-headers --server-name --channel-request-lookahead",
    "--call --help --asyncore-use-poll --ipv4 --no-ipv4 --ipv6 --no-ipv6 --expose-tracebacks "
    "--no-expose-tracebacks --log-untrusted-proxy-headers --no-log-untrusted-proxy-headers "
    "--clear-untrusted-proxy-headers --no-clear-untrusted-proxy-headers",
)


def _waitress(
    program: tuple[Word, ...], args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    options, positionals, _ = _parse_options(args, _WAITRESS, abbreviations=True)
    default_host, default_port = _defaults("waitress-serve")
    listens = _values(options, "listen")
    unix = _last(options, "unix-socket")
    if listens:
        binds = tuple(_host_and_port(a, default_host, default_port) for a in listens)
    elif unix is not None:
        binds = (_socket_path(unix),)
    else:
        binds = (_tcp(_last(options, "host"), _last(options, "port"), default_host, default_port),)
    server = Server("waitress-serve", _label(program), program, binds)
    app = Source.of(positionals[-1]) if positionals else None
    return _Recognized(server, _app_entry(app, cwd), True)


_SERVER_PROGRAMS: dict[str, _ServerParser] = {
    "gunicorn": _gunicorn,
    "uvicorn": _uvicorn,
    "hypercorn": _hypercorn,
    "daphne": _daphne,
    "flask": _flask,
    "uwsgi": _uwsgi,
    "waitress-serve": _waitress,
    "django-admin": _django_admin,
    "django-admin.py": _django_admin,
}
# `python -m X` that starts the same servers.
_SERVER_MODULES: dict[str, _ServerParser] = {
    "gunicorn": _gunicorn,
    "uvicorn": _uvicorn,
    "hypercorn": _hypercorn,
    "daphne": _daphne,
    "flask": _flask,
    "waitress": _waitress,
    "django": _django_admin,
}

"""The `run:` shell reader: tokens and offsets, expansion, wrappers, servers' binds, entries."""

from __future__ import annotations

from typing import Optional

import pytest

from enginelint.parsers.run_command import (
    ASSIGNED,
    CODE,
    DEFAULT,
    FD,
    FILE,
    IMPORT,
    MODULE,
    PLATFORM,
    SCRIPT,
    TCP,
    UNIX,
    UNKNOWN,
    UNSET,
    Bind,
    Command,
    RunCommand,
    Server,
    Word,
    is_loopback,
    loopback_binds,
    parse_run,
    split_plain,
)


def argvs(text: str) -> list[list[str]]:
    return [[w.text for w in c.argv] for c in parse_run(text).commands]


def only(text: str) -> Command:
    commands = parse_run(text).commands
    assert len(commands) == 1, [c.argv for c in commands]
    return commands[0]


def raw(text: str, word: Word, start: int = 0, end: Optional[int] = None) -> str:
    """The run-string text characters [start, end) of `word` come from."""
    first, last = word.raw(start, end)
    return text[first:last]


def server_of(text: str) -> Server:
    servers = parse_run(text).servers
    assert len(servers) == 1, servers
    return servers[0]


def single_bind(text: str) -> Bind:
    binds = server_of(text).binds
    assert len(binds) == 1, binds
    return binds[0]


def host_text(text: str, bind: Bind) -> Optional[str]:
    """The run-string text the bind's host is written as (None: the server's default)."""
    if bind.host_source is None:
        return None
    start, end = bind.host_source.offsets
    return text[start:end]


# --- tokens, quotes and offsets ----------------------------------------------------------------


def test_plain_words_and_offsets() -> None:
    text = "  gunicorn   -w 4 wsgi:app"
    command = only(text)
    assert [w.text for w in command.argv] == ["gunicorn", "-w", "4", "wsgi:app"]
    assert [(w.start, w.end) for w in command.argv] == [(2, 10), (13, 15), (16, 17), (18, 26)]


def test_single_quotes_keep_everything_literal() -> None:
    text = "echo 'a  $HOME \\n \"b\"'"
    word = only(text).argv[1]
    assert word.text == 'a  $HOME \\n "b"'
    assert (word.start, word.end) == (5, len(text))
    assert word.references == ()
    assert raw(text, word, 0, 1) == "a"


def test_double_quotes_escape_only_special_characters() -> None:
    text = 'echo "a\\"b\\\\c\\d\\$x"'
    assert only(text).argv[1].text == 'a"b\\c\\d$x'


def test_unquoted_backslash_and_line_continuation() -> None:
    text = "gunicorn \\\n  -b a\\ b wsgi:app"
    command = only(text)
    assert [w.text for w in command.argv] == ["gunicorn", "-b", "a b", "wsgi:app"]
    word = command.argv[2]
    assert raw(text, word, 1, 2) == " "
    assert raw(text, word) == "a\\ b"


def test_adjacent_quoted_parts_form_one_word() -> None:
    text = """x'a'"b"c"""
    word = only(text).argv[0]
    assert word.text == "xabc"
    assert [raw(text, word, i, i + 1) for i in range(4)] == ["x", "a", "b", "c"]


def test_ansi_c_quotes() -> None:
    assert only("echo $'a\\tb\\x41\\''").argv[1].text == "a\tbA'"


def test_comments_are_dropped_but_hash_inside_a_word_is_not() -> None:
    assert argvs("echo a#b # comment here\npython app.py") == [
        ["echo", "a#b"],
        ["python", "app.py"],
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a && b",
        "a || b",
        "a; b",
        "a | b",
        "a & b",
        "a\nb",
        "a&&b",
        "a;b",
    ],
)
def test_operators_separate_commands(text: str) -> None:
    assert argvs(text) == [["a"], ["b"]]


def test_background_flag() -> None:
    commands = parse_run("worker & gunicorn wsgi:app").commands
    assert [c.background for c in commands] == [True, False]


def test_block_scalar_lines_are_commands() -> None:
    text = "pip install -r requirements.txt\n\n# start\nexec gunicorn wsgi:app\n"
    assert argvs(text) == [["pip", "install", "-r", "requirements.txt"], ["gunicorn", "wsgi:app"]]


def test_redirections_are_not_arguments() -> None:
    assert argvs("gunicorn wsgi:app > log.txt 2>&1 </dev/null") == [["gunicorn", "wsgi:app"]]


def test_here_document_body_is_skipped() -> None:
    text = "cat <<EOF > conf\ngunicorn -b 127.0.0.1 wsgi:app\nEOF\npython app.py"
    assert argvs(text) == [["cat"], ["python", "app.py"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("echo 'abc", "unterminated single quote"),
        ('echo "abc', "unterminated double quote"),
        ("echo $(date", "unterminated $(…)"),
        ("echo ${X:-a", "unterminated ${…}"),
        ("echo `date", "unterminated backquote"),
    ],
)
def test_syntax_errors_are_reported_not_raised(text: str, message: str) -> None:
    parsed = parse_run(text)
    assert [e.message for e in parsed.errors] == [message]
    assert parsed.errors[0].start == 5


def test_huge_and_deep_input_does_not_crash() -> None:
    assert parse_run("a" * 200_000).errors
    deep = "echo " + "${A:-" * 5000 + "x" + "}" * 5000
    parse_run(deep)  # no RecursionError
    nested = "sh -c " + "'sh -c \"" * 40
    parse_run(nested)


# --- expansion ---------------------------------------------------------------------------------


def test_platform_variable_expands_symbolically() -> None:
    text = "gunicorn -b 0.0.0.0:$LEANCLOUD_APP_PORT wsgi:app"
    word = only(text).argv[2]
    assert word.text == "0.0.0.0:${LEANCLOUD_APP_PORT}"
    assert word.platform_variable(8) == "LEANCLOUD_APP_PORT"
    assert raw(text, word, 8) == "$LEANCLOUD_APP_PORT"
    assert [r.source for r in word.references] == [PLATFORM]


def test_single_quoted_variable_is_not_the_platform_port() -> None:
    word = only("gunicorn -b '0.0.0.0:$LEANCLOUD_APP_PORT' wsgi:app").argv[2]
    assert word.text == "0.0.0.0:$LEANCLOUD_APP_PORT"
    assert word.platform_variable(8) is None


def test_other_variables_are_unset_and_vanish_unquoted() -> None:
    command = only('gunicorn $EXTRA "$EMPTY" wsgi:app')
    assert [w.text for w in command.argv] == ["gunicorn", "", "wsgi:app"]
    reference = command.argv[1].references[0]
    assert (reference.name, reference.source) == ("EMPTY", UNSET)


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("echo ${HOST:-127.0.0.1}", "127.0.0.1", DEFAULT),
        ("echo ${HOST-127.0.0.1}", "127.0.0.1", DEFAULT),
        ("echo ${LEANCLOUD_APP_PORT:-8000}", "${LEANCLOUD_APP_PORT}", PLATFORM),
        ("echo ${PORT:-$LEANCLOUD_APP_PORT}", "${LEANCLOUD_APP_PORT}", DEFAULT),
        ('echo "${HOST:+x}"', "", UNSET),
        ("echo ${LEANCLOUD_APP_ENV:+x}", "x", DEFAULT),
        ("P=; echo ${P:-d}", "d", DEFAULT),
        ('P=; echo "${P-d}"', "", ASSIGNED),
        ("echo $(hostname)", "\ufffc", UNKNOWN),
        ("echo `hostname`", "\ufffc", UNKNOWN),
        ("echo ${#HOME}", "\ufffc", UNKNOWN),
        ("echo $1", "\ufffc", UNKNOWN),
    ],
)
def test_parameter_expansion(text: str, expected: str, source: str) -> None:
    word = parse_run(text).commands[-1].argv[1]
    assert word.text == expected
    assert source in [r.source for r in word.references]


def test_default_text_maps_to_its_characters() -> None:
    text = 'gunicorn -b "${HOST:-127.0.0.1}:8000" wsgi:app'
    word = only(text).argv[2]
    assert word.text == "127.0.0.1:8000"
    assert raw(text, word, 0, 9) == "127.0.0.1"


def test_assignment_before_a_command_is_in_its_environment_only() -> None:
    text = "PORT=$LEANCLOUD_APP_PORT gunicorn -b 0.0.0.0:$PORT wsgi:app; echo $PORT"
    first, second = parse_run(text).commands
    port = first.env["PORT"]
    assert port is not None and port.text == "${LEANCLOUD_APP_PORT}"
    assert port.platform_variable() == "LEANCLOUD_APP_PORT"
    # The words are expanded before the assignment takes effect.
    assert first.argv[2].text == "0.0.0.0:"
    assert [a.name for a in first.assignments] == ["PORT"]
    assert raw(text, first.assignments[0].word) == "PORT=$LEANCLOUD_APP_PORT"
    assert second.argv[1:] == ()
    assert "PORT" not in second.env


def test_shell_variable_is_expanded_but_not_exported() -> None:
    text = "HOST=127.0.0.1; gunicorn -b $HOST wsgi:app"
    command = only(text)
    word = command.argv[2]
    assert word.text == "127.0.0.1"
    assert raw(text, word) == "$HOST"
    assert word.references[0].source == ASSIGNED
    assert "HOST" not in command.env


def test_export_reaches_the_environment() -> None:
    command = only("export PORT=$LEANCLOUD_APP_PORT HOST; HOST=x; gunicorn wsgi:app")
    assert set(command.env) >= {"PORT", "HOST", "LEANCLOUD_APP_PORT"}
    assert command.env["LEANCLOUD_APP_PORT"] is None  # set by the platform
    assert command.env["HOST"] is not None and command.env["HOST"].text == "x"


def test_assigned_value_keeps_its_platform_reference() -> None:
    word = only("P=$LEANCLOUD_APP_PORT; echo 0.0.0.0:$P").argv[1]
    assert word.platform_variable(8) == "LEANCLOUD_APP_PORT"


def test_unquoted_expansion_is_field_split() -> None:
    text = 'ARGS="-b 127.0.0.1:80 -w 2"; gunicorn $ARGS wsgi:app'
    command = only(text)
    assert [w.text for w in command.argv] == [
        "gunicorn", "-b", "127.0.0.1:80", "-w", "2", "wsgi:app",
    ]  # fmt: skip
    assert raw(text, command.argv[2]) == "$ARGS"
    quoted = only('ARGS="a b"; echo "$ARGS"')
    assert [w.text for w in quoted.argv] == ["echo", "a b"]


def test_unset_removes_a_variable() -> None:
    command = only("unset LEANCLOUD_APP_PORT; echo x$LEANCLOUD_APP_PORT")
    assert command.argv[1].text == "x"


def test_subshell_assignments_and_cd_do_not_leak() -> None:
    commands = parse_run("(cd sub; X=1; python a.py); echo $X; python b.py").commands
    assert [c.cwd for c in commands] == ["sub", "", ""]
    assert commands[1].argv[1:] == ()


def test_references_are_listed_once_each() -> None:
    parsed = parse_run("P=$LEANCLOUD_APP_PORT; echo $P $P $HOST")
    assert [(r.name, r.source) for r in parsed.references] == [
        ("LEANCLOUD_APP_PORT", PLATFORM),
        ("P", ASSIGNED),
        ("P", ASSIGNED),
        ("HOST", UNSET),
    ]


# --- wrappers ----------------------------------------------------------------------------------


def test_exec_nohup_and_env_wrappers() -> None:
    text = "exec nohup env -u HOME PORT=3000 /usr/bin/env python3 app.py"
    command = only(text)
    assert [w.text for w in command.argv] == ["python3", "app.py"]
    assert [w.text for w in command.wrappers] == [
        "exec", "nohup", "env", "-u", "HOME", "PORT=3000", "/usr/bin/env",
    ]  # fmt: skip
    port = command.env["PORT"]
    assert port is not None and port.text == "3000"
    assert raw(text, port) == "3000"


def test_env_ignore_environment_drops_platform_variables() -> None:
    assert "LEANCLOUD_APP_PORT" not in only("env -i python app.py").env


def test_sh_c_inner_words_map_into_the_outer_string() -> None:
    text = "sh -c 'cd sub && exec gunicorn -b \"127.0.0.1:$LEANCLOUD_APP_PORT\" wsgi:app'"
    commands = parse_run(text).commands
    assert len(commands) == 1
    command = commands[0]
    assert command.cwd == "sub"
    assert [w.text for w in command.wrappers][:3] == ["sh", "-c", command.wrappers[2].text]
    word = command.argv[2]
    assert word.text == "127.0.0.1:${LEANCLOUD_APP_PORT}"
    assert raw(text, word, 0, 9) == "127.0.0.1"
    assert raw(text, word, 10) == "$LEANCLOUD_APP_PORT"
    assert word.platform_variable(10) == "LEANCLOUD_APP_PORT"


def test_bash_c_double_quoted_expands_outside_first() -> None:
    text = 'HOST=localhost; bash -ec "uvicorn main:app --host $HOST"'
    command = only(text)
    assert command.argv[-1].text == "localhost"
    assert raw(text, command.argv[-1]) == "$HOST"


def test_sh_c_inherits_only_exported_variables() -> None:
    command = only("A=1; export B=2; sh -c 'echo $A$B'")
    assert command.argv[1].text == "2"


def test_runner_prefixes_are_wrappers() -> None:
    assert argvs("poetry run gunicorn wsgi:app") == [["gunicorn", "wsgi:app"]]


def test_reserved_words_are_skipped() -> None:
    assert argvs("if true; then exec python app.py; fi") == [["true"], ["python", "app.py"]]


# --- loopback ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "localhost.", "ip6-localhost", "::1",
     "[::1]", "::ffff:127.0.0.1", "127.1"],
)  # fmt: skip
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "", "::", "0", "*", "example.com", "10.0.0.1", "128.0.0.1", "\ufffc"]
)
def test_not_loopback_hosts(host: str) -> None:
    assert not is_loopback(host)


# --- servers -----------------------------------------------------------------------------------


def test_gunicorn_default_is_loopback_at_the_program_word() -> None:
    text = "gunicorn wsgi:app"
    server = server_of(text)
    assert server.name == "gunicorn"
    assert server.decidable and server.config_files == ("gunicorn.conf.py",)
    bind = single_bind(text)
    assert (bind.kind, bind.host, bind.port and bind.port.number) == (TCP, "127.0.0.1", 8000)
    assert bind.host_source is None
    assert loopback_binds(server) == (bind,)
    assert text[slice(*server.program_offsets)] == "gunicorn"


@pytest.mark.parametrize(
    ("text", "host", "written", "port"),
    [
        ("gunicorn -b 127.0.0.1:8000 wsgi:app", "127.0.0.1", "127.0.0.1", 8000),
        ("gunicorn --bind=localhost wsgi:app", "localhost", "localhost", 8000),
        ("gunicorn --bind localhost:3000 wsgi:app", "localhost", "localhost", 3000),
        ("gunicorn -b[::1]:3000 wsgi:app", "::1", "::1", 3000),
        ("gunicorn --bi tcp://127.0.0.1:1 wsgi:app", "127.0.0.1", "127.0.0.1", 1),
        ("gunicorn -b :3000 wsgi:app", "", "", 3000),
        ("gunicorn -b 0.0.0.0:$LEANCLOUD_APP_PORT wsgi:app", "0.0.0.0", "0.0.0.0", 3000),
    ],
)
def test_gunicorn_explicit_bind(text: str, host: str, written: str, port: int) -> None:
    bind = single_bind(text)
    assert bind.host == host
    assert host_text(text, bind) == written
    assert bind.port is not None and bind.port.number == port


def test_gunicorn_platform_port_variable() -> None:
    bind = single_bind("gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app")
    assert bind.port is not None and bind.port.is_platform_port
    assert not bind.is_loopback


def test_gunicorn_port_environment_binds_all_interfaces() -> None:
    text = "PORT=$LEANCLOUD_APP_PORT gunicorn wsgi:app"
    bind = single_bind(text)
    assert bind.host == "0.0.0.0" and bind.host_source is None
    assert bind.port is not None and bind.port.is_platform_port
    assert bind.port_source is not None
    assert text[slice(*bind.port_source.offsets)] == "$LEANCLOUD_APP_PORT"
    assert loopback_binds(server_of(text)) == ()


def test_gunicorn_repeated_binds() -> None:
    server = server_of("gunicorn -b 127.0.0.1:9000 -b 0.0.0.0:3000 wsgi:app")
    assert [b.host for b in server.binds] == ["127.0.0.1", "0.0.0.0"]
    assert loopback_binds(server) == ()
    both = server_of("gunicorn -b 127.0.0.1:9000 -b localhost:9001 wsgi:app")
    assert len(loopback_binds(both)) == 2


def test_gunicorn_unix_and_fd_binds_are_not_tcp() -> None:
    server = server_of("gunicorn -b unix:/tmp/g.sock -b fd://3 wsgi:app")
    assert [b.kind for b in server.binds] == [UNIX, FD]
    assert server.binds[0].address is not None and server.binds[0].address.text == "/tmp/g.sock"
    assert loopback_binds(server) == ()


def test_gunicorn_cmd_args_environment() -> None:
    text = 'GUNICORN_CMD_ARGS="--workers 2 --bind=127.0.0.1:9000" gunicorn wsgi:app'
    bind = single_bind(text)
    assert bind.host == "127.0.0.1"
    assert host_text(text, bind) == "127.0.0.1"
    # The command line wins over GUNICORN_CMD_ARGS.
    override = single_bind(
        'GUNICORN_CMD_ARGS="--bind=127.0.0.1:9000" gunicorn -b 0.0.0.0:3000 wsgi:app'
    )
    assert override.host == "0.0.0.0"


@pytest.mark.parametrize(
    "text",
    [
        "gunicorn -c gunicorn.conf.py wsgi:app",
        "gunicorn --config=python:conf wsgi:app",
        'GUNICORN_CMD_ARGS="-c conf.py" gunicorn wsgi:app',
        "gunicorn --paste app.ini",
        "cd $(mktemp -d) && gunicorn wsgi:app",
    ],
)
def test_gunicorn_config_is_undecidable(text: str) -> None:
    server = server_of(text)
    assert not server.decidable
    assert loopback_binds(server) == ()


def test_gunicorn_config_with_explicit_bind_is_decidable() -> None:
    server = server_of("gunicorn -c conf.py -b 127.0.0.1 wsgi:app")
    assert server.decidable and len(loopback_binds(server)) == 1


def test_unknown_host_is_silent() -> None:
    server = server_of("gunicorn -b $(hostname -i):3000 wsgi:app")
    assert not server.binds[0].host_known
    assert loopback_binds(server) == ()


@pytest.mark.parametrize(
    ("text", "host", "written", "port"),
    [
        ("uvicorn main:app", "127.0.0.1", None, 8000),
        ("uvicorn main:app --host 127.0.0.1 --port 3000", "127.0.0.1", "127.0.0.1", 3000),
        ("uvicorn main:app --host=0.0.0.0 --port=$LEANCLOUD_APP_PORT", "0.0.0.0", "0.0.0.0", 3000),
        ("UVICORN_HOST=localhost uvicorn main:app", "localhost", "localhost", 8000),
        ("python -m uvicorn --port 3000 main:app", "127.0.0.1", None, 3000),
    ],
)
def test_uvicorn(text: str, host: str, written: Optional[str], port: int) -> None:
    bind = single_bind(text)
    assert (bind.host, host_text(text, bind)) == (host, written)
    assert bind.port is not None and bind.port.number == port


def test_uvicorn_socket_options_are_not_tcp() -> None:
    assert single_bind("uvicorn main:app --uds /tmp/u.sock").kind == UNIX
    assert single_bind("uvicorn main:app --fd 3 --host 127.0.0.1").kind == FD


def test_hypercorn() -> None:
    assert single_bind("hypercorn app:app").host == "127.0.0.1"
    text = "hypercorn -b localhost:3000 app:app"
    assert host_text(text, single_bind(text)) == "localhost"
    assert single_bind("hypercorn --bind unix:/tmp/h.sock app:app").kind == UNIX
    assert not server_of("hypercorn -c hypercorn.toml app:app").decidable
    insecure = server_of("hypercorn --insecure-bind 0.0.0.0:3000 app:app")
    assert [b.host for b in insecure.binds] == ["0.0.0.0"]


@pytest.mark.parametrize(
    ("text", "binds"),
    [
        ("daphne proj.asgi:application", [("127.0.0.1", None, 8000)]),
        ("daphne -p 3000 proj.asgi:application", [("127.0.0.1", None, 3000)]),
        ("daphne -b 0.0.0.0 proj.asgi:application", [("0.0.0.0", "0.0.0.0", 8000)]),
        ("daphne -u /tmp/d.sock proj.asgi:application", [(None, None, None)]),
        (
            "daphne -e tcp:3000:interface=127.0.0.1 proj.asgi:application",
            [("127.0.0.1", "127.0.0.1", 3000)],
        ),
        ("daphne -e tcp:port=3000 proj.asgi:application", [("0.0.0.0", None, 3000)]),
    ],
)
def test_daphne(text: str, binds: list[tuple[Optional[str], Optional[str], Optional[int]]]) -> None:
    server = server_of(text)
    found = [(b.host, host_text(text, b), b.port.number if b.port else None) for b in server.binds]
    assert found == binds


@pytest.mark.parametrize(
    ("text", "host", "written", "port"),
    [
        ("flask run", "127.0.0.1", None, 5000),
        ("flask --app hello run --host 0.0.0.0 -p 3000", "0.0.0.0", "0.0.0.0", 3000),
        ("python -m flask run -h localhost", "localhost", "localhost", 5000),
        ("FLASK_RUN_HOST=127.0.0.1 flask run", "127.0.0.1", "127.0.0.1", 5000),
    ],
)
def test_flask_run(text: str, host: str, written: Optional[str], port: int) -> None:
    bind = single_bind(text)
    assert (bind.host, host_text(text, bind)) == (host, written)
    assert bind.port is not None and bind.port.number == port


def test_flask_run_reads_dotenv_files_and_program_span() -> None:
    text = "cd web && flask run"
    server = server_of(text)
    assert server.label == "flask run"
    assert server.config_files == ("web/.flaskenv", "web/.env")
    assert text[slice(*server.program_offsets)] == "flask run"
    assert not server_of("flask -e prod.env run").decidable


def test_flask_other_subcommands_are_not_servers() -> None:
    command = only("flask db upgrade")
    assert command.server is None and not command.long_running


@pytest.mark.parametrize(
    ("text", "host", "written", "port"),
    [
        ("python manage.py runserver", "127.0.0.1", None, 8000),
        ("python manage.py runserver 8000", "127.0.0.1", None, 8000),
        ("python manage.py runserver 0:8000", "0.0.0.0", "0", 8000),
        ("python manage.py runserver 0.0.0.0:$LEANCLOUD_APP_PORT", "0.0.0.0", "0.0.0.0", 3000),
        ("./manage.py runserver localhost:3000", "localhost", "localhost", 3000),
        ("python manage.py runserver -6", "::1", None, 8000),
        ("python manage.py runserver [::1]:3000", "::1", "::1", 3000),
        ("django-admin runserver 127.0.0.1:3000", "127.0.0.1", "127.0.0.1", 3000),
    ],
)
def test_runserver(text: str, host: str, written: Optional[str], port: int) -> None:
    bind = single_bind(text)
    assert (bind.host, host_text(text, bind)) == (host, written)
    assert bind.port is not None and bind.port.number == port


def test_runserver_label_and_span() -> None:
    text = "python manage.py migrate && python manage.py runserver"
    server = server_of(text)
    assert server.label == "manage.py runserver"
    assert text[slice(*server.program_offsets)] == "manage.py runserver"


@pytest.mark.parametrize(
    ("text", "kinds", "hosts"),
    [
        ("uwsgi --http :3000 --wsgi-file wsgi.py", [TCP], [""]),
        ("uwsgi --http 127.0.0.1:3000 --module wsgi:app", [TCP], ["127.0.0.1"]),
        ("uwsgi --http-socket=localhost:3000 -w wsgi", [TCP], ["localhost"]),
        ("uwsgi --socket /tmp/uwsgi.sock --master", [UNIX], [None]),
        ("uwsgi --https 127.0.0.1:443,cert.pem,key.pem -w wsgi", [TCP], ["127.0.0.1"]),
        ("UWSGI_HTTP=127.0.0.1:3000 uwsgi -w wsgi", [TCP], ["127.0.0.1"]),
        ("uwsgi --master --processes 4 -w wsgi", [], []),
    ],
)
def test_uwsgi(text: str, kinds: list[str], hosts: list[Optional[str]]) -> None:
    server = server_of(text)
    assert [b.kind for b in server.binds] == kinds
    assert [b.host for b in server.binds] == hosts


def test_uwsgi_ini_is_undecidable() -> None:
    assert not server_of("uwsgi --ini uwsgi.ini").decidable
    assert not server_of("uwsgi uwsgi.ini").decidable


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [
        ("waitress-serve wsgi:app", "0.0.0.0", 8080),
        ("waitress-serve --host=127.0.0.1 --port=3000 wsgi:app", "127.0.0.1", 3000),
        ("waitress-serve --listen=localhost:3000 wsgi:app", "localhost", 3000),
        ("waitress-serve --listen=*:3000 wsgi:app", "*", 3000),
        ("python -m waitress --port=3000 wsgi:app", "0.0.0.0", 3000),
    ],
)
def test_waitress(text: str, host: str, port: int) -> None:
    bind = single_bind(text)
    assert bind.host == host
    assert bind.port is not None and bind.port.number == port


@pytest.mark.parametrize(
    "text",
    [
        "gunicorn -b 0.0.0.0:${LEANCLOUD_APP_PORT} wsgi:app",
        "PORT=$LEANCLOUD_APP_PORT gunicorn wsgi:app",
        "uvicorn main:app --host 0.0.0.0 --port $LEANCLOUD_APP_PORT",
        "uwsgi --http :3000 --wsgi-file wsgi.py",
        "waitress-serve wsgi:app",
        "gunicorn -b '127.0.0.1:8000' -b 0.0.0.0:3000 wsgi:app",
    ],
)
def test_reachable_servers_have_no_loopback_binds(text: str) -> None:
    assert loopback_binds(server_of(text)) == ()


def test_python_script_is_not_a_server() -> None:
    parsed = parse_run("python app.py")
    assert parsed.servers == ()


def test_hints_name_the_platform_port() -> None:
    assert server_of("gunicorn w:a").hint == "-b 0.0.0.0:${LEANCLOUD_APP_PORT}"
    assert server_of("uvicorn m:a").hint == "--host 0.0.0.0 --port ${LEANCLOUD_APP_PORT}"


# --- entries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "target", "attribute", "candidates", "main"),
    [
        ("python app.py", SCRIPT, "app.py", None, ("app.py",), True),
        ("python3 -u src/app.py --debug", SCRIPT, "src/app.py", None, ("src/app.py",), True),
        ("python3.11 -X dev app.py", SCRIPT, "app.py", None, ("app.py",), True),
        ("/usr/bin/env python app.py", SCRIPT, "app.py", None, ("app.py",), True),
        ("python -m pkg", MODULE, "pkg", None, ("pkg/__main__.py", "pkg.py"), True),
        ("python -um a.b", MODULE, "a.b", None, ("a/b/__main__.py", "a/b.py"), True),
        ("python -c 'import app'", CODE, "", None, (), False),
        ("gunicorn -w 2 wsgi:app", IMPORT, "wsgi", "app", ("wsgi/__init__.py", "wsgi.py"), False),
        ("gunicorn wsgi", IMPORT, "wsgi", None, ("wsgi/__init__.py", "wsgi.py"), False),
        (
            "gunicorn --chdir src 'pkg.web:create_app()'",
            IMPORT, "pkg.web", "create_app()",
            ("src/pkg/web/__init__.py", "src/pkg/web.py"), False,
        ),
        ("uvicorn --app-dir api main:app", IMPORT, "main", "app",
         ("api/main/__init__.py", "api/main.py"), False),
        ("hypercorn app:app", IMPORT, "app", "app", ("app/__init__.py", "app.py"), False),
        ("daphne proj.asgi:application", IMPORT, "proj.asgi", "application",
         ("proj/asgi/__init__.py", "proj/asgi.py"), False),
        ("waitress-serve --port=3000 wsgi:app", IMPORT, "wsgi", "app",
         ("wsgi/__init__.py", "wsgi.py"), False),
        ("uwsgi --http :3000 --wsgi-file server.py", FILE, "server.py", None, ("server.py",),
         False),
        ("uwsgi --chdir web --module wsgi:app", IMPORT, "wsgi", "app",
         ("web/wsgi/__init__.py", "web/wsgi.py"), False),
        ("flask --app hello run", IMPORT, "hello", None, ("hello/__init__.py", "hello.py"), False),
        ("FLASK_APP=src/app.py flask run", FILE, "src/app.py", None, ("src/app.py",), False),
        (
            "flask run", IMPORT, "", None,
            ("wsgi/__init__.py", "wsgi.py", "app/__init__.py", "app.py"), False,
        ),
        ("python manage.py runserver", SCRIPT, "manage.py", None, ("manage.py",), True),
        ("cd sub && python app.py", SCRIPT, "app.py", None, ("sub/app.py",), True),
        ("cd ../elsewhere && python app.py", SCRIPT, "app.py", None, (), True),
    ],
)  # fmt: skip
def test_entries(
    text: str,
    kind: str,
    target: str,
    attribute: Optional[str],
    candidates: tuple[str, ...],
    main: bool,
) -> None:
    command = parse_run(text).main
    assert command is not None and command.entry is not None
    entry = command.entry
    assert (entry.kind, entry.target, entry.attribute) == (kind, target, attribute)
    assert entry.candidates == candidates
    assert entry.is_main is main


def test_entry_source_points_at_the_target() -> None:
    text = "exec gunicorn -b 0.0.0.0:3000 wsgi:app"
    command = only(text)
    assert command.entry is not None and command.entry.source is not None
    assert text[slice(*command.entry.source.offsets)] == "wsgi:app"


@pytest.mark.parametrize(
    ("text", "main"),
    [
        ("pip install -r requirements.txt && python app.py", "app.py"),
        ("python manage.py migrate && gunicorn proj.wsgi", "proj.wsgi"),
        ("python -m pip install x; python -m pkg", "pkg"),
        ("python worker.py & python app.py", "app.py"),
        ("python app.py && echo done", "app.py"),
    ],
)
def test_main_is_the_last_long_running_command(text: str, main: str) -> None:
    command = parse_run(text).main
    assert command is not None and command.entry is not None
    assert command.entry.target == main


def test_no_long_running_command() -> None:
    assert parse_run("echo hello && pip install x").main is None


# --- split_plain (GUNICORN_CMD_ARGS) -----------------------------------------------------------


def test_split_plain_keeps_offsets() -> None:
    text = """X='-b "a b" c\\ d'; echo "$X" """
    word = only(text).argv[1]
    parts = split_plain(word)
    assert [p.text for p in parts] == ["-b", "a b", "c d"]
    assert isinstance(parse_run(text), RunCommand)

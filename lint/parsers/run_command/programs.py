"""What a simple command starts: a Python script, module or `-c` code, or a known server.

`_recognize` is called by `shell` for every simple command once wrappers are removed. It reads
the Python interpreter's own options (`python -m X`, `python app.py`, `python -c …`), Django's
`manage.py` subcommands, and hands server programs and `python -m server` to the recognizers in
`servers`. The result says which server (if any) runs, which file or module is the entry, and
whether the command keeps running.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from .model import CODE, MODULE, SCRIPT, Entry, Source, Word
from .options import _Environment
from .paths import _basename, _join, _module_candidates
from .servers import (
    _DJANGO_ONE_SHOT,
    _DJANGO_SERVERS,
    _SERVER_MODULES,
    _SERVER_PROGRAMS,
    _Recognized,
    _runserver,
)

_PYTHON_PROGRAM = re.compile(r"python(?:[23](?:\.\d+)*)?\Z")
# Python options that take a value (`-W error`, `-X dev`, `--check-hash-based-pycs always`).
_PYTHON_VALUED = frozenset("WX")
# `python -m X` that prepares something and exits.
_ONE_SHOT_MODULES = frozenset({"pip", "ensurepip", "venv", "compileall", "py_compile", "pip3"})


def _recognize(argv: Sequence[Word], env: _Environment, cwd: Optional[str]) -> _Recognized:
    first = argv[0]
    if not first.known:
        return _Recognized()
    name = _basename(first.text)
    if _PYTHON_PROGRAM.match(name):
        return _python(argv, env, cwd)
    parser = _SERVER_PROGRAMS.get(name)
    if parser is not None:
        return parser((first,), argv[1:], env, cwd)
    if name.endswith(".py"):  # `./manage.py runserver`, `./app.py` (a shebang script)
        return _script(first, argv[1:], env, cwd)
    return _Recognized()


def _python(argv: Sequence[Word], env: _Environment, cwd: Optional[str]) -> _Recognized:
    index = 1
    while index < len(argv):
        word = argv[index]
        text = word.text
        if text == "-":
            return _Recognized()  # the program comes from stdin
        if text == "--":
            index += 1
            break
        if text.startswith("--"):
            index += 2 if text == "--check-hash-based-pycs" else 1
            continue
        if not text.startswith("-") or len(text) == 1:
            break
        consumed = 1
        for position in range(1, len(text)):
            option = text[position]
            if option not in "mc" and option not in _PYTHON_VALUED:
                continue
            attached = position + 1 < len(text)
            value: Optional[Source] = None
            if attached:
                value = Source(word, position + 1, len(text))
            elif index + 1 < len(argv):
                value = Source.of(argv[index + 1])
                consumed = 2
            if option == "c":
                return _Recognized(None, Entry(CODE, "", None, value, cwd, ()), True)
            if option == "m":
                if value is None:
                    return _Recognized()
                return _python_module(value, argv[index + consumed :], env, cwd)
            break
        index += consumed
    if index >= len(argv):
        return _Recognized()  # an interactive interpreter reading stdin
    return _script(argv[index], argv[index + 1 :], env, cwd)


def _python_module(
    module: Source, args: Sequence[Word], env: _Environment, cwd: Optional[str]
) -> _Recognized:
    name = module.text
    parser = _SERVER_MODULES.get(name)
    if parser is not None:
        return parser((module.word,), args, env, cwd)
    if name in _ONE_SHOT_MODULES:
        return _Recognized()
    candidates = _module_candidates(name, cwd, main=True) if module.known else ()
    return _Recognized(None, Entry(MODULE, name, None, module, cwd, candidates), True)


def _script(word: Word, args: Sequence[Word], env: _Environment, cwd: Optional[str]) -> _Recognized:
    path = word.text
    candidates: tuple[str, ...] = ()
    if word.known:
        joined = _join(cwd, path)
        if joined is not None:
            candidates = (joined,) if path.endswith(".py") else (joined, f"{joined}/__main__.py")
    entry = Entry(SCRIPT, path, None, Source.of(word), cwd, candidates)
    if _basename(path) != "manage.py":
        return _Recognized(None, entry, True)
    subcommand = args[0] if args else None
    if subcommand is not None and subcommand.text in _DJANGO_SERVERS:
        server = _runserver((word, subcommand), args[1:], env)
        return _Recognized(server, entry, True)
    long_running = subcommand is not None and subcommand.text not in _DJANGO_ONE_SHOT
    return _Recognized(None, entry, long_running)

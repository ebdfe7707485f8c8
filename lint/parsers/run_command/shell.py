"""Running the command list abstractly: `parse_run` and the shell state it walks.

`_Shell` takes the lexer's tokens and does what the platform's shell would, without executing
anything: expansion and field splitting against the platform's variables (set ones known only
symbolically), assignments, `export`/`set -a`/`unset`, `cd`, subshells, and the wrappers that
run the rest of their arguments (`exec`, `env`, `nohup`, `poetry run`, `sh -c "…"`, which is
lexed and run again one level deeper). Each simple command left is handed to
`programs._recognize` and recorded as a `Command`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ... import platform
from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
from .lexer import _NAME, _Lexer, _Literal, _Opaque, _Parameter, _Part, _RawWord
from .model import (
    ASSIGNED,
    DEFAULT,
    MAX_EXPANSION_DEPTH,
    MAX_LENGTH,
    MAX_SHELL_DEPTH,
    PLACEHOLDER,
    PLATFORM,
    UNKNOWN,
    UNSET,
    Assignment,
    Command,
    Reference,
    RunCommand,
    SyntaxProblem,
    Word,
)
from .paths import _basename, _join
from .programs import _recognize

# The deprecated aliases are still provided alongside the current names.
_SET_BY_PLATFORM = platform.PLATFORM_VARIABLES + tuple(platform.DEPRECATED_VARIABLE_ALIASES)

_ASSIGNMENT = lazy_pattern(r"([A-Za-z_][A-Za-z0-9_]*)\+?=")
_IFS = " \t\n"
_REDIRECTIONS = frozenset({"<<<", "&>>", "<<-", ">>", "<<", ">&", "<&", "&>", ">|", "<>", "<", ">"})
_RESERVED = frozenset({"!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while",
                       "until", "time", "case", "esac"})  # fmt: skip
_DECLARATIONS = frozenset({"export", "readonly", "declare", "typeset", "local"})


def parse_run(text: str) -> RunCommand:
    """Parse a `run:` string; never raises on bad input (problems are in `errors`)."""
    if len(text) > MAX_LENGTH:
        problem = SyntaxProblem(f"the command is over {MAX_LENGTH:,} characters", 0, len(text))
        return RunCommand(text, (), (problem,))
    shell = _Shell()
    try:
        shell.run(text, [(i, i + 1) for i in range(len(text))], _State.on_platform(), (), 0)
    except RecursionError:
        shell.problems.append(SyntaxProblem("the command nests too deeply", 0, len(text)))
    references = sorted(shell.references.values(), key=lambda r: (r.raw_start, r.raw_end, r.name))
    return RunCommand(text, tuple(shell.commands), tuple(shell.problems), tuple(references))


@dataclass
class _State:
    """The shell's variables (None: set by the platform), which are exported, and the cwd."""

    variables: dict[str, Optional[Word]]
    exported: set[str]
    cwd: Optional[str]
    allexport: bool = False

    @classmethod
    def on_platform(cls) -> _State:
        return cls(dict.fromkeys(_SET_BY_PLATFORM), set(_SET_BY_PLATFORM), "")

    def copy(self) -> _State:
        return _State(dict(self.variables), set(self.exported), self.cwd, self.allexport)

    def assign(self, name: str, value: Word, export: bool = False) -> None:
        self.variables[name] = value
        if export or self.allexport:
            self.exported.add(name)

    def environment(self) -> dict[str, Optional[Word]]:
        return {k: v for k, v in self.variables.items() if k in self.exported}


# (character, raw start, raw end, subject to field splitting)
_Char = tuple[str, int, int, bool]


class _Shell:
    def __init__(self) -> None:
        self.problems: list[SyntaxProblem] = []
        self.commands: list[Command] = []
        self.references: dict[tuple[str, int, int], Reference] = {}

    def run(
        self,
        text: str,
        origin: Sequence[tuple[int, int]],
        state: _State,
        wrappers: tuple[Word, ...],
        depth: int,
    ) -> None:
        tokens = _Lexer(text, origin, self.problems).tokens()
        saved: list[_State] = []
        current: list[_RawWord] = []
        redirect_target = False
        for token in tokens:
            if isinstance(token, _RawWord):
                if redirect_target:
                    redirect_target = False
                else:
                    current.append(token)
                continue
            if token.text in _REDIRECTIONS:
                redirect_target = True
                continue
            if token.text == "(":
                if not current:  # a subshell: its assignments and `cd` do not leak out
                    saved.append(state)
                    state = state.copy()
                continue
            self._simple(current, state, wrappers, depth, token.text == "&")
            current = []
            if token.text == ")" and saved:
                state = saved.pop()
        self._simple(current, state, wrappers, depth, False)

    # --- expansion ----------------------------------------------------------------------------
    def _expand(self, raw: _RawWord, state: _State, split: bool = True) -> list[Word]:
        chars: list[_Char] = []
        references: list[Reference] = []
        self._parts(raw.parts, state, chars, references, False, 0)
        for reference in references:  # also those of a word that expands to nothing
            key = (reference.name, reference.raw_start, reference.raw_end)
            self.references.setdefault(key, reference)
        if not split:
            return [self._word(chars, references, raw.start, raw.end)]
        fields: list[tuple[int, int]] = []
        begin: Optional[int] = None
        for index, (char, _, _, splittable) in enumerate(chars):
            if splittable and char in _IFS:
                if begin is not None:
                    fields.append((begin, index))
                    begin = None
            elif begin is None:
                begin = index
        if begin is not None:
            fields.append((begin, len(chars)))
        if not fields:
            return [self._word([], references, raw.start, raw.end)] if raw.quoted else []
        if fields == [(0, len(chars))]:
            return [self._word(chars, references, raw.start, raw.end)]
        words = []
        for start, end in fields:
            clipped = [
                Reference(r.name, r.source, max(r.start, start) - start,
                          min(r.end, end) - start, r.raw_start, r.raw_end)
                for r in references
                if (r.start < end and r.end > start)
                or (r.start == r.end and start <= r.start <= end)
            ]  # fmt: skip
            words.append(self._word(chars[start:end], clipped, chars[start][1], chars[end - 1][2]))
        return words

    def _word(self, chars: list[_Char], references: list[Reference], start: int, end: int) -> Word:
        ordered = sorted(references, key=lambda r: (r.start, -r.end))
        return Word(
            "".join(c[0] for c in chars),
            start,
            end,
            tuple((c[1], c[2]) for c in chars),
            tuple(ordered),
        )

    def _parts(
        self,
        parts: Sequence[_Part],
        state: _State,
        chars: list[_Char],
        references: list[Reference],
        in_expansion: bool,
        depth: int,
    ) -> None:
        for part in parts:
            if isinstance(part, _Literal):
                chars.append((part.char, part.start, part.end, in_expansion and not part.quoted))
            elif isinstance(part, _Opaque):
                self._unknown("", part.start, part.end, chars, references)
            else:
                self._parameter(part, state, chars, references, depth)

    @staticmethod
    def _unknown(
        name: str, start: int, end: int, chars: list[_Char], references: list[Reference]
    ) -> None:
        index = len(chars)
        chars.append((PLACEHOLDER, start, end, False))
        references.append(Reference(name, UNKNOWN, index, index + 1, start, end))

    def _parameter(
        self,
        part: _Parameter,
        state: _State,
        chars: list[_Char],
        references: list[Reference],
        depth: int,
    ) -> None:
        begin = len(chars)
        is_set = part.name in state.variables
        value = state.variables.get(part.name)
        empty = is_set and value is not None and value.text == ""
        usable = is_set and not (part.operator.startswith(":") and empty)
        operator = part.operator.lstrip(":")
        if (operator in ("-", "=") and not usable) or (operator == "+" and usable):
            if depth >= MAX_EXPANSION_DEPTH:
                self._unknown(part.name, part.start, part.end, chars, references)
                return
            self._parts(part.argument or [], state, chars, references, not part.quoted, depth + 1)
            references.append(
                Reference(part.name, DEFAULT, begin, len(chars), part.start, part.end)
            )
            if operator == "=":
                shifted = [
                    Reference(r.name, r.source, r.start - begin, r.end - begin,
                              r.raw_start, r.raw_end)
                    for r in references
                    if r.start >= begin
                ]  # fmt: skip
                state.assign(part.name, self._word(chars[begin:], shifted, part.start, part.end))
            return
        if operator == "+" or not is_set:
            if operator == "?":
                self._unknown(part.name, part.start, part.end, chars, references)
                return
            references.append(Reference(part.name, UNSET, begin, begin, part.start, part.end))
            return
        split = not part.quoted
        if value is None:
            for char in f"${{{part.name}}}":
                chars.append((char, part.start, part.end, split))
            references.append(
                Reference(part.name, PLATFORM, begin, len(chars), part.start, part.end)
            )
            return
        for char in value.text:
            chars.append((char, part.start, part.end, split))
        for inner in value.references:
            references.append(
                Reference(inner.name, inner.source, begin + inner.start, begin + inner.end,
                          inner.raw_start, inner.raw_end)
            )  # fmt: skip
        references.append(Reference(part.name, ASSIGNED, begin, len(chars), part.start, part.end))

    def _assignment(self, raw: _RawWord, state: _State) -> Optional[Assignment]:
        found = raw.assignment_name()
        if found is None:
            return None
        name, index = found
        whole = self._expand(raw, state, split=False)[0]
        value_raw = _RawWord(raw.parts[index:], raw.parts[index - 1].end, raw.end, raw.quoted)
        value = self._expand(value_raw, state, split=False)[0]
        return Assignment(name, value, whole)

    # --- simple commands ----------------------------------------------------------------------
    def _simple(
        self,
        raw_words: list[_RawWord],
        state: _State,
        wrappers: tuple[Word, ...],
        depth: int,
        background: bool,
    ) -> None:
        words = list(raw_words)
        while words and words[0].plain() in _RESERVED:
            words.pop(0)
        prefix: list[_RawWord] = []
        while words and words[0].assignment_name() is not None:
            prefix.append(words.pop(0))
        if words and words[0].plain() in _DECLARATIONS:
            self._declare(words, state)
            return
        argv = [word for raw in words for word in self._expand(raw, state)]
        # The words are expanded before the assignments take effect; the assignments are made
        # left to right, each seeing the ones before it.
        scratch = state.copy() if argv else state
        assignments = []
        for raw in prefix:
            assignment = self._assignment(raw, scratch)
            if assignment is not None:
                scratch.assign(assignment.name, assignment.value)
                assignments.append(assignment)
        if not argv:
            return
        env = state.environment()
        for assignment in assignments:
            env[assignment.name] = assignment.value
        self._launch(argv, env, assignments, state, wrappers, depth, background)

    def _declare(self, words: list[_RawWord], state: _State) -> None:
        exporting = words[0].plain() == "export"
        for raw in words[1:]:
            plain = raw.plain()
            if plain is not None and plain.startswith("-"):
                exporting = exporting or "x" in plain
                continue
            assignment = self._assignment(raw, state)
            if assignment is not None:
                state.assign(assignment.name, assignment.value, export=exporting)
                continue
            for word in self._expand(raw, state):
                if exporting and _NAME.fullmatch(word.text):
                    state.exported.add(word.text)

    def _launch(
        self,
        argv: list[Word],
        env: dict[str, Optional[Word]],
        assignments: list[Assignment],
        state: _State,
        wrappers: tuple[Word, ...],
        depth: int,
        background: bool,
    ) -> None:
        outer = list(wrappers)
        cwd = state.cwd
        while argv and argv[0].known:
            name = _basename(argv[0].text)
            if name == "exec":
                skip = 1
                while skip < len(argv) and argv[skip].text.startswith("-"):
                    skip += 2 if argv[skip].text == "-a" else 1
                outer.extend(argv[:skip])
                argv = argv[skip:]
            elif name == "env":
                skip, env, cwd = _env_wrapper(argv, env, cwd, assignments)
                outer.extend(argv[:skip])
                argv = argv[skip:]
            elif name in _WRAPPERS:
                skip = _wrapper_options(argv, _WRAPPERS[name])
                outer.extend(argv[:skip])
                argv = argv[skip:]
            elif name in _RUNNERS and len(argv) > 1 and argv[1].text == "run":
                outer.extend(argv[:2])
                argv = argv[2:]
            elif name in _SHELLS:
                found = _shell_command_string(argv)
                if found is None or depth >= MAX_SHELL_DEPTH:
                    break
                child = _State(dict(env), set(env), cwd)
                script = argv[found]
                inner = (*outer, *argv[: found + 1])
                self.run(script.text, script.offsets, child, inner, depth + 1)
                return
            else:
                break
        if not argv:
            return
        # A builtin run directly changes this shell; `env cd`, `nohup cd`… would not.
        if len(outer) == len(wrappers) and self._builtin(argv, state):
            return
        recognized = _recognize(argv, env, cwd)
        self.commands.append(
            Command(
                argv=tuple(argv),
                env=env,
                assignments=tuple(assignments),
                cwd=cwd,
                wrappers=tuple(outer),
                background=background,
                server=recognized.server,
                entry=recognized.entry,
                long_running=recognized.long_running,
            )
        )

    @staticmethod
    def _builtin(argv: list[Word], state: _State) -> bool:
        name = argv[0].text
        arguments = [w for w in argv[1:] if not (w.text.startswith("-") and len(w.text) > 1)]
        if name == "cd":
            target = arguments[0] if arguments else None
            if target is None or not target.known or target.text.startswith(("~", "-")):
                state.cwd = None
            else:
                state.cwd = _join(state.cwd, target.text)
            return True
        if name == "unset":
            for word in arguments:
                state.variables.pop(word.text, None)
                state.exported.discard(word.text)
            return True
        if name == "set":
            for index, word in enumerate(argv[1:], start=1):
                following = argv[index + 1].text if index + 1 < len(argv) else ""
                if word.text.startswith("-") and "a" in word.text[1:] and word.text != "--":
                    state.allexport = True
                elif word.text.startswith("+") and "a" in word.text[1:]:
                    state.allexport = False
                elif word.text == "-o" and following == "allexport":
                    state.allexport = True
            return True
        return False


# Programs that run the rest of their arguments as a command, and their options taking a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "nohup": frozenset(),
    "setsid": frozenset(),
    "command": frozenset(),
    "builtin": frozenset(),
    "time": frozenset({"-f", "-o", "--format", "--output"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}),
    "tini": frozenset({"-e", "-p"}),
    "dumb-init": frozenset({"-r", "--rewrite"}),
    "unbuffer": frozenset(),
}
# `poetry run X` and the like.
_RUNNERS = frozenset({"poetry", "pipenv", "pdm", "hatch", "rye"})
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox-sh"})


def _wrapper_options(argv: Sequence[Word], valued: frozenset[str]) -> int:
    index = 1
    while index < len(argv):
        text = argv[index].text
        if text == "--":
            return index + 1
        if not text.startswith("-") or text == "-":
            return index
        index += 2 if text in valued else 1
    return index


def _shell_command_string(argv: Sequence[Word]) -> Optional[int]:
    """The index of the command string of `sh [options] -c STRING`, or None."""
    index = 1
    wants = False
    while index < len(argv):
        text = argv[index].text
        if text == "--":
            index += 1
            break
        if text in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            index += 2
        elif text.startswith("--"):
            index += 1
        elif len(text) > 1 and text[0] in "-+":
            wants = wants or (text[0] == "-" and "c" in text[1:])
            index += 1
        else:
            break
    return index if wants and index < len(argv) else None


def _env_wrapper(
    argv: list[Word],
    env: dict[str, Optional[Word]],
    cwd: Optional[str],
    assignments: list[Assignment],
) -> tuple[int, dict[str, Optional[Word]], Optional[str]]:
    """Apply `env [options] [NAME=value…]`; returns how many words it took."""
    env = dict(env)
    index = 1
    while index < len(argv):
        text = argv[index].text
        following = argv[index + 1].text if index + 1 < len(argv) else ""
        if text in ("-i", "-", "--ignore-environment"):
            env = {}
            index += 1
        elif text in ("-u", "--unset"):
            env.pop(following, None)
            index += 2
        elif text.startswith("--unset="):
            env.pop(text[len("--unset=") :], None)
            index += 1
        elif text.startswith("-u"):
            env.pop(text[2:], None)
            index += 1
        elif text in ("-C", "--chdir"):
            cwd = _join(cwd, following)
            index += 2
        elif text.startswith("--chdir="):
            cwd = _join(cwd, text[len("--chdir=") :])
            index += 1
        elif text == "--":
            index += 1
            break
        elif text.startswith("-") and len(text) > 1:
            index += 1
        else:
            break
    while index < len(argv):
        match = _ASSIGNMENT.match(argv[index].text)
        if match is None:
            break
        value = argv[index].slice(match.end())
        env[match.group(1)] = value
        assignments.append(Assignment(match.group(1), value, argv[index]))
        index += 1
    return index, env, cwd

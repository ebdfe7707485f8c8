"""EL602: LeanCloud IDs and keys written into committed files.

A key in the repository is a key anyone who reads it can use, wherever the file sits, so the
search covers every Python file of the tree (`tree_scan`) and the committed configuration files
(JSON, YAML, INI, TOML, `.cfg`, `.env`), not only code that runs. A value counts when it sits
where a credential goes (`leancloud.init()`, a name, key or keyword named like one) and has the
shape of a key rather than a placeholder. Records never keep the value whole: at most its first
four characters, which is all a message may show.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...diagnostics import ERROR, Finding, Span
from ...files import TextFile
from ...rulespec import rule
from .environ import env_name

if TYPE_CHECKING:
    from ...project import Project

_SHOWN = 4  # characters of a credential a message may show


@dataclass(frozen=True)
class Credential:
    """A credential written as a literal. `prefix` is at most its first four characters."""

    path: str
    span: Span
    kind: str
    prefix: str
    where: str


@rule("EL602", "hardcoded-credentials", ERROR)
def hardcoded_credentials(project: Project) -> Iterator[Finding]:
    """A LeanCloud App ID, App Key, Master Key or Hook Key is written into a committed file.

    Why: anyone who can read the repository can use a key written into it, and the Master Key
    bypasses every access rule of the app's data. The platform sets `LEANCLOUD_APP_ID`,
    `LEANCLOUD_APP_KEY`, `LEANCLOUD_APP_MASTER_KEY` and `LEANCLOUD_APP_HOOK_KEY`; read those.
    Looked for in every Python file of the project (virtualenvs, `node_modules` and build
    output skipped): string arguments of `leancloud.init(...)`, and key-like literals assigned
    to names, attributes, dictionary keys or keyword arguments named like `*MASTER_KEY*`,
    `*APP_KEY*`, `*APP_ID*`, `*HOOK_KEY*` (also `masterKey`, `appId`), or given as the default
    of an environment read of such a variable; and in committed JSON, YAML, INI, TOML, `.cfg`
    and `.env` files, under keys named that way. Placeholders (`""`, `xxx`, `your-app-id`,
    `<app key>`, `${APP_KEY}`) are fine. The message shows at most the first four characters.

    Example: `MASTER_KEY = "kT5xY8qL2mN4vB7cR1sD9fG3"` →
    `MASTER_KEY = os.environ["LEANCLOUD_APP_MASTER_KEY"]`.
    """
    for found in credentials(project):
        variable = platform.CREDENTIAL_VARIABLES[found.kind]
        yield Finding(
            f"a LeanCloud {found.kind} (`{found.prefix}…`) is written as a literal in "
            f"{found.where}, where anyone who can read the repository can use it; read it from "
            f"the {variable} environment variable instead",
            found.path,
            found.span,
        )


_CREDENTIAL_NAME = re.compile(r"(?i)(master|app|hook)[_-]?(key|id)")
# What a real key looks like: LeanCloud IDs and keys are 24+ letters and digits (IDs may carry
# a `-xxxxxxxx` region suffix, Master Keys a `,master` suffix in REST headers).
_KEY_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_,-]{15,}")
_PLACEHOLDER_WORDS = (
    "your",
    "xxx",
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "example",
    "dummy",
    "replace",
    "todo",
    "fixme",
    "secret",
    "sample",
)


def is_placeholder(value: str) -> bool:
    """Whether a literal is a stand-in, not a key: empty, `xxx`, `your-app-id`, `<app key>`,
    `${APP_KEY}`, a variable name such as `LEANCLOUD_APP_KEY`, a run of one character."""
    text = value.strip()
    lowered = text.lower()
    if not text or text[0] in "<{[$%(":
        return True
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9_]*_[A-Z0-9_]*", text):
        return True
    return len(set(lowered.replace("-", "").replace("_", ""))) <= 2


def looks_like_key(value: str) -> bool:
    """Whether a literal has the shape of a LeanCloud ID or key and is not a placeholder."""
    text = value.strip()
    return len(text) <= 200 and bool(_KEY_SHAPE.fullmatch(text)) and not is_placeholder(text)


def credential_kind(name: str) -> Optional[str]:
    """The credential a name like `MASTER_KEY`, `appId`, `leancloud_app_key` stands for."""
    match = _CREDENTIAL_NAME.search(name)
    if match is None:
        return None
    first, second = match.group(1).lower(), match.group(2).lower()
    if first == "master":
        return "Master Key"
    if first == "hook":
        return "Hook Key"
    return "App ID" if second == "id" else "App Key"


def _prefix(value: str) -> str:
    return value.strip()[:_SHOWN]


def credentials(project: Project) -> list[Credential]:
    """Credentials written as literals in the Python and configuration files of the tree."""
    return project.cached("security:credentials", lambda: _credentials(project))


def _credentials(project: Project) -> list[Credential]:
    from ...analysis.tree_scan import CREDENTIALS, config_files, python_modules

    found: list[Credential] = []
    for module in python_modules(project, CREDENTIALS):
        found.extend(_python_credentials(module))
    for text in config_files(project, CREDENTIALS):
        if _is_env_file(text.path) and _kept_local(project, text.path):
            continue
        found.extend(_config_credentials(text))
    return found


def _is_env_file(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def _kept_local(project: Project, path: str) -> bool:
    """Whether `.leanignore` (or the deploy tool's defaults) keeps a file out of the upload.

    A `.env` file is where local settings belong; one that is never uploaded is most likely
    not committed either, and holding real keys there is the point of it.
    """
    from ...analysis.upload import excluded_by

    return excluded_by(project, path) is not None


def _init_names(tree: ast.Module) -> set[str]:
    """Local names bound to `leancloud.init` by `from leancloud import init [as x]`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "leancloud" and node.level == 0:
            names.update(a.asname or a.name for a in node.names if a.name == "init")
    return names


def _is_init(func: ast.expr, init_names: set[str]) -> bool:
    if isinstance(func, ast.Attribute):
        owner = func.value
        return func.attr == "init" and isinstance(owner, ast.Name) and owner.id == "leancloud"
    return isinstance(func, ast.Name) and func.id in init_names


def _string_node(node: Optional[ast.AST]) -> Optional[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node
    return None


def _target_name(target: ast.expr) -> Optional[str]:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = _string_node(target.slice)
        return str(key.value) if key is not None else None
    return None


def _python_credentials(module: PythonModule) -> list[Credential]:
    init_names = _init_names(module.tree)
    hits: dict[int, tuple[ast.Constant, str, str]] = {}

    def add(node: Optional[ast.Constant], kind: Optional[str], where: str, strict: bool) -> None:
        if node is None or kind is None or id(node) in hits:
            return
        value = str(node.value)
        accepted = looks_like_key(value) if strict else (
            len(value.strip()) >= 8 and not is_placeholder(value)
        )
        if accepted:
            hits[id(node)] = (node, kind, where)

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            if _is_init(node.func, init_names):
                for index, argument in enumerate(node.args[: len(platform.SDK_INIT_ARGUMENTS)]):
                    kind = platform.SDK_INIT_ARGUMENTS[index][1]
                    add(_string_node(argument), kind, "an argument of `leancloud.init()`", False)
                arguments = dict(platform.SDK_INIT_ARGUMENTS)
                for keyword in node.keywords:
                    if keyword.arg in arguments:
                        where = "an argument of `leancloud.init()`"
                        add(_string_node(keyword.value), arguments[keyword.arg], where, False)
            variable = env_name(node)
            name = _string_node(variable)
            if name is not None and len(node.args) > 1:
                variable_name = str(name.value)
                where = f"the default of `{variable_name}`"
                add(_string_node(node.args[1]), credential_kind(variable_name), where, True)
            for keyword in node.keywords:
                if keyword.arg is not None:
                    where = f"the argument `{keyword.arg}`"
                    add(_string_node(keyword.value), credential_kind(keyword.arg), where, True)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name_text = _target_name(target)
                if name_text is not None:
                    where = f"`{name_text}`"
                    add(_string_node(node.value), credential_kind(name_text), where, True)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                key_node = _string_node(key)
                if key_node is not None:
                    key_text = str(key_node.value)
                    where = f"the key `{key_text}`"
                    add(_string_node(value), credential_kind(key_text), where, True)
    return [
        Credential(module.path, module.span(node), kind, _prefix(str(node.value)), where)
        for node, kind, where in sorted(
            hits.values(), key=lambda h: (h[0].lineno, h[0].col_offset)
        )
    ]


# `key: value`, `key = value`, `"key": "value"`, `export KEY=value` in JSON, YAML, INI, TOML and
# .env files: a key named like a credential and a value on the same line.
_CONFIG_ENTRY = re.compile(
    r"""(?<![A-Za-z0-9_.-])(?P<kq>["']?)(?P<key>[A-Za-z0-9_.-]{0,64}"""
    + _CREDENTIAL_NAME.pattern[4:]
    + r"""[A-Za-z0-9_.-]{0,64})(?P=kq)[ \t]*[:=][ \t]*(?P<q>["']?)"""
    + r"""(?P<value>[^"'\s,;#}\]]{1,512})(?P=q)""",
    re.IGNORECASE,
)


def _config_credentials(text: TextFile) -> list[Credential]:
    found: list[Credential] = []
    for match in _CONFIG_ENTRY.finditer(text.text):
        key, value = match.group("key"), match.group("value")
        kind = credential_kind(key)
        if kind is None or not looks_like_key(value):
            continue
        span = text.span(match.start("value"), match.end("value"))
        found.append(Credential(text.path, span, kind, _prefix(value), f"the key `{key}`"))
    return found

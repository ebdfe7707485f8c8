"""EL602: LeanCloud IDs and keys written into committed files.

A key in the repository is a key anyone who reads it can use, wherever the file sits, so the
search covers every Python file of the tree (`tree_scan`) and the committed configuration files
(JSON, YAML, INI, TOML, `.cfg`, `.env`), not only code that runs. A value counts only when both
its place and its shape say LeanCloud: the place is an argument of `leancloud.init()`, or a
name, key or keyword that is a bare `APP_ID`/`APP_KEY`/`MASTER_KEY`/`HOOK_KEY` or says
LeanCloud before those words (`LEANCLOUD_APP_ID`, `LC_APP_KEY`, `LEAN_APP_ID`); the shape is
one of the platform's credential shapes (`platform.CREDENTIAL_SHAPES`). An ID or key with the
right shape under another vendor's name (`WECHAT_APP_ID`, `ALIPAY_APP_ID`) is that vendor's,
a public identifier, and the words inside a longer word (`APP_IDENTITY`) name no credential.
Records never keep the value whole: at most its first four characters, which is all a message
may show.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional

from ... import platform
from ...analysis.python.parse import PythonModule
from ...diagnostics import ERROR, Finding, Span
from ...files import TextFile
from ...lazy_dataclass import dataclass
from ...lazy_re import lazy_pattern
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
    Reported when both the place and the value say LeanCloud. The place: a string argument of
    `leancloud.init(app_id, app_key=…, master_key=…, hook_key=…)`; a name, attribute, dictionary
    key or keyword argument that is a bare `APP_ID`, `APP_KEY`, `MASTER_KEY` or `HOOK_KEY` (in
    any case or spelling: `appId`, `masterKey`, `APP_MASTER_KEY`) or that says `LEANCLOUD`, `LC`
    or `LEAN` before those words (`LEANCLOUD_APP_KEY`, `LC_APP_ID`, `LeanCloudAppId`,
    `TEST_LEAN_APP_ID_2`); or the default of an environment read of such a variable. The value:
    a LeanCloud App ID (24 letters and digits, usually followed by a region suffix: `-gzGzoHsz`
    China North, `-9Nh9j0Va` East China, `-MdYXbMMI` International), a 24-character key (a
    Master Key may end in `,master`), the 48-character lower-case IDs and keys of the oldest
    apps, or a TapTap Client ID (18), Client Token (40) or Server Secret (32). Looked for in
    every Python file of the project (virtualenvs, `node_modules` and build output skipped) and
    in committed JSON, YAML, INI, TOML, `.cfg` and `.env` files under keys named the same way (a
    `.env` file that `.leanignore` keeps out of the upload is local and fine). Not reported:
    another vendor's ID under its own name (`WECHAT_APP_ID = "wx…"`, `ALIPAY_APP_ID`), a name
    that only contains the words (`APP_IDENTITY_SERVICE`), a mini-program ID (`wx` or `tt` and
    16 hex digits) even under a bare `APP_ID`, and placeholders (`""`, `xxx`, `your-app-id`,
    `<app key>`, `${APP_KEY}`). The message shows at most the first four characters.

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


# A cheap first look for the words of a credential name in a configuration key; which names
# count is `credential_kind`'s decision.
_CREDENTIAL_WORDS = r"(?:master|app|hook)[_-]?(?:key|id)"
# The words of a name: `LeanCloudAppId` → Lean, Cloud, App, Id; `LC_APP_KEY` → LC, APP, KEY.
_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_MAX_NAME_WORDS = 24
# The credential a run of a name's words spells, written together.
_CREDENTIAL_WORDS_KIND = {
    "appid": "App ID",
    "appkey": "App Key",
    "masterkey": "Master Key",
    "appmasterkey": "Master Key",
    "hookkey": "Hook Key",
    "apphookkey": "Hook Key",
}
_SHAPES = {
    kind: re.compile("|".join(f"(?:{shape})" for shape in shapes))
    for kind, shapes in platform.CREDENTIAL_SHAPES.items()
}
# WeChat (`wx…`) and ByteDance (`tt…`) mini-program IDs have the length of a TapTap Client ID;
# they are public, and common in apps on this platform.
_MINI_PROGRAM_ID = lazy_pattern(r"[a-z]{2}[0-9a-f]{16}")
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


def looks_like_key(value: str, kind: Optional[str] = None) -> bool:
    """Whether a literal has the shape of a LeanCloud credential (of `kind`, or of any kind)
    and is not a placeholder."""
    text = value.strip()
    if len(text) > 64 or text.isdigit() or is_placeholder(text):
        return False
    kinds = [kind] if kind is not None else list(_SHAPES)
    for each in kinds:
        shape = _SHAPES.get(each)
        if shape is None or not shape.fullmatch(text):
            continue
        if each == "App ID" and _MINI_PROGRAM_ID.fullmatch(text):
            continue
        return True
    return False


def credential_kind(name: str) -> Optional[str]:
    """The credential a name stands for when the name says LeanCloud, else None.

    A bare name says it (`APP_ID`, `appKey`, `MASTER_KEY`, `APP_MASTER_KEY`, `hook-key`), and so
    does one with a LeanCloud word before the credential (`LEANCLOUD_APP_ID`, `LC_APP_KEY`,
    `LeanCloudMasterKey`, `LEANCLOUD_APP_ID_PROD`); `WECHAT_APP_ID` and `APP_IDENTITY` do not.
    """
    words = [word.lower() for word in _NAME_WORD.findall(name)][:_MAX_NAME_WORDS]
    for start in range(len(words)):
        prefixed = any(w in platform.CREDENTIAL_NAME_PREFIXES for w in words[:start])
        if start > 0 and not prefixed:
            continue
        for end in range(len(words), start, -1):
            if end < len(words) and not prefixed:
                continue
            kind = _CREDENTIAL_WORDS_KIND.get("".join(words[start:end]))
            if kind is not None:
                return kind
    return None


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

    def add(node: Optional[ast.Constant], kind: Optional[str], where: str) -> None:
        if node is None or kind is None or id(node) in hits:
            return
        if looks_like_key(str(node.value), kind):
            hits[id(node)] = (node, kind, where)

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            if _is_init(node.func, init_names):
                for index, argument in enumerate(node.args[: len(platform.SDK_INIT_ARGUMENTS)]):
                    kind = platform.SDK_INIT_ARGUMENTS[index][1]
                    add(_string_node(argument), kind, "an argument of `leancloud.init()`")
                arguments = dict(platform.SDK_INIT_ARGUMENTS)
                for keyword in node.keywords:
                    if keyword.arg in arguments:
                        where = "an argument of `leancloud.init()`"
                        add(_string_node(keyword.value), arguments[keyword.arg], where)
            variable = env_name(node)
            name = _string_node(variable)
            if name is not None and len(node.args) > 1:
                variable_name = str(name.value)
                where = f"the default of `{variable_name}`"
                add(_string_node(node.args[1]), credential_kind(variable_name), where)
            for keyword in node.keywords:
                if keyword.arg is not None:
                    where = f"the argument `{keyword.arg}`"
                    add(_string_node(keyword.value), credential_kind(keyword.arg), where)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name_text = _target_name(target)
                if name_text is not None:
                    where = f"`{name_text}`"
                    add(_string_node(node.value), credential_kind(name_text), where)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                key_node = _string_node(key)
                if key_node is not None:
                    key_text = str(key_node.value)
                    where = f"the key `{key_text}`"
                    add(_string_node(value), credential_kind(key_text), where)
    return [
        Credential(module.path, module.span(node), kind, _prefix(str(node.value)), where)
        for node, kind, where in sorted(
            hits.values(), key=lambda h: (h[0].lineno, h[0].col_offset)
        )
    ]


# `key: value`, `key = value`, `"key": "value"`, `export KEY=value` in JSON, YAML, INI, TOML and
# .env files: a key with the words of a credential in it and a value on the same line.
_CONFIG_ENTRY = lazy_pattern(
    r"""(?<![A-Za-z0-9_.-])(?P<kq>["']?)(?P<key>[A-Za-z0-9_.-]{0,64}"""
    + _CREDENTIAL_WORDS
    + r"""[A-Za-z0-9_.-]{0,64})(?P=kq)[ \t]*[:=][ \t]*(?P<q>["']?)"""
    + r"""(?P<value>[^"'\s,;#}\]]{1,512})(?P=q)""",
    re.IGNORECASE,
)


def _config_credentials(text: TextFile) -> list[Credential]:
    found: list[Credential] = []
    for match in _CONFIG_ENTRY.finditer(text.text):
        key, value = match.group("key"), match.group("value")
        kind = credential_kind(key)
        if kind is None or not looks_like_key(value, kind):
            continue
        span = text.span(match.start("value"), match.end("value"))
        found.append(Credential(text.path, span, kind, _prefix(value), f"the key `{key}`"))
    return found

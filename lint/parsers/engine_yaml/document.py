"""leanengine.yaml → `EngineConfig`: plain data with the position of every key and value.

Why this module exists: the plain Python value is built here from the node tree (`compose`), not
by a YAML constructor. Building it ourselves is what lets us bound alias expansion (a "billion
laughs" file is EL004 in milliseconds, not an out-of-memory), refuse alias and merge cycles,
follow `<<` merges, record a span for every path, and record duplicate keys instead of silently
dropping them (for EL410). The platform reads the file with Go's yaml.v2, which assigns keys in
order, so the LAST occurrence wins silently; `data` and the position map follow that, and
`duplicates` lists every later occurrence. Scalars are typed by `scalars` and keep their style
and source text; `EngineConfig.substring_span` maps into string values with `spans`.

The entry points live here too: `parse_engine_yaml(file)` never raises (every failure becomes an
EL004 message and span; for an extra document, alongside the first document's config), and
`engine_config(project)` parses once per project and records the EL004 problem on the Project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ...diagnostics import Span
from ...files import TextFile
from ...lazy_dataclass import dataclass
from ...platform import ENGINE_CONFIG_FILE
from .compose import (
    MAX_ALIAS_NODES,
    MAX_CHARACTERS,
    MAX_DEPTH,
    _compose,
    _excessive_flow_nesting,
    _Stop,
    _too_deep_message,
    _YAMLProblem,
)
from .nodes import _MERGE, Path, _Alias, _deref, _Mapping, _Node, _Scalar, _Sequence
from .scalars import ScalarInfo, _scalar_value
from .spans import _char_map

if TYPE_CHECKING:
    from ...file_source import FileSource


@dataclass(frozen=True)
class DuplicateKey:
    """A key written again in the same mapping; the platform keeps this later value."""

    path: Path
    span: Span
    first: Span


@dataclass(frozen=True)
class _Location:
    key: Optional[Span]
    value: Span


class EngineConfig:
    """The parsed leanengine.yaml.

    `data` is the plain Python value of the (first) document: dicts with string keys, lists,
    str/int/float/bool/None, typed as YAML 1.2 does; None for an empty file. Paths are tuples of
    mapping keys and list indexes, as jsonschema reports them. Where a value comes from an alias,
    its value span is the alias (`*name`) and the spans inside it are those of the anchored node.
    """

    def __init__(
        self,
        file: TextFile,
        data: Any,
        locations: Optional[dict[Path, _Location]] = None,
        scalars: Optional[dict[Path, _Scalar]] = None,
        scalar_infos: Optional[list[ScalarInfo]] = None,
        duplicates: Optional[list[DuplicateKey]] = None,
    ) -> None:
        self.file = file
        self.path = file.path
        self.data = data
        self._locations = locations or {}
        self._scalars = scalars or {}
        self._scalar_infos = scalar_infos or []
        self.duplicates: tuple[DuplicateKey, ...] = tuple(duplicates or ())
        self._char_maps: dict[int, Optional[list[tuple[int, int]]]] = {}

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.data, dict)

    def get(self, key: str) -> Any:
        """The value of a top-level key, or None (also when the document is not a mapping)."""
        return self.data.get(key) if isinstance(self.data, dict) else None

    def has(self, *path: Any) -> bool:
        """Whether the document has a value at `path` (a key set to null counts)."""
        return tuple(path) in self._locations

    def key_span(self, *path: Any) -> Optional[Span]:
        """The span of the key naming `path` (None for the root, a list item, or no such path)."""
        location = self._locations.get(tuple(path))
        return location.key if location else None

    def value_span(self, *path: Any) -> Optional[Span]:
        """The span of the value at `path` (quotes included; a point after `:` for an empty one)."""
        location = self._locations.get(tuple(path))
        return location.value if location else None

    def scalar(self, *path: Any) -> Optional[ScalarInfo]:
        """How the scalar value at `path` is written, or None when it is not a scalar."""
        node = self._scalars.get(tuple(path))
        if node is None:
            return None
        return self._info(tuple(path), node, False)

    def scalars(self) -> list[ScalarInfo]:
        """Every scalar written in the document (keys and values), in file order."""
        return list(self._scalar_infos)

    def substring_span(self, path: tuple[Any, ...], start: int, end: int) -> Optional[Span]:
        """The span in the file of characters [start, end) of the string value at `path`.

        Exact for plain, single-quoted and double-quoted scalars (escapes and line folding
        included) and for `|`/`>` block scalars; falls back to the whole value's span when the
        characters cannot be mapped (or the value is not a scalar).
        """
        node = self._scalars.get(tuple(path))
        fallback = self.value_span(*path)
        if node is None:
            return fallback
        key = id(node)
        if key not in self._char_maps:
            self._char_maps[key] = _char_map(self.file.text, node)
        chars = self._char_maps[key]
        if chars is None or not 0 <= start <= end <= len(chars):
            return fallback
        if start == end:
            if start < len(chars):
                offset = chars[start][0]
            else:
                offset = chars[-1][1] if chars else node.start
            return self.file.span(offset, offset)
        return self.file.span(chars[start][0], chars[end - 1][1])

    def _info(self, path: Path, node: _Scalar, is_key: bool) -> ScalarInfo:
        return ScalarInfo(
            path=path,
            text=node.value,
            source=self.file.text[node.start : node.end],
            tag=node.tag,
            style=node.style,
            span=self.file.span(node.start, node.end),
            is_key=is_key,
        )


def engine_config(project: FileSource) -> Optional[EngineConfig]:
    """leanengine.yaml parsed once; None when missing, unreadable or unparsable (EL001/2/4).

    Read at the project root, never under `buildRoot` (which is itself set here).
    """
    return project.cached("engine_yaml.config", lambda: _load(project))


def _load(project: FileSource) -> Optional[EngineConfig]:
    # Always at the project root: buildRoot is itself read from this file.
    file = project.read(ENGINE_CONFIG_FILE)
    if file is None:
        return None
    config, problem = parse_engine_yaml(file)
    if problem is not None:
        message, span = problem
        project.problem("EL004", file.path, message, span)
    return config


def parse_engine_yaml(file: TextFile) -> tuple[Optional[EngineConfig], Optional[tuple[str, Span]]]:
    """Parse a leanengine.yaml: (config or None, EL004 (message, span) or None). Never raises.

    Both are set when the file holds more than one document: the config is the first one's, as
    the platform reads it.
    """
    text = file.text
    if len(text) > MAX_CHARACTERS:
        message = (
            f"`{file.path}` is {len(text):,} characters long, more than the {MAX_CHARACTERS:,} "
            "enginelint parses; no settings file needs that, and enginelint stops reading here"
        )
        return None, (message, _span_at(file, MAX_CHARACTERS, None))
    try:
        deep = _excessive_flow_nesting(text, MAX_DEPTH)
        if deep is not None:
            raise _Stop(_too_deep_message(), deep, deep + 1)
        root, extra_document = _compose(text)
        config = _Builder(file).build(root)
    except _Stop as stop:
        return None, (stop.message, _span_at(file, stop.start, stop.end))
    except _YAMLProblem as problem:
        return None, (problem.message, _span_at(file, problem.index, None))
    except RecursionError:
        return None, (_too_deep_message(), Span.point(1, 1))
    if extra_document is not None:
        message = (
            f"`{file.path}` holds more than one YAML document; the platform reads only the "
            "first and ignores this one"
        )
        return config, (message, _span_at(file, extra_document, extra_document + 3))
    return config, None


def _span_at(file: TextFile, start: int, end: Optional[int]) -> Span:
    """A span for a problem: [start, end), or the one character at `start` (a point at the end)."""
    text = file.text
    start = max(0, min(start, len(text)))
    if end is None:
        end = start + 1 if start < len(text) and text[start] not in "\r\n" else start
    return file.span(start, max(start, min(end, len(text))))


# --- building the data ---------------------------------------------------------------------------
class _Builder:
    """Turns the node tree into plain data, with positions, bounded alias expansion, duplicates."""

    def __init__(self, file: TextFile) -> None:
        self.file = file
        self.locations: dict[Path, _Location] = {}
        self.scalars: dict[Path, _Scalar] = {}
        self.duplicates: list[DuplicateKey] = []
        self.expanded = 0  # nodes produced by alias expansion
        self.in_alias = 0
        self.outer_alias: Optional[_Node] = None  # the alias (or merge) in the file being expanded
        self.active: set[int] = set()  # nodes being built (an alias to one of them is a cycle)
        self.merged = False  # whether a `<<` merge was expanded (the budget's message says so)
        self.outer_merge: Optional[_Node] = None  # the outermost merge being expanded

    def span(self, node: _Node) -> Span:
        return self.file.span(node.start, node.end)

    def build(self, root: Optional[_Node]) -> EngineConfig:
        data = None if root is None else self.value(root, (), None, 0, None)
        return EngineConfig(
            self.file,
            data,
            self.locations,
            self.scalars,
            self.scalar_infos(root),
            sorted(self.duplicates, key=lambda d: d.span),
        )

    def value(
        self, node: _Node, path: Path, key: Optional[Span], depth: int, via: Optional[_Alias]
    ) -> Any:
        if depth > MAX_DEPTH:
            where = via or node
            raise _Stop(_too_deep_message(), where.start, where.end)
        if self.in_alias:
            self.charge(1, self.outer_alias or self.outer_merge or via or node)
        if isinstance(node, _Alias):
            if id(node.target) in self.active:
                raise _Stop(
                    f"alias `*{node.name}` refers to a value that contains it; the value would "
                    "be infinite",
                    node.start,
                    node.end,
                )
            self.locations[path] = _Location(key, self.span(node))
            self.in_alias += 1
            if self.outer_alias is None:
                self.outer_alias = node
            try:
                return self.value(node.target, path, key, depth, via or node)
            finally:
                self.in_alias -= 1
                if self.outer_alias is node:
                    self.outer_alias = None
        if via is None:
            self.locations[path] = _Location(key, self.span(node))
        if isinstance(node, _Scalar):
            self.scalars[path] = node
            return _scalar_value(node)
        self.active.add(id(node))
        try:
            if isinstance(node, _Sequence):
                return [
                    self.value(item, (*path, index), None, depth + 1, None)
                    for index, item in enumerate(node.items)
                ]
            assert isinstance(node, _Mapping)
            result: dict[str, Any] = {}
            for name, (key_node, value_node, merge) in self.entries(node, path).items():
                outermost = merge is not None and self.outer_merge is None
                if merge is not None:
                    self.in_alias += 1
                    if outermost:
                        self.outer_merge = merge
                try:
                    result[name] = self.value(
                        value_node, (*path, name), self.span(key_node), depth + 1, None
                    )
                finally:
                    if merge is not None:
                        self.in_alias -= 1
                    if outermost:
                        self.outer_merge = None
            return result
        finally:
            self.active.discard(id(node))

    def charge(self, count: int, where: _Node) -> None:
        """Count `count` nodes produced by expanding an alias or a `<<` merge against the one
        budget both share; past it, reading stops. Merges count the entries they copy (a merge
        of a merge of … fans out like an alias, without producing values until the end)."""
        self.expanded += count
        if self.expanded <= MAX_ALIAS_NODES:
            return
        if self.merged:
            message = (
                f"`{ENGINE_CONFIG_FILE}` expands too much: its aliases and `<<` merges copy "
                f"more than {MAX_ALIAS_NODES:,} entries; enginelint stops reading it here"
            )
        else:
            message = (
                f"`{ENGINE_CONFIG_FILE}` expands its aliases into more than "
                f'{MAX_ALIAS_NODES:,} values (a "billion laughs" file); enginelint stops '
                "reading it here"
            )
        raise _Stop(message, where.start, where.end)

    def entries(
        self, node: _Mapping, path: Path
    ) -> dict[str, tuple[_Node, _Node, Optional[_Node]]]:
        """A mapping's entries: name → (key node, value node, the `<<` merge it came from).

        A repeated key replaces the earlier one (as yaml.v2 does) and is recorded; keys written
        in the mapping win over merged ones, and earlier merged mappings over later ones.
        """
        own: dict[str, tuple[_Node, _Node, Optional[_Node]]] = {}
        first: dict[str, _Node] = {}
        merges: list[_Node] = []
        for key_node, value_node in node.pairs:
            target = _deref(key_node)
            if isinstance(target, _Scalar) and target.tag == _MERGE:
                merges.append(value_node)
                continue
            name = self.key_text(target)
            if name in first:
                if not self.in_alias:
                    self.duplicates.append(
                        DuplicateKey((*path, name), self.span(key_node), self.span(first[name]))
                    )
                del own[name]
            else:
                first[name] = key_node
            own[name] = (key_node, value_node, None)
        for merge in merges:
            for source in self.merge_sources(merge):
                self.in_alias += 1
                self.merged = True
                self.active.add(id(source))
                try:
                    self.charge(1 + len(source.pairs), self.outer_merge or merge)
                    if self.outer_merge is None:
                        self.outer_merge = merge
                    merged = self.entries(source, path)
                finally:
                    self.active.discard(id(source))
                    self.in_alias -= 1
                    if self.outer_merge is merge:
                        self.outer_merge = None
                for name, (key_node, value_node, _) in merged.items():
                    own.setdefault(name, (key_node, value_node, merge))
        return own

    def merge_sources(self, merge: _Node) -> list[_Mapping]:
        """The mappings a `<<` merge key's value names (a mapping or a list of mappings)."""
        target = _deref(merge)
        items = [_deref(i) for i in target.items] if isinstance(target, _Sequence) else [target]
        sources = [item for item in items if isinstance(item, _Mapping)]
        if not sources or len(sources) != len(items):
            raise _Stop(
                "a `<<` merge key must merge a mapping or a list of mappings",
                merge.start,
                merge.end,
            )
        for source in sources:
            if id(source) in self.active:
                raise _Stop(
                    "a `<<` merge key merges a mapping that contains it", merge.start, merge.end
                )
        return sources

    def key_text(self, node: _Node) -> str:
        if isinstance(node, _Scalar):
            return node.value
        return self.file.text[node.start : node.end]

    def scalar_infos(self, root: Optional[_Node]) -> list[ScalarInfo]:
        """Every scalar written in the file once (aliases not followed), in file order."""
        infos: list[ScalarInfo] = []
        seen: set[int] = set()
        stack: list[tuple[_Node, Path, bool]] = [(root, (), False)] if root is not None else []
        while stack:
            node, path, is_key = stack.pop()
            if isinstance(node, _Alias) or id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, _Scalar):
                if node.tag != _MERGE:
                    infos.append(
                        ScalarInfo(
                            path=path,
                            text=node.value,
                            source=self.file.text[node.start : node.end],
                            tag=node.tag,
                            style=node.style,
                            span=self.span(node),
                            is_key=is_key,
                        )
                    )
            elif isinstance(node, _Sequence):
                stack.extend((item, (*path, i), False) for i, item in enumerate(node.items))
            elif isinstance(node, _Mapping):
                for key_node, value_node in node.pairs:
                    entry = (*path, self.key_text(_deref(key_node)))
                    stack.append((key_node, entry, True))
                    stack.append((value_node, entry, False))
        return sorted(infos, key=lambda info: info.span)

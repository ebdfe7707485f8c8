"""One immutable `Settings` per project: defaults, then the configuration file, then the command
line — built once by `resolve` and passed down, never changed afterwards.

`select` and `fail-on` from the command line replace the file's; `extend-select` and `ignore`
add to it. Everything else (severity overrides, excludes, per-file ignores, the file size cap,
extra system packages) comes from the configuration file alone — except where results are cached,
which ruff's order decides: `--cache-dir`, then `ENGINELINT_CACHE_DIR`, then `cache-dir`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Optional

from .files import DEFAULT_MAX_FILE_SIZE
from .lazy_dataclass import dataclass, field

# The cache's folder inside the project root when nothing names another.
DEFAULT_CACHE_DIR = ".enginelint_cache"
CACHE_DIR_VARIABLE = "ENGINELINT_CACHE_DIR"

if TYPE_CHECKING:
    from .config import Config
    from .registry import Rule

DEFAULT_FAIL_ON = "warning"


@dataclass(frozen=True)
class Settings:
    """What to check and how, for one project."""

    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # Rule code → severity, from the configuration's `severity` table.
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fail_on: str = DEFAULT_FAIL_ON
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    extra_system_dependencies: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The configuration file the settings came from (as named in messages), if any.
    source: Optional[str] = None
    # The cache's folder, absolute; None for `DEFAULT_CACHE_DIR` in the project root. Linting
    # never sees this folder, whether or not the cache is used.
    cache_dir: Optional[str] = None

    def rules(self, catalogue: Optional[Sequence[Rule]] = None) -> tuple[Rule, ...]:
        """The selected rules; raises `registry.SelectionError` for a selector naming none."""
        from .registry import all_rules, select

        return select(catalogue or all_rules(), self.select, self.extend_select, self.ignore)


def resolve(
    config: Optional[Config] = None,
    *,
    select: Optional[Sequence[str]] = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Optional[str] = None,
    cache_dir: Optional[str] = None,
) -> Settings:
    """Settings from a configuration file (or none) and the command line's options."""
    import os

    variable = os.environ.get(CACHE_DIR_VARIABLE) or None
    given = cache_dir or variable
    if config is None:
        from .config import Config

        config = Config()
    return Settings(
        select=tuple(select) if select is not None else config.select,
        extend_select=(*config.extend_select, *extend_select),
        ignore=(*config.ignore, *ignore),
        severity=MappingProxyType(dict(config.severity)),
        fail_on=fail_on or config.fail_on or DEFAULT_FAIL_ON,
        exclude=config.exclude,
        max_file_size=config.max_file_size or DEFAULT_MAX_FILE_SIZE,
        extra_system_dependencies=config.extra_system_dependencies,
        per_file_ignores=config.per_file_ignores,
        source=config.source,
        cache_dir=os.path.abspath(os.path.expanduser(given)) if given else config.cache_dir,
    )

"""Rule metadata and the one explicit list of every rule enginelint has.

A rule is a function `check(project) -> Iterable[Finding]` wrapped by `@rule(...)`, which gives it
a stable code, a kebab-case name, a default severity, and documentation: the function's docstring
is the page `enginelint rule CODE` prints and `docs/rules/` is generated from.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from .diagnostics import DOCS_URL, SEVERITIES, Finding

if TYPE_CHECKING:
    from .project import Project

CheckFunction = Callable[["Project"], Iterable[Finding]]

# Rules of the "late" phase run after all others: they report what the others' reads and
# parses recorded (EL001–EL004), so they must see every file the others touched.
NORMAL = "normal"
LATE = "late"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: CheckFunction
    doc: str
    phase: str = NORMAL
    # Reported by the engine itself (EL006), not by running `check`.
    engine_reported: bool = False

    @property
    def summary(self) -> str:
        """The first line of the documentation: the rule's one-line summary."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    @property
    def family(self) -> str:
        return self.code[:3] + "xx"

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)

    def __call__(self, project: Project) -> Iterable[Finding]:
        return self.check(project)


def rule(
    code: str, name: str, severity: str, *, phase: str = NORMAL, engine_reported: bool = False
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule; the decorated function's docstring is its user documentation."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: unknown severity {severity!r}")

    def wrap(check: CheckFunction) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            check=check,
            doc=inspect.cleandoc(check.__doc__ or ""),
            phase=phase,
            engine_reported=engine_reported,
        )

    return wrap


def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order. The one place a reader sees them all."""
    from .rules import (
        engine_yaml,
        input,
        layout,
        packaging,
        python_version,
        requirements,
        security,
        serving,
    )

    return (
        input.unreadable_file,  # EL001
        input.undecodable_file,  # EL002
        input.python_syntax_error,  # EL003
        input.yaml_syntax_error,  # EL004
        input.internal_error,  # EL006
        input.unused_suppression,  # EL007
        layout.missing_wsgi,  # EL101
        layout.missing_requirements,  # EL102
        layout.missing_application,  # EL103
        layout.application_not_wsgi,  # EL104
        layout.missing_local_module,  # EL105
        packaging.runtime_detection_conflict,  # EL106
        packaging.leanignore_excludes_required,  # EL107
        packaging.leanignore_invalid_pattern,  # EL108
        packaging.leanignore_surprising_pattern,  # EL109
        packaging.uploads_local_artifacts,  # EL110
        requirements.unpinned_requirement,  # EL201
        requirements.unbounded_major_version,  # EL202
        requirements.invalid_requirement,  # EL203
        requirements.unpinned_vcs_requirement,  # EL204
        requirements.duplicate_requirement,  # EL205
        requirements.unsatisfiable_specifier,  # EL206
        requirements.missing_include,  # EL207
        requirements.local_path_requirement,  # EL208
        requirements.insecure_index,  # EL209
        requirements.incomplete_hashes,  # EL210
        requirements.not_installable,  # EL211
        requirements.deprecated_package,  # EL212
        requirements.requirements_encoding,  # EL213
        requirements.sdk_dependency_conflict,  # EL214
        python_version.invalid_python_version,  # EL301
        python_version.unsupported_implementation,  # EL302
        python_version.eol_python_version,  # EL303
        python_version.unknown_python_version,  # EL304
        python_version.sdk_incompatible_python,  # EL305
        python_version.missing_python_version,  # EL306
        python_version.legacy_runtime_txt,  # EL307
        python_version.multiple_python_versions,  # EL308
        python_version.prerelease_python_version,  # EL309
        engine_yaml.yaml_not_mapping,  # EL401
        engine_yaml.unknown_key,  # EL402
        engine_yaml.legacy_key,  # EL403
        engine_yaml.invalid_value_type,  # EL404
        engine_yaml.startup_timeout_out_of_range,  # EL405
        engine_yaml.invalid_functions_mode,  # EL406
        engine_yaml.unknown_system_dependency,  # EL407
        engine_yaml.invalid_runtime,  # EL408
        engine_yaml.invalid_build_step,  # EL409
        engine_yaml.duplicate_key,  # EL410
        engine_yaml.yaml_1_1_ambiguity,  # EL411
        engine_yaml.missing_build_root,  # EL412
        engine_yaml.invalid_extra_ports,  # EL413
        serving.loopback_bind,  # EL501
        serving.wrong_port,  # EL502
        serving.hardcoded_port,  # EL503
        serving.run_command_loopback,  # EL504
        serving.run_command_port,  # EL505
        serving.run_target_missing,  # EL506
        serving.run_installs_dependencies,  # EL507
        serving.development_server,  # EL508
        serving.functions_mode_without_sdk,  # EL509
        serving.no_health_endpoint,  # EL510
        serving.acme_challenge_route,  # EL511
        serving.https_redirect_outside_engine,  # EL512
        security.debug_enabled,  # EL601
        security.hardcoded_credentials,  # EL602
        security.hardcoded_api_server,  # EL603
        security.unknown_platform_variable,  # EL604
        security.local_persistent_storage,  # EL605
    )


class SelectionError(ValueError):
    """A selector names no rule (exit 2)."""


def _matches(rule: Rule, selector: str) -> bool:
    token = selector.strip()
    upper = token.upper()
    if upper == "ALL":
        return True
    if token.lower() == rule.name:
        return True
    return upper.startswith("EL") and rule.code.startswith(upper)


def resolve(rules: Sequence[Rule], selectors: Iterable[str]) -> set[str]:
    """The codes a list of selectors (codes, names, code prefixes, ALL) stands for."""
    codes: set[str] = set()
    for selector in selectors:
        if not selector.strip():
            continue
        matched = {r.code for r in rules if _matches(r, selector)}
        if not matched:
            raise SelectionError(f"unknown rule selector `{selector.strip()}`")
        codes |= matched
    return codes


def select(
    rules: Sequence[Rule],
    select: Optional[Sequence[str]] = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Rule, ...]:
    """The rules a run uses: `select` (default: all) plus `extend_select`, minus `ignore`."""
    chosen = resolve(rules, select) if select else {r.code for r in rules}
    chosen |= resolve(rules, extend_select)
    chosen -= resolve(rules, ignore)
    return tuple(r for r in rules if r.code in chosen)


def find(rules: Sequence[Rule], code_or_name: str) -> Optional[Rule]:
    """The rule with exactly this code or name."""
    token = code_or_name.strip()
    for candidate in rules:
        if candidate.code == token.upper() or candidate.name == token.lower():
            return candidate
    return None

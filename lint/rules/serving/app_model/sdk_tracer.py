"""Whether the app the platform serves goes through the LeanCloud SDK's engine.

The engine (`leancloud.Engine(app)`, `engine.wrap(app)`) answers the platform's health probe and
the cloud functions' metadata. The served app is `application` in wsgi.py (WSGI mode), the app
a `run:` server imports, or the app a script's server call starts; it is followed through names,
imports of project modules and middleware around it to a `leancloud.Engine` (True), to a
framework's app (False), or to something it cannot follow (None). `HttpsRedirectMiddleware`
around an engine is recorded on the way.
"""

from __future__ import annotations

import ast
from typing import Optional

from .... import platform
from ....analysis.python.parse import PythonModule
from ....analysis.python.reach import ENVIRONMENTS
from ....analysis.python.records import CallSite, CallValues, ModuleRun
from ....analysis.python.values import UNKNOWN, Attr, Const, Defined, Made, Ref, Seq, Value
from ..server_calls import callee_key
from .frameworks import APP_FACTORIES
from .model import Located
from .state import BuildState, call_argument

_MAX_DEPTH = 8
# The app a server imports when the `run:` target names only a module.
NAME_DEFAULT = platform.WSGI_CALLABLE


class SdkTracer(BuildState):
    """Follows the served app (and HttpsRedirectMiddleware's) to the SDK engine."""

    def located(self, into: list[Located], module: PythonModule, site: CallSite) -> None:
        span = module.span(site.node)
        if any(found.span == span and found.module.path == module.path for found in into):
            return
        text = " ".join(module.segment(site.node.func).split())
        into.append(Located(module, span, text))

    def redirect(self, module: PythonModule, site: CallSite, values: CallValues) -> None:
        argument = call_argument(site, values, 0, ("app", "wsgi_app", "application"))
        if argument is None:
            return
        run = self.runs.get(module.path)
        if run is None:
            return
        value, node = argument
        if self.through_sdk(run, value, node, values.environment, 0) is True:
            self.located(self.model.redirects_around_engine, module, site)

    def served(self) -> Optional[bool]:
        """Whether the app the platform serves goes through the SDK engine."""
        from ....analysis.entry import serving_mode

        mode = serving_mode(self.project)
        runs = list(self.runs.values())
        if not runs or mode.entry_file is None:
            return None
        entry = runs[0]
        if mode.is_wsgi or not mode.entry_is_main:
            name = platform.WSGI_CALLABLE if mode.is_wsgi else self.served_attribute()
            if name is None:
                return None
            return self.binding_through_sdk(entry, name)
        return self.started_through_sdk()

    def served_attribute(self) -> Optional[str]:
        from ....parsers.run_command import run_command

        parsed = run_command(self.project)
        main = parsed.main if parsed is not None else None
        entry = main.entry if main is not None else None
        if entry is None:
            return None
        return entry.attribute or NAME_DEFAULT

    def binding_through_sdk(self, run: ModuleRun, name: str) -> Optional[bool]:
        answers = set()
        for env in ENVIRONMENTS:
            binding = run.binding(name, env)
            if binding is None or binding.deleted:
                return None
            answers.add(
                self.binding_value(run, binding.value, binding.node, binding.statement, env, 0)
            )
        return answers.pop() if len(answers) == 1 else None

    def binding_value(
        self,
        run: ModuleRun,
        value: Value,
        node: Optional[ast.AST],
        statement: Optional[ast.stmt],
        env: str,
        depth: int,
    ) -> Optional[bool]:
        if isinstance(node, ast.alias) and isinstance(statement, ast.ImportFrom):
            known = self.judge(value)
            if known is not None:
                return known
            return self.imported(run, node, statement, env, depth)
        return self.through_sdk(
            run, value, node if isinstance(node, ast.expr) else None, env, depth
        )

    def imported(
        self, run: ModuleRun, alias: ast.alias, statement: ast.ImportFrom, env: str, depth: int
    ) -> Optional[bool]:
        from ....analysis.python.imports import absolute_base

        base = absolute_base(run.module, statement)
        other = self.walk(base) if base is not None else None
        if other is None or depth > _MAX_DEPTH:
            return None
        self.add_run(other)
        binding = other.binding(alias.name, env)
        if binding is None or binding.deleted:
            return None
        return self.binding_value(
            other, binding.value, binding.node, binding.statement, env, depth + 1
        )

    @staticmethod
    def judge(value: Value) -> Optional[bool]:
        if isinstance(value, Made):
            if value.qualname in platform.LEANCLOUD_ENGINE_CLASSES:
                return True
            if value.qualname in APP_FACTORIES:
                return False
        return None

    def through_sdk(
        self, run: ModuleRun, value: Value, node: Optional[ast.expr], env: str, depth: int
    ) -> Optional[bool]:
        """Whether `value` (written as `node` in `run`'s module) is, or wraps, the SDK engine;
        None when that cannot be decided."""
        if depth > _MAX_DEPTH:
            return None
        known = self.judge(value)
        if known is not None:
            return known
        call: Optional[ast.Call] = None
        if isinstance(value, Made):
            call = value.node
        elif isinstance(node, ast.Call):
            call = node
        if call is not None:
            return self.call_through_sdk(call, env, depth + 1)
        if isinstance(node, ast.Name) and value is UNKNOWN:
            binding = run.binding(node.id, env)
            if binding is None or binding.deleted or binding.node is node:
                return None
            return self.binding_value(
                run, binding.value, binding.node, binding.statement, env, depth + 1
            )
        return None

    def call_through_sdk(self, call: ast.Call, env: str, depth: int) -> Optional[bool]:
        found = self.sites.get(id(call))
        if found is None:
            return None
        site, run = found
        values = next((v for v in site.runs if v.environment == env), None)
        if values is None:
            return None
        callee = values.callee
        if isinstance(callee, Attr):
            receiver = callee.receiver
            wraps = callee.name == platform.LEANCLOUD_ENGINE_WRAP
            if wraps and isinstance(receiver, Made):
                return receiver.qualname in platform.LEANCLOUD_ENGINE_CLASSES or None
            return None
        is_class = isinstance(callee, Defined) and isinstance(callee.node, ast.ClassDef)
        if not isinstance(callee, Ref) and not is_class:
            return None
        # A middleware class around an app: it routes through the engine when its app does.
        answers: list[Optional[bool]] = []
        arguments = list(zip(values.args, site.node.args))
        arguments += [
            (values.keywords[k.arg], k.value)
            for k in site.node.keywords
            if k.arg is not None and k.arg in values.keywords
        ]
        for argument, node in arguments:
            if isinstance(argument, (Const, Seq)) or isinstance(node, (ast.Constant, ast.Dict)):
                continue
            answers.append(self.through_sdk(run, argument, node, env, depth + 1))
        if True in answers:
            return True
        if answers and all(answer is False for answer in answers) and not values.open_ended:
            return False
        return None

    def started_through_sdk(self) -> Optional[bool]:
        """Run mode with a script: whether the servers it starts serve the engine."""
        answers: list[Optional[bool]] = []
        for run in self.runs.values():
            for site in run.calls:
                for values in site.runs:
                    callee = values.callee
                    if (
                        isinstance(callee, Attr)
                        and callee.name == platform.LEANCLOUD_ENGINE_START
                        and isinstance(callee.receiver, Made)
                        and callee.receiver.qualname in platform.LEANCLOUD_ENGINE_CLASSES
                    ):
                        return True
                    key = callee_key(callee)
                    if key is None or key not in platform.PYTHON_SERVER_CALLS:
                        continue
                    where = platform.PYTHON_SERVER_APPS.get(key)
                    if where is None:
                        answers.append(None)
                        continue
                    position, keyword = where
                    if position < 0:
                        receiver = callee.receiver if isinstance(callee, Attr) else UNKNOWN
                        answers.append(self.judge(receiver))
                        continue
                    argument = call_argument(site, values, position, (keyword,) if keyword else ())
                    if argument is None:
                        answers.append(None)
                        continue
                    answers.append(
                        self.through_sdk(run, argument[0], argument[1], values.environment, 0)
                    )
        if True in answers:
            return True
        if answers and all(answer is False for answer in answers):
            return False
        return None

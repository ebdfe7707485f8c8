"""The shape of the app that runs on the platform: its web framework, its routes, and whether
the LeanCloud SDK's engine is in front of it.

Several serving rules ask the same questions of the code that runs (`reach`): is there a
`leancloud.Engine` (it answers the platform's health probe `/__engine/1/ping` and the function
metadata `functionsMode: strict` needs)? Does the app the platform serves go through it? Which
routes does a recognised framework register (Flask, Quart, Sanic, FastAPI, Starlette, Bottle,
Tornado, Django's URLconf)? The answers are built once per project (`app_model`).

What cannot be followed stays undecided: a route registered on an object whose type is unknown,
a path that is not a constant, a URLconf `include()` at the root, a blueprint or router whose
prefix may make a route the root. The model records that as `dynamic` and the rules then stay
quiet rather than guess.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .builder import Builder
from .model import AppCreation, AppModel, Located, Route

if TYPE_CHECKING:
    from ....project import Project

__all__ = ["AppCreation", "AppModel", "Located", "Route", "app_model"]


def app_model(project: Project) -> AppModel:
    """The app model of the code that runs on the platform, built once per project."""
    return project.cached("app_model", lambda: Builder(project).build())

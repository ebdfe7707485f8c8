"""Lint each project once per burst of edits, one lint at a time.

Typing sends a change per keystroke; linting after each would queue dozens of lints whose
results are stale before they are shown. A change (re)starts the project's timer; the lint runs
when the timer fires, reading the buffers as they are then, so a burst costs one lint. Opening and
saving start it at once. Lints never overlap: they share one worker, and the project's Python
analysis would only compete with itself for the interpreter.

Someone who needs a result that includes the current buffers (a pull-diagnostics request, a
code action) waits for `next_run`: the next lint to start reads them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Callable, Generic, Optional, TypeVar

K = TypeVar("K", bound=Hashable)

DEBOUNCE_SECONDS = 0.15


class Debouncer(Generic[K]):
    """Runs `work(key)` after a quiet period per key; one run at a time overall."""

    def __init__(self, work: Callable[[K], Awaitable[None]],
                 delay: float = DEBOUNCE_SECONDS) -> None:
        self._work = work
        self.delay = delay
        self._timers: dict[K, asyncio.TimerHandle] = {}
        self._waiters: dict[K, list[asyncio.Future[None]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock: Optional[asyncio.Lock] = None

    def schedule(self, key: K, delay: Optional[float] = None) -> None:
        """Run for `key` after `delay` (default: the debounce delay) unless called again."""
        loop = asyncio.get_running_loop()
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        wait = self.delay if delay is None else delay
        self._timers[key] = loop.call_later(wait, self._fire, key)

    def next_run(self, key: K) -> asyncio.Future[None]:
        """Resolves when a run for `key` that started after this call has finished."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(key, []).append(future)
        if key not in self._timers:
            self.schedule(key, 0)
        return future

    def _fire(self, key: K) -> None:
        self._timers.pop(key, None)
        task = asyncio.get_running_loop().create_task(self._run(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, key: K) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            # Those waiting now get this run, which reads the buffers after they asked.
            waiters = self._waiters.pop(key, [])
            try:
                await self._work(key)
            finally:
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(None)

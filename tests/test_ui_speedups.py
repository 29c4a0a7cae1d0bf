"""app/ui/speedups.py gives NiceGUI's own answers, faster, and keeps nothing alive."""

from __future__ import annotations

import functools
import gc
import weakref

from app.ui import speedups


class Handlers:
    def none(self) -> None: ...
    def one(self, event: object) -> None: ...
    def optional(self, event: object = None) -> None: ...
    def star(self, *args: object) -> None: ...
    @classmethod
    def klass(cls, event: object) -> None: ...
    @staticmethod
    def static(event: object) -> None: ...


def plain(event: object) -> None: ...


def test_installed_by_the_pages_module() -> None:
    """In a separate interpreter: importing the pages here would keep NiceGUI's test plugin from registering
    them again for the next test."""
    import subprocess
    import sys

    code = "from app.ui import speedups; print(speedups.installed()); import app.ui.pages; print(speedups.installed())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_same_answers_as_nicegui_for_every_kind_of_handler() -> None:
    speedups.install()
    original = speedups._original
    assert original is not None and original is not speedups.expects_arguments
    h = Handlers()
    handlers = [h.none, h.one, h.optional, h.star, Handlers.klass, Handlers.static, plain, lambda: None,
                lambda e: None, functools.partial(plain), Handlers.one, print]
    for handler in handlers:
        for _ in range(2):  # the second answer comes from the cache where there is one
            assert speedups.expects_arguments(handler) == original(handler), handler
    assert [speedups.expects_arguments(f) for f in (h.none, h.one, h.optional)] == [False, True, False]


def test_methods_of_different_classes_with_one_name_are_told_apart() -> None:
    class A:
        def update(self) -> None: ...

    class B:
        def update(self, event: object) -> None: ...

    assert speedups.expects_arguments(A().update) is False
    assert speedups.expects_arguments(B().update) is True


def test_the_cache_keeps_no_function_alive() -> None:
    def make() -> type:
        class Temporary:
            def handler(self, event: object) -> None: ...
        return Temporary

    cls = make()
    assert speedups.expects_arguments(cls().handler) is True
    ref = weakref.ref(cls.handler)
    del cls
    gc.collect()
    assert ref() is None


def test_the_cycle_collector_freezes_survivors_and_thaws_them_on_its_rhythm() -> None:
    """app/gctune.py, in a separate interpreter so the test process keeps Python's defaults: a garbage cycle
    that was frozen survives collections until the periodic thaw reclaims it."""
    import subprocess
    import sys

    code = """
import asyncio, gc, weakref
from app import gctune
class Node: pass
async def main():
    gctune.install(freeze_every=0.05, thaw_every=0.5)
    node = Node(); node.me = node; ref = weakref.ref(node); del node
    await asyncio.sleep(0.15)
    gc.collect()
    frozen_kept = ref() is not None
    await asyncio.sleep(0.6)
    print(gc.get_threshold() == gctune.THRESHOLDS, gc.get_freeze_count() > 1000, frozen_kept, ref() is None,
          gctune.report()["slow_collections"].get("3", 0) >= 1)
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"] * 5


def test_the_event_loop_lag_is_measured() -> None:
    """app/health.py notes how late its timer fires: a blocked loop shows up in the report."""
    import subprocess
    import sys

    code = """
import asyncio, time
from app import health
async def main():
    health.install()
    await asyncio.sleep(0.35)
    quiet = health.report()
    time.sleep(0.3)  # the loop blocked, as by a long collection
    await asyncio.sleep(0.25)
    busy = health.report()
    print(quiet["max_ms"] < 100, busy["max_ms"] >= 150, busy["p50_ms"] < 100)  # blocked 300 ms: >= 200 ms late
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"] * 3

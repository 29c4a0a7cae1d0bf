"""One measured speed-up of NiceGUI 3.18 element creation, installed once at start-up.

Every element creates three observable collections (classes, style, props); each asks
`nicegui.helpers.expects_arguments(handler)`, which runs `inspect.signature` on the collection's bound
`_update` method. That is half of the cost of creating an element (53 → 26 µs per label measured with
`bench/elements.py`), and a participant page creates elements for every post and step. NiceGUI resolves the
answer once per collection (zauberzeug/nicegui#6108); the answer for a bound method depends only on its
function, so here it is remembered per function, weakly (no function is kept alive by the cache).
Everything that is not a bound method goes to NiceGUI's own function unchanged.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from nicegui import helpers

_original: Callable[[Callable], bool] | None = None
_answers: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def expects_arguments(func: Callable) -> bool:
    """`nicegui.helpers.expects_arguments`, remembered per function for bound methods."""
    assert _original is not None
    function = getattr(func, "__func__", None)
    if function is None or getattr(func, "__self__", None) is None:
        return _original(func)
    try:
        return _answers[function]
    except KeyError:
        answer = _answers[function] = _original(func)
        return answer
    except TypeError:  # not weakly referenceable
        return _original(func)


def install() -> None:
    global _original
    if _original is None:
        _original = helpers.expects_arguments
        helpers.expects_arguments = expects_arguments


def installed() -> bool:
    return helpers.expects_arguments is expects_arguments

"""Page parts of this area: tabs registered with `panels.register_tab`, projector displays, step extras."""

from __future__ import annotations

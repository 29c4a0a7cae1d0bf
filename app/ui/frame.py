"""The shared frame of every page: header with the app name and the language switch."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app, ui

from app.i18n import LANGUAGES
from app.ui.common import lang, tr

CSS = """
:root { --klynge-green: #1f6f5c; }
body { background: #f6f7f5; }
.klynge-countdown { font-variant-numeric: tabular-nums; font-weight: 700; }
.klynge-countdown--overrun { color: #b3261e; }
.klynge-countdown--last-minute { color: #b26a00; }
.klynge-countdown--paused { opacity: .6; }
.klynge-card { background: white; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.klynge-pre { white-space: pre-wrap; overflow-wrap: anywhere; }
#klynge-conn { position: fixed; bottom: 12px; left: 50%; transform: translateX(-50%); z-index: 9999;
  background: #b3261e; color: white; padding: 8px 14px; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
#klynge-conn[hidden] { display: none; }
"""

# Shows the connection state plainly: NiceGUI's socket reconnects by itself (and socket.io buffers what is
# sent meanwhile); this banner tells the user while it is down. The text comes from our catalogue only.
CONNECTION_JS = """
<div id="klynge-conn" role="status" aria-live="polite" hidden>%s</div>
<script>
setInterval(() => {
  const banner = document.getElementById("klynge-conn");
  const up = window.socket && window.socket.connected;
  if (banner && up !== undefined) banner.hidden = !!up;
}, 500);
</script>
"""


def _set_language(value: str) -> None:
    app.storage.user["lang"] = value
    ui.navigate.reload()


@contextmanager
def frame(title: str, *, subtitle: str | None = None, wide: bool = False) -> Iterator[ui.column]:
    """Header, language switch and a centred content column; `title` is already translated."""
    ui.add_css(CSS)
    ui.colors(primary="#1f6f5c", secondary="#5b7f95", accent="#c4622d")
    ui.page_title(f"{title} · Klyngemøde")
    ui.add_body_html(CONNECTION_JS % html.escape(tr("frame.offline")))
    with ui.header().classes("items-center justify-between px-4 py-2 bg-primary"):
        with ui.row().classes("items-center gap-3 no-wrap"):
            ui.link("Klyngemøde", "/").classes("text-white text-h6 no-underline")
            if subtitle:
                ui.label(subtitle).classes("text-white opacity-80 gt-xs")
        ui.toggle({code: code.upper() for code in LANGUAGES}, value=lang(),
                  on_change=lambda e: _set_language(e.value)).props(
            'dense unelevated rounded color=white text-color=primary toggle-color=accent toggle-text-color=white'
            f' aria-label="{tr("nav.language")}"').mark("language")
    width = "max-w-screen-xl" if wide else "max-w-4xl"
    with ui.column().classes(f"w-full {width} mx-auto p-3 sm:p-4 gap-4") as column:
        yield column

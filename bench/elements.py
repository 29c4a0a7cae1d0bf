"""Cost of creating NiceGUI elements, with and without app/ui/speedups.py (numbers, never asserts).

    python bench/elements.py [--cards 1000] [--rounds 8]

Builds `--cards` post cards (a card with two labels: what a participant page adds per post) in a NiceGUI
client, with the garbage collector paused, alternating NiceGUI's own `expects_arguments` and the remembered
one, and prints the best four rounds of each in µs per element.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nicegui import Client, helpers, ui
from nicegui.page import page

from app.ui import speedups


def one_round(cards: int) -> float:
    client = Client(page(""), request=None)
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        with client:
            for _ in range(cards):
                with ui.card().classes("w-full p-3 gap-1"):
                    ui.label("Mere tid til patienterne").classes("klynge-pre text-body1").props("dir=auto")
                    ui.label("Gruppe 3 · 17.42").classes("text-caption text-grey-8")
        return (time.perf_counter() - started) / (3 * cards) * 1e6
    finally:
        gc.enable()
        client.delete()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args()
    original = helpers.expects_arguments
    speedups.install()
    remembered = helpers.expects_arguments
    results: dict[str, list[float]] = {"NiceGUI 3.18 as is": [], "with app/ui/speedups.py": []}
    for _ in range(args.rounds):
        for name, function in zip(results, (original, remembered), strict=True):
            helpers.expects_arguments = function
            results[name].append(one_round(args.cards))
    helpers.expects_arguments = remembered
    for name, values in results.items():
        best = sorted(values)[: max(1, len(values) // 2)]
        print(f"{name}: {sum(best) / len(best):.1f} µs per element (best {len(best)} of {len(values)} rounds)")


if __name__ == "__main__":
    main()

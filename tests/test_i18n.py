"""The message catalogue: every message in Danish and English, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

from app.i18n import catalogue, missing_translations, t

APP = Path(__file__).resolve().parent.parent / "app"
LITERAL_KEYS = re.compile(r"""(?:\btr\(|\bt\(|CommandError\()\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_message_has_danish_and_english() -> None:
    assert missing_translations() == []


def test_every_literal_key_in_the_code_is_in_the_catalogue() -> None:
    used = {(path.relative_to(APP).as_posix(), key) for path in APP.rglob("*.py")
            for key in LITERAL_KEYS.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no keys: the test would be empty"
    missing = sorted((where, key) for where, key in used if key not in catalogue())
    assert missing == []


def test_danish_is_the_default_and_placeholders_are_filled() -> None:
    assert t("home.join_button") == "Deltag"
    assert t("home.join_button", "en") == "Join"
    assert t("home.created", "da", code="ABC123") == "Mødet er oprettet – kode ABC123"
    assert t("no.such.key") == "no.such.key"


def test_every_clock_error_code_has_a_message() -> None:
    codes = set()
    for name in ("clock.py", "clock_plan.py"):
        codes |= set(re.findall(r'ClockError\(\s*"([a-z_]+)"', (APP / "domain" / name).read_text(encoding="utf-8")))
    assert codes
    assert sorted(c for c in codes if f"clock.error.{c}" not in catalogue()) == []

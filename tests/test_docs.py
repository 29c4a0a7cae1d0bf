"""README stays true: every setting and every command is documented, and the two set-up commands are there."""

from __future__ import annotations

import re
from pathlib import Path

from app.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_setting_is_in_the_readme() -> None:
    settings = set(re.findall(r'"(KLYNGE_[A-Z_]+)"', (ROOT / "app" / "config.py").read_text(encoding="utf-8")))
    assert len(settings) > 10
    assert sorted(s for s in settings if s not in README) == []


def test_every_cli_command_is_in_the_readme() -> None:
    names = {c.name or c.callback.__name__ for c in cli.registered_commands}
    names |= {g.name for g in cli.registered_groups}
    assert {"agenda", "meeting", "groups", "export"} <= names
    assert sorted(n for n in names if f"klynge {n}" not in README) == []


def test_the_two_commands_and_ci_agree() -> None:
    assert "bash scripts/run" in README and "bash scripts/test" in README
    assert "bash scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_images_in_the_readme_exist() -> None:
    images = re.findall(r"(docs/screenshots/[\w.-]+\.png)", README)
    assert images
    assert [i for i in images if not (ROOT / i).exists()] == []

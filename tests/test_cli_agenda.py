"""`klynge agenda check|show|schema` as a coordinator runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli

ROOT = Path(__file__).resolve().parent.parent
AGENDAS = sorted((ROOT / "agendas").glob("*.yaml"))
runner = CliRunner()

BROKEN = """id: kort
title: Kort møde
format: physical
total_minutes: 20
blocks:
  - id: intro
    title: Intro
    minutes: 10
    steps:
      - id: velkomst
        title: Velkomst
        minutes: 10
        cues:
          - kind: open_rooms
            size: 1
            grouping: mixed
            for_step: findes-ikke
  - id: slut
    title: Slut
    minutes: 5
    steps:
      - id: farvel
        title: Farvel
        minutes: 5
"""


def test_all_four_agendas_pass_check() -> None:
    assert len(AGENDAS) == 4
    result = runner.invoke(cli, ["agenda", "check", *map(str, AGENDAS)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == 4


def test_check_reports_each_problem_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kort.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(cli, ["agenda", "check", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert f"{path}:4: total_minutes: blocks add up to 15 minutes but total_minutes is 20" in lines
    assert f"{path}:17: blocks[0].steps[0].cues[0].for_step: cue points at step 'findes-ikke', which does not exist" \
        in lines
    assert f"{path}:15: blocks[0].steps[0].cues[0].size: group size 1 is below 2" in lines


def test_check_of_unknown_key_and_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(BROKEN.replace("    minutes: 10\n    steps:", "    minuttes: 10\n    steps:", 1), encoding="utf-8")
    result = runner.invoke(cli, ["agenda", "check", str(path), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert f"{path}:8: blocks[0].minuttes: unknown key 'minuttes'" in result.stderr
    assert "missing.yaml: cannot read the file" in result.stderr
    assert "Traceback" not in result.output


def test_show_virtual_agenda_matches_the_seed_times() -> None:
    result = runner.invoke(cli, ["agenda", "show", str(ROOT / "agendas/trivsel-virtuel.yaml"), "--start", "17:00"])
    assert result.exit_code == 0, result.output
    starts = re.findall(r"^  (\d\d\.\d\d)-", result.output, flags=re.M)
    assert starts == ["16.30", "17.00", "17.10", "17.18", "17.20", "17.24", "17.25", "17.35", "17.45", "17.49",
                      "17.50", "18.15", "18.30", "18.44", "18.45", "18.55"]
    assert "18.55-19.00" in result.output


def test_show_refuses_a_bad_start_time() -> None:
    result = runner.invoke(cli, ["agenda", "show", str(AGENDAS[0]), "--start", "25:99"])
    assert result.exit_code == 1
    assert "--start" in result.stderr


def test_schema_is_json_schema_of_the_agenda() -> None:
    result = runner.invoke(cli, ["agenda", "schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Agenda"
    assert {"id", "title", "blocks", "total_minutes"} <= set(schema["properties"])

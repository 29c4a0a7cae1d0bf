"""`klynge deck check AGENDA DECK.pptx` as a coordinator runs it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from tests.builders_deck import agenda_text, numbered_deck

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def files(tmp_path: Path, slides: int, **agenda: object) -> tuple[str, str]:
    agenda_file, deck_file = tmp_path / "program.yaml", tmp_path / "møde.pptx"
    agenda_file.write_text(agenda_text(**agenda), encoding="utf-8")
    deck_file.write_bytes(numbered_deck(slides))
    return str(agenda_file), str(deck_file)


def test_a_fitting_deck_is_ok(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["deck", "check", *files(tmp_path, 5)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("møde.pptx: ok (5 slides)")


def test_warnings_name_the_file_and_the_step_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["deck", "check", *files(tmp_path, 4, intro_slides="1-3")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    deck = str(tmp_path / "møde.pptx")
    assert f"{deck}: trin 'tak' (Tak for i dag): slide 5, men præsentationen har kun 4 slides" in lines
    assert any(line.startswith(f"{deck}: slide 3 hører til både trin 'velkomst'") for line in lines)
    assert "Traceback" not in result.output


def test_a_non_pptx_file_is_a_clear_error(tmp_path: Path) -> None:
    agenda, _ = files(tmp_path, 5)
    pdf = tmp_path / "program.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a deck")
    result = runner.invoke(cli, ["deck", "check", agenda, str(pdf)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{pdf}: ikke en PowerPoint-fil (.pptx)"


def test_missing_files_and_broken_agendas_give_no_traceback(tmp_path: Path) -> None:
    agenda, deck = files(tmp_path, 5)
    missing = runner.invoke(cli, ["deck", "check", agenda, str(tmp_path / "findes-ikke.pptx")])
    assert missing.exit_code == 1 and "findes-ikke.pptx: filen kan ikke læses" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed", encoding="utf-8")
    result = runner.invoke(cli, ["deck", "check", str(broken), deck])
    assert result.exit_code == 1 and "not valid YAML" in result.output
    for outcome in (missing, result):
        assert outcome.exception is None or isinstance(outcome.exception, SystemExit)


def test_a_real_agenda_against_a_short_deck(tmp_path: Path) -> None:
    deck = tmp_path / "kort.pptx"
    deck.write_bytes(numbered_deck(18))
    result = runner.invoke(cli, ["deck", "check", str(ROOT / "agendas" / "trivsel-virtuel.yaml"), str(deck)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 4
    expected = "trin 'intro-gruppe-3' (Introduktion til gruppearbejdet): slide 19, men præsentationen har kun 18 slides"
    assert f"{deck}: {expected}" in lines

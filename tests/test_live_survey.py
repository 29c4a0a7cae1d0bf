"""Survey commands: upload, replace, delete, roles, suppression of what screens get, the follow-up change."""

from __future__ import annotations

import pytest

import app.live.survey_commands  # noqa: F401  (registers the survey.* commands)
from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.live.hub import Change
from app.live.survey_commands import describe, step_measures
from app.store.surveys import SurveyStore
from tests.builders import new_meeting
from tests.builders_survey import (
    COMPARISON_FILE,
    EXAMPLE_FILE,
    LATER_MEMBERS,
    LATER_ROWS,
    SMALL_COUNTS,
    SMALL_MEMBERS,
    SMALL_REPORT,
    SMALL_ROWS,
    csv_bytes,
)

FACILITATOR = Actor("facilitator")
COHOST = Actor("cohost")


async def meeting_hub(rt, previous_code: str | None = None):
    new = await new_meeting(rt, previous_code=previous_code)
    return await rt.hub(new.meeting.code)


async def upload(hub, data: bytes, members: int = SMALL_MEMBERS, kind: str = "first", actor: Actor = FACILITATOR,
                 filename: str = "svar.csv"):
    return await dispatch(hub, actor, "survey.upload", content=data, filename=filename, members=members, kind=kind)


async def test_upload_stores_full_report_screen_report_and_counts(rt) -> None:
    hub = await meeting_hub(rt)
    seen: list[Change] = []
    hub.subscribe(seen.append)
    result = await upload(hub, csv_bytes(SMALL_ROWS))
    assert result == {"kind": "first", "filename": "svar.csv", "responses": 5, "response_rate": 0.625}
    row = await SurveyStore(rt.db).get(hub.id, "first")
    assert row is not None and row.members == SMALL_MEMBERS and row.filename == "svar.csv"
    assert row.data["report"] == SMALL_REPORT
    assert row.data["counts"] == SMALL_COUNTS
    assert row.data["screen"]["suppressed"] == []
    assert [c.topic for c in seen] == ["survey"]


async def test_the_view_returns_the_screen_report_and_the_example_comparison(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, EXAMPLE_FILE.read_bytes(), members=20, filename="survey-eksempel.csv")
    view = await dispatch(hub, COHOST, "survey.view")
    assert view.first.report["responses"] == 14 and view.followup is None and view.change is None
    assert view.first.report["who5"]["mean"] is not None
    assert view.comparison["example_values"] is True
    assert view.comparison["national"]["who5"]["mean"] == 61.0
    assert view.comparison_source == COMPARISON_FILE.name and view.comparison_problem is None


async def test_uploading_again_replaces_the_earlier_survey(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS))
    await upload(hub, csv_bytes(LATER_ROWS), members=LATER_MEMBERS, filename="ny.csv")
    rows = await SurveyStore(rt.db).for_meeting(hub.id)
    assert list(rows) == ["first"]
    assert rows["first"].filename == "ny.csv" and rows["first"].data["report"]["responses"] == 4


async def test_a_bad_file_names_row_and_column_and_leaves_the_earlier_upload(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS))
    before = await SurveyStore(rt.db).get(hub.id, "first")
    bad = [list(r) for r in SMALL_ROWS]
    bad[2][1] = 7  # spreadsheet row 4, column who5_2
    with pytest.raises(CommandError) as caught:
        await upload(hub, csv_bytes(bad), filename="forkert.csv")
    assert caught.value.key == "survey.error.bad_file"
    assert "forkert.csv: række 4, kolonne 'who5_2'" in caught.value.params["detail"]
    assert await SurveyStore(rt.db).get(hub.id, "first") == before


@pytest.mark.parametrize(("members", "key"), [(None, "survey.error.members"), (0, "survey.error.members"),
                                              ("x", "survey.error.members"), (2, "survey.error.bad_file")])
async def test_members_must_be_a_whole_number_covering_the_responses(rt, members, key) -> None:
    hub = await meeting_hub(rt)
    with pytest.raises(CommandError) as caught:
        await upload(hub, csv_bytes(SMALL_ROWS), members=members)
    assert caught.value.key == key
    assert await SurveyStore(rt.db).get(hub.id, "first") is None


async def test_an_empty_file_and_an_unknown_kind_are_refused(rt) -> None:
    hub = await meeting_hub(rt)
    with pytest.raises(CommandError, match=r"survey.error.empty_file"):
        await upload(hub, b"")
    with pytest.raises(CommandError, match=r"survey.error.bad_kind"):
        await upload(hub, csv_bytes(SMALL_ROWS), kind="third")


async def test_a_participant_can_neither_upload_nor_read_the_report(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS), actor=COHOST)
    participant = Actor("participant", participant_id=1, name="Anne")
    with pytest.raises(Forbidden):
        await upload(hub, csv_bytes(LATER_ROWS), actor=participant)
    for name in ("survey.view", "survey.delete"):
        with pytest.raises(Forbidden):
            await dispatch(hub, participant, name)
    assert (await SurveyStore(rt.db).get(hub.id, "first")).data["report"]["responses"] == 5


async def test_what_the_view_returns_is_suppressed_below_three_answers(rt) -> None:
    hub = await meeting_hub(rt)
    rows = [list(r) for r in SMALL_ROWS]
    for row in rows[2:]:
        row[0] = ""  # only two complete WHO-5 answers are left
    await upload(hub, csv_bytes(rows))
    view = await dispatch(hub, FACILITATOR, "survey.view")
    screen = view.first.report
    assert screen["who5"] == {"mean": None, "min": None, "max": None,
                              "bands": {"high": None, "low": None, "very_low": None}}
    assert {"key": "who5", "reason": "Færre end 3 svar – vises ikke"} in screen["suppressed"]
    assert screen["job_satisfaction"]["high"] == 2  # four answered: shown
    stored = await SurveyStore(rt.db).get(hub.id, "first")
    assert stored.data["report"]["who5"]["mean"] == 80.0  # the full report keeps it for the coordinator


async def test_follow_up_change_comes_from_the_screen_reports(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS))
    await upload(hub, csv_bytes(LATER_ROWS), members=LATER_MEMBERS, kind="followup")
    view = await dispatch(hub, FACILITATOR, "survey.view")
    assert view.latest is view.followup
    assert view.change["responses"] == -1
    assert view.change["who5"]["mean"] == 4.0  # 53.0 -> 57.0
    assert view.change["job_satisfaction"]["counts"]["Slet ikke"] == -1
    assert view.change["response_rate"] == -0.125


async def test_a_follow_up_meeting_compares_with_the_previous_meetings_survey(rt) -> None:
    earlier = await meeting_hub(rt)
    await upload(earlier, csv_bytes(SMALL_ROWS))
    hub = await meeting_hub(rt, previous_code=earlier.code)
    await upload(hub, csv_bytes(LATER_ROWS), members=LATER_MEMBERS, kind="followup")
    view = await dispatch(hub, FACILITATOR, "survey.view")
    assert view.first.from_previous and view.first.report["responses"] == 5
    assert view.change["who5"]["mean"] == 4.0


async def test_delete_removes_one_kind(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS))
    await upload(hub, csv_bytes(LATER_ROWS), members=LATER_MEMBERS, kind="followup")
    await dispatch(hub, FACILITATOR, "survey.delete", kind="followup")
    assert list(await SurveyStore(rt.db).for_meeting(hub.id)) == ["first"]
    with pytest.raises(CommandError, match=r"survey.error.nothing_to_delete"):
        await dispatch(hub, FACILITATOR, "survey.delete", kind="followup")


async def test_a_meeting_can_use_its_own_comparison_figures(rt) -> None:
    hub = await meeting_hub(rt)
    text = COMPARISON_FILE.read_text(encoding="utf-8").replace("example_values: true", "example_values: false")
    await dispatch(hub, FACILITATOR, "survey.upload_comparison", content=text.encode(), filename="plo-2026.yaml")
    view = await dispatch(hub, FACILITATOR, "survey.view")
    assert view.comparison["example_values"] is False and view.comparison_source == "plo-2026.yaml"
    with pytest.raises(CommandError) as caught:
        await dispatch(hub, FACILITATOR, "survey.upload_comparison", content=b"national: [1\n", filename="x.yaml")
    assert caught.value.key == "survey.error.bad_comparison" and "x.yaml" in caught.value.params["detail"]
    await dispatch(hub, FACILITATOR, "survey.delete", kind="comparison")
    assert (await dispatch(hub, FACILITATOR, "survey.view")).comparison["example_values"] is True


async def test_the_view_can_be_read_after_the_meeting_ended_but_not_changed(rt) -> None:
    hub = await meeting_hub(rt)
    await upload(hub, csv_bytes(SMALL_ROWS))
    await dispatch(hub, FACILITATOR, "meeting.end")
    assert (await dispatch(hub, FACILITATOR, "survey.view")).first is not None
    with pytest.raises(CommandError, match=r"error.meeting_ended"):
        await upload(hub, csv_bytes(LATER_ROWS))


async def test_step_measures_come_from_the_step_and_its_show_survey_cues(rt) -> None:
    from app.domain.agenda import Cue, CueKind

    agenda = rt.agendas.get("trivsel-virtuel")
    steps = {s.id: s for b in agenda.blocks for s in b.steps}
    assert step_measures(steps["trivsel-arbejdsglaede"]) == [1, 2]
    assert step_measures(steps["egen-refleksion"]) == []
    cue = Cue(kind=CueKind.show_survey, measures=[4, 9, 2])
    assert step_measures(steps["trivsel-arbejdsglaede"].model_copy(update={"cues": [cue]})) == [1, 2, 4]


def test_describe_names_place_in_danish() -> None:
    from app.domain.problems import Problem

    assert describe(Problem("7 er uden for skalaen 0–5", source="a.csv", row=4, column="who5_2")) == (
        "a.csv: række 4, kolonne 'who5_2': 7 er uden for skalaen 0–5")

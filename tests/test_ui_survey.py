"""The survey tab, the step charts and the projector display, with NiceGUI's simulated user."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.live.commands import Actor, dispatch
from app.live.runtime import ready
from app.store.surveys import SurveyStore
from tests.builders import facilitator_path, new_meeting, until
from tests.builders_survey import EXAMPLE_FILE, FOLLOW_UP_FILE, SMALL_ROWS, csv_bytes

FACILITATOR = Actor("facilitator")


def file_of(path_or_bytes, name: str) -> ui.upload.SmallFileUpload:
    data = path_or_bytes.read_bytes() if hasattr(path_or_bytes, "read_bytes") else path_or_bytes
    return ui.upload.SmallFileUpload(name=name, content_type="text/csv", _data=data)


async def upload_through_tab(user: User, kind: str, members: int, file: ui.upload.SmallFileUpload) -> None:
    user.find(marker="tab-survey").click()
    user.find(marker=f"survey-members-{kind}").clear().type(str(members))
    upload = next(iter(user.find(marker=f"survey-upload-{kind}").elements))
    await upload.handle_uploads([file])


async def sees(user: User, target: str | None = None, **filters: object) -> None:
    """`should_see` with time for the upload: parsing runs in a worker thread (up to 5 s on a busy machine)."""
    await user.should_see(target, retries=50, **filters)


def plots(user: User, marker: str) -> list[ui.plotly]:
    return sorted(user.find(kind=ui.plotly, marker=marker).elements, key=lambda e: e.id)


async def test_upload_the_example_file_and_see_the_who5_chart_and_response_count(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await user.open(facilitator_path(new))
    await upload_through_tab(user, "first", 20, file_of(EXAMPLE_FILE, "survey-eksempel.csv"))
    await sees(user, marker="survey-responses", content="14 svar af 20 medlemmer (svarprocent 70,0 %)")
    await sees(user, marker="survey-chart-1")
    who5 = plots(user, "survey-chart-1")
    assert who5 and who5[0].figure.layout.title.text.startswith("Målepunkt 1: WHO-5")
    assert "Landstal" in " ".join(str(bar.x[0]) for bar in who5[0].figure.data)  # cluster next to national
    await sees(user, marker="survey-example-values")
    await sees(user, marker="survey-experiences")
    row = await SurveyStore(rt.db).get(new.meeting.id, "first")
    assert row.filename == "survey-eksempel.csv" and row.members == 20


async def test_a_bad_file_shows_row_and_column_and_keeps_the_earlier_upload(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await user.open(facilitator_path(new))
    await upload_through_tab(user, "first", 10, file_of(csv_bytes(SMALL_ROWS), "svar.csv"))
    await sees(user, marker="survey-responses", content="5 svar af 10 medlemmer")
    bad = [list(r) for r in SMALL_ROWS]
    bad[0][4] = "x"
    await upload_through_tab(user, "first", 10, file_of(csv_bytes(bad), "forkert.csv"))
    await sees(user, marker="survey-error-first", content="forkert.csv: række 2, kolonne 'who5_5'")
    assert (await SurveyStore(rt.db).get(new.meeting.id, "first")).filename == "svar.csv"


async def test_follow_up_shows_both_side_by_side_with_the_change(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    await user.open(facilitator_path(new))
    await upload_through_tab(user, "first", 20, file_of(EXAMPLE_FILE, "survey-eksempel.csv"))
    await sees(user, marker="survey-chart-1")
    await upload_through_tab(user, "followup", 20, file_of(FOLLOW_UP_FILE, "survey-opfoelgning.csv"))
    await sees(user, marker="survey-change-line", content="WHO-5 gennemsnit")
    titles = [p.figure.layout.title.text for p in plots(user, "survey-chart-1")]
    assert "WHO-5: første måling og opfølgning" in titles


async def test_a_data_review_step_shows_its_measures_charts(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await dispatch(hub, FACILITATOR, "survey.upload", content=EXAMPLE_FILE.read_bytes(), filename="s.csv", members=20)
    index = next(i for i, (_, s) in enumerate(hub.steps) if s.id == "trivsel-arbejdsglaede")
    await user.open(facilitator_path(new))
    await user.should_not_see(marker="survey-step")
    await dispatch(hub, FACILITATOR, "clock.start", index=index)
    await sees(user, marker="survey-step")
    await sees(user, marker="survey-measure-2")
    step_card = next(iter(user.find(marker="now").elements))
    await until(lambda: any(isinstance(e, ui.plotly) for e in step_card.descendants()))
    titles = [e.figure.layout.title.text for e in step_card.descendants() if isinstance(e, ui.plotly)]
    assert any(t.startswith("Målepunkt 1") for t in titles) and any(t.startswith("Målepunkt 2") for t in titles)


async def test_the_projector_shows_the_steps_charts_only_when_chosen(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await dispatch(hub, FACILITATOR, "survey.upload", content=EXAMPLE_FILE.read_bytes(), filename="s.csv", members=20)
    index = next(i for i, (_, s) in enumerate(hub.steps) if s.id == "positive-forhold-data")
    await dispatch(hub, FACILITATOR, "clock.start", index=index)
    await user.open(f"/m/{new.meeting.code}/projector")
    await user.should_not_see(marker="survey-measure-3")
    await dispatch(hub, FACILITATOR, "meeting.display", show="survey")
    await sees(user, marker="survey-measure-3")
    await dispatch(hub, FACILITATOR, "clock.previous")
    await sees(user, marker="survey-measure-1")


async def test_participants_do_not_get_the_survey_tab(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await dispatch(hub, FACILITATOR, "survey.upload", content=EXAMPLE_FILE.read_bytes(), filename="s.csv", members=20)
    index = next(i for i, (_, s) in enumerate(hub.steps) if s.id == "trivsel-arbejdsglaede")
    await dispatch(hub, FACILITATOR, "clock.start", index=index)
    await user.open(f"/m/{new.meeting.code}")
    user.find(marker="name").type("Anne")
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await sees(user, marker="now")
    await user.should_not_see(marker="tab-survey")
    await user.should_not_see(marker="survey-step")
    await user.should_not_see(kind=ui.plotly)


async def test_uploading_while_the_step_charts_are_shown_updates_them_and_keeps_the_clock_working(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    index = next(i for i, (_, s) in enumerate(hub.steps) if s.id == "trivsel-arbejdsglaede")
    await dispatch(hub, FACILITATOR, "clock.start", index=index)
    await user.open(facilitator_path(new))
    await sees(user, marker="survey-step")
    await sees(user, "Spørgeskemaet er ikke indlæst")
    await upload_through_tab(user, "first", 20, file_of(EXAMPLE_FILE, "survey-eksempel.csv"))
    await sees(user, marker="survey-responses", content="14 svar")
    step_card = next(iter(user.find(marker="now").elements))
    await until(lambda: any(isinstance(e, ui.plotly) for e in step_card.descendants()))
    user.find(marker="toggle").click()
    await until(lambda: hub.clock.status == "paused", message="the clock must still answer after an upload")

"""The meeting clock (app.domain.clock, app.domain.clock_plan): operations, queries, re-plan, restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.clock import (
    ClockError,
    ClockEvent,
    ClockState,
    StepPlan,
    adjust,
    elapsed_in_step,
    end,
    is_overrun,
    jump,
    new_clock,
    next_step,
    overrun,
    pause,
    planned_end,
    previous_step,
    projected_end,
    remaining,
    resume,
    start,
    step_deadline_at,
)
from app.domain.clock_plan import (
    Replan,
    apply_replan,
    instant_of,
    propose_replan,
    step_spans,
    time_until,
    timeline,
)

T0 = datetime(2025, 3, 4, 16, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def kinds(result) -> list[str]:
    return [e.kind for e in result.events]


def running(plan=(600, 300, 900), now: float = 0):
    return start(new_clock(plan), at(now)).state


# --- start, pause, resume -----------------------------------------------------------------------------------


def test_start_runs_the_first_step_with_its_full_time():
    result = start(new_clock([600, 300]), T0)
    assert result.state.status == "running"
    assert result.state.deadline == at(600)
    assert result.state.step_started == T0 == result.state.started_at
    assert kinds(result) == ["meeting_started", "step_started"]
    assert result.events[0].data["planned_end"] == at(900).isoformat()
    assert remaining(result.state, at(60)) == 540


def test_a_clock_not_started_shows_the_full_first_step():
    clock = new_clock([600, 300])
    assert remaining(clock, at(1000)) == 600
    assert projected_end(clock, at(100)) == at(1000)
    assert elapsed_in_step(clock, at(100)) == 0


def test_pause_freezes_remaining_and_resume_sets_a_new_deadline():
    paused = pause(running(), at(100)).state
    assert paused.status == "paused" and paused.deadline is None
    assert remaining(paused, at(100)) == remaining(paused, at(5000)) == 500
    result = resume(paused, at(400))
    assert result.state.deadline == at(900)
    assert remaining(result.state, at(400)) == 500
    assert result.events[0].data == {"remaining": 500, "paused_seconds": 300}


def test_pause_while_overrun_keeps_the_overrun():
    paused = pause(running(), at(700)).state
    assert remaining(paused, at(800)) == -100
    assert is_overrun(paused, at(800))
    assert remaining(resume(paused, at(900)).state, at(910)) == -110


def test_elapsed_in_step_does_not_count_the_pause():
    clock = resume(pause(running(), at(100)).state, at(400)).state
    assert elapsed_in_step(clock, at(450)) == 150


# --- next, previous, jump, end ------------------------------------------------------------------------------


def test_next_step_ends_the_current_and_starts_the_next_with_full_time():
    result = next_step(running(), at(500))
    assert result.state.index == 1
    assert result.state.deadline == at(800)
    assert kinds(result) == ["step_ended", "step_started"]
    ended, started = result.events
    assert (ended.step_index, ended.data["remaining"], ended.data["reason"]) == (0, 100, "next")
    assert (started.step_index, started.data["via"], started.at) == (1, "next", at(500))


def test_skipping_ahead_early_does_not_carry_time_over():
    clock = next_step(running(), at(60)).state
    assert remaining(clock, at(60)) == 300


def test_next_while_paused_enters_the_next_step_paused_with_full_time():
    clock = next_step(pause(running(), at(100)).state, at(200)).state
    assert clock.status == "paused" and clock.index == 1
    assert remaining(clock, at(1000)) == 300
    resumed = resume(clock, at(1000))
    assert resumed.state.deadline == at(1300)
    assert resumed.events[0].data["paused_seconds"] == 900


def test_next_on_the_last_step_ends_the_meeting():
    clock = jump(running(), at(10), 2).state
    result = next_step(clock, at(950))
    assert result.state.status == "ended" and result.state.ended_at == at(950)
    assert kinds(result) == ["step_ended", "meeting_ended"]
    assert result.events[1].data == {"reason": "next", "ran_seconds": 950}
    assert remaining(result.state, at(2000)) == 0
    assert projected_end(result.state, at(2000)) == at(950)


def test_previous_restarts_the_earlier_step_with_its_planned_time():
    clock = next_step(running(), at(500)).state
    result = previous_step(clock, at(560))
    assert result.state.index == 0
    assert remaining(result.state, at(560)) == 600
    assert result.state.step_started == at(560)
    assert kinds(result) == ["step_ended", "step_started"]
    assert result.events[1].data["via"] == "previous"


def test_previous_uses_the_adjusted_plan():
    clock = adjust(running(), at(10), 60).state
    clock = previous_step(next_step(clock, at(100)).state, at(120)).state
    assert remaining(clock, at(120)) == 660


def test_jump_goes_to_any_step_and_logs_where_from():
    result = jump(running(), at(100), 2)
    assert result.state.index == 2 and result.state.deadline == at(1000)
    assert kinds(result) == ["step_ended", "jumped", "step_started"]
    assert result.events[1].data == {"from": 0}


def test_jump_to_the_current_step_restarts_it():
    result = jump(running(), at(700), 0)
    assert remaining(result.state, at(700)) == 600
    assert result.events[0].data["remaining"] == -100


def test_end_ends_from_pause_too():
    result = end(pause(running(), at(100)).state, at(200))
    assert result.state.status == "ended"
    assert result.state.paused_at is None and result.state.remaining is None
    assert kinds(result) == ["step_ended", "meeting_ended"]


def test_start_at_a_later_step():
    clock = start(new_clock([60, 120, 180]), T0, index=1).state
    assert clock.index == 1 and clock.deadline == at(120)


# --- +/- one minute -----------------------------------------------------------------------------------------


def test_adjust_moves_plan_and_deadline_together():
    result = adjust(running(), at(100), 60)
    assert result.state.plan == (660, 300, 900)
    assert remaining(result.state, at(100)) == 560
    assert result.events[0].data == {"delta": 60, "requested": 60, "planned": 660, "was": 600}
    shorter = adjust(result.state, at(110), -120).state
    assert remaining(shorter, at(110)) == 430 and shorter.plan[0] == 540


def test_adjust_while_paused_changes_remaining():
    clock = adjust(pause(running(), at(100)).state, at(200), -60).state
    assert clock.status == "paused" and remaining(clock, at(900)) == 440
    assert resume(clock, at(900)).state.deadline == at(1340)


def test_adjust_never_makes_a_plan_negative():
    clock = running((45, 300))
    result = adjust(clock, at(10), -60)
    assert result.state.plan[0] == 0
    assert result.events[0].data["delta"] == -45
    assert remaining(result.state, at(10)) == -10
    with pytest.raises(ClockError) as err:
        adjust(result.state, at(11), -60)
    assert err.value.code == "plan_at_zero"


def test_adjust_before_the_start_changes_the_first_step():
    clock = adjust(new_clock([600, 300]), T0, 60).state
    assert clock.plan == (660, 300)
    assert start(clock, T0).state.deadline == at(660)


# --- overrun and projected end ------------------------------------------------------------------------------


def test_overrun_is_negative_remaining():
    clock = running()
    assert not is_overrun(clock, at(600))
    assert is_overrun(clock, at(601))
    assert remaining(clock, at(690)) == -90 and overrun(clock, at(690)) == 90
    assert elapsed_in_step(clock, at(690)) == 690


def test_projected_end_is_planned_while_in_time_and_moves_with_overrun():
    clock = running()
    assert projected_end(clock, at(100)) == at(1800) == planned_end(T0, clock.plan)
    assert projected_end(clock, at(700)) == at(700 + 1200)
    paused = pause(clock, at(100)).state
    assert projected_end(paused, at(400)) == at(400 + 500 + 1200)


def test_projected_end_after_skipping_early_is_earlier():
    clock = next_step(running(), at(100)).state
    assert projected_end(clock, at(100)) == at(1300)


# --- scheduling support -------------------------------------------------------------------------------------


def test_time_until_for_the_scheduler():
    clock = running()
    assert step_deadline_at(clock) == at(600)
    assert time_until(clock, at(100), 0, "end", before_seconds=120) == 380
    assert time_until(clock, at(100), 1, "start", before_seconds=60) == 440
    assert time_until(clock, at(100), 2, "end") == 1700
    assert instant_of(clock, at(100), 2, "start") == at(900)
    assert time_until(clock, at(100), 0, "start") is None


def test_time_until_during_overrun_and_pause():
    clock = running()
    assert time_until(clock, at(700), 0, "end", before_seconds=120) == -220
    assert time_until(clock, at(700), 1, "start") == 0
    paused = pause(clock, at(100)).state
    assert step_deadline_at(paused) is None
    assert time_until(paused, at(100), 1) is None
    assert time_until(next_step(clock, at(100)).state, at(100), 0, "end") is None


# --- re-plan ------------------------------------------------------------------------------------------------


STEPS = [StepPlan(600), StepPlan(1200, 600), StepPlan(900, 900, fixed=True), StepPlan(600, 300), StepPlan(300, 60)]


def steps_clock() -> ClockState:
    """STEPS running from T0; at `at(600 + n)` step 0 overruns by n seconds."""
    return running(tuple(s.seconds for s in STEPS))


def test_no_replan_while_on_time():
    clock = steps_clock()
    assert propose_replan(clock, at(500), STEPS, planned_end(T0, clock.plan)) is None


def test_replan_shrinks_later_steps_by_their_slack():
    clock = steps_clock()
    target = planned_end(T0, clock.plan)
    replan = propose_replan(clock, at(900), STEPS, target)
    assert replan is not None
    assert replan.saves >= 300 and replan.shortfall == 0
    assert all(new % 30 == 0 for _, _, new in replan.changes)
    changed = {i: new for i, _, new in replan.changes}
    assert 0 not in changed and 2 not in changed
    # slack 600, 300, 240: the long group work gives up the most
    assert 1200 - changed[1] > 600 - changed[3] > 0
    end_after = at(900) + timedelta(seconds=sum(replan.plan[1:]))
    assert end_after <= target


def test_replan_saves_less_than_one_notch_too_much():
    clock = steps_clock()
    replan = propose_replan(clock, at(670), STEPS, planned_end(T0, clock.plan))
    assert replan is not None and replan.shortfall == 0
    assert 70 <= replan.saves < 70 + 30


def test_replan_respects_minimums_and_never_touches_fixed_steps():
    clock = steps_clock()
    replan = propose_replan(clock, at(4200), STEPS, planned_end(T0, clock.plan))
    assert replan is not None
    assert replan.plan == (600, 600, 900, 300, 60)
    assert replan.saves == 600 + 300 + 240
    assert replan.shortfall == 3600 - replan.saves


def test_replan_without_any_slack_reports_the_whole_shortfall():
    steps = [StepPlan(600), StepPlan(900, fixed=True)]
    clock = running((600, 900))
    replan = propose_replan(clock, at(720), steps, at(1500))
    assert replan == Replan(plan=(600, 900), saves=0, shortfall=120, changes=())
    with pytest.raises(ClockError):
        apply_replan(clock, at(720), replan)


def test_replan_with_a_minimum_off_the_grid():
    steps = [StepPlan(600), StepPlan(600, 475)]
    clock = running((600, 600))
    replan = propose_replan(clock, at(700), steps, at(1200))
    assert replan is not None and replan.plan == (600, 480)
    replan = propose_replan(clock, at(800), steps, at(1200))
    assert replan is not None and replan.plan == (600, 475) and replan.shortfall == 75


def test_apply_replan_changes_the_plan_and_logs_it():
    clock = steps_clock()
    replan = propose_replan(clock, at(900), STEPS, planned_end(T0, clock.plan))
    result = apply_replan(clock, at(905), replan)
    assert result.state.plan == replan.plan
    assert kinds(result) == ["replanned"]
    assert result.events[0].data["saves"] == replan.saves
    assert remaining(result.state, at(905)) == remaining(clock, at(905))


def test_a_stale_replan_is_refused():
    clock = steps_clock()
    replan = propose_replan(clock, at(900), STEPS, planned_end(T0, clock.plan))
    moved_on = next_step(clock, at(910)).state
    with pytest.raises(ClockError) as err:
        apply_replan(moved_on, at(911), replan)
    assert err.value.code == "stale_replan"


def test_replan_before_the_start_may_shorten_the_first_step():
    steps = [StepPlan(600, 300), StepPlan(600, fixed=True)]
    replan = propose_replan(new_clock([600, 600]), at(120), steps, at(1200))
    assert replan is not None and replan.plan == (480, 600)


# --- restart ------------------------------------------------------------------------------------------------


def test_a_running_clock_survives_a_restart_through_json():
    clock = adjust(next_step(running(), at(300)).state, at(310), 60).state
    stored = json.dumps(clock.to_dict())
    later = at(400.25)
    restored = ClockState.from_dict(json.loads(stored))
    assert restored == clock
    assert remaining(restored, later) == remaining(clock, later) == 360 - 100.25


def test_a_paused_clock_survives_a_restart_through_json():
    clock = pause(running(), at(123.456)).state
    restored = ClockState.from_dict(json.loads(json.dumps(clock.to_dict())))
    assert restored == clock
    assert remaining(restored, at(9999)) == 600 - 123.456


def test_events_round_trip_through_json():
    events = start(new_clock([60]), T0).events
    assert tuple(ClockEvent.from_dict(json.loads(json.dumps(e.to_dict()))) for e in events) == events


def test_other_time_zones_are_normalised_and_naive_times_refused():
    copenhagen = timezone(timedelta(hours=1))
    clock = start(new_clock([60]), datetime(2025, 3, 4, 17, 0, tzinfo=copenhagen)).state
    assert clock.deadline == at(60) and clock.deadline.tzinfo == UTC
    with pytest.raises(ClockError) as err:
        pause(clock, datetime(2025, 3, 4, 16, 0, 30))
    assert err.value.code == "naive_time"


def test_a_broken_stored_state_is_refused():
    raw = running().to_dict()
    raw["deadline"] = None
    with pytest.raises(ClockError, match="deadline"):
        ClockState.from_dict(raw)


# --- invalid operations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        (lambda c: pause(c, at(1)), "not_started"),
        (lambda c: resume(c, at(1)), "not_started"),
        (lambda c: next_step(c, at(1)), "not_started"),
        (lambda c: end(c, at(1)), "not_started"),
        (lambda c: start(start(c, at(0)).state, at(1)), "already_running"),
        (lambda c: resume(start(c, at(0)).state, at(1)), "already_running"),
        (lambda c: pause(pause(start(c, at(0)).state, at(1)).state, at(2)), "paused"),
        (lambda c: previous_step(start(c, at(0)).state, at(1)), "no_previous"),
        (lambda c: jump(start(c, at(0)).state, at(1), 3), "no_such_step"),
        (lambda c: jump(start(c, at(0)).state, at(1), -1), "no_such_step"),
        (lambda c: start(c, at(0), index=7), "no_such_step"),
        (lambda c: adjust(start(c, at(0)).state, at(1), 0), "no_change"),
        (lambda c: next_step(end(start(c, at(0)).state, at(1)).state, at(2)), "ended"),
        (lambda c: adjust(end(start(c, at(0)).state, at(1)).state, at(2), 60), "ended"),
    ],
)
def test_invalid_operations_raise_a_clock_error(operation, code):
    with pytest.raises(ClockError) as err:
        operation(new_clock([60, 60, 60]))
    assert err.value.code == code
    assert str(err.value) == err.value.message


def test_a_plan_must_have_steps_of_whole_non_negative_seconds():
    for plan in ([], [60, -1], [60.5]):
        with pytest.raises(ClockError):
            new_clock(plan)


# --- the run log --------------------------------------------------------------------------------------------


def test_step_spans_and_timeline_show_planned_against_actual():
    clock = new_clock([600, 300, 900])
    log: list[ClockEvent] = []
    for op in (lambda c: start(c, at(0)), lambda c: pause(c, at(100)), lambda c: resume(c, at(160)),
               lambda c: next_step(c, at(700)), lambda c: previous_step(c, at(710)), lambda c: jump(c, at(720), 1)):
        result = op(clock)
        clock = result.state
        log.extend(result.events)
    spans = step_spans(log)
    assert [(s.step_index, s.seconds(at(800))) for s in spans] == [(0, 700), (1, 10), (0, 10), (1, 80)]
    assert spans[0].active_seconds(at(800)) == 640
    rows = timeline(clock, at(800), log)
    assert [(r.step_index, r.state, r.actual) for r in rows] == [(0, "done", 710), (1, "current", 90), (2, "coming", 0)]
    assert rows[1].end == at(1020) and rows[2].end == at(1920)


# --- properties ---------------------------------------------------------------------------------------------

OPERATIONS = ["start", "pause", "resume", "next", "previous", "jump", "adjust", "end"]


def apply(clock: ClockState, name: str, now: datetime, arg: int):
    if name == "start":
        return start(clock, now)
    if name == "pause":
        return pause(clock, now)
    if name == "resume":
        return resume(clock, now)
    if name == "next":
        return next_step(clock, now)
    if name == "previous":
        return previous_step(clock, now)
    if name == "jump":
        return jump(clock, now, arg % (len(clock.plan) + 1))
    if name == "adjust":
        return adjust(clock, now, 60 if arg % 2 else -60)
    return end(clock, now)


def check_log(log: list[ClockEvent]) -> None:
    """step_started and step_ended alternate, each end closes the step that started; pauses alternate too;
    the meeting starts before anything runs and ends last."""
    open_step = None
    paused = False
    for event in log:
        if event.kind == "step_started":
            assert open_step is None
            open_step = event.step_index
        elif event.kind == "step_ended":
            assert open_step == event.step_index
            open_step = None
        elif event.kind in ("paused", "resumed"):
            assert paused == (event.kind == "resumed")
            paused = not paused
        elif event.kind == "meeting_ended":
            assert open_step is None
    clock_events = [e for e in log if e.kind not in ("adjusted", "replanned")]  # allowed before the start
    if clock_events:
        assert clock_events[0].kind == "meeting_started"
        assert all(e.kind != "meeting_ended" for e in log[:-1])
        assert [e.at for e in log] == sorted(e.at for e in log)


@settings(max_examples=300, deadline=None)
@given(
    plan=st.lists(st.integers(0, 3600), min_size=1, max_size=6),
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.floats(0, 2000, allow_nan=False), st.integers(0, 10)),
        max_size=25,
    ),
)
def test_remaining_is_consistent_and_the_log_alternates(plan, steps):
    clock = new_clock(plan)
    now = T0
    log: list[ClockEvent] = []
    for name, gap, arg in steps:
        before = clock
        later = now + timedelta(seconds=gap)
        if clock.status == "running":
            assert remaining(clock, later) == pytest.approx(remaining(clock, now) - gap, abs=1e-6)
        elif clock.status == "paused":
            assert remaining(clock, later) == remaining(clock, now)
        now = later
        try:
            result = apply(clock, name, now, arg)
        except ClockError:
            assert clock == before
            continue
        clock = result.state
        log.extend(result.events)
        if clock.status == "running":
            assert remaining(clock, now) == (clock.deadline - now).total_seconds()
        assert projected_end(clock, now) >= now or clock.status == "ended"
        assert all(s >= 0 for s in clock.plan)
        restored = ClockState.from_dict(json.loads(json.dumps(clock.to_dict())))
        assert restored == clock
    check_log(log)


@settings(max_examples=200, deadline=None)
@given(
    spec=st.lists(
        st.tuples(st.integers(0, 60).map(lambda m: m * 30), st.integers(0, 3600), st.booleans()),
        min_size=2, max_size=10,
    ),
    late=st.integers(1, 7200),
)
def test_a_replan_respects_every_limit_and_ends_on_time_when_it_can(spec, late):
    steps = [StepPlan(seconds, min(low, seconds), fixed) for seconds, low, fixed in spec]
    clock = running(tuple(s.seconds for s in steps))
    now = at(steps[0].seconds + late)
    replan = propose_replan(clock, now, steps, planned_end(T0, clock.plan))
    assert replan is not None
    assert replan.plan[0] == clock.plan[0]
    for step, old, new in zip(steps, clock.plan, replan.plan, strict=True):
        assert new <= old
        assert new == old or (not step.fixed and new >= step.min_seconds)
    assert replan.saves == sum(clock.plan) - sum(replan.plan)
    assert replan.saves + replan.shortfall >= late
    if replan.shortfall:
        floors = [s.seconds if s.fixed else s.min_seconds for s in steps[1:]]
        assert list(replan.plan[1:]) == floors
    else:
        assert late <= replan.saves < late + 30
        assert projected_end(apply_replan(clock, now, replan).state, now) <= at(sum(clock.plan))

"""Clock commands through the hub: store first, then publish; meetings independent; scheduled announcements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.agenda import StepKind
from app.live.commands import Actor, dispatch
from app.live.hub import Change
from app.live.scheduling import Scheduler, fire, planned_jobs
from tests.builders import new_meeting

FAC = Actor("facilitator")


class FakeNow:
    """A controllable clock for the runtime (the domain takes `now`; the hub asks the runtime)."""

    def __init__(self) -> None:
        self.value = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += timedelta(seconds=seconds)


async def test_change_is_stored_before_it_is_published(rt) -> None:
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    seen: list[tuple[str, str]] = []

    async def listener(change: Change) -> None:
        stored = await rt.meetings.by_id(hub.id)
        seen.append((change.topic, stored.clock["status"]))

    hub.subscribe(listener)
    await dispatch(hub, FAC, "clock.start")
    await hub.settle()
    assert seen == [("clock", "running")]


async def test_two_meetings_run_independently(rt) -> None:
    one, two = await new_meeting(rt), await new_meeting(rt, "trivsel-fysisk")
    hub1, hub2 = await rt.hub(one.meeting.code), await rt.hub(two.meeting.code)
    await dispatch(hub1, FAC, "clock.start")
    await dispatch(hub1, FAC, "clock.next")
    assert hub1.clock.index == 1 and hub1.clock.status == "running"
    assert hub2.clock.index == 0 and hub2.clock.status == "not_started"
    rt.forget(hub1.id)  # a fresh hub rebuilds from the store
    again = await rt.hub(one.meeting.code)
    assert again is not hub1 and again.clock == hub1.clock


async def test_group_step_schedules_warning_end_and_cue(rt) -> None:
    now = FakeNow()
    rt.now = now
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    group_index = next(i for i, (_, s) in enumerate(hub.steps) if s.kind is StepKind.group)
    await dispatch(hub, FAC, "clock.jump", index=group_index)
    jobs = {kind: at for kind, at, _ in planned_jobs(hub, now())}
    deadline = hub.clock.deadline
    assert jobs["time_up"] == deadline
    assert jobs["warn"] == deadline - timedelta(minutes=2)
    assert jobs["cue_soon"] == deadline - timedelta(minutes=1)  # "Afslut breakout rooms" at the end
    await dispatch(hub, FAC, "clock.pause")
    assert planned_jobs(hub, now()) == []


async def test_fired_job_announces_once_and_stale_jobs_do_nothing(rt) -> None:
    now = FakeNow()
    rt.now = now
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await dispatch(hub, FAC, "clock.start")
    alerts: list[dict] = []
    hub.subscribe(lambda change: alerts.append(change.data) if change.topic == "alert" else None)
    deadline = hub.clock.deadline.isoformat()
    await fire(hub.id, "time_up", 0, deadline)
    assert alerts == [{"kind": "time_up", "step_index": 0}]
    await dispatch(hub, FAC, "clock.adjust", seconds=60)  # the deadline moved: the old job is stale
    await fire(hub.id, "time_up", 0, deadline)
    assert len(alerts) == 1


async def test_jobs_survive_a_restart_in_the_persistent_job_store(rt) -> None:
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    scheduler = Scheduler(rt)
    scheduler.start()
    rt.scheduler = scheduler
    await dispatch(hub, FAC, "clock.start")
    assert scheduler.aps.get_job(f"m{hub.id}-time_up") is not None
    scheduler.shutdown()
    restarted = Scheduler(rt)
    restarted.start()
    try:
        job = restarted.aps.get_job(f"m{hub.id}-time_up")
        assert job is not None and job.next_run_time == hub.clock.deadline
    finally:
        restarted.shutdown()
        rt.scheduler = None

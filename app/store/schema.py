"""Tables (SQLAlchemy Core). Changes go through Alembic migrations in `app/store/migrations`."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _meeting_fk() -> Column:
    return Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)


def _when(name: str, nullable: bool = False) -> Column:
    return Column(name, DateTime(timezone=True), nullable=nullable)


settings = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("agenda_id", String(80), nullable=False),
    Column("agenda_json", Text, nullable=False),
    Column("title", String(200), nullable=False),
    Column("cluster", String(200), nullable=False),
    Column("date", String(10), nullable=False),
    Column("start_time", String(5), nullable=False),
    Column("include_optional", Boolean, nullable=False, default=False),
    Column("previous_id", Integer, ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True),
    Column("facilitator_hash", String(64), nullable=False),
    Column("cohost_hash", String(64), nullable=False),
    Column("clock_json", Text, nullable=False),
    Column("status", String(16), nullable=False, default="active"),
    Column("display_json", Text, nullable=False, default="{}"),
    Column("board_frozen", Boolean, nullable=False, default=False),
    Column("follow_up_date", String(10), nullable=True),
    Column("email_draft", Text, nullable=True),
    Column("version", Integer, nullable=False, default=0),
    _when("created_at"),
    _when("ended_at", nullable=True),
)

run_log = Table(
    "run_log",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    _when("at"),
    Column("kind", String(40), nullable=False),
    Column("step_index", Integer, nullable=True),
    Column("data_json", Text, nullable=False, default="{}"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("name", String(120), nullable=False),
    Column("practice", String(120), nullable=True),
    Column("email", String(254), nullable=True),
    Column("solo", Boolean, nullable=False, default=False),
    Column("secret_hash", String(64), nullable=True),
    Column("source", String(10), nullable=False, default="join"),
    _when("joined_at"),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("step_id", String(60), nullable=False),
    Column("round_no", Integer, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("seed", Integer, nullable=False, default=0),
    Column("status", String(10), nullable=False, default="draft"),
    Column("report_json", Text, nullable=False, default="{}"),
    _when("opened_at", nullable=True),
    _when("closed_at", nullable=True),
    UniqueConstraint("meeting_id", "step_id", name="uq_rounds_meeting_step"),
)

group_members = Table(
    "group_members",
    metadata,
    Column("round_id", Integer, ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("group_no", Integer, nullable=False),
)

themes = Table(
    "themes",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("question_id", String(60), nullable=False),
    Column("name", String(120), nullable=False),
    Column("position", Integer, nullable=False, default=0),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("kind", String(10), nullable=False, default="answer"),
    Column("question_id", String(60), nullable=False),
    Column("step_id", String(60), nullable=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="SET NULL"), nullable=True),
    Column("author_name", String(120), nullable=True),
    Column("group_no", Integer, nullable=True),
    Column("text", Text, nullable=False),
    Column("color", String(10), nullable=True),
    Column("heading", String(120), nullable=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="SET NULL"), nullable=True),
    Column("starred", Boolean, nullable=False, default=False),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("idem_key", String(80), nullable=True),
    Column("source_key", String(80), nullable=True),
    _when("created_at"),
    _when("updated_at", nullable=True),
    UniqueConstraint("meeting_id", "idem_key", name="uq_posts_meeting_idem"),
    UniqueConstraint("meeting_id", "source_key", name="uq_posts_meeting_source"),
)

poll_answers = Table(
    "poll_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("poll_id", String(60), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="SET NULL"), nullable=True),
    Column("text", Text, nullable=False),
    Column("idem_key", String(80), nullable=True),
    _when("created_at"),
    UniqueConstraint("meeting_id", "idem_key", name="uq_poll_answers_meeting_idem"),
)

notes = Table(
    "notes",
    metadata,
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    _meeting_fk(),
    Column("text", Text, nullable=False, default=""),
    _when("updated_at"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("practice_key", String(120), nullable=False),
    Column("practice_name", String(120), nullable=False),
    Column("data_json", Text, nullable=False, default="{}"),
    Column("updated_by", String(120), nullable=True),
    _when("updated_at"),
    UniqueConstraint("meeting_id", "practice_key", name="uq_plans_meeting_practice"),
)

follow_up_answers = Table(
    "follow_up_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("item_key", String(80), nullable=False),
    Column("item_text", Text, nullable=False),
    Column("answer", String(10), nullable=True),
    _when("updated_at"),
    UniqueConstraint("meeting_id", "item_key", name="uq_follow_up_answers_meeting_item"),
)

surveys = Table(
    "surveys",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("kind", String(10), nullable=False, default="first"),
    Column("filename", String(200), nullable=False),
    Column("members", Integer, nullable=False),
    Column("report_json", Text, nullable=False),
    _when("uploaded_at"),
    UniqueConstraint("meeting_id", "kind", name="uq_surveys_meeting_kind"),
)

decks = Table(
    "decks",
    metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("filename", String(200), nullable=False),
    Column("slides_json", Text, nullable=False),
    _when("uploaded_at"),
)

email_sends = Table(
    "email_sends",
    metadata,
    Column("id", Integer, primary_key=True),
    _meeting_fk(),
    Column("batch", Integer, nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("status", String(10), nullable=False),
    Column("error", Text, nullable=True),
    _when("sent_at"),
)

Index("ix_posts_meeting_question", posts.c.meeting_id, posts.c.question_id)
Index("ix_run_log_meeting_at", run_log.c.meeting_id, run_log.c.at)

# One row per scheduled announcement made: the primary key lets exactly one server process claim it.
job_claims = Table(
    "job_claims",
    metadata,
    Column("job_key", String(200), primary_key=True),
    _when("claimed_at"),
)

"""Settings from environment variables, with defaults that need no set-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TIMEZONE = "Europe/Copenhagen"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    data_dir: Path
    database_url: str
    agenda_dir: Path
    media_dir: Path
    language: str
    public_url: str
    demo: bool
    smtp_host: str | None
    smtp_port: int
    smtp_security: str  # "starttls" | "tls" | "none"
    smtp_user: str | None
    smtp_password: str | None
    smtp_sender: str
    gc_thaw_seconds: float = 600.0  # see app/gctune.py

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("KLYNGE_DATA_DIR", PROJECT_ROOT / "data")).resolve()
    port = int(env.get("KLYNGE_PORT", "8080"))
    host = env.get("KLYNGE_HOST", "0.0.0.0")
    database_url = env.get("KLYNGE_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'klynge.db'}"
    return Settings(
        host=host,
        port=port,
        data_dir=data_dir,
        database_url=normalise_database_url(database_url),
        agenda_dir=Path(env.get("KLYNGE_AGENDA_DIR", PROJECT_ROOT / "agendas")).resolve(),
        media_dir=Path(env.get("KLYNGE_MEDIA_DIR", PROJECT_ROOT / "media")).resolve(),
        language=env.get("KLYNGE_LANG", "da"),
        public_url=env.get("KLYNGE_PUBLIC_URL", f"http://localhost:{port}").rstrip("/"),
        demo=env.get("KLYNGE_DEMO", "1") not in ("0", "false", "no"),
        smtp_host=env.get("KLYNGE_SMTP_HOST") or None,
        smtp_port=int(env.get("KLYNGE_SMTP_PORT", "587")),
        smtp_security=env.get("KLYNGE_SMTP_SECURITY", "starttls"),
        smtp_user=env.get("KLYNGE_SMTP_USER") or None,
        smtp_password=env.get("KLYNGE_SMTP_PASSWORD") or None,
        smtp_sender=env.get("KLYNGE_SMTP_FROM", "klyngemoede@localhost"),
        gc_thaw_seconds=float(env.get("KLYNGE_GC_THAW", "600")),
    )


def normalise_database_url(url: str) -> str:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async drivers."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url

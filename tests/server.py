"""A real server process for browser and fault tests: its own data folder and a free port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python run.py` in a subprocess; `kill()` sends SIGKILL, `start()` starts it again on the same data."""

    def __init__(self, data_dir: Path, port: int | None = None, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "NICEGUI"))}
        self.env = {**inherited, "KLYNGE_DATA_DIR": str(data_dir), "KLYNGE_PORT": str(self.port),
                    "KLYNGE_HOST": "127.0.0.1", "KLYNGE_PUBLIC_URL": f"http://127.0.0.1:{self.port}",
                    "KLYNGE_DEMO": "0", **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = data_dir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "run.py")], cwd=ROOT, env=self.env, stdout=out,
                                     stderr=subprocess.STDOUT)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/time", timeout=1) as response:
                    json.loads(response.read())
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

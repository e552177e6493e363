"""`make serve`: one production node (gunicorn, a Celery worker and beat) that logs JSON lines
to stdout and stops cleanly on Ctrl-C."""

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.ops.helpers import (
    Browser,
    delete_queue,
    needs_postgres_and_redis,
    production_env,
    wait_for_health,
)
from tests.support.servers import BASE_DIR, free_port

pytestmark = [pytest.mark.process, needs_postgres_and_redis]


def _running(pid) -> bool:
    """Alive and not a zombie (a zombie has exited; its parent just has not read its status)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in state


@pytest.mark.django_db(transaction=True)
def test_make_serve_runs_web_worker_and_beat_logs_json_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = production_env(PORT=str(port), BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"))
    if os.geteuid() == 0:
        # Celery warns on stderr before its logging starts when run as root (the image runs
        # as a user of its own); this test may run as root in CI.
        env["PYTHONWARNINGS"] = "ignore:You're running the worker with superuser privileges"
    lines = []
    server = subprocess.Popen(
        # -o: the virtualenv is installed; never reinstall it from a test.
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        wait_for_health(port, server)
        status, _, text = Browser().request(port, "GET", "/")
        assert status == 200
        assert "<main" in text
        head_status, _, head_body = Browser().request(port, "HEAD", "/")
        assert (head_status, head_body) == (200, "")

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen = "".join(lines)
            if '"GET / HTTP/1.1\\" 200' in seen and "ready." in seen and "beat: Starting" in seen:
                break
            time.sleep(0.2)
    finally:
        # Ctrl-C: the terminal sends SIGINT to the foreground process group.
        stop_started = time.monotonic()
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
        reader.join(timeout=10)
        delete_queue(env)
    stop_seconds = time.monotonic() - stop_started

    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(entry, dict) for entry in entries)
    loggers = {entry["logger"] for entry in entries}
    assert {"gunicorn.error", "gunicorn.access", "celery.apps.worker", "celery.beat"} <= loggers
    assert any(
        entry["logger"] == "gunicorn.access" and '"GET / HTTP/1.1" 200' in entry["message"]
        for entry in entries
    )

    # Every process it started has exited: gunicorn's master and workers, the worker, beat.
    started = [
        e["message"] for e in entries if e["logger"] == "honcho" and "started" in e["message"]
    ]
    assert len(started) == 3, started
    pids = [int(m.split("pid=")[1].rstrip(")")) for m in started]
    pids += [e["process"] for e in entries if e["logger"].startswith(("gunicorn", "celery"))]
    assert [pid for pid in set(pids) if _running(pid)] == []
    assert stop_seconds < 15, stop_seconds

"""gunicorn's worker class, measured: requests a second and latency of public pages under
concurrent load, for `sync` (one request per process) and `gthread` (threads in each process).

Not a test. Against a PostgreSQL database with the demo loaded and Redis, with production's
variables set (as for `make serve`):

    .venv/bin/python tests/perf/bench_gunicorn.py

sync runs 2 x cores + 1 processes (gunicorn.conf.py's default); gthread cores + 1 processes of
4 threads; gthread2 as many processes as sync with 2 threads each. Each runs twice, the
second round in reverse order, so that load from elsewhere on the machine falls on all.
"""

import http.client
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PATHS = ["/", "/events/", "/partners/", "/initiatives/", "/healthz"]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
CORES = os.cpu_count() or 1
SETUPS = {
    "sync": {
        "GUNICORN_WORKER_CLASS": "sync",
        "WEB_CONCURRENCY": str(2 * CORES + 1),
        "GUNICORN_THREADS": "1",
    },
    "gthread": {
        "GUNICORN_WORKER_CLASS": "gthread",
        "WEB_CONCURRENCY": str(CORES + 1),
        "GUNICORN_THREADS": "4",
    },
    # As many processes as sync, two threads each.
    "gthread2": {
        "GUNICORN_WORKER_CLASS": "gthread",
        "WEB_CONCURRENCY": str(2 * CORES + 1),
        "GUNICORN_THREADS": "2",
    },
}


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def client(port, deadline, index):
    timings, errors, i = [], 0, index
    while time.monotonic() < deadline:
        status, seconds = get(port, PATHS[i % len(PATHS)])
        i += 1
        if status == 200:
            timings.append(seconds)
        else:
            errors += 1
    return timings, errors


def run(name, port=8791):
    env = {**os.environ, **SETUPS[name], "PORT": str(port)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coalition.wsgi", "--config", "gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        for path in PATHS * 3:  # warm every process's connections and templates
            get(port, path)
        deadline = time.monotonic() + SECONDS
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(lambda i: client(port, deadline, i), range(CLIENTS)))
    finally:
        server.terminate()
        server.wait()
    timings = sorted(t for ts, _ in results for t in ts)
    errors = sum(e for _, e in results)
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"{name:8} workers={SETUPS[name]['WEB_CONCURRENCY']:>2} "
        f"threads={SETUPS[name]['GUNICORN_THREADS']} "
        f"{len(timings) / SECONDS:6.1f} req/s  p50 {statistics.median(timings) * 1000:5.0f} ms  "
        f"p95 {p95 * 1000:5.0f} ms  errors {errors}",
        flush=True,
    )


if __name__ == "__main__":
    print(f"{CORES} cores, {CLIENTS} concurrent clients, {SECONDS:.0f} s each, pages {PATHS}")
    order = os.environ.get("BENCH_ORDER", "sync,gthread,gthread2,gthread2,gthread,sync").split(",")
    for name in order:
        run(name)

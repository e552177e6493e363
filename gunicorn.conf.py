"""gunicorn's settings for every production web process (`make serve`, the Dockerfile).

Each value may be changed by the environment: PORT and HOST (where to listen), WEB_CONCURRENCY
(processes), GUNICORN_WORKER_CLASS and GUNICORN_THREADS (threads in each, with gthread).
"""

import os

# One request at a time per process, 2 x cores + 1 processes: on the portal's pages (template
# rendering, CPU-bound in Python) this measured better than threads (tests/perf/bench_gunicorn.py,
# figures in docs/deploy.md). A load balancer that buffers requests and responses (nginx does)
# keeps slow clients from holding a process. GUNICORN_WORKER_CLASS=gthread with GUNICORN_THREADS
# switches to threads.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("WEB_CONCURRENCY") or 0) or 2 * (os.cpu_count() or 1) + 1
threads = int(os.environ.get("GUNICORN_THREADS") or 1)

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
# A request taking longer than this is killed; a stop waits this long for requests in flight.
timeout = 30
graceful_timeout = 10
# No control socket: it would be one path ($HOME/.gunicorn) for every gunicorn of a user on the
# machine, and the image's user has no home to write it to. Signals do the same work.
control_socket_disable = True
# Behind a load balancer that closes idle connections after 60 s.
keepalive = 75
# The load balancer terminates TLS and says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs as one JSON object per line on stdout, like Django's and Celery's (python-json-logger).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # UTC, ISO 8601
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        # Django leaves the body of a HEAD response to the server, which drops it as it should;
        # gunicorn would warn of it on every HEAD (a load balancer's checks, say).
        "gunicorn.http.wsgi": {"level": "ERROR", "handlers": ["stdout"], "propagate": False},
    },
}

"""What the fault tests share besides their processes: where their figures are collected (the
conftest prints them at the end of the run), and pointing this process's Celery publisher at a
broker."""

import kombu.pools

from coalition import services
from coalition.celery import app

FIGURES: list[str] = []


def use_broker(url: str | None) -> None:
    """Point this process's Celery publisher at a broker (None: run tasks inline again)."""
    app.conf.update(task_always_eager=url is None, broker_url=url or "memory://")
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()
    services._broker["resting_until"] = 0.0

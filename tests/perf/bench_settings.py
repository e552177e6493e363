"""`make bench`'s server settings: production's, with a URLconf that adds the fortunes
baseline (tests/perf/bench_urls.py). Never used outside the bench."""

from coalition.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"

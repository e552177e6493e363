# The portal's image: one image for every process (web, worker, beat), from the lock file,
# running as a user without privileges. Its default command is the web process; the worker and
# beat are the same image with their Procfile line as the command (docs/deploy.md has each).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the board packet as PDF) needs Pango and HarfBuzz, and fonts to draw with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Every package at the version and hash the lock file pins, nothing resolved at build time.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /venv \
    && /venv/bin/pip install --require-hashes -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock
ENV PATH=/venv/bin:$PATH

WORKDIR /app
COPY . .

# Static files are part of the image (whitenoise serves them; a CDN caches them). Production
# settings need their variables to load; these placeholders are never connected to.
RUN DJANGO_SETTINGS_MODULE=coalition.settings.production \
    DJANGO_SECRET_KEY=collectstatic-only-never-used \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    SITE_URL=https://build.invalid \
    DATABASE_URL=postgres://build@build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --no-create-home --uid 10001 --shell /usr/sbin/nologin coalition
USER coalition

ENV DJANGO_SETTINGS_MODULE=coalition.settings.production \
    HOST=0.0.0.0 \
    PORT=8000
EXPOSE 8000
CMD ["gunicorn", "coalition.wsgi", "--config", "gunicorn.conf.py"]

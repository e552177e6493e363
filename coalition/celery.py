import os

from celery import Celery

# A worker or beat started without DJANGO_SETTINGS_MODULE runs production settings, as the web
# server does (coalition/wsgi.py). manage.py and the Makefile's development targets choose
# coalition.settings.local themselves; pytest chooses coalition.settings.test.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.production")

app = Celery("coalition")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

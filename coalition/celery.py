import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.local")

app = Celery("coalition")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

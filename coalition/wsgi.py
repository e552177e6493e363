import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise; coalition/celery.py (imported with the package) agrees.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings.production")

application = get_wsgi_application()

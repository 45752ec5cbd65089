"""WSGI entry point for gunicorn (``fazhi serve``). Each worker warms up here, before it accepts
its first request (fazhi.core.warm)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

from fazhi.core.warm import warm  # noqa: E402 (after Django is set up)

warm()

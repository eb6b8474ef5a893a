"""Gunicorn configuration: `gunicorn -c gunicorn.conf.py 'aind_metadata_service.app:create_app()'`."""

from aind_metadata_service.serving import SETTINGS, metrics_dir

metrics_dir()  # before any worker imports the app: /metrics then sums every worker
globals().update(SETTINGS)

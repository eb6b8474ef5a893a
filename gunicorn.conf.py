"""Gunicorn configuration: `gunicorn -c gunicorn.conf.py 'aind_metadata_service.app:create_app()'`."""

from aind_metadata_service.serving import SETTINGS

globals().update(SETTINGS)

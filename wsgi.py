"""WSGI entry point for servers that want a module-level app: `gunicorn -c gunicorn.conf.py wsgi:app`."""

from aind_metadata_service.app import create_app

app = create_app()

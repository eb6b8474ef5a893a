"""The service as an operator sees it: health, logs, metrics and HTTP caching, each with an init_app(app)."""

"""aind-metadata-service: lab metadata from the systems of record, as aind-data-schema models."""

__version__ = "0.1.0"

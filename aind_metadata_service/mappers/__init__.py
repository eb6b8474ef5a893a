"""Pure functions from source records to aind-data-schema models: no I/O, no Flask."""

"""One client per source: all of its I/O, and the translation of its failures into SourceError."""

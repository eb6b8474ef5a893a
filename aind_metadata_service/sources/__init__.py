"""The data sources, one folder each; `aind_metadata_service.registry` lists them."""

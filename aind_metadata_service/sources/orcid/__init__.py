"""ORCID: a person's ORCID iD from the public API's expanded search, when the match is definitive."""

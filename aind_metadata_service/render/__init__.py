"""Renderers: one judged outcome, answered in the root dialect (the envelope) or the /api/v2 dialect (bare bodies)."""

"""LabTracks rows to aind-data-schema: subjects, and the tasks that are procedures."""

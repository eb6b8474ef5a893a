"""Pages for people: server-rendered HTML over the same answers the JSON routes give."""

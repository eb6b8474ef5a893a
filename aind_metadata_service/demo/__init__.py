"""The embedded demo: source-native data files served through the real clients."""

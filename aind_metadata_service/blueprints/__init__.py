"""The service's own routes (search page, health) and the routes that combine sources."""

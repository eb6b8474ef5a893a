"""Smartsheet rows as the client parses them: what client and mappers share."""

from __future__ import annotations

from typing import Any

# A row: the sheet's column titles to the cells' values, parsed once per fetch. JSON-native, so it can be cached.
Row = dict[str, Any]
Sheet = list[Row]

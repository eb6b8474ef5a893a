"""The SharePoint lists the service reads, by our key for each: what client and mappers share."""

from __future__ import annotations

LIST_NAMES = {"nsb2019": "NSB 2019", "nsb2023": "NSB 2023", "nsb_present": "NSB present", "las2020": "LAS 2020"}

"""Microsoft Dataverse: water restriction, mouse weights, funding and raw tables, through the Web API."""

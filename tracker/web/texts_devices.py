"""The hub page's words for the administrator's page (Apparaten / Devices): the wearables,
the watched folders, the copy to InfluxDB, the users. The technical details it shows (a
device's last error, why a file was not imported) are marked ``class="technical"`` in the
template. Merged into :data:`tracker.web.texts.TEXTS`.
"""

from __future__ import annotations

from typing import Final

DEVICES_NL: Final[dict[str, str]] = {
    "devices_title": "Apparaten",
    "col_device": "Toestel",
    "col_connection": "Verbinding",
    "col_battery": "Batterij",
    "col_reconnects": "Herverbindingen",
    "col_last_error": "Laatste fout",
    "col_last_sample": "Laatste meting",
    "imports_title": "Bestanden van andere trackers",
    "imports_none": "Er worden geen mappen opgevolgd ([import] watch).",
    "folder_unreadable": "deze map is nu niet te lezen",
    "col_source": "Bron",
    "col_last_file": "Laatste bestand",
    "col_imported": "Ingelezen",
    "col_data_until": "Gegevens tot",
    "imports_failed": "Niet ingelezen",
    "outbox_title": "Kopie naar InfluxDB",
    "outbox_none": "Er is geen InfluxDB ingesteld.",
    "outbox_depth": "Wachtende punten: {depth}",
    "outbox_error": "Laatste fout:",
    "outbox_ok": "Geen fouten.",
    "outbox_last_success": "Laatst gelukt: {when}",
    "users_title": "Gebruikers",
    "col_user": "Naam",
    "col_roles": "Rollen",
    "role_patient": "patiënt",
    "role_therapist": "kinesist",
    "role_admin": "beheerder",
    "never": "nooit",
}

DEVICES_EN: Final[dict[str, str]] = {
    "devices_title": "Devices",
    "col_device": "Device",
    "col_connection": "Connection",
    "col_battery": "Battery",
    "col_reconnects": "Reconnects",
    "col_last_error": "Last error",
    "col_last_sample": "Last sample",
    "imports_title": "Files from other trackers",
    "imports_none": "No folders are watched ([import] watch).",
    "folder_unreadable": "this folder cannot be read right now",
    "col_source": "Source",
    "col_last_file": "Last file",
    "col_imported": "Imported",
    "col_data_until": "Data up to",
    "imports_failed": "Not imported",
    "outbox_title": "Copy to InfluxDB",
    "outbox_none": "No InfluxDB is set up.",
    "outbox_depth": "Points waiting: {depth}",
    "outbox_error": "Last error:",
    "outbox_ok": "No errors.",
    "outbox_last_success": "Last success: {when}",
    "users_title": "Users",
    "col_user": "Name",
    "col_roles": "Roles",
    "role_patient": "patient",
    "role_therapist": "physiotherapist",
    "role_admin": "administrator",
    "never": "never",
}

"""A run's audit trail as a CSV file for Excel: what ``fortsync report RUN_ID --csv`` prints and the app's Historik
exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from fortsync_gui.messages import item_reason
from fortsync_gui.text import printable


def csv_bytes(rows: Sequence[Mapping[str, Any]], delimiter: str = ";") -> bytes:
    """The audit trail as CSV for Excel: UTF-8 with a BOM (so åäö show right), ``;`` between fields (what Excel
    expects with Swedish regional settings), CRLF line ends, every row quoted where needed. Text that Excel would
    run as a formula (starting with = + - @) gets a leading apostrophe; control and bidi characters (from names the
    services sent) are removed."""
    from fortsync_gui.store.runs import RUN_ITEM_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*RUN_ITEM_COLUMNS, "reason_sv"])
    for row in rows:
        reason = item_reason(row.get("error_key"), row.get("error_text")) if row.get("error_key") else None
        writer.writerow([_csv_cell(row.get(column)) for column in RUN_ITEM_COLUMNS] + [_csv_cell(reason)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        value = printable(value, keep="\n")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value

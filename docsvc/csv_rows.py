"""CSV rows from uploaded text, with malformed files reported instead of raised as ``csv.Error``.

Uploaded CSV comes from spreadsheets on every platform: bare ``\\r`` line ends (old Mac Excel), ``\\r\\n`` and
``\\n``. ``csv`` only copes with all three when the stream does no newline translation of its own
(``newline=""``); otherwise a lone ``\\r`` inside a row raises ``csv.Error`` and the upload ended as a 500.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator


class CsvUnreadable(ValueError):
    """The text is not CSV the reader can split into rows; the message names the line."""


def csv_rows(text: str, *, delimiter: str = ",") -> Iterator[list[str]]:
    """Rows of ``text`` in order; raises :class:`CsvUnreadable` naming the line the reader gave up on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvUnreadable(f"line {reader.line_num}: not readable as CSV ({exc})") from None
        yield row

"""Read an uploaded file as a table, trusting its bytes, never its name.

An .xlsx is a zip holding an Excel workbook; anything else must be UTF-8 (or Windows-1256,
what Persian Excel saves) text without control characters, read as CSV. A picture renamed to
.xlsx, an old .xls, a zip bomb, random bytes and an empty file are refused with a Persian
message before any row is read.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from peygir.persian import to_persian_digits

CSV_DELIMITERS = ",;\t"
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"BM",
    b"MZ",
    b"\x7fELF",
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container
_ZIP = b"PK\x03\x04"
# A compressed workbook rarely grows more than this many times when unzipped.
_MAX_INFLATION = 100


class FileRejected(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Persian."""


@dataclass
class Table:
    kind: str  # "xlsx" or "csv"
    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


def max_bytes() -> int:
    return int(getattr(settings, "PEYGIR_IMPORT_MAX_BYTES", 40 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "PEYGIR_IMPORT_MAX_ROWS", 100_000))


def _fa(number: int) -> str:
    return to_persian_digits(f"{number:,}".replace(",", "٬"))


def check_size(size: int) -> None:
    if size == 0:
        raise FileRejected(_("The file is empty."))
    limit = max_bytes()
    if size > limit and limit >= 1024 * 1024:
        raise FileRejected(
            _("The file is too large: at most %(limit)s megabytes may be imported at once.")
            % {"limit": _fa(limit // (1024 * 1024))}
        )
    if size > limit:
        raise FileRejected(
            _("The file is too large: at most %(limit)s kilobytes may be imported at once.")
            % {"limit": _fa(max(1, limit // 1024))}
        )


def read_table(content: bytes) -> Table:
    """Return the file's header row and its data rows, or raise FileRejected."""
    check_size(len(content))
    if content.startswith(_ZIP):
        return _read_xlsx(content)
    if content.startswith(_OLE2):
        raise FileRejected(
            _("This is an old Excel (.xls) file. Save it as .xlsx (Excel workbook) and try again.")
        )
    if content.startswith(_BINARY_MAGIC) or b"\x00" in content[:65536]:
        raise FileRejected(_("This file is not a spreadsheet. Choose an .xlsx or .csv file."))
    return _read_csv(content)


def _read_xlsx(content: bytes) -> Table:
    not_a_workbook = FileRejected(
        _("This file is not an Excel workbook. Choose an .xlsx or .csv file.")
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook from error
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_a_workbook
    if unpacked > max(len(content), 1024 * 1024) * _MAX_INFLATION:
        raise FileRejected(_("This workbook unpacks to far more data than it seems to hold."))
    try:
        # calamine (Rust) reads a 100 k-row sheet many times faster than openpyxl, and gives
        # a formula's cached value without ever evaluating it.
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        header = list(next(rows, []))
    except Exception as error:  # calamine raises its own error on a damaged file
        raise not_a_workbook from error
    first_line = (sheet.start or (0, 0))[0] + 1

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(rows, start=first_line + 1):
                yield number, list(row)
        except Exception as error:
            raise not_a_workbook from error

    return Table("xlsx", header, data())


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1256")
    except UnicodeDecodeError as error:
        raise FileRejected(
            _("This file is not a spreadsheet. Choose an .xlsx or .csv file.")
        ) from error


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\r\n\t")
    if controls or not sample.strip():
        if not sample.strip():
            raise FileRejected(_("The file is empty."))
        raise FileRejected(_("This file is not a spreadsheet. Choose an .xlsx or .csv file."))
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise FileRejected(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from error

    def data() -> Iterator[tuple[int, list[Any]]]:
        try:
            for row in reader:
                yield reader.line_num, list(row)
        except csv.Error as error:
            raise FileRejected(
                _("The CSV file could not be read: %(error)s") % {"error": error}
            ) from error

    return Table("csv", header, data())


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing «.0», dates as ISO (callers read them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value).strip()

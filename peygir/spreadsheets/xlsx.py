"""A streaming .xlsx writer for one large table: the resolution export's 100 k rows.

openpyxl's write-only mode builds a cell object and an XML element for every cell, about
25 µs each: 2.2 M cells (100 k rows × 22 columns) cost about a minute of CPU before a single
query. This writer formats each row straight to SpreadsheetML text (strings inline, numbers as
numbers) and deflates it as it goes, several times faster, in bounded memory. The workbook is
the same for its readers: one right-to-left sheet, a bold header row, the given column widths.
Exports of a few rows (dashboards, reports) keep `core.exports.workbook_bytes`.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

from peygir.core.exports import sheet_title

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold at all (openpyxl refuses them with an error): dropped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FLUSH_BYTES = 1 << 20

_STATIC = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Style 0: the default; style 1: bold, right-aligned (the header row).
    "xl/styles.xml": (
        f'{_HEAD}<styleSheet xmlns="{_NS}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        'applyAlignment="1"><alignment horizontal="right"/></xf></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _text(value: str) -> str:
    """The cell's inline string, or "" for none."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
        if not value:
            return ""
    # (str.replace is many times faster than str.translate on Persian text.) A raw carriage
    # return would come back from any XML reader as a line feed; a reference survives.
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _cells(letters: Sequence[str], number: int, values: Sequence[Any], style: str = "") -> str:
    parts = [f'<row r="{number}">']
    append = parts.append
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            text = _text(value)
            if text:
                append(f'<c r="{letter}{number}"{style} t="inlineStr">{text}</c>')
        elif isinstance(value, bool):
            append(f'<c r="{letter}{number}"{style} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            append(f'<c r="{letter}{number}"{style}><v>{value!r}</v></c>')
        elif text := _text(str(value)):
            append(f'<c r="{letter}{number}"{style} t="inlineStr">{text}</c>')
    append("</row>")
    return "".join(parts)


def table_xlsx(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: dict[int, float] | None = None,
) -> bytes:
    """One right-to-left sheet: a bold header row, then `rows` (str, int, float or bool
    cells; None and "" leave the cell empty). `widths` maps 1-based columns to widths."""
    letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in _STATIC.items():
            archive.writestr(name, content)
        archive.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name={quoteattr(sheet_title(title))} sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            columns = "".join(
                f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                for index, width in sorted((widths or {}).items())
            )
            pending = [
                f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_REL}">'
                '<sheetViews><sheetView rightToLeft="1" workbookViewId="0"/></sheetViews>'
                '<sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{columns}</cols>" if columns else "")
                + "<sheetData>",
                _cells(letters, 1, [str(header) for header in headers], ' s="1"'),
            ]
            size = 0
            for number, values in enumerate(rows, start=2):
                line = _cells(letters, number, values)
                pending.append(line)
                size += len(line)
                if size > _FLUSH_BYTES:
                    sheet.write("".join(pending).encode())
                    pending, size = [], 0
            pending.append("</sheetData></worksheet>")
            sheet.write("".join(pending).encode())
    return buffer.getvalue()

"""Rows of a borderless table: where one table row ends and the next begins (``pdf_aligned`` finds the table and
places each line in a column; this module groups the placed lines into rows and cells).

A new table row starts at each split visual row, unless most of its lines continue the cells above them: the line
above ends in "/", "-", "," or the new one starts in lower case (a cell wrapped at a narrow column), with the same
weight, or it leaves the first column (the row label) empty, or sits clearly closer to the line above than the row
did to the row before (table rows are padded, lines inside a cell are not). Distances are measured baseline to
baseline. Where the table shows both a wrapped line's pitch and a row's, spacing decides: a labelled line a row's
pitch below starts a row whatever its first letter, and two or more cells a row's pitch below the last line of their
own columns start a sub-row beside a label cell spanning several rows.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docsvc.extract.parsers.assemble import join_lines
from docsvc.extract.parsers.pdf_tables import FoundTable
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox, Cell

_TIGHTER = 2.0  # points: a gap this much narrower than the one above the row is a line break inside it
_BROKEN_CHARS = 1.5  # character widths: a single word ending this close to its column's right edge was broken
_LONG_WORD = 9  # letters: a word this long may be broken anywhere by a narrow column ...
_SHORT_TAIL = 4  # ... a shorter one only a tail this short in capitals ("ENVIRON" + "MENT"), one less in lower case
# Endings of whole English words: a long word ending so fitted its line ("Commercially", "Availability").
_WORD_END = re.compile(r"(?:ly|ing|ed|ions?|ments?|ness|[ai]ble|ity|ful|ous|ive|ic|ies|ers?|ors?)$")
# Short words that stand alone after a wrapped line; a word broken by a narrow column never goes on with them.
_STANDALONE = frozenset(
    "a an and as at by for from in into of on or per the to via with ab am an auf aus bei bis der den dem des die "
    "das ein eine für im in inkl je mit nach oder pro und von vor zu zum zur".split()
)
# A run of numbers or percentages and nothing else: "100% 95% 90%", "1 2 3" (a band bound may lead: "< 99.5%").
_VALUE = re.compile(r"[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?")
_VALUE_RUN = re.compile(r"\s*(?:[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?\s+)+[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?\s*")
_JOINER_CHARS = "/-–,:(&+"
_JOINER = re.compile(f"[{re.escape(_JOINER_CHARS)}]$")


def build_rows(placed: list[list[tuple[int, TextLine]]], width: int, lead: int) -> FoundTable:
    """The table of placed visual rows (``lead`` rows above the first split row belong to its first row)."""
    # Measured baseline to baseline: ink boxes would make a line of "ung" or "Object storage" (no ascender, a
    # descender) look closer to its neighbours than a line of capitals.
    gaps = [0.0] + [
        min(ln.baseline for _, ln in row) - max(ln.baseline for _, ln in above)
        for above, row in zip(placed, placed[1:], strict=False)
    ]
    # The pitch of lines wrapped inside a cell, measured where a line holds one column only (it cannot start a
    # row); where rows are clearly further apart (cell padding), spacing alone tells a new row from wrapped text,
    # whatever case its first letter has.
    line_pitch = min((g for g, row in zip(gaps[1:], placed[1:], strict=True) if len({c for c, _ in row}) == 1),
                     default=0.0)
    spaced = line_pitch > 0 and any(g >= line_pitch + _TIGHTER for g in gaps[1:])
    table_rows: list[list[list[TextLine]]] = []
    row_gap = 0.0  # the baseline pitch above the current table row
    for i, row in enumerate(placed):
        columns = {c for c, _ in row}
        gap = gaps[i]
        # Closer to the line above than rows are to each other, or at the table's wrapped-line pitch where rows are
        # spaced wider (a header's second line, "MENT" under "ENVIRON"): wrapped text.
        tighter = gap < row_gap - _TIGHTER or (spaced and i > 0 and gap < line_pitch + _TIGHTER)
        labelled_row = spaced and gap >= line_pitch + _TIGHTER and 0 in columns
        carry: list[tuple[int, TextLine]] = []
        if not table_rows or (
            i > lead
            and len(columns) >= 2
            and not tighter
            and (labelled_row or not _continues(table_rows[-1], row, first=len(table_rows) == 1))
        ):
            table_rows.append([[] for _ in range(width)])
            row_gap = gap
        elif i > lead and spaced:
            split = _sub_row(table_rows[-1], row, max(row_gap - _TIGHTER, line_pitch + _TIGHTER))
            if split is not None:
                carry, row = split
                table_rows.append([[] for _ in range(width)])
        for c, ln in carry:
            table_rows[-2][c].append(ln)
        for c, ln in row:
            table_rows[-1][c].append(ln)
    right = [max((ln.box.x1 for cells in table_rows for ln in cells[c]), default=0.0) for c in range(width)]
    out_rows: list[tuple[Cell, ...]] = []
    for cells in table_rows:
        out_cells: list[Cell] = []
        for c, parts in enumerate(cells):
            text, _ = join_lines([(ln.text, ln.box) for ln in _close_broken_words(parts, right[c])])
            out_cells.append(Cell(text, BBox.enclosing([ln.box for ln in parts])))
        out_rows.append(tuple(out_cells))
    box = BBox.enclosing([ln.box for row in placed for _, ln in row])
    assert box is not None  # a table has at least two split rows
    return FoundTable(box, tuple(_split_value_runs(out_rows)))


def _close_broken_words(parts: list[TextLine], right: float) -> list[TextLine]:
    """A cell's lines with words the narrow column broke closed up: a single word filling the column to its right
    edge (within a character) went on in the next line ("RESPONS" + "E", "Developme" + "nt", "Operationa" +
    "l State"). A word that fitted leaves room for a character at least before the edge, or the next word would have
    come on its line."""
    out: list[TextLine] = []
    for k, ln in enumerate(parts):
        if k and ((_broken(parts[k - 1], right) and _continues_word(parts[k - 1].text, ln.text))
                  or _vocabulary_join(out[-1].text, ln.text)):
            above = out[-1]
            box = BBox(above.box.x0, above.box.top, max(above.box.x1, ln.box.x1), ln.box.bottom)
            out[-1] = replace(above, text=above.text + ln.text, box=box, breaks=())
            continue
        out.append(ln)
    return out


# Words of SLA tables that narrow columns break anywhere, often more than once ("Rea" / "ktio" / "nszeit", "6 Stun" /
# "den", "2 Wer" / "ktage"): pieces that join up to (the start of) one of them are closed up whatever the layout.
_VOCABULARY = tuple(sorted("""
    stunden stunde minuten minute werktage werktagen werktag arbeitstage arbeitstagen arbeitstag geschäftsstunden
    geschäftstage geschäftstagen geschäftstag kalendertage kalendertagen reaktionszeit reaktionszeiten lösungszeit
    lösungszeiten wiederherstellungszeit wiederherstellungszeiten entstörzeit entstörungszeit störungsklasse
    störungsklassen verfügbarkeit priorität prioritäten servicezeit servicezeiten supportzeit supportzeiten
    erweiterung vereinbarung gutschrift bearbeitungszeit
    business minutes response resolution availability restoration workaround severity priority
""".split()))
_JOIN_PREFIX = 4  # letters a joined piece must reach before it counts as the start of a vocabulary word


def _vocabulary_join(above: str, below: str) -> bool:
    """Do the last word of ``above`` and the first of ``below`` join up to (the start of) an SLA table word, where
    neither is one on its own? ("Stun" + "den", "Störung" + "skla" + "ssen")"""
    if not above.strip() or not below.strip():
        return False
    last, first = above.split()[-1], below.split(None, 1)[0]
    if not (last.isalpha() and first[:1].isalpha() and first[:1].islower()):
        return False
    joined = (last + first.rstrip(",.;:)")).lower()
    if len(joined) < _JOIN_PREFIX or last.lower() in _VOCABULARY:
        return False
    return any(word.startswith(joined) for word in _VOCABULARY)


def _continues_word(above: str, below: str) -> bool:
    """Can ``below`` carry on the word ``above`` ends with? Lower case on lower case ("Developme" + "nt") or capitals
    on capitals ("RESPONS" + "E"); a long word or a short tail; never a word of its own ("Troubleshooting" + "from",
    "Extended" + "Office")."""
    first = below.split(None, 1)[0] if below.strip() else ""
    if not first[:1].isalpha() or first.lower().strip(",.;:/()") in _STANDALONE:
        return False
    tail = len(first.rstrip(",.;:/()"))
    if tail > (_SHORT_TAIL if first.isupper() else _SHORT_TAIL - 1) and (
        len(above) < _LONG_WORD or _WORD_END.search(above)
    ):
        return False  # "South" + "work", "Commercially" + "reasonable": whole words wrapped in a narrow column
    if above[-1].islower():
        return first[0].islower()
    return above.isupper() and first.isupper()


def _broken(line: TextLine, right: float) -> bool:
    text = line.text
    if " " in text or len(text) < 3 or not text[-1].isalpha():
        return False
    char = (line.box.x1 - line.box.x0) / len(text)
    return line.box.x1 >= right - _BROKEN_CHARS * char


def _sub_row(
    cells: list[list[TextLine]], row: list[tuple[int, TextLine]], pitch: float
) -> tuple[list[tuple[int, TextLine]], list[tuple[int, TextLine]]] | None:
    """A visual row that starts the next row beside a label cell spanning several ("Critical" over the rows
    "Initial Response", "Operational State Restored", "Software Fix"): two or more of its lines sit at least
    ``pitch`` (a row's, clearly more than a wrapped line's) below the last line of their own column and carry no
    wrapped text on. Lines that do wrap their column's cell
    (the spanning label's second line, level with the new row) stay with the row above. Returns (lines kept
    above, lines of the new row), or None when the row wraps on."""
    fresh = [
        (c, ln) for c, ln in row
        if cells[c] and ln.baseline - cells[c][-1].baseline >= pitch
        and not (cells[c][-1].bold == ln.bold and _wraps(cells[c][-1].text, ln.text))
    ]
    if len(fresh) < 2:
        return None
    kept = [(c, ln) for c, ln in row if (c, ln) not in fresh]
    if any(c > min(c for c, _ in fresh) for c, _ in kept):
        return None  # a wrapped line right of the new row's cells: not a clean start
    return kept, fresh


def _split_value_runs(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    """Columns of values set closer than the split gap read as one cell per row: "100% 95% 90%" over
    "0% 10% 20%". When two or more rows hold runs of the same length in a column, the column is as many columns."""
    out = [list(r) for r in rows]
    for j in reversed(range(len(out[0]) if out else 0)):
        runs = [_VALUE.findall(r[j].text) if _VALUE_RUN.fullmatch(r[j].text) else [] for r in out]
        lengths = {len(v) for v in runs if v}
        if sum(1 for v in runs if v) < 2 or len(lengths) != 1 or (n := lengths.pop()) < 2:
            continue
        for r, values in zip(out, runs, strict=True):
            cell = r[j]
            parts = [Cell(v.strip(), cell.bbox) for v in values] if values else [cell] + [Cell("")] * (n - 1)
            r[j : j + 1] = parts
    return [tuple(r) for r in out]


def _continues(cells: list[list[TextLine]], row: list[tuple[int, TextLine]], *, first: bool) -> bool:
    """Does a split row carry on the cells above it (wrapped text) rather than start a new table row?"""
    if cells[0] and all(c > 0 for c, _ in row):
        return True  # nothing under the row label: the row's other cells wrap on
    shared = [(cells[c][-1], ln) for c, ln in row if cells[c]]
    wrapped = sum(1 for above, ln in shared if above.bold == ln.bold and _wraps(above.text, ln.text))
    # Ties carry on only in the first row: header labels wrap in narrow columns far more often than values
    return wrapped * 2 > len(shared) or (first and wrapped * 2 == len(shared) > 0)


def _wraps(above: str, below: str) -> bool:
    above, below = above.rstrip(), below.lstrip()
    return bool(_JOINER.search(above)) or below[:1].islower() or below[:1] in _JOINER_CHARS

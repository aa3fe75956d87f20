"""What every CSV import shares: bad rows reported by row and column, nothing half-imported."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from app.errors import ValidationFailed

MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class RowProblem:
    row: int  # line number in the file (the header is line 1)
    column: str
    message: str


class ImportRejected(ValidationFailed):
    """The file had bad rows: nothing was imported; `problems` says where and why."""

    title = "Nothing was imported"

    def __init__(self, problems: list[RowProblem], message: str | None = None):
        count = len(problems)
        super().__init__(
            message
            or f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in the file. "
            "Correct every row listed and upload the file again."
        )
        self.problems = problems


def read_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; cells stripped, missing cells empty."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for row in reader:
        yield reader.line_num, {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}


def header(text: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    return [cell.strip() for cell in first]


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet programs on Windows still save CSV as cp1252.
        return content.decode("cp1252", errors="replace")

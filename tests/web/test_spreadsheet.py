"""Exported CSV cells never run as spreadsheet formulas, and numbers stay numbers."""

from app.web.spreadsheet import defuse


def test_formula_text_is_defused_and_numbers_are_not():
    assert defuse("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert defuse("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert defuse("\t=1") == "'\t=1"
    assert defuse("@SUM(A1)") == "'@SUM(A1)"
    assert defuse("-2.5") == "-2.5"
    assert defuse("+12") == "+12"
    assert defuse("Plain text") == "Plain text"
    assert defuse(7) == 7

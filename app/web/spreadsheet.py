"""CSV cells that a spreadsheet will not run as formulas."""

from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def defuse(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading '.

    Numbers such as -2.5 stay numbers, so an export still imports back unchanged."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS and not _is_number(value):
        return "'" + value
    return value

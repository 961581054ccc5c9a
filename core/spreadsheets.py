"""Cells written to CSV and XLSX exports."""


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet will show as text: a cell starting with =, +, - or @
    would otherwise run as a formula when the file is opened (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value

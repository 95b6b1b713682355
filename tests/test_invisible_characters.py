"""An invisible character is reported where it first occurs, by line and column, whichever kind it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from myositis_evidence.dataset.yaml_source import refuse_invisible_characters
from myositis_evidence.errors import DataError


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("abc\nd\u200be\u202ef\n", "U+200B", 2, 2),  # a zero-width space before a bidi override
        ("abc\nd\u202ee\u200bf\n", "U+202E", 2, 2),  # and the other way round
        ("\u65e5\u672c\n\u8a9e\x07", "U+0007", 2, 2),  # a bell after Japanese text
        ("x\u2028y", "U+2028", 1, 2),  # a line separator
    ],
)
def test_the_first_invisible_character_is_named_with_its_line_and_column(text, code, line, column):
    with pytest.raises(DataError) as raised:
        refuse_invisible_characters(Path("data/x.yml"), text)
    message = str(raised.value)
    assert code in message
    assert f"line {line}" in message
    assert f"column {column}" in message


def test_tabs_line_breaks_and_ordinary_text_pass():
    refuse_invisible_characters(Path("data/x.yml"), "a\tb\r\nc \u65e5\u672c\u8a9e \u00e9\n")

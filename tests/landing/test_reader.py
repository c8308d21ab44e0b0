from pathlib import Path

import pytest

from orchestration.landing import reader
from orchestration.landing.errors import LandingFileError
from orchestration.landing.reader import normalize_column_name, read_landing_file


@pytest.fixture(autouse=True, params=["python", "polars"])
def line_splitter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test reads its files with both line splitters: Python's (small files) and polars' (large)."""
    threshold = 0 if request.param == "polars" else 10**12
    monkeypatch.setattr(reader, "NATIVE_LINE_SPLIT_MIN_BYTES", threshold)
    return request.param


def write(tmp_path: Path, content: str | bytes, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_quoted_fields_and_line_numbers(tmp_path: Path) -> None:
    raw = read_landing_file(write(tmp_path, 'id,name,amount\n1,"Zoë, Ann",10\n2,"say ""hi""",20\n'), "f.csv")
    assert raw.records.rows() == [("1", "Zoë, Ann", "10", 2), ("2", 'say "hi"', "20", 3)]
    assert raw.malformed.is_empty()
    assert raw.file.delimiter == ","


def test_semicolon_bom_crlf_blank_lines_and_ragged_rows(tmp_path: Path) -> None:
    content = '\ufeffid;name;amount\r\n1;a;10\r\n\r\n2;b\r\n3;c;30;x\r\n4;"d;x";40'
    raw = read_landing_file(write(tmp_path, content), "f.csv")
    assert raw.file.delimiter == ";"
    assert raw.file.columns == ("id", "name", "amount")
    # Line numbers are physical lines of the file: the blank line 3 is skipped, not renumbered.
    assert raw.records.rows() == [("1", "a", "10", 2), ("4", "d;x", "40", 6)]
    assert raw.malformed.rows() == [
        (4, "2;b", "expected 3 fields, found 2"),
        (5, "3;c;30;x", "expected 3 fields, found 4"),
    ]
    assert raw.rows_in == 4


def test_line_ends_blank_lines_and_control_characters_keep_their_line_numbers(tmp_path: Path) -> None:
    # A lone CR stays inside its value; whitespace-only lines are blank; a unit separator (which polars'
    # line reader splits on) sends the file back to Python's split, with the same result.
    content = "id,name\r\n1,a\rb\r\n \t \n\n2,\x1fc\n3,c\r\r\n4\r\n"
    raw = read_landing_file(write(tmp_path, content), "f.csv")
    assert raw.records.rows() == [("1", "a\rb", 2), ("2", "\x1fc", 5), ("3", "c\r", 6)]
    assert raw.malformed.rows() == [(7, "4", "expected 2 fields, found 1")]
    without_separator = read_landing_file(write(tmp_path, content.replace("\x1f", "")), "f.csv")
    assert without_separator.records.rows() == [("1", "a\rb", 2), ("2", "c", 5), ("3", "c\r", 6)]


def test_files_without_quotes_read_as_the_csv_reader_reads_them(tmp_path: Path) -> None:
    # A file without quotes is split at its delimiters; one quoted value sends the same rows through the
    # CSV reader. Both give empty fields as missing values, spaces kept, and the same quarantined rows.
    rows = "id|name|amount\n1||10\n2| b |\n3|c\n|d|\n"
    plain = read_landing_file(write(tmp_path, rows, "plain.csv"), "plain.csv")
    quoted = read_landing_file(write(tmp_path, rows + '6|"e|f"|60\n', "quoted.csv"), "quoted.csv")
    assert plain.records.rows() == [("1", None, "10", 2), ("2", " b ", None, 3), (None, "d", None, 5)]
    assert quoted.records.rows() == [*plain.records.rows(), ("6", "e|f", "60", 6)]
    assert plain.malformed.rows() == quoted.malformed.rows() == [(4, "3|c", "expected 3 fields, found 2")]
    assert plain.records.schema == quoted.records.schema


def test_multiline_values_and_unterminated_quote(tmp_path: Path) -> None:
    content = 'id,name,amount\n1,"two\nlines",10\n2,bob\n3,c,30\n4,"unterminated,40\n5,x,50\n'
    raw = read_landing_file(write(tmp_path, content), "f.csv")
    assert raw.records.rows() == [("1", "two\nlines", "10", 2), ("3", "c", "30", 5)]
    rows = raw.malformed.rows()
    assert rows[0] == (4, "2,bob", "expected 3 fields, found 2")
    # The unterminated quote swallows the rest of the file: one quarantined record, nothing dropped.
    assert rows[1][0] == 6 and '4,"unterminated,40\n5,x,50' in rows[1][1]
    assert "malformed CSV" in rows[1][2]


def test_stray_quote_inside_value_is_kept_but_broken_quoting_is_quarantined(tmp_path: Path) -> None:
    raw = read_landing_file(write(tmp_path, 'id,name,amount\n1,5\'11",10\n2,"ab"c,20\n3,ok,30\n'), "f.csv")
    assert raw.records.rows() == [("1", "5'11\"", "10", 2), ("3", "ok", "30", 4)]
    assert [row[0] for row in raw.malformed.rows()] == [3]


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    raw = read_landing_file(write(tmp_path, "id,name,amount\n"), "f.csv")
    assert raw.rows_in == 0 and raw.records.columns[:3] == ["id", "name", "amount"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        ("id,name\n1,Łukasz\n".encode("cp1250"), "not valid UTF-8 at line 2"),
        (b'id,"name\n1,x\n', "unterminated quote"),
        (b"id,Name,name\n1,a,b\n", "column 'name' appears twice"),
        (b"justonecolumn\n1\n", "cannot find the header's delimiter"),
    ],
)
def test_unreadable_files_fail_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(LandingFileError, match=message) as error:
        read_landing_file(write(tmp_path, content), "2026-09-01/contacts.csv")
    assert str(error.value).startswith("2026-09-01/contacts.csv")


def test_column_names_are_normalized() -> None:
    assert normalize_column_name(" Contact ID ") == "contact_id"
    assert normalize_column_name("Umsatz (€)") == "umsatz"
    assert normalize_column_name("Ścieżka-źródła") == "ścieżka_źródła"

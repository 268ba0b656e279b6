"""The one output layer: commands return data, this renders it.

A command returns a `Listing` (rows under columns), a `Record` (one
object's fields) or nothing. The shell renders it as a table (default),
json, yaml, value or csv, keeping only the columns asked with -c. json and
csv are imported when a value needs them: `compute help` imports this
module through the contrib drop-in, for Listing.
"""

from __future__ import annotations

import io
import sys

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Sequence

FORMATS = ("table", "json", "yaml", "value", "csv")


class Listing:
    """Rows of values under named columns (what list commands return).

    With `stream=True`, `rows` is an iterator read once, as it is printed
    (a listing that follows pages prints each page as it arrives).
    """

    def __init__(self, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                 sortby: str | None = None, stream: bool = False,
                 failure: str | None = None) -> None:
        self.columns = list(columns)
        self.rows: Iterable[list[Any]] = ((list(r) for r in rows) if stream
                                          else [list(r) for r in rows])
        self.sortby = sortby
        self.stream = stream
        #: Set by a command that reports rows and still fails (e.g. --strict):
        #: the shell prints the rows, then this as the error, and exits 1.
        self.failure = failure

    @classmethod
    def from_objects(cls, objects: Iterable[Any], columns: Sequence[str],
                     formatters: dict[str, Callable[[Any], Any]] | None = None,
                     sortby: str | None = None,
                     attributes: dict[str, str] | None = None) -> Listing:
        """Columns read from attributes: "Flavor ID" reads `flavor_id`.

        An iterator of objects (not a list) makes a streamed listing.
        """
        formatters = formatters or {}
        attributes = attributes or {}

        def row_of(obj: Any) -> list[Any]:
            row = []
            for column in columns:
                if column in formatters:
                    row.append(formatters[column](obj))
                    continue
                attr = attributes.get(column) or column.lower().replace(" ", "_").replace("-", "_")
                if isinstance(obj, dict):
                    row.append(obj.get(attr, obj.get(column, "")))
                else:
                    row.append(getattr(obj, attr, ""))
            return row
        stream = hasattr(objects, "__next__")
        return cls(columns, (row_of(obj) for obj in objects), sortby=sortby, stream=stream)


class Record:
    """One object's fields, in order (what show commands return)."""

    def __init__(self, fields: dict[str, Any] | Iterable[tuple[str, Any]],
                 sort: bool = True, headers: tuple[str, str] = ("Property", "Value")) -> None:
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        self.fields = dict(sorted(items) if sort else items)
        self.headers = headers


def select_columns(data: Listing | Record, wanted: Sequence[str]) -> Listing | Record:
    """Keep only the columns named by -c, case-insensitively, in their order."""
    if not wanted:
        return data
    names = data.columns if isinstance(data, Listing) else list(data.fields)
    lower = {n.lower(): n for n in names}
    unknown = [w for w in wanted if w.lower() not in lower]
    if unknown:
        from computeclient.exceptions import CommandError
        raise CommandError("No column %s; choose from: %s" % (
            ", ".join(repr(u) for u in unknown), ", ".join(names)))
    chosen = [lower[w.lower()] for w in wanted]
    if isinstance(data, Listing):
        idx = [data.columns.index(c) for c in chosen]
        return Listing(chosen, ([row[i] for i in idx] for row in data.rows), data.sortby,
                       stream=data.stream)
    return Record([(c, data.fields[c]) for c in chosen], sort=False, headers=data.headers)


def _text(value: Any) -> str:
    """A cell for table/value/csv: structures as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        import json
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _cell(value: Any) -> str:
    """A table cell: as _text, but a missing value (None) reads '-' as in novaclient."""
    return "-" if value is None else _text(value)


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a value (resources become their dicts)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _data(data: Listing | Record) -> Any:
    if isinstance(data, Listing):
        return [{c: _plain(v) for c, v in zip(data.columns, row)} for row in data.rows]
    return {k: _plain(v) for k, v in data.fields.items()}


# -- YAML --------------------------------------------------------------------

def _basic(value: Any) -> Any:
    """Plain str/int/float/bool/None/list/dict, so the safe dumper takes it
    (subclasses such as StrWithMeta and other objects would not pass)."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, dict):
        return {str(k): _basic(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_basic(v) for v in value]
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def to_yaml(value: Any) -> str:
    """YAML that reads back as the same data: PyYAML's safe dumper quotes
    whatever a loader would take for another type ('0x1F', 'yes', '=', '<<')."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(_basic(value), Dumper=dumper, default_flow_style=False,
                          sort_keys=False, allow_unicode=True)
    return text


# -- renderers ---------------------------------------------------------------

def _table(data: Listing | Record) -> str:
    if isinstance(data, Listing):
        header = data.columns
        rows: Iterable[list[Any]] = data.rows
        if data.sortby in data.columns:
            i = data.columns.index(data.sortby)
            rows = sorted(rows, key=lambda r: _text(r[i]))
        cells = [[_cell(v) for v in row] for row in rows]
    else:
        header = list(data.headers)
        cells = [[key, _cell(value)] for key, value in data.fields.items()]
    drawn = _ascii_grid(header, cells)
    if drawn is not None:
        return drawn
    import prettytable

    table = prettytable.PrettyTable(header)
    table.align = "l"
    for row in cells:
        table.add_row(row)
    return table.get_string()


def _ascii_grid(header: list[str], rows: list[list[str]]) -> str | None:
    """prettytable's left-aligned grid, drawn here when every cell is one line of
    printable ASCII (a width is then its length): 5,000 rows took prettytable
    0.27 s. None otherwise: prettytable measures wide, combining and control
    characters and splits lines (tests/unit/test_output.py compares the two)."""
    if not header or any(len(row) != len(header) for row in rows):
        return None
    for row in (header, *rows):
        for cell in row:
            if not (cell.isascii() and cell.isprintable()):
                return None
    widths = [max(map(len, column)) for column in zip(header, *rows)]
    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"

    return "\n".join([rule, line(header), rule, *map(line, rows), rule])


def _value(data: Listing | Record) -> str:
    if isinstance(data, Listing):
        return "\n".join(" ".join(_text(v) for v in row) for row in data.rows)
    return "\n".join(_text(v) for v in data.fields.values())


def _csv(data: Listing | Record) -> str:
    import csv
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    if isinstance(data, Listing):
        writer.writerow(data.columns)
        for row in data.rows:
            writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool)
                             else _text(v) for v in row])
    else:
        writer.writerow(["Field", "Value"])
        for key, value in data.fields.items():
            writer.writerow([key, _text(value)])
    return buf.getvalue().rstrip("\n")


def render(data: Listing | Record, fmt: str = "table",
           columns: Sequence[str] | None = None) -> str:
    data = select_columns(data, columns or [])
    if fmt == "json":
        import json
        return json.dumps(_data(data), indent=2, sort_keys=False, default=str)
    if fmt == "yaml":
        return to_yaml(_data(data)).rstrip("\n")
    if fmt == "value":
        return _value(data)
    if fmt == "csv":
        return _csv(data)
    return _table(data)


def stream_chunks(data: Listing, fmt: str = "table",
                  columns: Sequence[str] | None = None) -> Iterator[str]:
    """A streamed listing as pieces of text, each row as soon as it comes;
    joined, they are what render() makes of the same rows. A table keeps
    only its cells' text until it is drawn."""
    selected = select_columns(data, columns or [])
    assert isinstance(selected, Listing)
    data = selected
    if fmt == "table":
        yield _table(Listing(data.columns, ([_cell(v) for v in row] for row in data.rows),
                             data.sortby))
        return
    count = 0
    try:
        for row in data.rows:
            text = render(Listing(data.columns, [row]), fmt)
            if fmt == "json":
                yield ("[\n" if not count else ",\n") + text[2:-2]  # the row, as in a list
            elif fmt == "csv" and count:
                yield "\n" + text.split("\n", 1)[1]
            else:
                yield ("\n" if count else "") + text
            count += 1
    except (Exception, KeyboardInterrupt):
        if fmt == "json" and count:
            yield "\n]"  # cut short (the error follows on stderr), still one JSON document
        raise
    if fmt == "json":
        yield "\n]" if count else "[]"
    elif not count and fmt in ("yaml", "csv"):
        yield render(Listing(data.columns, []), fmt)


def emit(data: Any, fmt: str = "table", columns: Sequence[str] | None = None,
         stream: Any = None) -> None:
    """Print what a command returned; None prints nothing."""
    if data is None:
        return
    stream = stream or sys.stdout
    if isinstance(data, Listing) and data.stream:
        wrote = False
        try:
            for chunk in stream_chunks(data, fmt, columns):
                if chunk:
                    stream.write(chunk)
                    wrote = True
        finally:
            if wrote:
                stream.write("\n")
        return
    if isinstance(data, (Listing, Record)):
        text = render(data, fmt, columns)
        if text:
            print(text, file=stream)
    else:
        print(data, file=stream)

"""Reading a data file safely into YAML nodes: bounded size, UTF-8 text only, no aliases,
no tags, bounded nesting, and every problem reported with its line.

We build the node tree ourselves from libyaml's parser events and never let PyYAML
construct values: its YAML 1.1 rules would turn an unquoted 09:00 into 540 and `no` into
False. The schema converts each scalar's text itself, and the nodes keep the line numbers
that errors need. (libyaml's C parser is some ten times faster than PyYAML's own, which
matters for a file near the size limit.)
"""

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from store.datafile.errors import DataError, DataFileInvalid

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that we still will not read (aliases, tags, deep nesting)."""


class _Composer:
    """Nodes from parser events, refusing what a hand-written data file never needs."""

    def __init__(self, text: str) -> None:
        self.parser: Any = yaml.CSafeLoader(text)  # its stubs type events loosely

    def document(self) -> Node | None:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return None
        parser.get_event()  # document start
        node = self._node(1)
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            mark = parser.peek_event().start_mark
            raise yaml.composer.ComposerError(
                problem="expected a single document in the stream, but found another document",
                problem_mark=mark,
            )
        return node

    def _node(self, depth: int) -> Node:
        event: Any = self.parser.get_event()
        mark: Any = event.start_mark
        scalar_end: Any = event.end_mark
        if isinstance(event, AliasEvent):
            # Refusing every alias is the simplest complete defence against "billion
            # laughs" bombs, and a hand-written data file has no need of them.
            raise _Refused(
                problem=f"aliases (*{event.anchor}) are not allowed here; write the value out",
                problem_mark=mark,
            )
        if event.tag not in (None, "!"):
            raise _Refused(
                problem=f"YAML tags ({event.tag}) are not allowed here", problem_mark=mark
            )
        if depth > MAX_DEPTH:
            raise _Refused(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=mark)
        if isinstance(event, ScalarEvent):
            tag = self.parser.resolve(ScalarNode, event.value, event.implicit)
            return ScalarNode(tag, event.value, mark, scalar_end, style=event.style)
        if isinstance(event, SequenceStartEvent):
            items = []
            while not self.parser.check_event(SequenceEndEvent):
                items.append(self._node(depth + 1))
            end = self.parser.get_event().end_mark
            return SequenceNode("tag:yaml.org,2002:seq", items, mark, end)
        assert isinstance(event, MappingStartEvent)
        pairs = []
        while not self.parser.check_event(MappingEndEvent):
            key = self._node(depth + 1)
            pairs.append((key, self._node(depth + 1)))
        end = self.parser.get_event().end_mark
        return MappingNode("tag:yaml.org,2002:map", pairs, mark, end)

    def dispose(self) -> None:
        self.parser.dispose()


def _refuse(filename: str, line: int, message: str) -> DataFileInvalid:
    return DataFileInvalid(filename, [DataError(line, "", message)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a missing, unreadable or oversized file before reading it
    all into memory."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _refuse(name, 1, "no such file") from None
    except IsADirectoryError:
        raise _refuse(name, 1, "this is a directory, not a data file") from None
    except OSError as exc:
        raise _refuse(name, 1, f"cannot read the file: {exc.strerror}") from None
    return data


def check_size(size: int, filename: str) -> None:
    if size > MAX_BYTES:
        raise _refuse(
            filename,
            1,
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            "a data file is never that big",
        )


def decode(data: bytes, filename: str) -> str:
    """UTF-8 text, or a clear refusal for oversized, binary or otherwise encoded files."""
    check_size(len(data), filename)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _refuse(
            filename,
            line,
            "this is a binary file, not YAML text (it contains NUL "
            "bytes; save the data file as UTF-8 text)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse(
            filename,
            line,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the data file as UTF-8",
        ) from None


def _single_node(text: str) -> Node | None:
    composer = _Composer(text)
    try:
        return composer.document()
    finally:
        composer.dispose()


def compose(text: str, filename: str) -> Node | None:
    """The single YAML document's node tree, or None for an empty document."""
    if len(text) > MAX_BYTES // 4:  # cheap first: no character is longer than four bytes
        check_size(len(text.encode("utf-8")), filename)
    try:
        return _single_node(text)
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes of the UTF-8 text
        line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _refuse(
            filename, line, f"the control character U+{code:04X} is not allowed in YAML text"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = ", ".join(part for part in (exc.context, exc.problem) if part)
        prefix = "" if isinstance(exc, _Refused) else "malformed YAML: "
        raise _refuse(filename, line, prefix + what) from None

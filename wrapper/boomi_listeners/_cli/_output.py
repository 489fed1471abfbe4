"""Where results go: Rich tables (``--output table``, the default), plain lines (``--output plain``)
or one JSON document (``--output json``, also ``--json``).

Results go to stdout, errors and progress to stderr. Text that comes from
outside (IDs, Boomi's messages) is never read as Rich markup. When stdout is not
a terminal (a pipe, a CI log) nothing is cut to the terminal's width: IDs and
statuses are printed whole whatever ``COLUMNS`` says.

``plain`` is for grep, awk and cut: one line per listener or result, fields
separated by one tab, no header, no colour, no box drawing.

Every ``--json`` document starts with ``schema_version`` and ``command`` and is
described by the JSON Schema shipped at ``boomi_listeners/schemas/cli-output.schema.json``
(docs/cli-json.md). Adding a field keeps the version; renaming, removing or
changing the meaning of one raises it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from boomi_listeners._cli._dryrun import PlannedRequest
from boomi_listeners._cli._problems import Problem

if TYPE_CHECKING:
    from boomi_listeners._results import ListenerState

__all__ = ["JSON_SCHEMA_VERSION", "Output", "console", "plain_line", "state_json"]

#: The version of the ``--json`` document format (see cli-output.schema.json).
JSON_SCHEMA_VERSION = 1

_STATUS_STYLE = {"listening": "green", "paused": "yellow", "errored": "bold red"}
#: The width of a console that is not a terminal: wide enough that no ID or status is ever cut.
UNBOUNDED_WIDTH = 100_000


def console(file: TextIO) -> Console:
    """A console for ``file``: the terminal's width on a terminal, otherwise never cutting anything."""
    width = None if file.isatty() else UNBOUNDED_WIDTH
    return Console(file=file, highlight=False, soft_wrap=True, width=width)


def plain_line(*fields: object) -> str:
    """One ``--output plain`` line: the fields separated by tabs (a missing value is ``-``)."""
    return "\t".join("-" if value is None or value == "" else " ".join(str(value).split()) for value in fields)


def state_json(state: ListenerState, container_id: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {} if container_id is None else {"container_id": container_id}
    doc |= {
        "listener_id": state.listener_id,
        "status": state.status,
        "connector_type": state.connector_type,
    }
    if state.nodes:  # one row per node of a molecule or cloud
        doc["nodes"] = list(state.nodes)
    return doc


class Output:
    """Writes a command's result in the form asked for."""

    def __init__(self, *, json_mode: bool = False, command: str | None = None, mode: str | None = None) -> None:
        self.mode = "json" if json_mode else (mode or "table")
        self.json_mode = self.mode == "json"
        self.plain_mode = self.mode == "plain"
        self.command = command
        self.out = console(sys.stdout)
        self.err = console(sys.stderr)

    # -- building blocks ---------------------------------------------------------------------

    def document(self, doc: Mapping[str, Any]) -> None:
        """The one JSON document of a ``--json`` run, stamped with its format version and command."""
        stamped = {"schema_version": JSON_SCHEMA_VERSION, "command": self.command, **doc}
        sys.stdout.write(json.dumps(stamped, indent=2) + "\n")
        sys.stdout.flush()

    def say(self, text: str | Text) -> None:
        """A line of the readable result (nothing in JSON mode; commands with plain lines skip it in plain mode)."""
        if not self.json_mode:
            self.out.print(text, markup=False)

    def line(self, *fields: object) -> None:
        """One ``--output plain`` line of tab-separated fields (nothing in the other modes)."""
        if self.plain_mode:
            sys.stdout.write(plain_line(*fields) + "\n")
            sys.stdout.flush()

    def note(self, text: str) -> None:
        """A remark on stderr, in both modes (it never mixes with the JSON on stdout)."""
        self.err.print(Text(text, style="dim"), markup=False)

    def problem(self, problem: Problem) -> None:
        """An error on stderr, in both modes; JSON mode also reports it in the document."""
        self.err.print(Text.assemble(("error: ", "bold red"), problem.advice), markup=False)

    # -- composite views ----------------------------------------------------------------------

    @staticmethod
    def status_text(status: str | None) -> Text:
        value = status or "-"
        return Text(value, style=_STATUS_STYLE.get(value, ""))

    def states_table(self, states: Sequence[ListenerState], title: str, container_id: str | None = None) -> None:
        """The listeners of one runtime: a table, or (plain) one line each: runtime, listener, status, type."""
        if self.plain_mode:
            for state in states:
                nodes = f" ({', '.join(state.nodes)})" if state.nodes and state.status == "mixed" else ""
                self.line(container_id, state.listener_id, state.status + nodes, state.connector_type)
            return
        if not self.json_mode:
            self.listeners_table(states, title)

    def listeners_table(self, states: Sequence[ListenerState], title: str, *, with_names: bool = False) -> None:
        """A table of listeners: ID, status (a mixed one names its nodes), connector type; names first if asked."""
        table = Table(title=title, title_justify="left")
        if with_names:
            table.add_column("Name")
        for column in ("Listener", "Status", "Connector type"):
            table.add_column(column, no_wrap=True)
        for state in states:
            status = self.status_text(state.status)
            if state.nodes and state.status == "mixed":
                status.append(f" ({', '.join(state.nodes)})")
            name = (state.name or "-",) if with_names else ()
            table.add_row(*name, state.listener_id, status, state.connector_type or "-")
        self.out.print(table)

    def requests(self, planned: Iterable[PlannedRequest]) -> None:
        """The readable form of ``--dry-run``."""
        items = list(planned)
        if self.plain_mode:  # one line per request: method, URL, JSON body, note
            for request in items:
                body = json.dumps(request.body, separators=(",", ":")) if request.body is not None else None
                self.line(request.method, request.url, body, request.note)
            return
        self.say(f"Dry run: nothing was sent. The command would send {len(items)} request(s):")
        for number, request in enumerate(items, start=1):
            self.say("")
            self.say(f"{number}. {request.method} {request.url}")
            for name, value in request.headers.items():
                self.say(f"   {name}: {value}")
            if request.body is not None:
                self.say("   " + json.dumps(request.body, indent=2).replace("\n", "\n   "))
            if request.note:
                self.say(f"   ({request.note})")

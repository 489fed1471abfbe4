"""Where results go: readable text and Rich tables, or one JSON document with ``--json``.

Results go to stdout, errors and progress to stderr. Text that comes from
outside (IDs, Boomi's messages) is never read as Rich markup.

Every ``--json`` document starts with ``schema_version`` and ``command`` and is
described by the JSON Schema shipped at ``boomi_listeners/schemas/cli-output.schema.json``
(docs/cli-json.md). Adding a field keeps the version; renaming, removing or
changing the meaning of one raises it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from boomi_listeners._cli._dryrun import PlannedRequest
from boomi_listeners._cli._problems import Problem
from boomi_listeners._results import ListenerState

__all__ = ["JSON_SCHEMA_VERSION", "Output", "state_json"]

#: The version of the ``--json`` document format (see cli-output.schema.json).
JSON_SCHEMA_VERSION = 1

_STATUS_STYLE = {"listening": "green", "paused": "yellow", "errored": "bold red"}


def state_json(state: ListenerState) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "listener_id": state.listener_id,
        "status": state.status,
        "connector_type": state.connector_type,
    }
    if state.nodes:  # one row per node of a molecule or cloud
        doc["nodes"] = list(state.nodes)
    return doc


class Output:
    """Writes a command's result in the form asked for."""

    def __init__(self, *, json_mode: bool, command: str | None = None) -> None:
        self.json_mode = json_mode
        self.command = command
        self.out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        self.err = Console(file=sys.stderr, highlight=False, soft_wrap=True)

    # -- building blocks ---------------------------------------------------------------------

    def document(self, doc: Mapping[str, Any]) -> None:
        """The one JSON document of a ``--json`` run, stamped with its format version and command."""
        stamped = {"schema_version": JSON_SCHEMA_VERSION, "command": self.command, **doc}
        sys.stdout.write(json.dumps(stamped, indent=2) + "\n")
        sys.stdout.flush()

    def say(self, text: str | Text) -> None:
        """A line of the readable result (nothing in JSON mode)."""
        if not self.json_mode:
            self.out.print(text, markup=False)

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

    def states_table(self, states: Sequence[ListenerState], title: str) -> None:
        if self.json_mode:
            return
        table = Table(title=title, title_justify="left")
        table.add_column("Listener", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Connector type", no_wrap=True)
        for state in states:
            status = self.status_text(state.status)
            if state.nodes and state.status == "mixed":
                status.append(f" ({', '.join(state.nodes)})")
            table.add_row(state.listener_id, status, state.connector_type or "-")
        self.out.print(table)

    def requests(self, planned: Iterable[PlannedRequest]) -> None:
        """The readable form of ``--dry-run``."""
        items = list(planned)
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

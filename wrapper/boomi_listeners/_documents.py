"""The listener state document: each listener's status on one or more runtimes, versioned.

``snapshot`` writes one, ``apply`` brings runtimes to one, and a maintenance
window's journal is one (with a ``window`` member saying whether its restore
was confirmed). YAML or JSON on disk; every document read is checked against
the JSON Schema shipped in the package for its version (``schemas/listener-state.v1.schema.json``,
``schemas/listener-state.v2.schema.json``), so an error names the field instead of failing
later, half-way through a change.

Version 2 adds each runtime's process schedules (``schedules``). A document is written in the
lowest version that holds it: one without schedules stays version 1, so releases that read only
version 1 keep reading it; both versions are read.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from boomi_listeners._exceptions import DocumentError, InvalidRequestError
from boomi_listeners._results import ListenerState

__all__ = [
    "DOCUMENT_VERSION",
    "SCHEMA_RESOURCE",
    "DocumentListener",
    "DocumentRuntime",
    "DocumentSchedule",
    "StateDocument",
    "WindowRecord",
    "as_document",
    "schema",
    "unsettled",
    "utc_now",
]

#: The newest version this release writes (and every version up to it is read).
DOCUMENT_VERSION = 2
VERSIONS = (1, 2)
SCHEMA_RESOURCE = "schemas/listener-state.v{version}.schema.json"
#: A document larger than this is refused before parsing (about 30,000 listeners; a snapshot of
#: 100 runtimes of 50 listeners each is under 0.5 MB).
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
#: Nesting deeper than this is refused while parsing (a valid document nests 5 levels deep).
MAX_DOCUMENT_DEPTH = 32
Format = Literal["yaml", "json"]
_STATUSES = frozenset({"listening", "paused", "errored"})


def utc_now() -> str:
    """Now, as the document's timestamps are written: ISO 8601, UTC, seconds."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@functools.cache
def schema(version: int = DOCUMENT_VERSION) -> dict[str, Any]:
    """The JSON Schema of documents of ``version`` (1 or 2), as shipped in the package."""
    from importlib import resources  # with the first document read or written, not with the client

    resource = SCHEMA_RESOURCE.format(version=version)
    text = resources.files("boomi_listeners").joinpath(resource).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def _validator(version: int) -> Any:
    # jsonschema and PyYAML load on first use (they cost ~45 ms of import), not with the client.
    import jsonschema  # type: ignore[import-untyped]

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(schema(version), format_checker=checker)


def _version_of(data: Any) -> int:
    """The version a document says it is (the newest when it says none: its schema then names what is wrong)."""
    version = data.get("version") if isinstance(data, Mapping) else None
    if isinstance(version, int) and not isinstance(version, bool) and version in VERSIONS:
        return version
    return DOCUMENT_VERSION


@dataclass(frozen=True)
class DocumentListener:
    """One listener's status in a document."""

    listener_id: str
    status: str
    connector_type: str | None = None
    #: The listener's process name, when the document was taken with names; the ID stays the key.
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"listener_id": self.listener_id}
        if self.name is not None:
            data["name"] = self.name
        data["status"] = self.status
        if self.connector_type is not None:
            data["connector_type"] = self.connector_type
        return data


@dataclass(frozen=True)
class DocumentSchedule:
    """One process schedule's status on a runtime (Boomi's ``ProcessScheduleStatus``) in a document."""

    schedule_id: str
    process_id: str
    enabled: bool
    #: The process's name, when the document was taken with names; the ID stays the key.
    name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"schedule_id": self.schedule_id, "process_id": self.process_id}
        if self.name is not None:
            data["name"] = self.name
        data["enabled"] = self.enabled
        return data


@dataclass(frozen=True)
class DocumentRuntime:
    """The listeners (and, when covered, the process schedules) of one runtime (``container_id``) in a document."""

    container_id: str
    listeners: tuple[DocumentListener, ...] = ()
    #: The runtime's name, when the document was taken with names; the ID stays the key.
    name: str | None = None
    #: The runtime's schedules, or None when the document does not cover them (then nothing
    #: reads or changes them for this runtime). An empty tuple: covered, and there are none.
    schedules: tuple[DocumentSchedule, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"container_id": self.container_id}
        if self.name is not None:
            data["name"] = self.name
        data["listeners"] = [item.as_dict() for item in self.listeners]
        if self.schedules is not None:
            data["schedules"] = [item.as_dict() for item in self.schedules]
        return data


@dataclass(frozen=True)
class WindowRecord:
    """What a maintenance window's journal adds to its snapshot: whether the restore was confirmed."""

    state: Literal["open", "restored"] = "open"
    started_at: str | None = None
    restored_at: str | None = None
    pid: int | None = None
    #: The host the window ran on and its process's start time (as the OS reports it): with
    #: ``pid`` they tell a live window from a dead one whose pid was reused.
    host: str | None = None
    process_started: str | None = None
    #: Listeners the window paused that someone else changed during the window: left alone by the restore.
    left_alone: tuple[tuple[str, str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"state": self.state}
        for name in ("started_at", "restored_at", "pid", "host", "process_started"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.left_alone:
            data["left_alone"] = [
                {"container_id": c, "listener_id": lid, "status": status} for c, lid, status in self.left_alone
            ]
        return data


@dataclass(frozen=True)
class StateDocument:
    """Listener statuses (and optionally process schedule statuses) on one or more runtimes.

    Build one with :meth:`ListenerClient.snapshot`, :meth:`from_states`, :meth:`load`
    or :meth:`loads`; write it with :meth:`dump` or :meth:`dumps`. The YAML form::

        version: 1
        taken_at: '2025-01-31T09:00:00Z'
        runtimes:
        - container_id: b2d4f6a8-...
          listeners:
          - {listener_id: 3f1c2a9e-..., status: listening, connector_type: wss}
          - {listener_id: 95987f23-..., status: paused, connector_type: jms}

    Runtimes and listeners may carry a ``name`` beside their ID (``snapshot(names=True)``): names
    are for people reading the document; IDs stay the key, so a name never changes what
    ``apply`` or a window does, and a document without names means the same.

    A runtime may carry ``schedules`` (version 2, ``snapshot(schedules=True)``)::

          schedules:
          - {schedule_id: Q1BS..., process_id: 7a1e..., enabled: true}

    It is written in the lowest version that holds it (:attr:`version`: 2 with schedules, else 1).
    """

    runtimes: tuple[DocumentRuntime, ...]
    taken_at: str | None = None
    window: WindowRecord | None = None

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def from_states(
        cls, states: Iterable[tuple[str, Sequence[ListenerState]]], *, taken_at: str | None = None
    ) -> StateDocument:
        """A document from ``(container_id, statuses)`` pairs as :meth:`ListenerClient.statuses` returns them."""
        runtimes = tuple(
            DocumentRuntime(
                container_id,
                tuple(DocumentListener(s.listener_id, str(s.status), s.connector_type) for s in found),
            )
            for container_id, found in states
        )
        document = cls(runtimes, taken_at=taken_at or utc_now())
        return cls.from_dict(document.as_dict())  # the same checks as a document read from disk

    @classmethod
    def from_dict(cls, data: Any) -> StateDocument:
        """Validate ``data`` against the schema and build the document; DocumentError names the bad field."""
        try:
            errors = sorted(
                _validator(_version_of(data)).iter_errors(data),
                key=lambda e: (len(e.absolute_path), list(map(str, e.path))),
            )
        except RecursionError:
            raise DocumentError(
                f"invalid listener state document: nested deeper than {MAX_DOCUMENT_DEPTH} levels", field="document"
            ) from None
        if errors:
            error = errors[0]
            where = _field(error)
            raise DocumentError(f"invalid listener state document: {where}: {_message(error)}", field=where)
        runtimes = []
        seen_runtimes: set[str] = set()
        for r_index, runtime in enumerate(data["runtimes"]):
            container_id = runtime["container_id"]
            if container_id in seen_runtimes:
                where = f"runtimes[{r_index}].container_id"
                raise DocumentError(
                    f"invalid listener state document: {where}: runtime {container_id} appears twice", field=where
                )
            seen_runtimes.add(container_id)
            _refuse_repeats(runtime, r_index, "listeners", "listener_id", "listener")
            listeners = [
                DocumentListener(item["listener_id"], item["status"], item.get("connector_type"), item.get("name"))
                for item in runtime["listeners"]
            ]
            runtimes.append(
                DocumentRuntime(container_id, tuple(listeners), runtime.get("name"), _schedules(runtime, r_index))
            )
        window = data.get("window")
        record = None
        if window is not None:
            record = WindowRecord(
                window["state"],
                window.get("started_at"),
                window.get("restored_at"),
                window.get("pid"),
                window.get("host"),
                window.get("process_started"),
                tuple((i["container_id"], i["listener_id"], i["status"]) for i in window.get("left_alone", ())),
            )
        return cls(tuple(runtimes), taken_at=data.get("taken_at"), window=record)

    @classmethod
    def loads(cls, text: str, *, source: str = "document") -> StateDocument:
        """Parse YAML or JSON text (JSON is valid YAML) and validate it.

        Whatever the text, the answer is a document or a DocumentError naming ``source``: the
        size is checked before parsing, aliases and anchors are refused (no expansion bombs),
        nesting is bounded, and a key given twice is refused with its line.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        from boomi_listeners._yaml_safe import parse

        data = parse(text, source=source, max_bytes=MAX_DOCUMENT_BYTES, max_depth=MAX_DOCUMENT_DEPTH)
        try:
            return cls.from_dict(data)
        except DocumentError as exc:
            if source == "document":
                raise
            raise DocumentError(f"{source}: {exc}", field=exc.field) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> StateDocument:
        """Read and validate a document file (YAML or JSON)."""
        try:
            with Path(path).open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)  # never more than the limit, whatever the file
            if len(raw) > MAX_DOCUMENT_BYTES:
                raise DocumentError(
                    f"{path}: larger than {MAX_DOCUMENT_BYTES} bytes: not a listener state document", field="document"
                )
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidRequestError(f"cannot read listener state document {path}: {exc}", field="path") from None
        return cls.loads(text, source=str(path))

    # -- writing ------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """The version the document is written as: 2 when it carries schedules, else 1."""
        return 2 if self.covers_schedules else 1

    @property
    def covers_schedules(self) -> bool:
        """Some runtime of the document carries its schedules (it is written as version 2)."""
        return any(runtime.schedules is not None for runtime in self.runtimes)

    def schedules(self) -> Iterable[tuple[str, DocumentSchedule]]:
        """Every ``(container_id, schedule)`` pair, in document order."""
        for runtime in self.runtimes:
            for item in runtime.schedules or ():
                yield runtime.container_id, item

    def with_schedules(self, found: Mapping[str, Sequence[DocumentSchedule]]) -> StateDocument:
        """The same document with these runtimes' schedules (container ID -> schedules) recorded."""
        return replace(
            self,
            runtimes=tuple(
                replace(r, schedules=tuple(found[r.container_id])) if r.container_id in found else r
                for r in self.runtimes
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": self.version}
        if self.taken_at is not None:
            data["taken_at"] = self.taken_at
        data["runtimes"] = [runtime.as_dict() for runtime in self.runtimes]
        if self.window is not None:
            data["window"] = self.window.as_dict()
        return data

    def dumps(self, format: Format = "yaml") -> str:
        """The document as YAML (default) or JSON text."""
        if format == "json":
            return json.dumps(self.as_dict(), indent=2) + "\n"
        if format == "yaml":
            import yaml

            dumped: str = yaml.dump(self.as_dict(), Dumper=_dumper(), sort_keys=False, default_flow_style=False)
            return dumped
        raise InvalidRequestError(f"format must be 'yaml' or 'json', not {format!r}", field="format")

    def dump(self, path: str | os.PathLike[str], format: Format | None = None) -> None:
        """Write the document; the format follows the suffix (``.json`` -> JSON, else YAML) unless given."""
        target = Path(path)
        chosen: Format = format or ("json" if target.suffix.lower() == ".json" else "yaml")
        target.write_text(self.dumps(chosen), encoding="utf-8")

    # -- reading ------------------------------------------------------------------------------------

    @property
    def container_ids(self) -> tuple[str, ...]:
        return tuple(runtime.container_id for runtime in self.runtimes)

    def listeners(self) -> Iterable[tuple[str, DocumentListener]]:
        """Every ``(container_id, listener)`` pair, in document order."""
        for runtime in self.runtimes:
            for item in runtime.listeners:
                yield runtime.container_id, item

    def only(self, listener_ids: Sequence[str] | None) -> StateDocument:
        """The same document narrowed to ``listener_ids`` (None: all); names any ID not in it."""
        if listener_ids is None:
            return self
        wanted = set(listener_ids)
        found = {item.listener_id for _, item in self.listeners()}
        missing = [lid for lid in dict.fromkeys(listener_ids) if lid not in found]
        if missing:
            raise InvalidRequestError(
                f"listener(s) {', '.join(missing)} not reported on runtime(s) {', '.join(self.container_ids)}: "
                "check the listener IDs (a listener's ID is its process component ID) and the runtimes",
                field="listener_ids",
            )
        runtimes = tuple(
            replace(r, listeners=tuple(i for i in r.listeners if i.listener_id in wanted)) for r in self.runtimes
        )
        # A runtime keeps its place for its schedules even when none of its listeners is wanted.
        return replace(self, runtimes=tuple(r for r in runtimes if r.listeners or r.schedules is not None))

    def with_window(self, record: WindowRecord | None) -> StateDocument:
        return replace(self, window=record)

    def with_names(self, runtimes: Mapping[str, str | None], listeners: Mapping[str, str | None]) -> StateDocument:
        """The same document with the names given (runtime ID -> name, process ID -> name) beside the IDs.

        A listener's ID is its process's ID, so ``listeners`` names scheduled processes too. An ID
        without a name in the mappings keeps the name it had (None when it had none).
        """
        return replace(
            self,
            runtimes=tuple(
                replace(
                    runtime,
                    name=runtimes.get(runtime.container_id) or runtime.name,
                    listeners=tuple(
                        replace(item, name=listeners.get(item.listener_id) or item.name) for item in runtime.listeners
                    ),
                    schedules=None
                    if runtime.schedules is None
                    else tuple(replace(s, name=listeners.get(s.process_id) or s.name) for s in runtime.schedules),
                )
                for runtime in self.runtimes
            ),
        )

    def names(self) -> dict[tuple[str, str | None], str]:
        """The names the document carries: ``(container_id, None)`` -> runtime name, ``(container_id, listener_id)``
        -> listener name (IDs without a name left out)."""
        found: dict[tuple[str, str | None], str] = {}
        for runtime in self.runtimes:
            if runtime.name:
                found[(runtime.container_id, None)] = runtime.name
            for item in runtime.listeners:
                if item.name:
                    found[(runtime.container_id, item.listener_id)] = item.name
        return found


@functools.cache
def _dumper() -> Any:
    """YAML's safe dumper, writing str enums (a listener's status) as the plain strings they are."""
    import enum

    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_multi_representer(enum.StrEnum, lambda dumper, value: dumper.represent_str(str(value.value)))
    return Dumper


def _schedules(runtime: Mapping[str, Any], index: int) -> tuple[DocumentSchedule, ...] | None:
    """A runtime's schedules as read (the schema checked their shape); a schedule given twice is refused."""
    if "schedules" not in runtime:
        return None
    _refuse_repeats(runtime, index, "schedules", "schedule_id", "schedule")
    return tuple(
        DocumentSchedule(item["schedule_id"], item["process_id"], item["enabled"], item.get("name"))
        for item in runtime["schedules"]
    )


def _refuse_repeats(runtime: Mapping[str, Any], index: int, items: str, key: str, what: str) -> None:
    """A DocumentError naming the first of the runtime's ``items`` whose ``key`` an earlier one already has."""
    seen: set[str] = set()
    for item_index, item in enumerate(runtime[items]):
        if item[key] in seen:
            where = f"runtimes[{index}].{items}[{item_index}].{key}"
            raise DocumentError(
                f"invalid listener state document: {where}: {what} {item[key]} appears twice on runtime "
                f"{runtime['container_id']}",
                field=where,
            )
        seen.add(item[key])


def as_document(document: Any) -> StateDocument:
    """A StateDocument from a StateDocument, a mapping (validated) or a path to a YAML/JSON file."""
    if isinstance(document, StateDocument):
        return document
    if isinstance(document, Mapping):
        return StateDocument.from_dict(document)
    if isinstance(document, os.PathLike):
        return StateDocument.load(document)
    raise TypeError(
        f"document must be a StateDocument, a mapping or a pathlib.Path, not {type(document).__name__} "
        "(for a file name given as a string, pass Path(name))"
    )


def unsettled(states: Iterable[ListenerState]) -> list[str]:
    """Listeners whose status a document cannot hold (``mixed``: nodes still disagree)."""
    return [s.listener_id for s in states if s.status not in _STATUSES]


def _path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _field(error: Any) -> str:
    """The dotted path of the offending field; for a missing or unknown property, that property."""
    base = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, Mapping):
        missing = [name for name in error.validator_value if name not in error.instance]
        if missing:
            base.append(missing[0])
    elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = set(error.schema.get("properties", {}))
        extra = [name for name in error.instance if name not in allowed]
        if extra:
            base.append(extra[0])
    return _path(base) or "document"


def _message(error: Any) -> str:
    if error.validator == "const" and list(error.absolute_path) == ["version"]:
        readable = " and ".join(str(v) for v in VERSIONS)
        return f"unsupported version {error.instance!r}; this release reads versions {readable}"
    if error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "additionalProperties":
        return "unknown field"
    if error.validator == "required":
        return "required field is missing"
    if error.validator == "pattern" or error.validator == "minLength":
        return "must not be empty"
    return str(error.message)

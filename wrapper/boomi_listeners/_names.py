"""Names for runtimes, environments and listener processes: requests, answers and resolution, free of I/O.

Boomi's API speaks IDs; people speak names. Boomi's own CI tooling resolves a runtime name with an
Atom QUERY and a process name with a Process QUERY before it calls changeListenerStatus, and so do
the clients here: everything that builds those requests, reads their answers (query pages with
``queryToken``, bulk answers with a status per ID) and decides what a name means lives in this
module, so the sync and async clients only send and hand answers back.

Names are not unique on Boomi (its own Process example answers two processes called "Order
Intake"). Resolution is by exact name and never guesses: no match raises :class:`NameNotFoundError`
naming what was searched, several raise :class:`AmbiguousNameError` listing every match with its ID.
Both are :class:`NameResolutionError`, a :class:`~boomi_listeners.BoomiError` and a ``ValueError``
(a name that does not name one thing is bad input, found out by asking Boomi).

A ListenerStatus ``listenerId`` is the listener process's component ID, so a listener's name is its
Process's name: :class:`NameCache` keeps names found by one bulk Process GET per call for a bounded
time per client.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from boomi_listeners._checks import check_id, refused
from boomi_listeners._exceptions import BoomiError, UnexpectedResponseError
from boomi_listeners._paging import BULK_LIMIT, equals
from boomi_listeners._protocol import Request, json_object, status_code_of, unreadable
from boomi_listeners._results import ListenerState

if TYPE_CHECKING:
    from boomi_listeners_api.models import Atom, Environment, EnvironmentAtomAttachment, Process

__all__ = [
    "NAME_CACHE_SECONDS",
    "AmbiguousNameError",
    "EnvironmentInfo",
    "NameCache",
    "NameNotFoundError",
    "NameResolutionError",
    "ObjectType",
    "ProcessInfo",
    "RuntimeInfo",
    "RuntimeOfflineError",
    "attached_runtime_ids",
    "bulk_path",
    "bulk_requests",
    "cache_of",
    "checked_names",
    "distinct_runtimes",
    "equals",
    "join_runtimes",
    "models",
    "named",
    "offline",
    "offline_error",
    "one",
    "process_names",
    "query_request",
    "read_bulk",
    "runtime_filter",
    "runtime_of",
    "select_runtimes",
    "the_environment",
    "the_process",
    "the_runtime",
    "with_runtimes",
]

#: Seconds a listener name found by a bulk lookup is reused by the same client.
NAME_CACHE_SECONDS = 300.0

ObjectType = str  # "Atom", "Environment", "EnvironmentAtomAttachment" or "Process"
Expression = Mapping[str, Any]


@dataclass(frozen=True)
class _Operations:
    """The generated operation modules and models of each object type."""

    query: Mapping[ObjectType, tuple[Any, Any]]
    bulk: Mapping[ObjectType, tuple[Any, Any]]
    model: Mapping[ObjectType, Any]


@functools.cache
def _operations() -> _Operations:
    """The generated client's pieces, imported on the first name lookup, not with the package.

    Importing them loads every generated model (tens of milliseconds), which a program that never
    resolves a name should not pay at start-up.
    """
    from boomi_listeners_api.api.atom import bulk_atom, query_atom
    from boomi_listeners_api.api.environment import query_environment
    from boomi_listeners_api.api.environment_atom_attachment import query_environment_atom_attachment
    from boomi_listeners_api.api.process import bulk_process, query_process
    from boomi_listeners_api.models import (
        Atom,
        AtomBulkRequest,
        AtomQueryConfig,
        Environment,
        EnvironmentAtomAttachment,
        EnvironmentAtomAttachmentQueryConfig,
        EnvironmentQueryConfig,
        Process,
        ProcessBulkRequest,
        ProcessQueryConfig,
    )

    return _Operations(
        query={
            "Atom": (query_atom, AtomQueryConfig),
            "Environment": (query_environment, EnvironmentQueryConfig),
            "EnvironmentAtomAttachment": (query_environment_atom_attachment, EnvironmentAtomAttachmentQueryConfig),
            "Process": (query_process, ProcessQueryConfig),
        },
        bulk={"Atom": (bulk_atom, AtomBulkRequest), "Process": (bulk_process, ProcessBulkRequest)},
        model={
            "Atom": Atom,
            "Environment": Environment,
            "EnvironmentAtomAttachment": EnvironmentAtomAttachment,
            "Process": Process,
        },
    )


# -- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuntimeInfo:
    """A Runtime, Runtime cluster or Runtime cloud (Boomi's Atom object).

    ``type`` is ``ATOM``, ``MOLECULE`` or ``CLOUD``; ``status`` is Boomi's ``ONLINE``, ``OFFLINE``,
    ``WARNING`` or ``UNKNOWN``. ``environments`` holds the names of the environments the runtime is
    attached to; it is filled by :meth:`ListenerClient.runtimes` and left empty where a call did not
    look environments up.
    """

    id: str
    name: str
    type: str | None = None
    status: str | None = None
    environments: tuple[str, ...] = ()

    @property
    def online(self) -> bool:
        """False only when Boomi reports the runtime OFFLINE (a change to it would answer 410)."""
        return self.status != "OFFLINE"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "status": self.status,
            "environments": list(self.environments),
        }


@dataclass(frozen=True)
class EnvironmentInfo:
    """An environment and the runtimes attached to it (with their status)."""

    id: str
    name: str
    classification: str | None = None
    runtimes: tuple[RuntimeInfo, ...] = ()


@dataclass(frozen=True)
class ProcessInfo:
    """A process component; for a listener, its ID is the ListenerStatus ``listenerId``."""

    id: str
    name: str


# -- errors ---------------------------------------------------------------------------------------


class NameResolutionError(BoomiError, ValueError):
    """A name did not name exactly one thing; ``kind``, ``name`` and ``matches`` say what was found.

    The CLI exits 2 on it, as on any other bad input.
    """

    def __init__(self, message: str, *, kind: str, name: str, matches: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        #: (ID, name) of every match, in Boomi's order.
        self.matches = tuple(matches)


class NameNotFoundError(NameResolutionError):
    """Nothing on the account has this exact name."""


class AmbiguousNameError(NameResolutionError):
    """Several things have this exact name; ``matches`` lists each one's ID."""


class RuntimeOfflineError(BoomiError):
    """Runtimes named for a change are offline: reported before any change is sent (Boomi would answer 410)."""

    def __init__(self, message: str, *, runtimes: Sequence[RuntimeInfo] = ()) -> None:
        super().__init__(message)
        self.runtimes = tuple(runtimes)


_PLURALS = {"listener process": "listener processes"}


def one(kind: str, name: str, found: Sequence[tuple[str, str]]) -> str:
    """The ID of the only (ID, name) in ``found`` whose name is exactly ``name``, or the error saying why not.

    Boomi's EQUALS may compare without regard to case; the exact name decides here.
    """
    exact = [(object_id, found_name) for object_id, found_name in found if found_name == name]
    if not exact:
        near = sorted({n for _, n in found})
        hint = f" Names that differ only in case: {', '.join(near)}." if near else ""
        raise NameNotFoundError(
            f"No {kind} is named {name!r} (searched by exact name).{hint} Check the name, or give the ID instead.",
            kind=kind,
            name=name,
        )
    if len(exact) > 1:
        plural = _PLURALS.get(kind, f"{kind}s")
        listed = ", ".join(object_id for object_id, _ in exact)
        raise AmbiguousNameError(
            f"{len(exact)} {plural} are named {name!r}: {listed}. Names are not unique on Boomi: give the ID of "
            "the one you mean instead.",
            kind=kind,
            name=name,
            matches=exact,
        )
    return exact[0][0]


def the_runtime(name: str, atoms: Sequence[Atom]) -> RuntimeInfo:
    wanted = one("runtime", name, named(atoms))
    return next(runtime_of(atom) for atom in atoms if _text(atom.id) == wanted)


def the_process(name: str, processes: Sequence[Process]) -> ProcessInfo:
    return ProcessInfo(one("listener process", name, named(processes)), name)


def the_environment(name: str, environments: Sequence[Environment]) -> EnvironmentInfo:
    wanted = one("environment", name, named(environments))
    found = next(e for e in environments if _text(e.id) == wanted)
    return EnvironmentInfo(wanted, name, _enum_text(found.classification))


def with_runtimes(environment: EnvironmentInfo, ids: Sequence[str], atoms: Mapping[str, Atom]) -> EnvironmentInfo:
    """The environment with its attached runtimes, in attachment order (IDs Boomi no longer has left out)."""
    runtimes = tuple(runtime_of(atoms[i], (environment.name,)) for i in ids if i in atoms)
    return replace(environment, runtimes=runtimes)


def select_runtimes(
    runtimes: list[RuntimeInfo], environments: Sequence[Environment], environment: str | None
) -> list[RuntimeInfo]:
    """All ``runtimes``, or those attached to the environment of exactly that name (which must exist)."""
    if environment is None:
        return runtimes
    one("environment", environment, named(environments))
    return [runtime for runtime in runtimes if environment in runtime.environments]


def distinct_runtimes(runtimes: Iterable[RuntimeInfo], *, require_online: bool) -> list[RuntimeInfo]:
    """Each runtime once (first mention wins); with ``require_online``, RuntimeOfflineError if any is offline."""
    first: dict[str, RuntimeInfo] = {}
    for runtime in runtimes:
        first.setdefault(runtime.id, runtime)
    unique = list(first.values())
    down = offline(unique)
    if require_online and down:
        raise offline_error(down)
    return unique


def bulk_path(object_type: ObjectType) -> str:
    return f"/{object_type}/bulk"


def offline(runtimes: Iterable[RuntimeInfo]) -> list[RuntimeInfo]:
    """The runtimes Boomi reports OFFLINE."""
    return [runtime for runtime in runtimes if not runtime.online]


def offline_error(runtimes: Sequence[RuntimeInfo]) -> RuntimeOfflineError:
    listed = ", ".join(f"{r.name!r} ({r.id})" for r in runtimes)
    return RuntimeOfflineError(
        f"offline, so a change would answer 410: {listed}. Bring the runtime back online, or leave it out.",
        runtimes=runtimes,
    )


# -- requests -------------------------------------------------------------------------------------


def checked_names(names: Iterable[str] | str, what: str) -> list[str]:
    """Each name once, in order; a bare string is refused (it would be read letter by letter)."""
    if isinstance(names, str):
        raise refused(what, "a list of names, not one string", names)
    return list(dict.fromkeys(check_id(name, f"{what}[{i}]") for i, name in enumerate(names)))


def _all_of(terms: Sequence[Expression]) -> Expression | None:
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    return {"operator": "and", "nestedExpression": list(terms)}


def runtime_filter(*, name: str | None = None, type: str | None = None, status: str | None = None) -> Expression | None:
    """The Atom QueryFilter for these (optional) filters, all of which must hold."""
    terms = []
    for prop, value in (("name", name), ("type", type), ("status", status)):
        if value is not None:
            terms.append(equals(prop, check_id(value, prop).upper() if prop != "name" else value))
    return _all_of(terms)


def query_request(object_type: ObjectType, expression: Expression | None) -> Request:
    """``POST /{object_type}/query``: with the filter, or without a body (every object of the account)."""
    module, config = _operations().query[object_type]
    if expression is None:
        request: Request = module._get_kwargs()
        request["headers"].pop("Content-Type", None)
        return request
    body = config.from_dict({"QueryFilter": {"expression": dict(expression)}})
    built: Request = module._get_kwargs(body=body)
    return built


def bulk_requests(object_type: ObjectType, ids: Iterable[str]) -> list[Request]:
    """``POST /{object_type}/bulk`` (type GET) for ``ids``, at most 100 per request, each ID once."""
    module, config = _operations().bulk[object_type]
    unique = list(dict.fromkeys(ids))
    return [
        module._get_kwargs(
            body=config.from_dict({"type": "GET", "request": [{"id": i} for i in unique[start : start + BULK_LIMIT]]})
        )
        for start in range(0, len(unique), BULK_LIMIT)
    ]


# -- answers --------------------------------------------------------------------------------------


def models(object_type: ObjectType, rows: Iterable[Mapping[str, Any]], path: str) -> list[Any]:
    """A query's rows (read by ``_paging.read_page``) as the generated models of ``object_type``."""
    return [_row(object_type, row, path) for row in rows]


def _row(object_type: ObjectType, raw: Mapping[str, Any], path: str) -> Any:
    try:
        model = _operations().model[object_type]
        # Boomi's Process schema requires Description; a process without one is still a process.
        return model.from_dict({"Description": "", **raw} if object_type == "Process" else raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise UnexpectedResponseError(
            f"POST {path} answered a {object_type} the client cannot read ({type(exc).__name__}: {str(exc)[:80]})"
        ) from None


def read_bulk(object_type: ObjectType, response: httpx.Response, path: str) -> dict[str, Any]:
    """ID -> generated model for every ID the bulk answer found; IDs answered with an error are left out."""
    data = json_object(response, "POST", path)
    items = data.get("response") or []
    if not isinstance(items, list):
        raise unreadable("POST", path, response.status_code, "response is not a list")
    found: dict[str, Any] = {}
    for item in items:
        if (
            not isinstance(item, Mapping)
            # Read like every other status code: XML-born JSON writes "200" where it means 200.
            or status_code_of(item.get("statusCode", 200)) != 200
            or not isinstance(item.get("Result"), Mapping)
        ):
            continue  # a per-ID error (unknown or deleted ID): that ID simply has no name
        row = _row(object_type, item["Result"], path)
        object_id = _text(row.id) or (item.get("id") if isinstance(item.get("id"), str) else None)
        if object_id:
            found[object_id] = row
    return found


def _text(value: object) -> str | None:
    from boomi_listeners_api.types import Unset

    return None if isinstance(value, Unset) or value is None else str(value)


def _enum_text(value: object) -> str | None:
    return _text(getattr(value, "value", value))


def runtime_of(atom: Atom, environments: Sequence[str] = ()) -> RuntimeInfo:
    return RuntimeInfo(
        _text(atom.id) or "",
        _text(atom.name) or "",
        _enum_text(atom.type_),
        _enum_text(atom.status),
        tuple(environments),
    )


def named(rows: Iterable[Any]) -> list[tuple[str, str]]:
    """(ID, name) of each generated Atom/Environment/Process row."""
    return [(_text(row.id) or "", _text(row.name) or "") for row in rows]


def join_runtimes(
    atoms: Iterable[Atom], environments: Iterable[Environment], attachments: Iterable[EnvironmentAtomAttachment]
) -> list[RuntimeInfo]:
    """Runtimes with the names of the environments they are attached to, in Boomi's order."""
    env_names = {_text(e.id): _text(e.name) or "" for e in environments}
    attached: dict[str, list[str]] = {}
    for attachment in attachments:
        atom_id, env_id = _text(attachment.atom_id), _text(attachment.environment_id)
        if atom_id and env_id in env_names:
            attached.setdefault(atom_id, []).append(env_names[env_id])
    return [runtime_of(atom, sorted(attached.get(_text(atom.id) or "", []))) for atom in atoms]


def attached_runtime_ids(attachments: Iterable[EnvironmentAtomAttachment]) -> list[str]:
    return list(dict.fromkeys(i for a in attachments if (i := _text(a.atom_id))))


# -- listener names on states ---------------------------------------------------------------------


@dataclass
class NameCache:
    """Listener (process) names found so far, each kept ``seconds`` (names change rarely, IDs never).

    A name Boomi did not find is remembered as unknown for the same time, so a listener without a
    Process does not cost a lookup on every call. Thread-safe: one client may serve several threads.
    """

    seconds: float = NAME_CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _names: dict[str, tuple[str | None, float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def missing(self, ids: Iterable[str]) -> list[str]:
        """The IDs with no fresh entry, each once."""
        now = self.clock()
        with self._lock:
            return [i for i in dict.fromkeys(ids) if i not in self._names or self._names[i][1] <= now]

    def store(self, asked: Iterable[str], found: Mapping[str, str]) -> None:
        expires = self.clock() + self.seconds
        with self._lock:
            for listener_id in asked:
                self._names[listener_id] = (found.get(listener_id), expires)
            if len(self._names) > 100_000:  # bounded: forget expired entries first, then the oldest
                now = self.clock()
                for key in [k for k, (_, until) in self._names.items() if until <= now][:50_000]:
                    del self._names[key]

    def name(self, listener_id: str) -> str | None:
        with self._lock:
            entry = self._names.get(listener_id)
        return entry[0] if entry is not None else None

    def named(self, states: Iterable[ListenerState]) -> list[ListenerState]:
        """``states`` with ``name`` filled from the cache (unknown names stay None)."""
        return [attrs.evolve(state, name=self.name(state.listener_id)) for state in states]


def cache_of(client: object) -> NameCache:
    """The client's name cache, made on first use (clients keep one for their lifetime)."""
    holder: dict[str, Any] = vars(client)
    cache = holder.get("_listener_names")
    if not isinstance(cache, NameCache):
        cache = holder["_listener_names"] = NameCache()
    return cache


def process_names(found: Mapping[str, Any]) -> dict[str, str]:
    """ID -> name of the Processes a bulk answer found (nameless ones left out)."""
    return {object_id: name for object_id, row in found.items() if (name := _text(row.name))}

"""The fake platform's data: accounts, users, runtimes, listeners, schedules, executions, changes and queries.

Boomi applies a listener change *after* it has answered the request: the platform queues a
message for the runtime, and the runtime acts on it a little later. The fake models that with
time-stamped events kept in a heap. Nothing runs in the background; every read first applies the
events that are due ("lazy transitions"). That keeps the fake deterministic, free of tasks and
threads of its own, and equally correct in-process (ASGI transport) and behind a threaded server.

One re-entrant lock guards everything, because a server thread answers requests while a test
thread reads and mutates the same state.
"""

from __future__ import annotations

import base64
import datetime
import heapq
import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from boomi_listeners._actions import Action

__all__ = [
    "ACTIONS",
    "EXECUTION_PAGE_SIZE",
    "LISTENER_STATUSES",
    "MULTI_NODE_KINDS",
    "PRIVILEGE_API",
    "PRIVILEGE_ATOM_MANAGEMENT",
    "PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY",
    "Account",
    "Environment",
    "Execution",
    "FakeState",
    "Listener",
    "ListenerSnapshot",
    "NodeState",
    "QueryJob",
    "Runtime",
    "Schedule",
    "User",
    "schedule_id_of",
]

T = TypeVar("T")

LISTENING = "listening"
PAUSED = "paused"
ERRORED = "errored"
#: Statuses the ListenerStatus query reports (the spec's vocabulary).
LISTENER_STATUSES = frozenset({LISTENING, PAUSED, ERRORED})

#: Actions accepted by changeListenerStatus: the wrapper's Action, itself checked against the
#: generated enum (tests/test_spec_ties.py), so a new Boomi action reaches the fake from one place.
ACTIONS = tuple(action.value for action in Action)

PRIVILEGE_API = "API"
PRIVILEGE_ATOM_MANAGEMENT = "ATOM_MANAGEMENT"
#: Read-only Runtime Management: enough to read runtimes, environments (the name reads) and schedule
#: statuses, not to change listeners.
PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY = "ATOM_MANAGEMENT_READ_ONLY"
#: Boomi's privileges for the other objects a quiet runtime needs (each object's "Required Privileges").
PRIVILEGE_SCHEDULE_MAINTENANCE = "SCHEDULE_MAINTENANCE"
PRIVILEGE_VIEW_RESULT = "VIEW_RESULT"
#: Rows per page of a QUERY answer; more come with a queryToken (Boomi's "Query paging").
EXECUTION_PAGE_SIZE = 100

#: Oldest finished queries are forgotten beyond this many, so a long-running fake stays bounded.
MAX_QUERY_JOBS = 10_000

#: Runtime kinds made of several nodes.
MULTI_NODE_KINDS = frozenset({"MOLECULE", "CLOUD"})


@dataclass
class Account:
    """A Boomi account; every API path is scoped to one."""

    id: str
    name: str = ""


@dataclass
class User:
    """A platform user: password and/or API tokens, the accounts it may act for, and its privileges."""

    username: str
    password: str | None = None
    api_tokens: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    privileges: set[str] = field(
        default_factory=lambda: {PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, PRIVILEGE_VIEW_RESULT}
    )
    #: Base32 TOTP secret of a user with two-factor authentication; checked only under the ``totp`` profile.
    otp_secret: str | None = field(default=None, repr=False)


@dataclass
class Listener:
    """A deployed listener process on one runtime; ``id`` is the process component ID."""

    id: str
    name: str = ""
    connector_type: str = "wss"
    status: str = LISTENING
    # Sequence number of the last change request applied, so a late phase of an older restart
    # cannot overwrite the effect of a newer request.
    last_change: int = field(default=0, repr=False, compare=False)
    # Per-node state while the nodes of a multi-node runtime disagree (``molecule`` profile); empty
    # when every node has ``status``. ``status`` is what all nodes agree on, or the older status.
    node_states: list[NodeState] = field(default_factory=list, repr=False, compare=False)
    # Where the restart in progress leads (``Action.RESTART.transition`` of the status it began from).
    restart_to: str | None = field(default=None, repr=False, compare=False)

    def node_statuses(self, nodes: int) -> tuple[str, ...]:
        """The status of each of ``nodes`` nodes (all ``status`` unless a change is half applied)."""
        if len(self.node_states) == nodes:
            return tuple(node.status for node in self.node_states)
        return (self.status,) * nodes


@dataclass
class NodeState:
    """One node's view of a listener on a multi-node runtime."""

    status: str
    last_change: int = 0
    restart_to: str | None = None


@dataclass
class Schedule:
    """A deployed process's run schedules on one runtime: in effect (``enabled``) or stopped."""

    process_id: str
    process_name: str = ""
    enabled: bool = True


def schedule_id_of(container_id: str, process_id: str) -> str:
    """The conceptual ProcessScheduleStatus ID, "synthesized from the process and Runtime IDs" as Boomi says."""
    return base64.urlsafe_b64encode(f"{process_id}:{container_id}".encode()).decode().rstrip("=")


@dataclass
class Execution:
    """One process run on a runtime, in progress until ``seconds`` have passed on the fake's clock."""

    id: str
    container_id: str
    process_id: str
    process_name: str
    started: float
    seconds: float
    #: The wall-clock start, as ``executionTime`` reports it.
    started_at: datetime.datetime
    cancelled_at: float | None = None

    def status(self, now: float) -> str:
        if self.cancelled_at is not None and self.cancelled_at < self.started + self.seconds:
            return "ABORTED"
        return "INPROCESS" if now < self.started + self.seconds else "COMPLETE"

    def duration_ms(self, now: float) -> int:
        ended = min(now, self.started + self.seconds, self.cancelled_at if self.cancelled_at is not None else now)
        return max(round((ended - self.started) * 1000), 0)


@dataclass
class Runtime:
    """A Runtime, Runtime cluster or Runtime cloud (``containerId`` in the API)."""

    id: str
    name: str = ""
    account_id: str = ""
    online: bool = True
    kind: str = "ATOM"
    listeners: list[Listener] = field(default_factory=list)
    #: Nodes of a Runtime cluster (MOLECULE) or cloud (CLOUD); each answers its own row under ``molecule``.
    nodes: int = 1
    #: Deployed processes with run schedules.
    schedules: list[Schedule] = field(default_factory=list)
    #: What ``Atom`` GET reports as ``statusDetail``.
    status_detail: str = ""
    #: A problem one node of a cluster reports (``clusterProblem`` in ``Atom`` GET); empty when healthy.
    cluster_problem: str = ""

    def find_schedule(self, process_id: str) -> Schedule | None:
        for schedule in self.schedules:
            if schedule.process_id == process_id:
                return schedule
        return None

    @property
    def multi_node(self) -> bool:
        return self.kind.upper() in MULTI_NODE_KINDS and self.nodes > 1

    def find_listener(self, listener_id: str) -> Listener | None:
        for listener in self.listeners:
            if listener.id == listener_id:
                return listener
        return None


@dataclass(frozen=True)
class ListenerSnapshot:
    """One row of a ListenerStatus result, frozen at the moment the query completed."""

    listener_id: str
    status: str
    connector_type: str


@dataclass
class QueryJob:
    """A ListenerStatus query in flight or finished; ``result`` is set when it completes."""

    token: str
    account_id: str
    container_id: str
    listener_id: str | None
    created: float
    completes: float
    result: list[ListenerSnapshot] | None = None
    #: Rows per listener: the runtime's node count under the ``molecule`` profile, else 1.
    rows_per_listener: int = 1
    #: Connector types left out of the result (``unreported-wss``).
    hidden_connector_types: frozenset[str] = frozenset()
    #: How often the finished result has been read (``read-once``).
    reads: int = 0


TransitionKind = Literal["pause", "resume", "restart_begin", "restart_end"]


@dataclass(frozen=True)
class _Transition:
    container_id: str
    listener_id: str
    kind: TransitionKind
    change: int
    #: The node this transition is for (None: every node at once) and how many nodes there are.
    node: int | None = None
    nodes: int = 1


@dataclass(frozen=True)
class _QueryCompletion:
    token: str


_Event = _Transition | _QueryCompletion


@dataclass
class Environment:
    """An environment of an account, and the runtimes attached to it (IDs, in attachment order)."""

    id: str
    name: str
    account_id: str
    classification: str = "TEST"
    runtime_ids: list[str] = field(default_factory=list)


class FakeState:
    """Everything the fake platform knows, plus the scheduled changes that have not happened yet.

    Seed it from Python (the dataclasses above), from a file (:func:`~boomi_listeners.testing.load_state`)
    or with :func:`~boomi_listeners.testing.demo_state`. Readers such as :meth:`listener` apply due
    transitions first, so what they return is the state "now".
    """

    def __init__(
        self,
        accounts: Iterable[Account] = (),
        users: Iterable[User] = (),
        runtimes: Iterable[Runtime] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
        environments: Iterable[Environment] = (),
    ) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.accounts: dict[str, Account] = {a.id: a for a in accounts}
        self.users: dict[str, User] = {u.username: u for u in users}
        self.runtimes: dict[str, Runtime] = {r.id: r for r in runtimes}
        #: Environments and the runtimes attached to them (read by the Environment* queries).
        self.environments: dict[str, Environment] = {e.id: e for e in environments}
        self._events: list[tuple[float, int, _Event]] = []
        self._sequence = itertools.count(1)
        self._queries: dict[str, QueryJob] = {}
        self.executions: dict[str, Execution] = {}
        #: Remaining pages of QUERY answers, by queryToken.
        self._more: dict[str, list[dict[str, object]]] = {}
        #: Makes query tokens; replace it (e.g. with a seeded source) for reproducible recordings.
        self.new_token: Callable[[], str] = lambda: f"ListenerStatus-{uuid.uuid4()}"

    # -- seeding -----------------------------------------------------------------------------

    def add_account(self, account: Account) -> Account:
        return self._put(self.accounts, account.id, account)

    def add_user(self, user: User) -> User:
        return self._put(self.users, user.username, user)

    def add_runtime(self, runtime: Runtime) -> Runtime:
        with self.lock:
            if runtime.account_id and runtime.account_id not in self.accounts:
                self.accounts[runtime.account_id] = Account(runtime.account_id)
            return self._put(self.runtimes, runtime.id, runtime)

    def add_environment(self, environment: Environment) -> Environment:
        return self._put(self.environments, environment.id, environment)

    def _put(self, table: dict[str, T], key: str, item: T) -> T:
        with self.lock:
            table[key] = item
            return item

    # -- reading (applies due transitions first) ---------------------------------------------

    def runtime(self, container_id: str) -> Runtime:
        """The runtime with this ID; raises KeyError naming it when unknown."""
        with self.lock:
            self.advance()
            try:
                return self.runtimes[container_id]
            except KeyError:
                raise KeyError(f"no runtime {container_id!r}") from None

    def listener(self, container_id: str, listener_id: str) -> Listener:
        """The listener as it is now; raises KeyError naming what is unknown."""
        with self.lock:
            runtime = self.runtime(container_id)
            found = runtime.find_listener(listener_id)
            if found is None:
                raise KeyError(f"no listener {listener_id!r} on runtime {container_id!r}")
            return found

    def set_status(self, container_id: str, listener_id: str, status: str) -> None:
        """Force a status (e.g. ``errored``) the way a runtime fault would, under the lock."""
        if status not in LISTENER_STATUSES:
            raise ValueError(f"status must be one of {sorted(LISTENER_STATUSES)}, not {status!r}")
        with self.lock:
            found = self.listener(container_id, listener_id)
            found.status = status
            found.node_states.clear()

    def runtimes_of(self, account_id: str) -> list[Runtime]:
        with self.lock:
            self.advance()
            return [r for r in self.runtimes.values() if r.account_id == account_id]

    def iter_listeners(self) -> Iterator[tuple[Runtime, Listener]]:
        with self.lock:
            self.advance()
            pairs = [(r, listener) for r in self.runtimes.values() for listener in r.listeners]
        yield from pairs

    # -- time --------------------------------------------------------------------------------

    def advance(self, now: float | None = None) -> None:
        """Apply, in time order, every scheduled event due at or before ``now``."""
        with self.lock:
            moment = self.clock() if now is None else now
            while self._events and self._events[0][0] <= moment:
                _, _, event = heapq.heappop(self._events)
                if isinstance(event, _Transition):
                    self._apply(event)
                else:
                    self._complete(event)

    def pending_changes(self) -> int:
        """How many listener transitions are scheduled but not yet applied."""
        with self.lock:
            self.advance()
            return sum(1 for _, _, event in self._events if isinstance(event, _Transition))

    def _schedule(self, due: float, event: _Event) -> None:
        heapq.heappush(self._events, (due, next(self._sequence), event))

    def _apply(self, event: _Transition) -> None:
        runtime = self.runtimes.get(event.container_id)
        found = runtime.find_listener(event.listener_id) if runtime else None
        if found is None:  # removed from the data set meanwhile; nothing to change
            return
        if event.node is None:
            _apply_to(found, event)
            found.node_states.clear()
            return
        if len(found.node_states) != event.nodes:
            found.node_states = [
                NodeState(found.status, found.last_change, found.restart_to) for _ in range(event.nodes)
            ]
        _apply_to(found.node_states[event.node], event)
        # Back to one state once every node is in the same place, a restart's second phase included.
        agreed = {(node.status, node.last_change, node.restart_to) for node in found.node_states}
        if len(agreed) == 1:
            found.status, found.last_change, found.restart_to = agreed.pop()
            found.node_states.clear()

    # -- changeListenerStatus -----------------------------------------------------------------

    def schedule_change(
        self,
        container_id: str,
        action: str,
        listener_id: str | None,
        *,
        apply_delay: float,
        restart_phase: float,
        nodes: int = 1,
    ) -> int:
        """Queue the effect of an accepted changeListenerStatus request; returns listeners affected.

        With ``nodes`` > 1 each node applies the change on its own: node ``i`` after
        ``apply_delay * (1 + i / nodes)``, so for a while the nodes disagree.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self.lock:
            self.advance()
            runtime = self.runtimes[container_id]
            if action.endswith("_all"):
                targets = [listener.id for listener in runtime.listeners]
            else:
                if listener_id is None or runtime.find_listener(listener_id) is None:
                    raise KeyError(f"no listener {listener_id!r} on runtime {container_id!r}")
                targets = [listener_id]
            base = action.removesuffix("_all")
            change = next(self._sequence)
            now = self.clock()
            per_node: list[tuple[int | None, float]] = (
                [(i, now + apply_delay * (1 + i / nodes)) for i in range(nodes)]
                if nodes > 1
                else [(None, now + apply_delay)]
            )
            for target in targets:
                for node, due in per_node:
                    if base == "restart":
                        self._schedule(due, _Transition(container_id, target, "restart_begin", change, node, nodes))
                        self._schedule(
                            due + restart_phase, _Transition(container_id, target, "restart_end", change, node, nodes)
                        )
                    else:
                        kind: TransitionKind = "pause" if base == "pause" else "resume"
                        self._schedule(due, _Transition(container_id, target, kind, change, node, nodes))
            return len(targets)

    # -- schedules and executions ------------------------------------------------------------------

    def schedule(self, schedule_id: str) -> tuple[Runtime, Schedule] | None:
        """The runtime and schedule with this conceptual ID, or None."""
        with self.lock:
            for runtime in self.runtimes.values():
                for schedule in runtime.schedules:
                    if schedule_id_of(runtime.id, schedule.process_id) == schedule_id:
                        return runtime, schedule
            return None

    def start_execution(self, container_id: str, process_id: str, seconds: float, process_name: str = "") -> str:
        """Start a run of ``process_id`` on the runtime lasting ``seconds`` on the clock; returns its execution ID."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        with self.lock:
            runtime = self.runtime(container_id)
            if not process_name:
                found = runtime.find_schedule(process_id)
                process_name = found.process_name if found and found.process_name else f"Process {process_id[:8]}"
            wall = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
            execution_id = f"execution-{uuid.uuid4()}-{wall:%Y.%m.%d}"
            self.executions[execution_id] = Execution(
                execution_id, container_id, process_id, process_name, self.clock(), seconds, wall
            )
            return execution_id

    def cancel_execution(self, execution_id: str) -> Execution:
        """Cancel a run now; KeyError when unknown. A run already ended stays as it ended."""
        with self.lock:
            execution = self.executions[execution_id]
            if execution.status(self.clock()) == "INPROCESS":
                execution.cancelled_at = self.clock()
            return execution

    def execution_status(self, execution_id: str) -> str:
        with self.lock:
            return self.executions[execution_id].status(self.clock())

    def page(
        self, rows: list[dict[str, object]], size: int = EXECUTION_PAGE_SIZE
    ) -> tuple[list[dict[str, object]], str | None]:
        """The first ``size`` rows and, if more remain, a queryToken for the next page."""
        with self.lock:
            if len(rows) <= size:
                return rows, None
            token = base64.urlsafe_b64encode(uuid.uuid4().bytes + uuid.uuid4().bytes).decode().rstrip("=")
            self._more[token] = rows[size:]
            while len(self._more) > MAX_QUERY_JOBS:
                self._more.pop(next(iter(self._more)))
            return rows[:size], token

    def more(self, token: str, size: int = EXECUTION_PAGE_SIZE) -> tuple[list[dict[str, object]], str | None] | None:
        """The next page for a queryToken (each token is read once), or None for an unknown token."""
        with self.lock:
            rows = self._more.pop(token, None)
            return None if rows is None else self.page(rows, size)

    # -- ListenerStatus query ------------------------------------------------------------------

    def start_query(
        self,
        account_id: str,
        container_id: str,
        listener_id: str | None,
        *,
        query_delay: float,
        rows_per_listener: int = 1,
        hidden_connector_types: frozenset[str] = frozenset(),
    ) -> QueryJob:
        """Register a query; its result is snapshotted when ``query_delay`` has passed.

        ``rows_per_listener`` > 1 answers one row per node; listeners of ``hidden_connector_types`` are left out.
        """
        with self.lock:
            self.advance()
            now = self.clock()
            job = QueryJob(
                token=self.new_token(),
                account_id=account_id,
                container_id=container_id,
                listener_id=listener_id,
                created=now,
                completes=now + query_delay,
                rows_per_listener=rows_per_listener,
                hidden_connector_types=hidden_connector_types,
            )
            self._queries[job.token] = job
            self._schedule(job.completes, _QueryCompletion(job.token))
            self._forget_old_queries()
            return job

    def query(self, token: str) -> QueryJob | None:
        """The query with this token as of now (``result`` is None while it is still running)."""
        with self.lock:
            self.advance()
            return self._queries.get(token)

    def _complete(self, event: _QueryCompletion) -> None:
        job = self._queries.get(event.token)
        if job is None:
            return
        runtime = self.runtimes.get(job.container_id)
        listeners = runtime.listeners if runtime else []
        job.result = [
            ListenerSnapshot(listener.id, status, listener.connector_type)
            for listener in listeners
            if (job.listener_id is None or listener.id == job.listener_id)
            and listener.connector_type not in job.hidden_connector_types
            for status in listener.node_statuses(job.rows_per_listener)
        ]

    def _forget_old_queries(self) -> None:
        excess = len(self._queries) - MAX_QUERY_JOBS
        if excess > 0:
            oldest = sorted(self._queries.values(), key=lambda j: j.created)[:excess]
            for job in oldest:
                self._queries.pop(job.token, None)


_VERBS = {"pause": Action.PAUSE, "resume": Action.RESUME, "restart_begin": Action.RESTART}


def _apply_to(target: Listener | NodeState, event: _Transition) -> None:
    """One transition's effect on a listener (every node at once) or on one node's view of it.

    What each action leads to is ``Action.transition``, the table the clients' waits read
    too: a restart keeps a paused listener paused, a resume leaves an errored one errored.
    """
    if event.kind == "restart_end":
        # Only finish the restart if no newer request touched this listener since.
        if target.last_change == event.change and target.restart_to is not None:
            target.status = target.restart_to
        return
    target.last_change = event.change
    row = _VERBS[event.kind].transition(target.status)
    if event.kind != "restart_begin":
        target.status = row.leads_to.value
        return
    target.restart_to = row.leads_to.value
    if row.passes_through:
        # The listener stops before it starts again; Boomi documents no in-between status, the fake shows paused.
        target.status = PAUSED

"""Provider side: Schemathesis over the effective spec, aimed at the target.

The spec says what is well-formed, not which runtimes exist, so purely generated requests would
almost always be answered 400 and the success answers would go unchecked. Schema-scoped hooks
therefore steer part of the *positive* cases onto the designated runtime and listener and onto
tokens from real ListenerStatus queries; negative cases stay as generated. Credentials come from a
Schemathesis auth provider, so the ``ignored_auth`` check knows them and probes the target without
them and with wrong ones.

In staging every changeListenerStatus request is confined to the designated runtime and listener:
while generating (the steering hook) and again right before sending (:func:`prepare`, called by
:meth:`ProviderSchemas.send` for every case), which also covers the examples and coverage phases.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import schemathesis
from hypothesis import strategies as st
from schemathesis import BaseSchema, Case, GenerationMode, HookContext, Response
from schemathesis.core import NOT_SET

from boomi_listeners import Action, Scope
from contract_tests._target import Designation, Target

__all__ = [
    "ALL_ACTIONS",
    "CHANGE",
    "NAME_READS",
    "NAME_READS_WITH_SUCCESS",
    "OPERATIONS",
    "QUERY",
    "QUIESCE_STEERED",
    "RESULT",
    "SINGLE_ACTIONS",
    "ProviderRecord",
    "ProviderSchemas",
    "TokenPool",
    "confine_change_body",
    "effective_spec",
    "fetch_token",
    "prepare",
    "query_body",
]

F = TypeVar("F", bound=Callable[..., Any])

CHANGE = "POST /changeListenerStatus"
QUERY = "POST /async/ListenerStatus/query"
RESULT = "GET /async/ListenerStatus/response/{token}"
SCHEDULE_QUERY = "POST /ProcessScheduleStatus/query"
SCHEDULE_MORE = "POST /ProcessScheduleStatus/queryMore"
SCHEDULE_BULK = "POST /ProcessScheduleStatus/bulk"
SCHEDULE_GET = "GET /ProcessScheduleStatus/{id}"
SCHEDULE_UPDATE = "POST /ProcessScheduleStatus/{id}"
EXECUTION_QUERY = "POST /ExecutionRecord/query"
EXECUTION_MORE = "POST /ExecutionRecord/queryMore"
CANCEL = "POST /cancelExecution/{executionId}"
#: The quiesce operations whose success answers the steering reaches (a queryMore needs a query of
#: more than 100 rows, a cancellation a running execution: their error answers are checked). Runtime
#: health (GET /Atom/{id}) is one of the name reads below, steered with them.
QUIESCE_STEERED = (SCHEDULE_QUERY, SCHEDULE_BULK, SCHEDULE_GET, SCHEDULE_UPDATE, EXECUTION_QUERY)
OPERATIONS = (CHANGE, QUERY, RESULT, *QUIESCE_STEERED)
#: The reads that resolve names (Atom, Environment, EnvironmentAtomAttachment, Process).
GET_ATOM = "GET /Atom/{id}"
NAME_QUERIES = tuple(f"POST /{name}/query" for name in ("Atom", "Environment", "EnvironmentAtomAttachment", "Process"))
NAME_QUERY_MORE = tuple(label.replace("/query", "/queryMore") for label in NAME_QUERIES)
NAME_BULK = ("POST /Atom/bulk", "POST /Process/bulk")
NAME_READS = (*NAME_QUERIES, *NAME_QUERY_MORE, *NAME_BULK, GET_ATOM)
#: The name reads a schema-valid request can get a 2xx from: queryMore needs the token of a query
#: with more than 100 results, which the contract data does not have (paging is tested against the fake).
NAME_READS_WITH_SUCCESS = (*NAME_QUERIES, *NAME_BULK, GET_ATOM)
#: Generated cases per name read at most: eleven read-only operations whose rules the fake's own tests
#: cover one by one; the contract run checks their shapes and auth without multiplying its time.
NAME_READS_MAX_EXAMPLES = 10
_NAME_READ_IDS = r"^(Query|QueryMore|Bulk|Get)(Atom|Environment|EnvironmentAtomAttachment|Process)$"

# One source for the action set: the wrapper's Action (tied to the generated enum by tests/test_spec_ties.py).
SINGLE_ACTIONS = tuple(action.value for action in Action if action.scope is Scope.ONE)
ALL_ACTIONS = tuple(action.value for action in Action if action.scope is Scope.ALL)
JSON = "application/json"
UNBOUND_BASE_URL = "http://unbound-contract-target.invalid/api/rest/v1/unbound"
XML = "application/xml"

#: Statuses a documented error answer may carry in staging besides 4xx: a busy platform or rate
#: limit (503) and a runtime that did not answer in time (504) are Boomi's to send at any moment.
STAGING_TRANSIENT = ("503", "504")


def effective_spec() -> dict[str, Any]:
    """A fresh copy of the effective spec shipped with the generated client."""
    text = (importlib.resources.files("boomi_listeners_api") / "openapi.json").read_text(encoding="utf-8")
    spec: dict[str, Any] = json.loads(text)
    return spec


def query_body(container_id: str, listener_id: str | None = None) -> dict[str, Any]:
    """A ListenerStatus filter naming the runtime, narrowed to one listener if given."""
    container = {"operator": "EQUALS", "property": "containerId", "argument": [container_id]}
    if listener_id is None:
        return {"QueryFilter": {"expression": container}}
    listener = {"operator": "EQUALS", "property": "listenerId", "argument": [listener_id]}
    return {"QueryFilter": {"expression": {"operator": "and", "nestedExpression": [listener, container]}}}


def confine_change_body(body: Any, container_id: str, listener_id: str) -> Any:
    """The body with every runtime and listener it could address replaced by the designated ones.

    ``_all`` actions become their one-listener form, so nothing but the designated listener can be
    changed. Values of the wrong type are kept (a negative case stays negative); a target cannot
    read them as the ID of another runtime.
    """
    if not isinstance(body, Mapping):
        return body
    result = dict(body)
    action = result.get("action")
    if action in ALL_ACTIONS:
        action = str(action).removesuffix("_all")
        result["action"] = action
    if "containerId" not in result or isinstance(result["containerId"], str):
        result["containerId"] = container_id
    if ("listenerId" not in result and action in SINGLE_ACTIONS) or isinstance(result.get("listenerId"), str):
        result["listenerId"] = listener_id
    return result


class TokenPool:
    """Tokens from real ListenerStatus queries: one made up front, more captured during the run.

    It also keeps the designated runtime's first process schedule status (``schedule``), read up
    front, for the schedule operations' steered cases.
    """

    def __init__(self, size: int = 32) -> None:
        self._lock = threading.Lock()
        self._tokens: deque[str] = deque(maxlen=size)
        self.schedule: dict[str, Any] | None = None

    def add(self, token: str) -> None:
        with self._lock:
            if token not in self._tokens:
                self._tokens.append(token)

    def snapshot(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._tokens)


@dataclass
class ProviderRecord:
    """What the provider tests sent, per generation mode and operation, for the terminal summary."""

    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    successes: Counter[tuple[str, str]] = field(default_factory=Counter)
    confined: int = 0
    seeds: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count_case(self, mode: str, operation: str) -> None:
        with self._lock:
            self.cases[(mode, operation)] += 1

    def count_success(self, mode: str, operation: str) -> None:
        with self._lock:
            self.successes[(mode, operation)] += 1

    def note_confined(self) -> None:
        with self._lock:
            self.confined += 1


def _with_otp(headers: dict[str, str], designation: Designation) -> dict[str, str]:
    code = designation.otp_code()
    return {**headers, "X-Boomi-OTP": code} if code is not None else headers


def fetch_token(target: Target, attempts: int = 4) -> str:
    """Start a real ListenerStatus query for the designated runtime and return its token.

    A busy platform (503) or a slow runtime (504) is waited out, as Retry-After says, a few times.
    """
    for attempt in range(1, attempts + 1):
        with target.paced():
            response = httpx.post(
                f"{target.api_root}/async/ListenerStatus/query",
                json=query_body(target.container_id),
                headers=_with_otp({"Accept": JSON, "Authorization": target.authorization}, target.designation),
                timeout=30.0,
            )
        if response.status_code in (503, 504) and attempt < attempts:
            retry_after = response.headers.get("retry-after", "")
            time.sleep(min(float(retry_after), 10.0) if retry_after.isdigit() else float(attempt))
            continue
        break
    if response.status_code != 200:
        raise RuntimeError(
            f"could not start a ListenerStatus query on {target.api_root} for runtime {target.container_id}: "
            f"{response.status_code} {response.text[:300]}"
        )
    token: str = response.json()["asyncToken"]["token"]
    return token


def fetch_schedule(target: Target) -> dict[str, Any] | None:
    """The designated runtime's first ProcessScheduleStatus as ``{id, atomId, processId, enabled}`` (None: none).

    Asked again (a few times, a second apart) after an answer that says "not now" (a 503 or 429 of a
    rate-limited account, a 401 of a one-time code that turned over in flight): without it, the
    update would never be steered onto a real schedule and its success answer never checked.
    """
    for attempt in range(5):
        with target.paced():
            response = httpx.post(
                f"{target.api_root}/ProcessScheduleStatus/query",
                json={
                    "QueryFilter": {
                        "expression": {"operator": "EQUALS", "property": "atomId", "argument": [target.container_id]}
                    }
                },
                headers=_with_otp({"Accept": JSON, "Authorization": target.authorization}, target.designation),
                timeout=30.0,
            )
        if response.status_code not in (401, 429, 503) or attempt == 4:
            break
        time.sleep(1.0)  # a rate limit or a code's time step passing: nothing to poll for, only to wait out
    if response.status_code != 200:
        return None
    rows = response.json().get("result") or []
    if not rows:
        return None
    return {key: rows[0][key] for key in ("id", "atomId", "processId", "enabled")}


def _is_positive(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _set_body(case: Case[Any], body: Any) -> None:
    case.body = body
    if case.media_type is None:
        case.media_type = JSON


def _steered_change(case: Case[Any], designation: Designation, where: str, action: str) -> None:
    body = case.body if isinstance(case.body, Mapping) else {}
    generated = body.get("action")
    action = generated if generated in SINGLE_ACTIONS + ALL_ACTIONS else action
    extras = {k: v for k, v in body.items() if k not in ("action", "containerId", "listenerId")}
    container_id = designation.container_id if where == "designated" else designation.extra_container_ids[0]
    result: dict[str, Any] = {**extras, "action": action, "containerId": container_id}
    if action in SINGLE_ACTIONS:
        result["listenerId"] = designation.listener_id
    _set_body(case, result)


def _steered_query(case: Case[Any], designation: Designation, where: str) -> None:
    body = case.body if isinstance(case.body, Mapping) else {}
    extras = {k: v for k, v in body.items() if k != "QueryFilter"}
    if where == "runtime":
        steered = query_body(designation.container_id)
    elif where == "listener":
        steered = query_body(designation.container_id, designation.listener_id)
    elif where == "unmatched":
        steered = query_body(designation.container_id, "no-such-listener-on-this-runtime")
    else:
        steered = query_body(designation.extra_container_ids[0])
    _set_body(case, {**extras, **steered})


def _confined(case: Case[Any], designation: Designation) -> Case[Any]:
    if designation.staging and case.operation.label == CHANGE and case.body is not NOT_SET:
        case.body = confine_change_body(case.body, designation.container_id, designation.listener_id)
    return case


def _steering_hook(designation: Designation, pool: TokenPool) -> Callable[[HookContext, Case[Any]], Any]:
    """``flatmap_case``: point part of the positive cases at the designated runtime, listener and real tokens."""
    extra = ("offline",) if designation.extra_container_ids else ()
    change_where = st.sampled_from(("generated", "designated", "designated", "designated", *extra))
    query_where = st.sampled_from(("generated", "runtime", "runtime", "listener", "listener", "unmatched", *extra))
    actions = st.sampled_from(SINGLE_ACTIONS + ALL_ACTIONS)
    # JSON mostly, so response bodies are validated against their schemas; XML for the media types.
    accepts = st.sampled_from((JSON, JSON, JSON, XML))
    # Five in six positive cases steered onto something real: with a staging run's five cases, two in
    # three left one operation or another's success answer unchecked in a few runs in a hundred
    # ((1/3)^5 per operation, a dozen operations); now about one run in a thousand. A choice that
    # depends on earlier draws would make Hypothesis's data generation inconsistent, so it is a plain weight.
    mostly = st.sampled_from((False, True, True, True, True, True))

    def flatmap_case(context: HookContext, case: Case[Any]) -> Any:
        label = case.operation.label
        if not _is_positive(case):
            return st.just(_confined(case, designation))

        def accept(value: str) -> Case[Any]:
            case.headers["Accept"] = value
            return _confined(case, designation)

        if label == CHANGE:

            def change(drawn: tuple[str, str, str]) -> Case[Any]:
                where, action, media = drawn
                if where != "generated":
                    _steered_change(case, designation, where, action)
                return accept(media)

            return st.tuples(change_where, actions, accepts).map(change)
        if label == QUERY:

            def query(drawn: tuple[str, str]) -> Case[Any]:
                where, media = drawn
                if where != "generated":
                    _steered_query(case, designation, where)
                return accept(media)

            return st.tuples(query_where, accepts).map(query)
        if label in NAME_QUERIES:
            steered_filter = _name_query_filter(label, designation)

            def name_query(drawn: tuple[bool, str]) -> Case[Any]:
                steer, media = drawn
                if steer:
                    body = case.body if isinstance(case.body, Mapping) else {}
                    _set_body(case, {**body, **steered_filter})
                return accept(media)

            return st.tuples(mostly, accepts).map(name_query)
        if label in NAME_BULK:
            known = designation.container_id if label.startswith("POST /Atom") else designation.listener_id

            def bulk(drawn: tuple[bool, str]) -> Case[Any]:
                steer, media = drawn
                if steer:
                    body = case.body if isinstance(case.body, Mapping) else {}
                    _set_body(case, {**body, "type": "GET", "request": [{"id": known}, {"id": "no-such-id"}]})
                return accept(media)

            return st.tuples(mostly, accepts).map(bulk)
        if label == GET_ATOM:

            def atom(drawn: tuple[bool, str]) -> Case[Any]:
                designated, media = drawn
                if designated:
                    case.path_parameters = {**(case.path_parameters or {}), "id": designation.container_id}
                return accept(media)

            return st.tuples(mostly, accepts).map(atom)
        if label == RESULT:
            tokens = pool.snapshot()
            choices = st.sampled_from(("generated", *tokens, *tokens)) if tokens else st.just("generated")

            def result(drawn: tuple[str, str]) -> Case[Any]:
                token, media = drawn
                if token != "generated":
                    case.path_parameters = {**(case.path_parameters or {}), "token": token}
                return accept(media)

            return st.tuples(choices, accepts).map(result)
        if label in QUIESCE_STEERED:
            steer = _quiesce_steering(label, designation, pool)

            def quiesce(drawn: tuple[bool, str]) -> Case[Any]:
                steered, media = drawn
                if steered:
                    steer(case)
                return accept(media)

            # An unsteered update names a schedule nobody has (404): under the strict profile's few
            # examples the success answer would go unchecked, so the update is always steered.
            steering = st.just(True) if label == SCHEDULE_UPDATE else mostly
            return st.tuples(steering, accepts).map(quiesce)
        return st.just(case)

    return flatmap_case


def _quiesce_steering(label: str, designation: Designation, pool: TokenPool) -> Callable[[Case[Any]], None]:
    """Point a positive case of a quiesce operation at the designated runtime and its first schedule.

    A schedule update is steered to write the value the schedule has now, so no run of the suite
    switches a schedule off (in staging least of all).
    """
    runtime = {"operator": "EQUALS", "property": "atomId", "argument": [designation.container_id]}

    def steer(case: Case[Any]) -> None:
        schedule = pool.schedule
        if label in (SCHEDULE_QUERY, EXECUTION_QUERY):
            _set_body(case, {"QueryFilter": {"expression": runtime}})
        elif schedule is not None and label == SCHEDULE_GET:
            case.path_parameters = {**(case.path_parameters or {}), "id": schedule["id"]}
        elif schedule is not None and label == SCHEDULE_BULK:
            _set_body(case, {"type": "GET", "request": [{"id": schedule["id"]}]})
        elif schedule is not None and label == SCHEDULE_UPDATE:
            case.path_parameters = {**(case.path_parameters or {}), "id": schedule["id"]}
            _set_body(case, dict(schedule))

    return steer


def _name_query_filter(label: str, designation: Designation) -> dict[str, Any]:
    """A QueryFilter the object accepts, naming the designated runtime or listener where it can."""
    prop, value = {
        "POST /Atom/query": ("id", designation.container_id),
        "POST /Environment/query": ("classification", "PROD"),
        "POST /EnvironmentAtomAttachment/query": ("atomId", designation.container_id),
        "POST /Process/query": ("id", designation.listener_id),
    }[label]
    return {"QueryFilter": {"expression": {"operator": "EQUALS", "property": prop, "argument": [value]}}}


def _credentials_provider(designation: Designation) -> type:
    authorization = designation.authorization

    class ContractCredentials:
        """The target's credentials, as an explicit Basic Authorization header on every case."""

        def get(self, case: Case[Any], context: Any) -> str:
            return authorization

        def set(self, case: Case[Any], data: str, context: Any) -> None:
            case.headers["Authorization"] = data

    return ContractCredentials


def _after_call_hook(
    record: ProviderRecord, pool: TokenPool, mode: str
) -> Callable[[HookContext, Case[Any], Response], None]:
    """``after_call``: count the case and its 2xx answers; keep the tokens that real queries answered."""

    def after_call(context: HookContext, case: Case[Any], response: Response) -> None:
        label = case.operation.label
        record.count_case(mode, label)
        if 200 <= response.status_code < 300:
            record.count_success(mode, label)
        if label == QUERY and response.status_code == 200:
            # An XML answer has no JSON token; a malformed one is response_schema_conformance's to report.
            with contextlib.suppress(ValueError, KeyError, TypeError):
                pool.add(str(json.loads(response.content)["asyncToken"]["token"]))

    return after_call


def _config(*, mode: GenerationMode, max_examples: int, rate_limit: str | None, seed: int | None, staging: bool) -> Any:
    transient = list(STAGING_TRANSIENT) if staging else []
    data: dict[str, Any] = {
        # Never used: ProviderSchemas.send passes the target's address. A request that went out
        # without it must not reach the spec's servers, which are Boomi's production hosts.
        "base-url": UNBOUND_BASE_URL,
        "request-timeout": 30,
        "suppress-health-check": ["all"],
        "generation": {"mode": mode.value, "max-examples": max_examples, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        "operations": [
            {
                "include-operation-id-regex": _NAME_READ_IDS,
                "generation": {"max-examples": min(max_examples, NAME_READS_MAX_EXAMPLES)},
                # The coverage phase's boundary cases are hundreds per query operation, and the account
                # budget paces them all on a rate-limited target; fuzzing covers these reads well enough.
                "phases": {"coverage": {"enabled": False}},
            }
        ],
        "checks": {
            # Schema-valid is not the same as acceptable: random runtime IDs are rightly refused.
            "positive_data_acceptance": {"enabled": False},
            "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", *transient]},
            "negative_data_rejection": {"expected-statuses": ["4xx", *transient]},
        },
    }
    if rate_limit is not None:
        data["rate-limit"] = rate_limit
    if seed is not None:
        data["seed"] = seed
    return schemathesis.Config.from_dict(data)


def _is_negative_xml_name_read(case: Case[Any]) -> bool:
    media = case.media_type or ""
    negative = case.meta is not None and not case.meta.generation.mode.is_positive
    return negative and case.operation.label in NAME_READS and "xml" in media


def prepare(case: Case[Any], designation: Designation, record: ProviderRecord | None = None) -> Case[Any]:
    """Last step before a case is sent: ask for JSON unless the case chose XML; add a fresh OTP code if the
    target checks them; confine it in staging.

    Every case of every phase (examples, coverage, fuzzing) passes here, so nothing that could
    change another runtime or listener reaches a staging account. The OTP code is computed here, not
    with the credentials: example and coverage cases are built when the module is imported, and a
    code lives 30 seconds. The spec does not declare the header, so no case generates it and
    ``ignored_auth``'s probes (which drop the Authorization header) are refused all the same.
    """
    if "Accept" not in case.headers:
        case.headers["Accept"] = JSON
    if _is_negative_xml_name_read(case):
        # XML cannot tell a one-item list from its item, nor a number from its digits: a body that
        # breaks the schema in JSON can be a valid document in XML. Such cases of the name reads go as JSON.
        case.media_type = JSON
    code = designation.otp_code()
    if code is not None:
        case.headers["X-Boomi-OTP"] = code
    if designation.staging and case.operation.label in NAME_BULK and isinstance(case.body, Mapping):
        # Boomi's bulk also deletes; a contract run only ever reads.
        case.body = {**case.body, "type": "GET"}
    if designation.staging and case.operation.label == CHANGE and case.body is not NOT_SET:
        confined = confine_change_body(case.body, designation.container_id, designation.listener_id)
        if confined != case.body:
            case.body = confined
            if record is not None:
                record.note_confined()
    return case


class ProviderSchemas:
    """The effective spec as two Schemathesis schemas (positive and negative data) for one target.

    Schemathesis builds explicit-example and coverage cases when a test module is imported, before
    the fake is served, so the schemas are built from the :class:`Designation` (credentials and IDs);
    the target's address is given when a case is sent. The schemas' hooks supply the credentials
    (an auth provider), steer positive cases (``flatmap_case``) and count what was sent
    (``after_call``).
    """

    def __init__(
        self,
        designation: Designation,
        *,
        max_examples: int,
        rate_limit: str | None = None,
        seed: int | None = None,
    ) -> None:
        self.designation = designation
        self.record = ProviderRecord()
        self.pool = TokenPool()
        self.positive = self._build(GenerationMode.POSITIVE, max_examples, rate_limit, seed)
        self.negative = self._build(GenerationMode.NEGATIVE, max_examples, rate_limit, seed)
        # One rate budget for both: the negative tests start right after the positive ones, and two
        # limiters of N/s would let 2N requests through in the second between.
        self.negative.config.rate_limit = self.positive.config.rate_limit

    def schema(self, mode: GenerationMode) -> BaseSchema:
        return self.positive if mode is GenerationMode.POSITIVE else self.negative

    def parametrize(self, mode: GenerationMode) -> Callable[[F], F]:
        """Schemathesis' pytest parametrization over every operation, with ``mode`` data."""
        decorator: Callable[[F], F] = self.schema(mode).parametrize()
        return decorator

    def _build(self, mode: GenerationMode, max_examples: int, rate_limit: str | None, seed: int | None) -> BaseSchema:
        config = _config(
            mode=mode, max_examples=max_examples, rate_limit=rate_limit, seed=seed, staging=self.designation.staging
        )
        schema = schemathesis.openapi.from_dict(effective_spec(), config=config)
        schema.auth.auth(refresh_interval=None)(_credentials_provider(self.designation))
        schema.hook("flatmap_case")(_steering_hook(self.designation, self.pool))
        schema.hook("after_call")(_after_call_hook(self.record, self.pool, mode.value))
        self.record.seeds[mode.value] = int(schema.config.seed)
        return schema

    def ensure_token(self, target: Target) -> None:
        """Put a token from a real query in the pool, so the response operation has one from the start;
        read the designated runtime's first schedule status for the schedule operations."""
        if not self.pool.snapshot():
            self.pool.add(fetch_token(target))
        if self.pool.schedule is None:
            self.pool.schedule = fetch_schedule(target)

    def send(self, case: Case[Any], target: Target) -> Response:
        """Prepare the case, send it to the target and run every enabled check on the answer."""
        if target.designation != self.designation:
            raise RuntimeError("the target is not the one these schemas were built for")
        # In the account's budget, shared with the target's clients (the restore guard's reads): Schemathesis'
        # own rate limit knows only its requests. The place is held through the checks, so the requests of
        # ignored_auth count too.
        with target.paced():
            prepare(case, self.designation, self.record)
            response: Response = case.call_and_validate(base_url=target.api_root)
        if target.recorder is not None:
            sent = response.request
            body = sent.body.encode() if isinstance(sent.body, str) else sent.body
            target.recorder.record_raw(
                method=str(sent.method),
                url=str(sent.url),
                request_headers=[
                    (k, v if isinstance(v, str) else v.decode("latin-1")) for k, v in sent.headers.items()
                ],
                request_body=body if isinstance(body, bytes) else b"",
                status=response.status_code,
                response_headers=[(k, v) for k, values in response.headers.items() for v in values],
                response_body=response.content,
            )
        return response

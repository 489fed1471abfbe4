"""Seed a :class:`FakeState` from a small JSON or YAML file.

The file holds one mapping with three lists (``demo-data.yaml`` next to this module is a complete
example, and equals :func:`~boomi_listeners.testing.demo_state`)::

    accounts:                       # optional; accounts named by runtimes/users are added anyway
      - id: boomi-demo-000001
        name: Demo Account
    users:
      - username: demo@example.com
        password: demo-password          # optional if api_tokens are given
        api_tokens: [demo-api-token]     # log in as "BOOMI_TOKEN.demo@example.com" with the token
        accounts: [boomi-demo-000001]    # accounts the user may act for
        privileges: [API, ATOM_MANAGEMENT, VIEW_RESULT]   # default: these three
        otp_secret: VHEIACIDFA6PPDOZTSMAOLOA5HD2LFVG   # optional base32 TOTP secret: under the totp
                                         # profile this user must send X-Boomi-OTP (30-second codes)
    runtimes:
      - id: b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e   # the containerId
        name: Production Atom
        account: boomi-demo-000001
        online: true                     # default true; false answers 410 like an offline runtime
        kind: ATOM                       # ATOM, MOLECULE or CLOUD
        nodes: 1                         # default 1; a MOLECULE or CLOUD with more nodes answers one
                                         # row per node under the molecule profile
        listeners:
          - id: 3f1c2a9e-5b7d-4e21-9c0a-7d2e4b6f8a10   # the listenerId (process component ID)
            name: Orders listener
            connector_type: wss
            status: listening            # listening (default), paused or errored
        schedules:                       # deployed processes with run schedules (ProcessScheduleStatus)
          - process_id: 5c94d512-4dfe-404b-b32a-8063259436f7
            name: Nightly order export
            enabled: true                # default true; false: its schedules are stopped
        status_detail: ""                # optional: the statusDetail Atom GET reports
        cluster_problem: ""              # optional: a cluster node's problem (status WARNING in Atom GET)
    environments:                   # optional; what the Environment* queries answer
      - id: 5e0a6c7b-2f43-4a8e-9d1c-3b7e2a9f6d10
        name: Production
        account: boomi-demo-000001
        classification: PROD             # PROD (default) or TEST
        runtimes: [b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e]   # runtimes attached to it, by ID

A listener's ``id`` and ``name`` are also its Process (the listener process component) for the
Process queries.

Files ending in ``.json`` are read as JSON, anything else as YAML (YAML is a superset of JSON).
Unknown keys are rejected so that a typo does not silently change the data set.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .state import (
    LISTENER_STATUSES,
    LISTENING,
    PRIVILEGE_API,
    PRIVILEGE_ATOM_MANAGEMENT,
    PRIVILEGE_VIEW_RESULT,
    Account,
    Environment,
    FakeState,
    Listener,
    Runtime,
    Schedule,
    User,
)

__all__ = ["DEMO_DATA_FILE", "load_state", "state_from_mapping", "state_to_mapping"]

#: The demo data set as a file, shipped inside the package.
DEMO_DATA_FILE = Path(__file__).with_name("demo-data.yaml")


class StateFileError(ValueError):
    """The data file does not describe a valid data set; the message says where and why."""


def load_state(path: str | Path) -> FakeState:
    """Read a data set from a JSON or YAML file (format in this module's docstring)."""
    source = Path(path)
    text = source.read_text(encoding="utf-8")
    if source.suffix.lower() == ".json":
        data: Any = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
    try:
        return state_from_mapping(data)
    except StateFileError as exc:
        raise StateFileError(f"{source}: {exc}") from None


def _mapping(value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise StateFileError(f"{where} must be a mapping, not {type(value).__name__}")
    unknown = set(value) - allowed
    if unknown:
        raise StateFileError(f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise StateFileError(f"{where} must be a list, not {type(value).__name__}")
    return value


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise StateFileError(f"{where} must be a non-empty string")
    return value


def _strings(value: Any, where: str) -> list[str]:
    return [_text(item, f"{where}[{i}]") for i, item in enumerate(_list(value, where))]


def _base32(value: Any, where: str) -> str:
    text = _text(value, where)
    try:
        base64.b32decode(text.upper() + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise StateFileError(f"{where} must be a base32 TOTP secret (letters A-Z and digits 2-7)") from None
    return text


def state_from_mapping(data: Any) -> FakeState:
    """Build a :class:`FakeState` from already-parsed file content."""
    top = _mapping(data, "the data set", {"accounts", "users", "runtimes", "environments"})
    state = FakeState()
    for i, raw in enumerate(_list(top.get("accounts"), "accounts")):
        item = _mapping(raw, f"accounts[{i}]", {"id", "name"})
        state.add_account(
            Account(_text(item.get("id"), f"accounts[{i}].id"), _text(item.get("name"), "", required=False))
        )
    for i, raw in enumerate(_list(top.get("users"), "users")):
        where = f"users[{i}]"
        item = _mapping(raw, where, {"username", "password", "api_tokens", "accounts", "privileges", "otp_secret"})
        password = item.get("password")
        tokens = _strings(item.get("api_tokens"), f"{where}.api_tokens")
        if password is None and not tokens:
            raise StateFileError(f"{where} needs a password or api_tokens, or it can never log in")
        privileges = item.get("privileges", [PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, PRIVILEGE_VIEW_RESULT])
        otp_secret = item.get("otp_secret")
        if otp_secret is not None:
            otp_secret = _base32(otp_secret, f"{where}.otp_secret")
        user = User(
            _text(item.get("username"), f"{where}.username"),
            password=None if password is None else _text(password, f"{where}.password"),
            api_tokens=tokens,
            accounts=_strings(item.get("accounts"), f"{where}.accounts"),
            privileges=set(_strings(privileges, f"{where}.privileges")),
            otp_secret=otp_secret,
        )
        for account_id in user.accounts:
            if account_id not in state.accounts:
                state.add_account(Account(account_id))
        state.add_user(user)
    seen_runtimes: set[str] = set()
    for i, raw in enumerate(_list(top.get("runtimes"), "runtimes")):
        where = f"runtimes[{i}]"
        item = _mapping(
            raw,
            where,
            {
                "id",
                "name",
                "account",
                "online",
                "kind",
                "nodes",
                "listeners",
                "schedules",
                "status_detail",
                "cluster_problem",
            },
        )
        runtime_id = _text(item.get("id"), f"{where}.id")
        if runtime_id in seen_runtimes:
            raise StateFileError(f"{where}.id {runtime_id!r} is used twice")
        seen_runtimes.add(runtime_id)
        online = item.get("online", True)
        if not isinstance(online, bool):
            raise StateFileError(f"{where}.online must be true or false")
        nodes = item.get("nodes", 1)
        if isinstance(nodes, bool) or not isinstance(nodes, int) or nodes < 1:
            raise StateFileError(f"{where}.nodes must be a whole number >= 1")
        listeners: list[Listener] = []
        for j, raw_listener in enumerate(_list(item.get("listeners"), f"{where}.listeners")):
            lwhere = f"{where}.listeners[{j}]"
            entry = _mapping(raw_listener, lwhere, {"id", "name", "connector_type", "status"})
            status = entry.get("status", LISTENING)
            if status not in LISTENER_STATUSES:
                raise StateFileError(f"{lwhere}.status must be one of {sorted(LISTENER_STATUSES)}, not {status!r}")
            listener_id = _text(entry.get("id"), f"{lwhere}.id")
            if any(existing.id == listener_id for existing in listeners):
                raise StateFileError(f"{lwhere}.id {listener_id!r} appears twice on this runtime")
            listeners.append(
                Listener(
                    listener_id,
                    _text(entry.get("name"), f"{lwhere}.name", required=False),
                    _text(entry.get("connector_type", "wss"), f"{lwhere}.connector_type"),
                    status,
                )
            )
        schedules: list[Schedule] = []
        for j, raw_schedule in enumerate(_list(item.get("schedules"), f"{where}.schedules")):
            swhere = f"{where}.schedules[{j}]"
            entry = _mapping(raw_schedule, swhere, {"process_id", "name", "enabled"})
            process_id = _text(entry.get("process_id"), f"{swhere}.process_id")
            if any(existing.process_id == process_id for existing in schedules):
                raise StateFileError(f"{swhere}.process_id {process_id!r} appears twice on this runtime")
            enabled = entry.get("enabled", True)
            if not isinstance(enabled, bool):
                raise StateFileError(f"{swhere}.enabled must be true or false")
            schedules.append(Schedule(process_id, _text(entry.get("name"), f"{swhere}.name", required=False), enabled))
        state.add_runtime(
            Runtime(
                runtime_id,
                _text(item.get("name"), f"{where}.name", required=False),
                _text(item.get("account"), f"{where}.account"),
                online=online,
                kind=_text(item.get("kind", "ATOM"), f"{where}.kind"),
                listeners=listeners,
                nodes=nodes,
                schedules=schedules,
                status_detail=_text(item.get("status_detail"), f"{where}.status_detail", required=False),
                cluster_problem=_text(item.get("cluster_problem"), f"{where}.cluster_problem", required=False),
            )
        )
    _load_environments(state, top.get("environments"))
    return state


def _load_environments(state: FakeState, raw_list: Any) -> None:
    for i, raw in enumerate(_list(raw_list, "environments")):
        where = f"environments[{i}]"
        item = _mapping(raw, where, {"id", "name", "account", "classification", "runtimes"})
        environment_id = _text(item.get("id"), f"{where}.id")
        if environment_id in state.environments:
            raise StateFileError(f"{where}.id {environment_id!r} is used twice")
        classification = item.get("classification", "PROD")
        if classification not in ("PROD", "TEST"):
            raise StateFileError(f"{where}.classification must be PROD or TEST, not {classification!r}")
        account_id = _text(item.get("account"), f"{where}.account")
        runtime_ids = _strings(item.get("runtimes"), f"{where}.runtimes")
        for j, runtime_id in enumerate(runtime_ids):
            runtime = state.runtimes.get(runtime_id)
            if runtime is None or runtime.account_id != account_id:
                raise StateFileError(
                    f"{where}.runtimes[{j}] {runtime_id!r} is not a runtime of account {account_id}; "
                    "list the runtime under runtimes first"
                )
        if account_id not in state.accounts:
            state.add_account(Account(account_id))
        state.add_environment(
            Environment(
                environment_id, _text(item.get("name"), f"{where}.name"), account_id, classification, runtime_ids
            )
        )


def state_to_mapping(state: FakeState) -> dict[str, Any]:
    """The data set (without scheduled changes) in the file format, e.g. to write a starting point."""
    with state.lock:
        state.advance()
        return {
            "accounts": [{"id": a.id, "name": a.name} for a in state.accounts.values()],
            "users": [
                {
                    "username": u.username,
                    **({"password": u.password} if u.password is not None else {}),
                    "api_tokens": list(u.api_tokens),
                    "accounts": list(u.accounts),
                    "privileges": sorted(u.privileges),
                    **({"otp_secret": u.otp_secret} if u.otp_secret is not None else {}),
                }
                for u in state.users.values()
            ],
            "runtimes": [
                {
                    "id": r.id,
                    "name": r.name,
                    "account": r.account_id,
                    "online": r.online,
                    "kind": r.kind,
                    **({"nodes": r.nodes} if r.nodes != 1 else {}),
                    "listeners": [
                        {"id": li.id, "name": li.name, "connector_type": li.connector_type, "status": li.status}
                        for li in r.listeners
                    ],
                    **(
                        {
                            "schedules": [
                                {"process_id": s.process_id, "name": s.process_name, "enabled": s.enabled}
                                for s in r.schedules
                            ]
                        }
                        if r.schedules
                        else {}
                    ),
                    **({"status_detail": r.status_detail} if r.status_detail else {}),
                    **({"cluster_problem": r.cluster_problem} if r.cluster_problem else {}),
                }
                for r in state.runtimes.values()
            ],
            "environments": [
                {
                    "id": e.id,
                    "name": e.name,
                    "account": e.account_id,
                    "classification": e.classification,
                    "runtimes": list(e.runtime_ids),
                }
                for e in state.environments.values()
            ],
        }

"""The platform objects the name reads return: Atom, Environment, EnvironmentAtomAttachment, Process.

Runtimes are the fake's :class:`~.state.Runtime` records; an Atom is their platform view. Processes
are the listeners' process components: ``ListenerStatus.listenerId`` is the listener process's
component ID, so one listener (by ID, per account) is one Process whose name is the listener's name.
Environments are their own records; an environment's runtimes are its attachments.

Each object is built as the JSON shape Boomi answers (``@type`` first) together with the values its
QueryFilter properties compare against, which are not always fields of the object (an Atom's
``hostname`` filter reads ``hostName``; ``attachmentCloudId`` has no field at all).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .state import FakeState, Runtime

__all__ = [
    "PlatformObject",
    "atom_json",
    "atoms",
    "attachment_id",
    "attachments",
    "environments",
    "processes",
]

#: Attachment IDs are derived from the pair they join, so they are stable across restarts of the fake.
_ATTACHMENT_NAMESPACE = uuid.UUID("6f0c5d1e-8a47-4d55-9a77-0e1c2b3a4d5f")


@dataclass(frozen=True)
class PlatformObject:
    """One object as answered (``body``) and the values each filter property compares against."""

    id: str
    body: dict[str, Any]
    filterable: dict[str, tuple[str, ...]]


def attachment_id(environment_id: str, runtime_id: str) -> str:
    return str(uuid.uuid5(_ATTACHMENT_NAMESPACE, f"{environment_id}/{runtime_id}"))


def _values(*items: str | None) -> tuple[str, ...]:
    return tuple(item for item in items if item)


def atom_json(runtime: Runtime, online: bool) -> dict[str, Any]:
    """The ``Atom`` with its status, detail and, for a cluster or cloud, its nodes."""
    if not online:
        status, detail = "OFFLINE", runtime.status_detail or "The runtime has not contacted the platform recently."
    elif runtime.cluster_problem:
        status, detail = "WARNING", runtime.status_detail or "A node of the cluster reports a problem."
    else:
        status, detail = "ONLINE", runtime.status_detail
    atom: dict[str, Any] = {
        "@type": "Atom",
        "id": runtime.id,
        "name": runtime.name,
        "status": status,
        "type": runtime.kind.upper() if runtime.kind.upper() in ("ATOM", "MOLECULE", "CLOUD") else "ATOM",
        "hostName": f"{runtime.name.split(' ')[0].lower() or 'runtime'}-{runtime.id[:8]}.example.internal",
        "currentVersion": "25.01.0",
    }
    if detail:
        atom["statusDetail"] = detail
    if runtime.kind.upper() in ("MOLECULE", "CLOUD"):
        nodes = []
        for index in range(runtime.nodes):
            problem = runtime.cluster_problem if index == runtime.nodes - 1 else ""
            nodes.append(
                {
                    "nodeId": f"10_0_0_{index + 1}",
                    "hostName": f"node{index + 1}.fake.local",
                    "status": "RUNNING" if online and not problem else ("PROBLEM" if problem else "STOPPED"),
                    "clusterProblem": problem,
                }
            )
        atom["cluster"] = {"node": nodes}
    return atom


def atom_object(runtime: Runtime, online: bool) -> PlatformObject:
    body = atom_json(runtime, online)
    filterable = {
        "name": _values(runtime.name),
        "id": _values(runtime.id),
        "hostname": _values(body["hostName"]),
        "status": _values(body["status"]),
        "type": _values(body["type"]),
        "isCloudAttachment": ("false",),
    }
    return PlatformObject(runtime.id, body, filterable)


def atoms(state: FakeState, account_id: str, is_online: Callable[[str], bool]) -> list[PlatformObject]:
    """The account's runtimes as Atoms, in the order the data set lists them."""
    with state.lock:
        return [atom_object(r, is_online(r.id)) for r in state.runtimes.values() if r.account_id == account_id]


def environments(state: FakeState, account_id: str) -> list[PlatformObject]:
    with state.lock:
        found = [e for e in state.environments.values() if e.account_id == account_id]
    return [
        PlatformObject(
            env.id,
            {"@type": "Environment", "id": env.id, "name": env.name, "classification": env.classification},
            {"name": _values(env.name), "id": _values(env.id), "classification": _values(env.classification)},
        )
        for env in found
    ]


def attachments(state: FakeState, account_id: str) -> list[PlatformObject]:
    with state.lock:
        found = [e for e in state.environments.values() if e.account_id == account_id]
    return [
        PlatformObject(
            attachment_id(env.id, runtime_id),
            {
                "@type": "EnvironmentAtomAttachment",
                "id": attachment_id(env.id, runtime_id),
                "atomId": runtime_id,
                "environmentId": env.id,
            },
            {"atomId": (runtime_id,), "environmentId": (env.id,)},
        )
        for env in found
        for runtime_id in env.runtime_ids
    ]


def _listener_processes(state: FakeState, account_id: str) -> Iterator[tuple[str, str]]:
    """The listener processes, then the scheduled ones: each process component once."""
    seen: set[str] = set()
    for runtime in state.runtimes.values():
        if runtime.account_id != account_id:
            continue
        found = [(item.id, item.name) for item in runtime.listeners]
        found += [(item.process_id, item.process_name) for item in runtime.schedules if item.process_name]
        for process_id, name in found:
            if process_id not in seen:
                seen.add(process_id)
                yield process_id, name


def processes(state: FakeState, account_id: str) -> list[PlatformObject]:
    """The account's listener and scheduled processes (one per process component ID)."""
    with state.lock:
        found = list(_listener_processes(state, account_id))
    return [
        PlatformObject(
            process_id,
            # Description is required by Boomi's Process schema; the fake's processes have none to tell.
            {"@type": "Process", "id": process_id, "name": name, "Description": ""},
            {"name": _values(name), "id": _values(process_id)},
        )
        for process_id, name in found
    ]

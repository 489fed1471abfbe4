"""Whether a runtime is fit for a maintenance window: its ``Atom`` status, detail and cluster nodes.

Free of I/O. An offline runtime cannot pause its listeners or report its executions, and a
cluster with a problem node may run what the others were told to stop; either should stop a
window before it changes anything, naming the runtime and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from boomi_listeners._checks import check_id
from boomi_listeners._protocol import Request, json_object

__all__ = ["HEALTHY_STATUSES", "ClusterNode", "RuntimeHealth"]

ATOM_PATH = "/Atom/{id}"
#: Atom statuses a window can work with; ``WARNING``, ``OFFLINE`` and ``UNKNOWN`` are problems.
HEALTHY_STATUSES = ("ONLINE",)
#: Node statuses Boomi's cluster status panel reports for a working node.
HEALTHY_NODE_STATUSES = ("RUNNING",)


@dataclass(frozen=True)
class ClusterNode:
    node_id: str
    host_name: str
    status: str
    cluster_problem: str

    @property
    def problem(self) -> str | None:
        if self.cluster_problem.strip():
            return f"node {self.node_id}: {self.cluster_problem.strip()}"
        if self.status.upper() not in HEALTHY_NODE_STATUSES:
            return f"node {self.node_id} is {self.status or 'without a status'}"
        return None


@dataclass(frozen=True)
class RuntimeHealth:
    """A runtime's status as ``Atom`` GET reports it, and the problem (if any) that should stop a window."""

    container_id: str
    name: str
    status: str
    status_detail: str
    nodes: tuple[ClusterNode, ...] = ()

    @property
    def problem(self) -> str | None:
        """Why the runtime is unfit for a window (offline, a cluster problem), or None when it is healthy."""
        problems = [p for p in (node.problem for node in self.nodes) if p]
        cluster = "a cluster problem: " + "; ".join(problems) if problems else ""
        if self.status.upper() not in HEALTHY_STATUSES:
            detail = f" ({self.status_detail})" if self.status_detail else ""
            found = f"runtime {self.label} is {self.status.lower() or 'of unknown status'}{detail}"
            return f"{found}, with {cluster}" if cluster else found
        return f"runtime {self.label} has {cluster}" if cluster else None

    @property
    def healthy(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.container_id})" if self.name else self.container_id


def atom_request(container_id: str) -> Request:
    from boomi_listeners_api.api.atom import get_atom

    return get_atom._get_kwargs(id=check_id(container_id, "container_id"))


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def read_health(response: httpx.Response, container_id: str) -> RuntimeHealth:
    """Read an ``Atom``; tolerant: one node object where a list belongs, odd nodes skipped."""
    path = ATOM_PATH.format(id=container_id)
    data = json_object(response, "GET", path)
    cluster = data.get("cluster")
    rows = cluster.get("node", []) if isinstance(cluster, dict) else []
    if isinstance(rows, dict):
        rows = [rows]
    nodes = tuple(
        ClusterNode(_text(row, "nodeId"), _text(row, "hostName"), _text(row, "status"), _text(row, "clusterProblem"))
        for row in rows if isinstance(row, dict)
    )  # fmt: skip
    return RuntimeHealth(
        _text(data, "id") or container_id,
        _text(data, "name"),
        _text(data, "status"),
        _text(data, "statusDetail"),
        nodes,
    )

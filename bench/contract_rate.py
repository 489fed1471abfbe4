"""Figure 4: contract-suite throughput, Schemathesis cases per second against the fake.

Schemathesis generates ``cases_per_operation`` cases for each operation of the shipped effective
spec (servers pointed at the fake) and sends each one with the response-conformance checks the
contract suite relies on (no server error, documented status, content type, headers, schema).
``positive_data_acceptance`` is left out: the fake, like Boomi, rejects schema-valid bodies that
break the operations' own rules (e.g. ``{}`` for changeListenerStatus), which that check reports.

Baseline: plain ``httpx.Client`` requests per second to the same fake, cycling through the three
operations (a valid change, a valid query, a read of an unknown token: 200, 200, 404), half of
them before the Schemathesis run and half after, so drift hits both.
"""

from __future__ import annotations

import base64
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.common import HEADERS, Endpoint
from bench.report import FigureResult, Row
from bench.stats import summarize

__all__ = ["ContractRun", "baseline", "measure", "run_contract"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class ContractRun:
    """Cases sent, seconds spent, statuses received and check failures by title."""

    def __init__(self) -> None:
        self.cases = 0
        self.operations = 0
        self.seconds = 0.0
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()


def _spec(endpoint: Endpoint) -> dict[str, Any]:
    from boomi_listeners.testing import fake_spec  # the shipped spec, servers pointed at the fake

    spec: dict[str, Any] = fake_spec(endpoint.api_root)
    return spec


def run_contract(endpoint: Endpoint, cases_per_operation: int) -> ContractRun:
    schema = schemathesis.openapi.from_dict(_spec(endpoint), config=schemathesis.Config())
    token = base64.b64encode(f"{endpoint.username}:{endpoint.password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Accept": "application/json"}
    run = ContractRun()
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise RuntimeError(f"Schemathesis cannot load an operation of the shipped spec: {result.err()}")
        operations.append(result.ok())
    run.operations = len(operations)
    with requests.Session() as session:

        def send(case: Any) -> None:
            run.cases += 1
            try:
                response = case.call_and_validate(
                    base_url=endpoint.api_root, session=session, headers=headers, checks=CHECKS
                )
                run.statuses[response.status_code] += 1
            except FailureGroup as group:
                run.failures.update(f.title for f in group.exceptions)
            except Failure as failure:
                run.failures[failure.title] += 1

        started = time.perf_counter()
        for operation in operations:
            test = settings(
                max_examples=cases_per_operation,
                database=None,
                deadline=None,
                derandomize=True,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(given(case=operation.as_strategy())(send))
            test()
        run.seconds = time.perf_counter() - started
    return run


def _baseline_calls(endpoint: Endpoint, client: httpx.Client) -> list[tuple[str, Callable[[], httpx.Response]]]:
    change = {"action": "pause", "containerId": endpoint.container_id, "listenerId": endpoint.listener_id}
    query = {
        "QueryFilter": {
            "expression": {"operator": "EQUALS", "property": "containerId", "argument": [endpoint.container_id]}
        }
    }
    return [
        ("change 200", lambda: client.post("/changeListenerStatus", json=change)),
        ("query 200", lambda: client.post("/async/ListenerStatus/query", json=query)),
        ("unknown token 404", lambda: client.get("/async/ListenerStatus/response/no-such-token")),
    ]


def baseline(endpoint: Endpoint, client: httpx.Client, requests_total: int) -> tuple[float, dict[str, list[float]]]:
    """Seconds for ``requests_total`` plain requests, and per-kind latencies in seconds."""
    calls = _baseline_calls(endpoint, client)
    latencies: dict[str, list[float]] = {name: [] for name, _ in calls}
    started = time.perf_counter()
    for index in range(requests_total):
        name, call = calls[index % len(calls)]
        sent = time.perf_counter()
        call()
        latencies[name].append(time.perf_counter() - sent)
    return time.perf_counter() - started, latencies


def measure(endpoint: Endpoint, *, cases_per_operation: int, baseline_requests: int) -> FigureResult:
    auth = httpx.BasicAuth(endpoint.username, endpoint.password)
    with httpx.Client(base_url=endpoint.api_root, auth=auth, headers=HEADERS, timeout=30.0) as client:
        for _, call in _baseline_calls(endpoint, client):
            call()  # warm the connection and the fake's validator
        first, lat_a = baseline(endpoint, client, baseline_requests // 2)
        run = run_contract(endpoint, cases_per_operation)
        second, lat_b = baseline(endpoint, client, baseline_requests - baseline_requests // 2)
    rate = run.cases / run.seconds
    base_rate = baseline_requests / (first + second)
    latency_ms = {name: summarize([s * 1000 for s in lat_a[name] + lat_b[name]]) for name in lat_a}

    result = FigureResult()
    result.metrics.update(
        {
            "contract_cases": float(run.cases),
            "contract_cases_per_s": rate,
            "contract_httpx_requests_per_s": base_rate,
            "contract_vs_httpx_rate": rate / base_rate,
            "contract_check_failures": float(sum(run.failures.values())),
        }
    )
    for name, summary in latency_ms.items():
        result.metrics[f"contract_baseline_{name.replace(' ', '_')}_ms"] = summary.median
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(run.statuses.items()))
    failures = ", ".join(f"{title}: {count}" for title, count in run.failures.most_common()) or "none"
    result.rows.append(
        Row(
            "contract_cases_per_s",
            f"{rate:.1f}/s",
            f"{run.cases} cases in {run.seconds:.2f} s (one timed run)",
            f"Schemathesis, {cases_per_operation} cases x {run.operations} operations over loopback; "
            f"statuses {{{statuses}}}; check failures: {failures}",
        )
    )
    result.rows.append(
        Row(
            "contract_vs_httpx_rate",
            f"{rate / base_rate:.3f}x",
            f"baseline {base_rate:.1f} req/s over {baseline_requests} requests",
            "contract cases/s vs plain httpx requests/s to the same fake (200/200/404 mix)",
        )
    )
    for name, summary in latency_ms.items():
        result.rows.append(
            Row(
                f"contract_baseline_{name.replace(' ', '_')}_ms",
                f"{summary.median:.2f} ms",
                summary.spread("{:.2f}"),
                f"plain httpx latency of one '{name}' request to the fake",
            )
        )
    return result

"""The fake's name reads: Atom, Environment, EnvironmentAtomAttachment and Process queries, paging, bulk, GET."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from defusedxml import ElementTree as SafeET

from boomi_listeners.testing import (
    DEMO_ACCOUNT_ID,
    DEMO_OFFLINE_CONTAINER_ID,
    DEMO_PASSWORD,
    DEMO_PROD_CONTAINER_ID,
    DEMO_PROD_LISTENER_ID,
    DEMO_READONLY_PASSWORD,
    DEMO_READONLY_USERNAME,
    DEMO_USERNAME,
    Account,
    FakeBoomi,
    FakeState,
    Listener,
    Runtime,
    User,
)
from boomi_listeners.testing.demo import DEMO_PROD_ENVIRONMENT_ID
from tests._fakes import api_client

JSON = {"Accept": "application/json"}
BOOMI_NS = "{http://api.platform.boomi.com/}"


def simple(prop: str, operator: str, *arguments: str) -> dict[str, Any]:
    return {"property": prop, "operator": operator, "argument": list(arguments)}


def query(expression: dict[str, Any]) -> dict[str, Any]:
    return {"QueryFilter": {"expression": expression}}


async def post(fake: FakeBoomi, path: str, body: Any, **kwargs: Any) -> httpx.Response:
    async with api_client(fake, **kwargs) as http:
        return await http.post(path, json=body, headers=JSON)


def names(response: httpx.Response) -> list[str]:
    return [item["name"] for item in response.json().get("result", [])]


def big_state(runtimes: int, listeners_each: int = 1) -> FakeState:
    state = FakeState(
        accounts=[Account(DEMO_ACCOUNT_ID)],
        users=[User(DEMO_USERNAME, password=DEMO_PASSWORD, accounts=[DEMO_ACCOUNT_ID])],
    )
    for i in range(runtimes):
        state.add_runtime(
            Runtime(
                f"runtime-{i:04d}",
                f"Atom {i:04d}",
                DEMO_ACCOUNT_ID,
                listeners=[Listener(f"process-{i:04d}-{j}", f"Listener {i:04d}-{j}") for j in range(listeners_each)],
            )
        )
    return state


async def test_atom_query_by_exact_name_answers_the_runtime_with_status_and_type() -> None:
    response = await post(FakeBoomi(), "/Atom/query", query(simple("name", "EQUALS", "Production Atom (us-east)")))

    assert response.status_code == 200
    body = response.json()
    assert body["numberOfResults"] == 1
    assert "queryToken" not in body
    [atom] = body["result"]
    assert (atom["id"], atom["status"], atom["type"]) == (DEMO_PROD_CONTAINER_ID, "ONLINE", "ATOM")


async def test_offline_runtime_is_reported_offline() -> None:
    response = await post(FakeBoomi(), "/Atom/query", query(simple("id", "EQUALS", DEMO_OFFLINE_CONTAINER_ID)))

    assert [atom["status"] for atom in response.json()["result"]] == ["OFFLINE"]


async def test_grouping_expressions_nest_and_or() -> None:
    expression = {
        "operator": "or",
        "nestedExpression": [
            {
                "operator": "and",
                "nestedExpression": [simple("type", "EQUALS", "ATOM"), simple("name", "CONTAINS", "Legacy")],
            },
            simple("type", "EQUALS", "MOLECULE"),
        ],
    }
    response = await post(FakeBoomi(), "/Atom/query", query(expression))

    assert sorted(names(response)) == ["Integration Molecule (eu-west)", "Legacy Atom (on-premises)"]


async def test_no_body_lists_every_object_of_the_account_only() -> None:
    async with api_client(FakeBoomi()) as http:
        response = await http.post("/Atom/query", headers=JSON)

    assert response.status_code == 200
    assert "Other Company Atom" not in names(response)
    assert len(names(response)) == 4


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (simple("name", "LIKE", "Prod%"), ["Production"]),
        (simple("name", "NOT_EQUALS", "Production"), ["Test"]),
        (simple("classification", "EQUALS", "TEST"), ["Test"]),
        (simple("name", "IS_NOT_NULL"), ["Production", "Test"]),
        (simple("name", "BETWEEN", "A", "Q"), ["Production"]),
        (simple("name", "GREATER_THAN", "Production"), ["Test"]),
    ],
)
async def test_environment_operators(expression: dict[str, Any], expected: list[str]) -> None:
    response = await post(FakeBoomi(), "/Environment/query", query(expression))

    assert sorted(names(response)) == expected


async def test_attachments_name_every_runtime_of_an_environment() -> None:
    response = await post(
        FakeBoomi(),
        "/EnvironmentAtomAttachment/query",
        query(simple("environmentId", "EQUALS", DEMO_PROD_ENVIRONMENT_ID)),
    )

    assert sorted(item["atomId"] for item in response.json()["result"]) == sorted(
        [DEMO_PROD_CONTAINER_ID, DEMO_OFFLINE_CONTAINER_ID]
    )


async def test_process_query_finds_a_listener_by_name() -> None:
    response = await post(FakeBoomi(), "/Process/query", query(simple("name", "EQUALS", "Orders web service listener")))

    assert [item["id"] for item in response.json()["result"]] == [DEMO_PROD_LISTENER_ID]


@pytest.mark.parametrize(
    ("path", "expression"),
    [
        ("/Atom/query", simple("listenerId", "EQUALS", "x")),  # not a filterable Atom property
        ("/Atom/query", simple("name", "LIKE", "Prod%")),  # the Atom object takes no LIKE
        ("/Environment/query", simple("atomId", "EQUALS", "x")),
        ("/Process/query", simple("status", "EQUALS", "x")),
    ],
)
async def test_a_filter_property_or_operator_the_spec_does_not_allow_is_a_400(
    path: str, expression: dict[str, Any]
) -> None:
    response = await post(FakeBoomi(), path, query(expression))

    assert response.status_code == 400
    assert response.json()["@type"] == "Error"
    assert "not one of the allowed values" in response.json()["message"]


async def test_an_operator_with_the_wrong_number_of_arguments_is_a_400() -> None:
    response = await post(FakeBoomi(), "/Environment/query", query(simple("name", "BETWEEN", "A")))

    assert response.status_code == 400
    assert "BETWEEN takes 2 argument(s), got 1" in response.json()["message"]


async def test_paging_at_100_with_query_more_until_the_last_page() -> None:
    fake = FakeBoomi(big_state(250))
    async with api_client(fake) as http:
        first = await http.post("/Atom/query", json=query(simple("name", "CONTAINS", "Atom")), headers=JSON)
        pages = [first.json()]
        while "queryToken" in pages[-1]:
            more = await http.post(
                "/Atom/queryMore",
                content=pages[-1]["queryToken"],
                headers={**JSON, "Content-Type": "text/plain"},
            )
            assert more.status_code == 200
            pages.append(more.json())
        reused = await http.post(
            "/Atom/queryMore", content=first.json()["queryToken"], headers={**JSON, "Content-Type": "text/plain"}
        )

    assert [len(page["result"]) for page in pages] == [100, 100, 50]
    assert {page["numberOfResults"] for page in pages} == {250}
    assert len({atom["id"] for page in pages for atom in page["result"]}) == 250
    assert reused.status_code == 400
    assert "already used" in reused.json()["message"]


async def test_a_query_token_is_not_good_for_another_object_type() -> None:
    fake = FakeBoomi(big_state(101))
    async with api_client(fake) as http:
        token = (await http.post("/Atom/query", headers=JSON)).json()["queryToken"]
        other = await http.post("/Process/queryMore", content=token, headers={**JSON, "Content-Type": "text/plain"})

    assert other.status_code == 400


async def test_bulk_get_answers_each_id_on_its_own() -> None:
    body = {"type": "GET", "request": [{"id": DEMO_PROD_LISTENER_ID}, {"id": "no-such-process"}]}
    response = await post(FakeBoomi(), "/Process/bulk", body)

    assert response.status_code == 200
    found, missing = response.json()["response"]
    assert (found["statusCode"], found["Result"]["name"]) == (200, "Orders web service listener")
    assert missing["statusCode"] == 400
    assert "no-such-process" in missing["errorMessage"]


async def test_bulk_takes_at_most_100_ids() -> None:
    body = {"type": "GET", "request": [{"id": f"p{i}"} for i in range(101)]}
    response = await post(FakeBoomi(), "/Atom/bulk", body)

    assert response.status_code == 400
    assert "1 to 100 IDs, got 101" in response.json()["message"]


async def test_get_atom_and_its_404() -> None:
    async with api_client(FakeBoomi()) as http:
        found = await http.get(f"/Atom/{DEMO_PROD_CONTAINER_ID}", headers=JSON)
        missing = await http.get("/Atom/nope", headers=JSON)

    assert found.json()["name"] == "Production Atom (us-east)"
    assert missing.status_code == 404


async def test_atoms_need_runtime_management_read_or_full_processes_do_not() -> None:
    state = big_state(1)
    state.add_user(User("api-only", password="pw", accounts=[DEMO_ACCOUNT_ID], privileges={"API"}))
    fake = FakeBoomi(state)

    atom = await post(fake, "/Atom/query", None, auth=("api-only", "pw"))
    environment = await post(fake, "/Environment/query", None, auth=("api-only", "pw"))
    process = await post(fake, "/Process/query", None, auth=("api-only", "pw"))
    read_only = await post(FakeBoomi(), "/Atom/query", None, auth=(DEMO_READONLY_USERNAME, DEMO_READONLY_PASSWORD))

    assert (atom.status_code, environment.status_code, process.status_code) == (403, 403, 200)
    assert read_only.status_code == 200


async def test_xml_query_and_answer() -> None:
    body = (
        '<QueryConfig xmlns="http://api.platform.boomi.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<QueryFilter><expression operator="EQUALS" property="name" xsi:type="SimpleExpression">'
        "<argument>Test</argument></expression></QueryFilter></QueryConfig>"
    )
    async with api_client(FakeBoomi()) as http:
        response = await http.post("/Environment/query", content=body, headers={"Content-Type": "application/xml"})

    root = SafeET.fromstring(response.content)
    assert root.tag == f"{BOOMI_NS}QueryResult"
    assert root.attrib["numberOfResults"] == "1"
    assert [result.attrib["name"] for result in root.iter(f"{BOOMI_NS}result")] == ["Test"]

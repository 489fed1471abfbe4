"""The fake's read operations for names: Atom, Environment, EnvironmentAtomAttachment and Process.

``POST /{Object}/query`` (a QueryConfig, JSON or XML; no body or no filter lists everything),
``POST /{Object}/queryMore`` (the previous page's ``queryToken`` as a text/plain body),
``POST /{Object}/bulk`` (``type: GET`` with at most 100 IDs; each ID answers on its own, an unknown
one with its own ``statusCode`` 400 and ``errorMessage`` while the request as a whole is a 200) and
``GET /Atom/{id}``. Privileges as Boomi documents them: reading runtimes and environments takes
Runtime Management (``ATOM_MANAGEMENT``) or its read-only variant (``ATOM_MANAGEMENT_READ_ONLY``)
besides API access; processes take API access.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # writing only; untrusted input is parsed by defusedxml (xml._parse)
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import xml as fake_xml
from .auth import FORBIDDEN_MESSAGE, authenticate
from .objects import PlatformObject, atoms, attachments, environments, processes
from .querying import FilterError, Page, Pager, check_expression, matches
from .responses import ApiError, wants_json
from .state import PRIVILEGE_API, PRIVILEGE_ATOM_MANAGEMENT, PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY, FakeState

__all__ = ["MAX_BULK_IDS", "NameReads"]

#: IDs one bulk request may carry.
MAX_BULK_IDS = 100

_RUNTIME_READERS = frozenset({PRIVILEGE_ATOM_MANAGEMENT, PRIVILEGE_ATOM_MANAGEMENT_READ_ONLY})
#: Object type -> (needs Runtime Management, has bulk GET).
_OBJECTS = {
    "Atom": (True, True),
    "Environment": (True, False),
    "EnvironmentAtomAttachment": (True, False),
    "Process": (False, True),
}


class _Fake(Protocol):
    """What the name routes use of the :class:`~.app.FakeBoomi` they are bound to (it builds them)."""

    state: FakeState

    def is_online(self, container_id: str) -> bool: ...

    def _guard(self, request: Request, privileges: Iterable[str], any_of: Iterable[str] = ()) -> str: ...

    async def _valid_body(
        self, request: Request, what: str, parse_xml: Callable[[bytes, int], dict[str, Any]], operation_path: str
    ) -> Any: ...


class NameReads:
    """The routes, bound to one fake (its state, guard, decoder and validator)."""

    def __init__(self, fake: _Fake) -> None:
        self.fake = fake
        self.pager = Pager()

    def routes(self, prefix: str) -> list[Route]:
        routes: list[Route] = []
        for name, (_, bulk) in _OBJECTS.items():
            routes.append(Route(f"{prefix}/{name}/query", self._query_endpoint(name), methods=["POST"]))
            routes.append(Route(f"{prefix}/{name}/queryMore", self._query_more_endpoint(name), methods=["POST"]))
            if bulk:
                routes.append(Route(f"{prefix}/{name}/bulk", self._bulk_endpoint(name), methods=["POST"]))
        routes.append(Route(prefix + "/Atom/{id}", self._get_atom, methods=["GET"]))
        return routes

    # -- shared steps ---------------------------------------------------------------------------

    def _guard(self, request: Request, object_type: str) -> str:
        account_id = self.fake._guard(request, (PRIVILEGE_API,))
        if _OBJECTS[object_type][0]:
            principal = authenticate(self.fake.state, request.headers.get("authorization"))
            if not principal.user.privileges & _RUNTIME_READERS:
                raise ApiError(403, FORBIDDEN_MESSAGE)
        return account_id

    def _objects(self, account_id: str, object_type: str) -> list[PlatformObject]:
        state = self.fake.state
        if object_type == "Atom":
            return atoms(state, account_id, self.fake.is_online)
        if object_type == "Environment":
            return environments(state, account_id)
        if object_type == "EnvironmentAtomAttachment":
            return attachments(state, account_id)
        return processes(state, account_id)

    # -- operations -----------------------------------------------------------------------------

    def _query_endpoint(self, object_type: str) -> Callable[[Request], Any]:
        async def query(request: Request) -> Response:
            account_id = self._guard(request, object_type)
            expression = None
            if (await request.body()).strip():
                data = await self.fake._valid_body(
                    request, f"{object_type}QueryConfig", fake_xml.parse_query_config, f"/{object_type}/query"
                )
                expression = (data.get("QueryFilter") or {}).get("expression")
                try:
                    if expression:
                        check_expression(expression)
                except FilterError as exc:
                    raise ApiError(400, str(exc)) from None
            found = [obj for obj in self._objects(account_id, object_type) if matches(obj, expression)]
            return _query_result(self.pager.first(account_id, object_type, found), request)

        return query

    def _query_more_endpoint(self, object_type: str) -> Callable[[Request], Any]:
        async def query_more(request: Request) -> Response:
            account_id = self._guard(request, object_type)
            token = (await request.body()).decode("utf-8", errors="replace").strip()
            if not token:
                raise ApiError(400, "Invalid request: the body must be the queryToken of the previous page.")
            page = self.pager.more(account_id, object_type, token)
            if page is None:
                raise ApiError(
                    400,
                    f"Invalid request: queryToken {token[:80]!r} is unknown, already used or expired; "
                    f"start again with POST {object_type}/query.",
                )
            return _query_result(page, request)

        return query_more

    def _bulk_endpoint(self, object_type: str) -> Callable[[Request], Any]:
        async def bulk(request: Request) -> Response:
            account_id = self._guard(request, object_type)
            data = await self.fake._valid_body(
                request, f"{object_type}BulkRequest", _parse_bulk_request, f"/{object_type}/bulk"
            )
            if data.get("type") != "GET":
                raise ApiError(400, "Invalid request: type must be GET; the fake answers bulk reads only.")
            ids = [str(item.get("id") or "") for item in data.get("request") or []]
            if not ids or len(ids) > MAX_BULK_IDS:
                raise ApiError(400, f"Invalid request: a bulk request takes 1 to {MAX_BULK_IDS} IDs, got {len(ids)}.")
            known = {obj.id: obj for obj in self._objects(account_id, object_type)}
            items = []
            for index, object_id in enumerate(ids):
                obj = known.get(object_id)
                if obj is not None:
                    items.append({"index": index, "id": object_id, "statusCode": 200, "Result": obj.body})
                else:
                    missing: dict[str, Any] = {"@type": object_type, "id": object_id}
                    if object_type == "Process":
                        missing["Description"] = ""
                    message = f"No {object_type} with ID {object_id!r} in account {account_id}."
                    items.append(
                        {"index": index, "id": object_id, "statusCode": 400, "errorMessage": message, "Result": missing}
                    )
            if wants_json(request.headers.get("accept")):
                return JSONResponse({"@type": "BulkResult", "response": items})
            return Response(_bulk_xml(items), media_type="application/xml")

        return bulk

    async def _get_atom(self, request: Request) -> Response:
        account_id = self._guard(request, "Atom")
        atom_id: str = request.path_params["id"]
        found = next((obj for obj in self._objects(account_id, "Atom") if obj.id == atom_id), None)
        if found is None:
            raise ApiError(404, f"Resource not found: no Atom with ID {atom_id!r} in account {account_id}.")
        if wants_json(request.headers.get("accept")):
            return JSONResponse(found.body)
        root = _object_element("bns:Atom", found.body)
        root.set("xmlns:bns", fake_xml.BOOMI_NS)
        return Response(fake_xml._document(root), media_type="application/xml")


def _query_result(page: Page, request: Request) -> Response:
    if wants_json(request.headers.get("accept")):
        body: dict[str, Any] = {"@type": "QueryResult", "numberOfResults": page.total}
        if page.query_token is not None:
            body["queryToken"] = page.query_token
        if page.results:
            body["result"] = [obj.body for obj in page.results]
        return JSONResponse(body)
    root = ET.Element(
        "bns:QueryResult",
        {"xmlns:bns": fake_xml.BOOMI_NS, "xmlns:xsi": fake_xml.XSI_NS, "numberOfResults": str(page.total)},
    )
    if page.query_token is not None:
        ET.SubElement(root, "bns:queryToken").text = page.query_token
    for obj in page.results:
        root.append(_object_element("bns:result", obj.body))
    return Response(fake_xml._document(root), media_type="application/xml")


def _object_element(tag: str, body: dict[str, Any]) -> ET.Element:
    """An object as Boomi writes it in XML: scalar fields as attributes, Description and cluster as elements."""
    element = ET.Element(tag, {"xsi:type": str(body["@type"])} if tag == "bns:result" else {})
    for key, value in body.items():
        if key == "@type":
            continue
        if key == "Description":
            ET.SubElement(element, "bns:Description").text = str(value)
        elif key == "Result":
            element.append(_object_element("bns:Result", value))
        elif key == "cluster":
            # An Atom's cluster nodes (runtime health): one element per node, its fields as elements.
            cluster = ET.SubElement(element, "bns:cluster")
            for node in value["node"]:
                item = ET.SubElement(cluster, "bns:node")
                for name, text in node.items():
                    ET.SubElement(item, f"bns:{name}").text = str(text)
        else:
            element.set(key, str(value))
    return element


def _bulk_xml(items: list[dict[str, Any]]) -> bytes:
    root = ET.Element("bns:BulkResult", {"xmlns:bns": fake_xml.BOOMI_NS, "xmlns:xsi": fake_xml.XSI_NS})
    for item in items:
        response = ET.SubElement(root, "bns:response")
        for key in ("index", "id", "statusCode", "errorMessage"):
            if key in item:
                response.set(key, str(item[key]))
        result = _object_element("bns:Result", item["Result"])
        result.set("xsi:type", str(item["Result"]["@type"]))
        response.append(result)
    return fake_xml._document(root)


def _parse_bulk_request(body: bytes, max_nesting: int) -> dict[str, Any]:
    """``<BulkRequest type="GET"><request id="…"/>…</BulkRequest>`` as the JSON-shaped BulkRequest."""
    root = fake_xml._parse(body, max_nesting)
    fake_xml._expect_root(root, {"BulkRequest"}, "<BulkRequest>")
    data: dict[str, Any] = {}
    if "type" in root.attrib:
        data["type"] = root.attrib["type"]
    # An element with neither attributes nor children is its text (e.g. "null"): the schema then
    # refuses it as it refuses a JSON item that is not an object.
    data["request"] = [
        fake_xml._fields(child) if child.attrib or len(child) else child.text
        for child in root
        if fake_xml._local(child.tag) == "request"
    ]

    return data

"""Content negotiation and response bodies.

Boomi answers in XML unless the Accept header asks for JSON, and error bodies follow the same
rule: ``{"@type": "Error", "message": ...}`` or ``<error><message>...</message></error>``.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse, Response

from .profiles import PROFILES, Profile
from .state import ListenerSnapshot
from .xml import error_xml, query_result_xml, token_result_xml

__all__ = [
    "PROGRESS_MESSAGE",
    "ApiError",
    "error_response",
    "query_result_response",
    "token_result_response",
    "wants_json",
]

_JSON_TYPES = ("application/json", "text/json")
_XML_TYPES = ("application/xml", "text/xml")
DOCUMENTED = PROFILES["documented"]


class ApiError(Exception):
    """An error answer: HTTP status, the Error body's message, and extra headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def wants_json(accept: str | None) -> bool:
    """True when the Accept header prefers JSON over XML; XML wins ties and wildcards, as on Boomi."""
    if not accept:
        return False
    best_json = best_xml = 0.0
    first: str | None = None
    for item in accept.split(","):
        media, *params = item.split(";")
        media = media.strip().lower()
        q = _quality(params)
        if media in _JSON_TYPES or (media.startswith("application/") and media.endswith("+json")):
            best_json = max(best_json, q)
            first = first or ("json" if q > 0 else None)
        elif media in _XML_TYPES or (media.startswith("application/") and media.endswith("+xml")):
            best_xml = max(best_xml, q)
            first = first or ("xml" if q > 0 else None)
    if best_json == 0.0:
        return False
    if best_json != best_xml:
        return best_json > best_xml
    return first == "json"


def error_response(status: int, message: str, *, json: bool, headers: Mapping[str, str] | None = None) -> Response:
    if json:
        return JSONResponse({"@type": "Error", "message": message}, status_code=status, headers=dict(headers or {}))
    return Response(error_xml(message), status_code=status, media_type="application/xml", headers=dict(headers or {}))


def token_result_response(token: str, *, json: bool) -> Response:
    if json:
        return JSONResponse(
            {
                "@type": "AsyncOperationTokenResult",
                "asyncToken": {"@type": "AsyncToken", "token": token},
                "responseStatusCode": 202,
            }
        )
    return Response(token_result_xml(token), media_type="application/xml")


#: The progress row's message under the ``status-row`` profile, as S8 quotes it.
PROGRESS_MESSAGE = "Connecting to runtime..."


def query_result_response(
    results: list[ListenerSnapshot] | None, *, json: bool, profile: Profile = DOCUMENTED
) -> Response:
    """The AsyncOperationResult: ``responseStatusCode`` 202 in the body while running, 200 when done.

    Documented: HTTP 200 either way, no rows and no ``numberOfResults`` while running. The profile
    can answer HTTP 202 while running (``http-202``), add an ``AsyncOperationStatus`` row while
    running (``status-row``), and report a finished empty result as 202 with ``numberOfResults`` 0
    (``empty-202``).
    """
    progress = PROGRESS_MESSAGE if profile.status_row else None
    if not json:
        status = 202 if results is None and profile.http_202 else 200
        body = query_result_xml(results, progress_message=progress, empty_202=profile.empty_202)
        return Response(body, status_code=status, media_type="application/xml")
    if results is None:
        running: dict[str, object] = {"@type": "AsyncOperationResult", "responseStatusCode": 202}
        if progress is not None:
            running["result"] = [{"@type": "AsyncOperationStatus", "message": progress}]
        return JSONResponse(running, status_code=202 if profile.http_202 else 200)
    if not results and profile.empty_202:
        return JSONResponse({"@type": "AsyncOperationResult", "numberOfResults": 0, "responseStatusCode": 202})
    return JSONResponse(
        {
            "@type": "AsyncOperationResult",
            "result": [
                {
                    "@type": "ListenerStatus",
                    "listenerId": row.listener_id,
                    "status": row.status,
                    "connectorType": row.connector_type,
                }
                for row in results
            ],
            "numberOfResults": len(results),
            "responseStatusCode": 200,
        }
    )

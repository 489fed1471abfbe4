"""Read a spec download and say plainly what is wrong with it when it is not one.

Boomi's download page can hand back a login page, a truncated file or a YAML
export under a ``.json`` name; each gets a message naming the file and what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from regen.errors import RegenError

JSONDoc = dict[str, Any]


class DownloadError(RegenError):
    """The file given as ``SPEC=`` is not an OpenAPI 3 document we can import."""


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<html" in head[:200]


def _parse(path: Path, text: str) -> Any:
    """JSON first (Boomi's format), then YAML; a truncated JSON file is named as such."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as json_error:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            return data  # YAML (possibly under a .json name): fine, it is the same data model
        stripped = text.rstrip()
        if path.suffix.lower() == ".json" or stripped[:1] in "{[":
            if json_error.pos >= len(stripped) - 1:
                raise DownloadError(
                    f"{path}: the JSON is truncated (it ends at line {json_error.lineno} before the document "
                    "is complete); download the spec again"
                ) from None
            raise DownloadError(
                f"{path}: not valid JSON or YAML ({json_error.msg} at line {json_error.lineno}, "
                f"column {json_error.colno})"
            ) from None
        raise DownloadError(f"{path}: not a JSON or YAML document") from None


def read_download(path: Path) -> JSONDoc:
    """Return the OpenAPI 3 document in ``path`` or raise :class:`DownloadError` saying why not."""
    if not path.is_file():
        raise DownloadError(f"{path}: no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise DownloadError(f"{path}: the file is empty; download the spec again")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DownloadError(f"{path}: not UTF-8 text (byte {exc.start}); is this the spec download?") from None
    if _looks_like_html(text):
        raise DownloadError(
            f"{path}: this is an HTML page (a login or error page?), not the spec; "
            "download the OpenAPI JSON from Boomi's API reference while signed in"
        )
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise DownloadError(f"{path}: not an OpenAPI document (the top level is a {type(data).__name__})")
    if "swagger" in data:
        raise DownloadError(
            f"{path}: this is Swagger {data['swagger']} (OpenAPI 2); convert it to OpenAPI 3 first "
            "(for example with swagger2openapi), then import the converted file"
        )
    version = data.get("openapi")
    if version is None:
        raise DownloadError(f"{path}: not an OpenAPI document (no 'openapi' version field)")
    if not str(version).startswith("3."):
        raise DownloadError(f"{path}: OpenAPI {version} is not supported; expected OpenAPI 3.x")
    if not isinstance(data.get("paths"), dict) or not data["paths"]:
        raise DownloadError(f"{path}: the OpenAPI document has no paths")
    return data

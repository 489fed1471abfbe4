"""How a client reaches Boomi: TLS verification, proxies, or an httpx client the caller configured.

The clients always put their own transports (``_async_transports``: deadline, budget,
request log) in front of the one that sends, because that is where logging and
redaction live. Handing httpx a ``transport=`` turns off its environment
proxies, so the proxy is resolved here the way httpx resolves it
(``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` and ``NO_PROXY``, read by the
standard library's ``urllib.request``). A client only ever sends to its one
platform root, so resolving that URL resolves every request it makes.
"""

from __future__ import annotations

import os
import ssl
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from boomi_listeners._exceptions import ConfigurationError

__all__ = ["Connection", "Verify", "environment_proxy"]

#: ``True`` (system/certifi roots), ``False`` (no verification: tests only), a CA bundle file or
#: directory, or a ready ``ssl.SSLContext`` (client certificates, corporate roots, pinned ciphers).
Verify = bool | str | os.PathLike[str] | ssl.SSLContext
Proxy = str | httpx.URL | httpx.Proxy


def environment_proxy(url: str) -> str | None:
    """The proxy the environment names for ``url``, or None (also when ``NO_PROXY`` exempts its host)."""
    proxies = urllib.request.getproxies()
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(parts.netloc):
        return None
    # httpx reads a bare "host:port" as an http:// proxy; so do we.
    return proxy if "://" in proxy else f"http://{proxy}"


def _ssl_context(verify: Verify) -> ssl.SSLContext | bool:
    if isinstance(verify, ssl.SSLContext | bool):
        return verify
    if isinstance(verify, str | os.PathLike):
        path = os.fspath(verify)
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        if os.path.isfile(path):
            return ssl.create_default_context(cafile=path)
        raise ConfigurationError(f"verify names a CA bundle that does not exist: {path!r}")
    raise TypeError(f"verify must be a bool, a CA bundle path or an ssl.SSLContext, not {type(verify).__name__}")


@dataclass(frozen=True)
class Connection:
    """Checked connection options; :meth:`build` raises before anything is sent."""

    timeout: float
    verify: ssl.SSLContext | bool
    proxy: Proxy | None
    trust_env: bool
    transport: Any
    http_client: Any

    @classmethod
    def build(
        cls,
        *,
        timeout: float,
        verify: Verify,
        proxy: Proxy | None,
        trust_env: bool,
        transport: Any,
        http_client: Any,
        client_type: type[httpx.Client | httpx.AsyncClient],
    ) -> Connection:
        if http_client is not None:
            if not isinstance(http_client, client_type):
                raise TypeError(f"http_client must be an {client_type.__module__}.{client_type.__qualname__}")
            if transport is not None or proxy is not None or verify is not True:
                raise ValueError(
                    "give http_client alone: configure its transport, proxy and TLS verification on it instead"
                )
        if transport is not None and proxy is not None:
            raise ValueError("give either transport or proxy: a custom transport decides its own proxy")
        return cls(timeout, _ssl_context(verify), proxy, trust_env, transport, http_client)

    def proxy_for(self, url: str) -> Proxy | None:
        """An explicit ``proxy=`` wins; otherwise the environment's, unless ``trust_env`` is off."""
        if self.proxy is not None:
            return self.proxy
        return environment_proxy(url) if self.trust_env else None

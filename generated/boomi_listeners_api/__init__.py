"""A client library for accessing Boomi Enterprise Platform REST API Reference"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

"""A client library for accessing Boomi Platform API: listener status"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

"""The package's logger under the module name it had before ``_exchange``; new code imports it from there."""

from boomi_listeners._exchange import logger

__all__ = ["logger"]

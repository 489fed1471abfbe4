"""The regen pipeline: from a Boomi spec download to the generated client.

slice (optional) -> overlay -> validate -> openapi-python-client -> format.
Run it with ``make regen`` (``python -m regen`` with ``openapi/`` on the path).
"""

"""boomi_listeners: pause, resume and restart Boomi runtime listeners."""

__version__ = "0.1.0"

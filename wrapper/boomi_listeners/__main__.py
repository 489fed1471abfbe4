"""``python -m boomi_listeners``: the same command line as ``boomi-listeners``."""

from boomi_listeners.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

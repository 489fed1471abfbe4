"""Benchmarks for boomi-listeners: every figure is a ratio against a baseline measured in the same run.

Run ``python -m bench.run`` (or ``python bench/run.py``); ``--quick`` is the CI smoke variant.
"""

"""Build speed and memory of the generator against two references.

Run with `python -m benchmarks`; see benchmarks/__main__.py for the options.
Nothing here runs in `make test` except a small smoke run of the code.
"""

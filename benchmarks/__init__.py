"""Performance budgets of Portail Famille, measured on the large demo commune.

Not tests: run them with `make bench` (`python -m benchmarks.run`). See benchmarks/README.md.
"""

"""Test-side spreadsheet engines that recalculate our workbooks without Excel.

A regular package, so tests anywhere under tests/ can `from formulas_recalc.formulas_model import …`:
pytest puts tests/ on sys.path for the rootdir conftest.py (default "prepend" import mode).
"""

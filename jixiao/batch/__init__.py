"""Batch work over many forms: fill, extract, audit, and the built-in demo."""

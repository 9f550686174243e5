"""Services both front ends share — the `jixiao` command line and the Excel actions in `macros`.

- `atomic` — writing an output in one step, never over an input.
- `untrusted` — refusing a workbook from elsewhere before it is unpacked.
- `formats` — the data files (.xlsx data workbook, .json, .yaml), one module per format.
- `filled` — saving filled workbooks (formulas with cached values, or the values-only copy).

This floor sits above `workbook` and below both front ends: it never imports `jixiao` or
`macros`.
"""

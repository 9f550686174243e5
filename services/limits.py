"""How much of an input the tools will read: every bound is a named constant here.

A file beyond one of these is refused with a Chinese message naming the file (and sheet), before
anything is allocated for it — so no input can make a command abort, hang or run out of
memory. The bounds sit far above any real form: a project sheet uses about 100 rows and 15
columns; a data workbook of 1,000 projects about 30,000 rows.
"""

from __future__ import annotations

MAX_FILE_BYTES = 100 * 2**20          # a workbook or data file as it is on disk
MAX_UNPACKED_BYTES = 400 * 2**20      # all parts of a workbook unpacked
MAX_PARTS = 5000                      # parts in a workbook's zip
MAX_RATIO = 200                       # unpacked ÷ packed, for any part larger than 1 MiB

MAX_ROWS = 100_000                    # the last row holding a value, on any sheet
MAX_COLUMNS = 1_000                   # the last column holding a value, on any sheet
MAX_AREA = 2_000_000                  # rows × columns up to the last value (what a reader allocates)
MAX_CELLS = 2_000_000                 # cell records on one sheet, values or not

MAX_TEXT = 32_767                     # characters in one text (Excel's own limit for a cell)
# A JSON / YAML data file is read one project at a time: these bound each project (and each other
# top-level value), the depth counted from the top of the file
MAX_DEPTH = 20                        # nesting of a JSON / YAML data file (the format needs 5)
MAX_NODES = 2_000_000                 # values in one project, YAML aliases expanded

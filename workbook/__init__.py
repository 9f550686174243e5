"""The Excel template: its layout, and the code that builds, fills and reads it (openpyxl)."""

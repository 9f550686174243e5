"""The scoring engine (`pyfuncs.engine`) and the Excel worksheet functions (`pyfuncs.udfs`)."""

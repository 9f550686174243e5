"""Writing a VBA project (`vbaProject.bin`) on any system, without Excel.

Excel keeps a workbook's macros in an OLE compound file whose streams are compressed the
MS-OVBA way. To ship the `xlwings_udfs` module inside every workbook — so a clerk never has to
run "Import Functions" — we add it to xlwings' own project here:

- :mod:`.compression`: the MS-OVBA run-length/LZ77 compression of the dir and module streams;
- :mod:`.cfb`: a small writer of MS-CFB (version 3) compound files;
- :mod:`.project`: reading a project's streams, adding a standard module to its dir, PROJECT and
  PROJECTwm streams, and writing it back.

All three follow the published specifications ([MS-OVBA], [MS-CFB]); the tests read the result
back with oletools and open it in LibreOffice.
"""

from .project import add_module, module_sources

__all__ = ["add_module", "module_sources"]

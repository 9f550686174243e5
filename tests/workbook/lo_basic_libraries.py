"""Run by LibreOffice's Python (python3-uno), not by pytest: open a workbook in a fresh headless
LibreOffice whose VBA import is on (load and run), and print as JSON the document's Basic
libraries (module → source) and whether the document's script provider finds the functions named
on the command line in `VBAProject.<module>`.

Usage: python3 lo_basic_libraries.py WORKBOOK MODULE FUNCTION...
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA">
 <prop oor:name="Load" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA">
 <prop oor:name="Executable" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise
            time.sleep(0.2)


def main(workbook, module, functions):
    work = Path(tempfile.mkdtemp(prefix="lo-vba-"))
    (work / "user").mkdir()
    (work / "user" / "registrymodifications.xcu").write_text(SETTINGS, encoding="utf-8")
    pipe = f"jxvba{os.getpid()}"
    proc = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={work.as_uri()}", "--headless", "--invisible",
         "--norestore", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "TMPDIR": str(work)})
    desktop = None
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            Path(workbook).resolve().as_uri(), "_blank", 0,
            (_prop("Hidden", True), _prop("MacroExecutionMode", 4)))   # ALWAYS_EXECUTE_NO_WARN
        libraries = {}
        for name in doc.BasicLibraries.ElementNames:
            doc.BasicLibraries.loadLibrary(name)
            lib = doc.BasicLibraries.getByName(name)
            libraries[name] = {m: lib.getByName(m) for m in lib.ElementNames}
        provider = doc.getScriptProvider()
        found = {}
        for fn in functions:
            url = f"vnd.sun.star.script:VBAProject.{module}.{fn}?language=Basic&location=document"
            try:
                provider.getScript(url)
                found[fn] = True
            except Exception:
                found[fn] = False
        doc.close(True)
        print(json.dumps({"libraries": libraries, "scripts": found}))
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):      # the bridge drops as soffice quits
                desktop.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

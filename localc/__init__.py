"""LibreOffice Calc with the JX_ worksheet functions live: a part of the product.

It installs the functions into a clerk's own LibreOffice (`jixiao libreoffice install`), renders
the documentation picture (`python -m localc.render` → docs/form-page.png) and proves in the
tests that the template recalculates without Excel. One module per concern:

- :mod:`localc.bridge` runs inside LibreOffice's own Python: the JX_ functions for Calc cells,
  and the sessions that edit workbooks through UNO. It is the one file of ours copied into a
  profile, so it imports nothing of this package.
- :mod:`localc.profile` writes a throw-away user profile: the registry settings, the Basic
  library that forwards each JX_ function to the bridge, and the bridge.
- :mod:`localc.process` finds `soffice` and runs it: a fresh profile per run, a timeout, the
  whole process group killed afterwards.
- :mod:`localc.jobs` is what one asks of it: recalculate, print to PDF, or edit
  (:mod:`localc.edits`) and recalculate.
- :mod:`localc.install` puts the same Basic and bridge into a user's own profile, and takes
  them out again.
- :mod:`localc.png` turns PDF pages into pictures; :mod:`localc.render` makes the one in the
  README.
"""

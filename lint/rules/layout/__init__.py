"""EL101–EL105 — project layout: what the platform must find to detect and start a Python app.

`detection` reports a missing `wsgi.py` or `requirements.txt` (the two files by which the
platform recognises a Python project), `wsgi_app` and `wsgi_callable` whether `wsgi.py` defines
an `application` and whether it can be called as a WSGI app, and `local_imports` the project
modules (or names from them) that code running on the platform imports but the project lacks.
EL106–EL110 share the EL1xx codes but are the `packaging` family.
"""

from ...rulespec import RuleSpec
from ...severity import ERROR

RULES = (
    RuleSpec("EL101", "missing-wsgi", ERROR, "detection.missing_wsgi"),
    RuleSpec("EL102", "missing-requirements", ERROR, "detection.missing_requirements"),
    RuleSpec("EL103", "missing-application", ERROR, "wsgi_app.missing_application"),
    RuleSpec("EL104", "application-not-wsgi", ERROR, "wsgi_callable.application_not_wsgi"),
    RuleSpec("EL105", "missing-local-module", ERROR, "local_imports.missing_local_module"),
)

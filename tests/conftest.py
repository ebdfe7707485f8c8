"""Settings for the whole test suite: the hypothesis profiles of the property-based tests, and
one result cache folder outside the repository for every command the tests run (so linting a
fixture never leaves a `.enginelint_cache/` beside it; tests of the cache's own location unset it).

`ci` (the default) is quick and derandomized: the same examples every run, so that a run fails
only when the code changed, and the whole property suite stays within about half a minute.
`deep` (`HYPOTHESIS_PROFILE=deep`) runs thirty times as many random examples, for a long search
before a release or after touching a parser.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=_QUIET,
    print_blob=True,
)
settings.register_profile(
    "deep", max_examples=1_800, deadline=None, suppress_health_check=_QUIET, print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

if "ENGINELINT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="enginelint-test-cache-")
    os.environ["ENGINELINT_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

"""Read requirement lines with the pip installed beside this interpreter; print verdicts as JSON.

Run by `tools/pip_truth/build.py` inside a virtual environment that holds one pip release. Every
case becomes a one-line requirements file (or constraints file) that pip reads the way
`pip install -r`/`-c` does before it resolves anything: pip's own file parser, the
`InstallRequirement` it builds from each line, the constraint checks its resolver makes first
(pip 20.3 and later), and one version comparison per named requirement (where a specifier that
cannot be compared fails). Nothing is downloaded. Kept compatible with Python 3.7 and pip 18.1.

Usage: python read_with_pip.py CORPUS.json RESULT.json  (run in a folder laid out by build.py)
"""

import json
import os
import sys
import traceback


def _session():
    try:
        from pip._internal.network.session import PipSession
    except ImportError:  # pip < 20
        from pip._internal.download import PipSession
    return PipSession()


def _build(parsed, constraint):
    """An InstallRequirement from what parse_requirements yielded (its API moved in pip 20.1)."""
    try:
        from pip._internal.req.constructors import install_req_from_parsed_requirement
    except ImportError:  # pip < 20.1 yields InstallRequirement objects directly
        return parsed
    import inspect

    parameters = inspect.signature(install_req_from_parsed_requirement).parameters
    kwargs = {}
    if "user_supplied" in parameters:
        kwargs["user_supplied"] = not constraint
    return install_req_from_parsed_requirement(parsed, **kwargs)


def _check_constraint(requirement):
    try:
        from pip._internal.req.req_install import check_invalid_constraint_type
    except ImportError:
        return
    problem = check_invalid_constraint_type(requirement)
    if problem:
        raise RuntimeError(problem)


class _InstallOptions:
    """The option values `pip install` hands the file parser (pip < 20.2 writes to them)."""

    def __init__(self):
        self.require_hashes = False
        self.features_enabled = []
        try:
            from pip._internal.models.format_control import FormatControl
        except ImportError:  # pip < 18.1
            from pip._internal.index import FormatControl
        self.format_control = FormatControl(set(), set())

    def __getattr__(self, name):
        return None  # every other option left at pip's default


def _new_resolver():
    """pip 20.3 made the resolver that checks constraint types the default."""
    import pip

    return tuple(int(part) for part in pip.__version__.split(".")[:2]) >= (20, 3)


def read(path, constraint, session):
    from pip._internal.req.req_file import parse_requirements

    options = _InstallOptions()
    for parsed in parse_requirements(path, session=session, constraint=constraint,
                                     options=options):
        requirement = _build(parsed, constraint)
        if constraint and _new_resolver():
            _check_constraint(requirement)
        req = getattr(requirement, "req", None)
        if req is not None and req.specifier:
            list(req.specifier.filter(["1.0"], prereleases=True))


def main():
    import pip

    corpus_path, result_path = sys.argv[1], sys.argv[2]
    with open(corpus_path, encoding="utf-8") as stream:
        cases = json.load(stream)
    session = _session()
    verdicts = []
    for index, case in enumerate(cases):
        path = os.path.join(os.getcwd(), f"case-{index}.txt")
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(case["text"] + "\n")
        try:
            read(path, bool(case.get("constraint")), session)
            verdicts.append(None)
        except BaseException as error:  # pip raises SystemExit from optparse too
            if isinstance(error, KeyboardInterrupt):
                raise
            # The workspace is a fresh temporary folder: name it `.` so runs compare.
            message = str(error).replace(os.getcwd(), ".").strip().splitlines()
            text = message[0] if message else type(error).__name__
            if os.environ.get("PIP_TRUTH_TRACEBACK"):
                traceback.print_exc()
            verdicts.append(f"{type(error).__name__}: {text[:300]}")
        finally:
            os.unlink(path)
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(
            {"pip": pip.__version__, "python": sys.version.split()[0], "verdicts": verdicts},
                  stream)


if __name__ == "__main__":
    main()

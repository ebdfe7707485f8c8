"""Build `lint/rules/layout/distributions.json`: what the commonly used distributions install.

EL105 decides whether a top-level import can work from the requirements: an import that neither
the project, the standard library nor a requirement (or what a requirement pulls in) provides
fails when the platform starts the app. This script records, from the packages' own metadata on
PyPI, the import names each distribution installs and the distributions it depends on.

    python tools/build_distribution_table.py            # writes the table
    python tools/build_distribution_table.py --check    # prints it, writes nothing

What it reads, for each distribution of `DISTRIBUTIONS` and, transitively, each of their
dependencies (names normalised as PEP 503 says):

- the index's file list (the JSON form of the simple API, PEP 691/700);
- import names: the wheel of the newest release (or, when that release has no wheel, of the
  newest release that has one), from its `RECORD` (a top-level `x.py`, `x/`, `x.*.so` or
  `x.*.pyd`; files under `*.data/purelib|platlib/` too) together with `top_level.txt`. A wheel
  that ships a `.pth` file adding folders to `sys.path` is marked `opaque`: what it makes
  importable is not in its file list. A distribution with no wheel at all is read from its
  sdist's `*.egg-info/top_level.txt` and `requires.txt`, or built with `pip wheel --no-deps`;
- dependencies: `Requires-Dist` of the newest release of each of the newest `SERIES` major.minor
  series released since `OLDEST`, and of the newest release of up to `OLDER_MAJORS` older major
  versions released since then, and of the newest release of each year since then (the core
  metadata file PEP 658 serves beside the wheel, or the wheel itself when the index has none
  and the wheel is small), united; `since` is the oldest release read. EL105 treats a
  requirement pinned below `since` as unknown.

Markers: environment markers are evaluated for CPython on Linux x86-64 (the platform) under
every Python from 3.6 to 3.14 (EL105 does not use the table for a Python 2 app); a dependency
whose marker holds under one of them counts as installed (so `typing-extensions;
python_version < "3.8"` counts, `pywin32; sys_platform == "win32"` does not). `extra == "…"`
is kept: such a dependency is listed under its extra and counts only when a requirement asks
for that extra. Both choices err towards "installed", which keeps EL105 quiet rather than
wrong.

The closure follows the dependencies installed without extras; a dependency of an extra that
is not in the table makes EL105 quiet for a requirement that asks for that extra. Dependencies
that cannot be read (not on the index, or an sdist that neither carries `*.egg-info` nor
builds) are listed under `unreadable`; EL105 is quiet for the requirements that pull them in.
An import name only an older release installed is missed; EL105 also counts each installed
distribution's own name (`-` as `_`) as an import name, which covers most such cases.

`--cache DIR` keeps every download, so that a rerun after a change to this script is quick.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

REPOSITORY = Path(__file__).resolve().parent.parent
OUTPUT = REPOSITORY / "lint" / "rules" / "layout" / "distributions.json"
INDEX = "https://pypi.org/simple/{name}/"
OLDEST = "2018-01-01"  # releases uploaded before this are not read for dependencies
SERIES = 10  # how many major.minor series are read for dependencies
OLDER_MAJORS = 4  # and how many older major versions (their newest release)
SMALL_WHEEL = 8 * 1024 * 1024  # the largest wheel downloaded only for its metadata
MAX_DISTRIBUTIONS = 900  # a bound on the closure
WORKERS = 10

# The commonly used distributions of Python web apps on the platform: the LeanCloud SDK, web
# frameworks and servers, database and cache clients, the Chinese cloud and payment SDKs
# LeanCloud apps use, and the most downloaded distributions on PyPI. Their dependencies join
# the table by themselves.
DISTRIBUTIONS = """
leancloud flask werkzeug jinja2 markupsafe itsdangerous click blinker flask-cors flask-login
flask-sockets gevent-websocket
flask-wtf wtforms flask-sqlalchemy flask-migrate flask-restful flask-restx flask-jwt-extended
flask-socketio flask-caching flask-limiter flask-mail flask-babel flask-marshmallow
flask-session flask-bcrypt flask-compress flask-admin flask-httpauth flask-apscheduler
flask-script django djangorestframework django-cors-headers django-filter django-environ
django-redis django-storages django-extensions django-debug-toolbar whitenoise channels asgiref
sqlparse fastapi starlette uvicorn pydantic pydantic-core pydantic-settings python-multipart
email-validator sqlmodel httpx httpcore h11 anyio sniffio gunicorn gevent greenlet eventlet
waitress tornado hypercorn daphne uvloop httptools websockets watchfiles python-socketio
python-engineio aiohttp aiofiles sanic bottle falcon pyramid cherrypy requests urllib3 certifi
idna charset-normalizer chardet requests-toolbelt requests-oauthlib oauthlib pysocks httplib2
sqlalchemy alembic mako redis hiredis pymongo motor mongoengine pymysql mysqlclient psycopg2
psycopg2-binary psycopg psycopg-binary asyncpg aiomysql peewee pymemcache python-memcached
cachelib elasticsearch influxdb celery kombu billiard vine amqp rq apscheduler schedule
croniter dramatiq pika kafka-python paho-mqtt numpy pandas scipy scikit-learn matplotlib
seaborn plotly pillow opencv-python opencv-python-headless openpyxl xlrd xlwt xlsxwriter
python-docx python-pptx pypdf pypdf2 reportlab jieba pypinyin wordcloud qrcode pyyaml toml
tomli tomlkit python-dotenv simplejson ujson orjson msgpack marshmallow attrs cattrs six
python-dateutil pytz tzdata tzlocal arrow pendulum humanize babel cryptography pyopenssl
pycryptodome pycryptodomex pyjwt python-jose authlib passlib bcrypt pynacl paramiko rsa ecdsa
itsdangerous wechatpy alipay-sdk-python python-alipay-sdk qiniu oss2 cos-python-sdk-v5
aliyun-python-sdk-core tencentcloud-sdk-python boto3 botocore s3transfer awscli beautifulsoup4
lxml html5lib bleach markdown mistune pyquery cssselect selenium loguru structlog sentry-sdk
prometheus-client python-json-logger openai tiktoken tqdm rich colorama termcolor tabulate
jsonschema jsonpath-ng typing-extensions packaging setuptools pip wheel google-api-core
google-auth google-cloud-storage google-api-python-client protobuf grpcio grpcio-status
googleapis-common-protos azure-core azure-storage-blob msal importlib-metadata zipp
platformdirs filelock virtualenv pluggy pytest iniconfig coverage pygments docutils wrapt
decorator deprecated cachetools pyasn1 pyasn1-modules cffi pycparser jmespath fsspec s3fs
aiobotocore pyarrow psutil isodate pyparsing soupsieve et-xmlfile lxml distlib more-itertools
markdown-it-py mdurl proto-plus websocket-client portalocker trove-classifiers regex gitpython
gitdb smmap referencing rpds-py jsonschema-specifications joblib threadpoolctl sortedcontainers
mypy-extensions typing-inspect networkx sympy mpmath kiwisolver cycler fonttools contourpy
shellingham typer huggingface-hub tokenizers safetensors xmltodict asn1crypto ruamel-yaml
pexpect ptyprocess wcwidth prompt-toolkit tenacity backoff retry multidict yarl frozenlist
aiosignal async-timeout exceptiongroup annotated-types grpcio-tools tzdata isort black flake8
mypy pyflakes pycodestyle mccabe pathspec hatchling setuptools-scm importlib-resources
jaraco-classes keyring python-slugify text-unidecode unidecode shortuuid faker validators
tldextract requests-file ply jsonpointer jsonpatch iso8601 python-magic emoji twilio stripe
sendgrid boto zope-interface zope-event pyotp pyexecjs xmlsec dnspython
""".split()  # noqa: SIM905 - a word list reads best as words


def normalized(name: str) -> str:
    """PEP 503."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --- reading metadata ---------------------------------------------------------------------------
@dataclass
class Facts:
    """What one wheel or sdist says: import names and dependencies (`extra` → names, "" for
    those installed without extras)."""

    name: str
    version: str
    imports: set[str] = field(default_factory=set)
    requires: dict[str, set[str]] = field(default_factory=dict)
    opaque: bool = False


def _environments() -> list[dict[str, str]]:
    found = []
    for version in (f"3.{minor}" for minor in range(6, 15)):
        found.append(
            {
                "implementation_name": "cpython",
                "implementation_version": f"{version}.0",
                "os_name": "posix",
                "platform_machine": "x86_64",
                "platform_python_implementation": "CPython",
                "platform_release": "",
                "platform_system": "Linux",
                "platform_version": "",
                "python_full_version": f"{version}.0",
                "python_version": version,
                "sys_platform": "linux",
            }
        )
    return found


ENVIRONMENTS = _environments()
_EXTRA_IN_MARKER = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]|['"]([^'"]+)['"]\s*==\s*extra""")


def _holds(marker: Marker, extra: str) -> bool:
    for environment in ENVIRONMENTS:
        try:
            if marker.evaluate({**environment, "extra": extra}):
                return True
        except Exception:  # an unknown marker variable: count the dependency
            return True
    return False


def _dependency_text(requirement: Requirement) -> str:
    name = normalized(requirement.name)
    extras = sorted(normalized(e) for e in requirement.extras)
    return f"{name}[{','.join(extras)}]" if extras else name


def add_requirement(facts: Facts, line: str, extras: list[str]) -> None:
    """One `Requires-Dist` value: under "" when installed without extras, else under each extra
    that brings it in (markers evaluated as the module docstring says)."""
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return
    text = _dependency_text(requirement)
    marker = requirement.marker
    if marker is None:
        facts.requires.setdefault("", set()).add(text)
        return
    if _holds(marker, ""):
        facts.requires.setdefault("", set()).add(text)
        return
    named = {a or b for a, b in _EXTRA_IN_MARKER.findall(str(marker))}
    for extra in {normalized(e) for e in [*extras, *named]}:
        if _holds(marker, extra):
            facts.requires.setdefault(extra, set()).add(text)


def read_metadata(facts: Facts, text: str) -> None:
    """`METADATA`/`PKG-INFO` (an email-style header block): name, version, `Requires-Dist`."""
    from email.parser import HeaderParser

    message = HeaderParser().parsestr(text)
    facts.name = message.get("Name", facts.name) or facts.name
    facts.version = message.get("Version", facts.version) or facts.version
    extras = [str(e) for e in message.get_all("Provides-Extra") or []]
    for line in message.get_all("Requires-Dist") or []:
        add_requirement(facts, str(line), extras)


_EXTENSION = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\.[^/]*)?\.(?:so|pyd)$")


def import_name(path: str) -> Optional[str]:
    """The top-level import name a wheel's file installs, or None."""
    parts = path.split("/")
    if parts[0].endswith(".data"):
        if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
            return None
        parts = parts[2:]
    if parts[0].endswith(".dist-info") or parts[0] == "__pycache__":
        return None
    if len(parts) > 1:
        return parts[0] if parts[0].isidentifier() else None
    if parts[0].endswith(".py"):
        stem = parts[0][:-3]
        return stem if stem.isidentifier() else None
    found = _EXTENSION.match(parts[0])
    return found.group(1) if found else None


def _pth_adds_folders(text: str) -> bool:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "import ", "import\t")):
            return True
    return False


def wheel_facts(data: bytes, filename: str) -> Facts:
    """Import names and dependencies from a wheel's bytes."""
    name, version = filename.split("-")[:2]
    facts = Facts(name, version)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        info = [n for n in names if re.match(r"^[^/]+\.dist-info/[^/]+$", n)]
        by_base = {n.split("/", 1)[1]: n for n in info}
        if "METADATA" in by_base:
            read_metadata(facts, archive.read(by_base["METADATA"]).decode("utf-8", "replace"))
        installed = names
        if "RECORD" in by_base:
            record = archive.read(by_base["RECORD"]).decode("utf-8", "replace")
            installed = [line.split(",", 1)[0] for line in record.splitlines() if line]
        for path in installed:
            top = import_name(path)
            if top is not None:
                facts.imports.add(top)
            if path.endswith(".pth") and "/" not in path and path in names:
                facts.opaque |= _pth_adds_folders(archive.read(path).decode("utf-8", "replace"))
        if "top_level.txt" in by_base:
            text = archive.read(by_base["top_level.txt"]).decode("utf-8", "replace")
            for line in text.splitlines():
                top = line.strip().split("/")[0]
                if top.isidentifier():
                    facts.imports.add(top)
    return facts


def sdist_facts(data: bytes, filename: str) -> Optional[Facts]:
    """Import names and dependencies from an sdist's `*.egg-info`, or None without one."""
    members: dict[str, bytes] = {}
    wanted = ("PKG-INFO", "top_level.txt", "requires.txt")
    if filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.rsplit("/", 1)[-1] in wanted and name.count("/") <= 2:
                    members[name] = archive.read(name)
    else:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            for member in archive.getmembers():
                base = member.name.rsplit("/", 1)[-1]
                if member.isfile() and base in wanted and member.name.count("/") <= 2:
                    extracted = archive.extractfile(member)
                    if extracted is not None:
                        members[member.name] = extracted.read()
    top_level = [n for n in members if n.endswith(".egg-info/top_level.txt")]
    if not top_level:
        return None
    folder = top_level[0].rsplit("/", 1)[0]
    facts = Facts("", "")
    info = members.get(f"{folder}/PKG-INFO") or next(
        (v for k, v in members.items() if k.endswith("PKG-INFO")), b""
    )
    read_metadata(facts, info.decode("utf-8", "replace"))
    for line in members[top_level[0]].decode("utf-8", "replace").splitlines():
        top = line.strip().split("/")[0]
        if top.isidentifier():
            facts.imports.add(top)
    requires = members.get(f"{folder}/requires.txt", b"").decode("utf-8", "replace")
    section = ""
    for line in requires.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        extra, _, marker = section.partition(":")
        text = f"{line}; {marker}" if marker else line
        if extra:
            text = f"{line}; ({marker}) and extra == '{extra}'" if marker else (
                f"{line}; extra == '{extra}'"
            )
        add_requirement(facts, text, [extra] if extra else [])
    return facts


# --- the index ----------------------------------------------------------------------------------
CACHE: Optional[Path] = None  # --cache: keep what was fetched, for a rerun


def fetch(url: str, accept: Optional[str] = None) -> Optional[bytes]:
    """GET with a few retries; None on 404."""
    if CACHE is not None:
        import hashlib

        key = CACHE / hashlib.sha256(f"{accept} {url}".encode()).hexdigest()
        if key.exists():
            data = key.read_bytes()
            return None if data == b"404" else data
        result = _fetch(url, accept)
        key.write_bytes(b"404" if result is None else result)
        return result
    return _fetch(url, accept)


def _fetch(url: str, accept: Optional[str]) -> Optional[bytes]:
    headers = {"User-Agent": "enginelint-distribution-table"}
    if accept:
        headers["Accept"] = accept
    for attempt in range(4):
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=120) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if attempt == 3:
                raise
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            if attempt == 3:
                raise
        time.sleep(2 * (attempt + 1))
    return None


@dataclass
class Release:
    version: Version
    uploaded: str
    wheels: list[dict[str, Any]]
    sdists: list[dict[str, Any]]


def releases(name: str) -> Optional[list[Release]]:
    """Final, unyanked releases, newest first; None when the index has no such project."""
    raw = fetch(INDEX.format(name=name), "application/vnd.pypi.simple.v1+json")
    if raw is None:
        return None
    page = json.loads(raw)
    versions: dict[str, Version] = {}
    for text in page.get("versions", []):
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not (version.is_prerelease or version.is_devrelease):
            versions[text] = version
    found: dict[Version, Release] = {}
    for file in page["files"]:
        if file.get("yanked"):
            continue
        filename = file["filename"]
        version_text = _file_version(filename, versions)
        if version_text is None:
            continue
        version = versions[version_text]
        release = found.setdefault(version, Release(version, "", [], []))
        release.uploaded = max(release.uploaded, file.get("upload-time") or "")
        if filename.endswith(".whl"):
            release.wheels.append(file)
        elif filename.endswith((".tar.gz", ".zip", ".tar.bz2", ".tgz")):
            release.sdists.append(file)
    return sorted(found.values(), key=lambda r: r.version, reverse=True)


def _file_version(filename: str, versions: dict[str, Version]) -> Optional[str]:
    if filename.endswith(".whl"):
        text = filename.split("-")[1]
        if text in versions:
            return text
        try:
            wanted = Version(text)
        except InvalidVersion:
            return None
        return next((t for t, v in versions.items() if v == wanted), None)
    stem = re.sub(r"\.(tar\.gz|zip|tar\.bz2|tgz)$", "", filename)
    candidates = [t for t in versions if stem.endswith(f"-{t}")]
    return max(candidates, key=len) if candidates else None


def _wheel_rank(file: dict[str, Any]) -> tuple[int, int]:
    """Prefer a pure wheel, then a Linux x86-64 CPython 3 one (newest Python up to 3.13)."""
    tags = file["filename"][:-4].split("-")[-3:]
    python, abi, platform = tags
    if platform == "any":
        return (0, 0)
    if "linux" in platform and "x86_64" in platform:
        found = re.findall(r"cp3(\d+)", python)
        minor = max((int(m) for m in found), default=0)
        free_threaded = abi.endswith("t")
        return (1 if minor <= 13 and not free_threaded else 2, -minor)
    return (3, 0)


def _metadata(file: dict[str, Any], whole: bool) -> Optional[Facts]:
    """The facts of one wheel: its core metadata file, or the wheel itself (always when
    `whole`, else only when it is small)."""
    if not whole:
        raw = fetch(file["url"] + ".metadata")
        if raw is not None:
            facts = Facts(*file["filename"].split("-")[:2])
            read_metadata(facts, raw.decode("utf-8", "replace"))
            return facts
        if file.get("size", 0) > SMALL_WHEEL:
            return None
    data = fetch(file["url"])
    return wheel_facts(data, file["filename"]) if data is not None else None


def _built_from_sdist(file: dict[str, Any]) -> Optional[Facts]:
    data = fetch(file["url"])
    if data is None:
        return None
    facts = sdist_facts(data, file["filename"])
    if facts is not None:
        return facts
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / file["filename"]
        source.write_bytes(data)
        out = Path(folder) / "out"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
            capture_output=True,
            timeout=600,
        )
        wheels = list(out.glob("*.whl")) if result.returncode == 0 else []
        if not wheels:
            return None
        return wheel_facts(wheels[0].read_bytes(), wheels[0].name)


@dataclass
class Entry:
    name: str
    latest: str
    since: str
    imports: list[str]
    requires: dict[str, list[str]]
    opaque: bool


def read_distribution(name: str) -> tuple[Optional[Entry], str]:
    """One distribution's entry and a one-line log note."""
    found = releases(name)
    if not found:
        return None, "not on the index"
    latest = found[0]
    series: dict[tuple[int, ...], Release] = {}
    for release in found:
        key = release.version.release[:2]
        if key not in series and (release.wheels or release is latest):
            series[key] = release
    recent = [r for r in series.values() if r.uploaded >= OLDEST or r is latest]
    sampled = recent[:SERIES]
    # And the newest release of each older major still in use (pydantic 1.x beside 2.x).
    majors = {r.version.major for r in sampled}
    for release in recent[SERIES:]:
        if len(sampled) >= SERIES + OLDER_MAJORS:
            break
        if release.version.major not in majors:
            majors.add(release.version.major)
            sampled.append(release)
    # And the newest release of each year, for projects that bump the minor version often
    # (fastapi 0.x): a pin from any year since OLDEST is then within the table.
    years = {r.uploaded[:4] for r in sampled}
    for release in found:
        year = release.uploaded[:4]
        if release.wheels and year >= OLDEST[:4] and year not in years:
            years.add(year)
            sampled.append(release)
    sampled.sort(key=lambda r: r.version, reverse=True)
    imports: set[str] = set()
    requires: dict[str, set[str]] = {}
    opaque = False
    display = name
    read: list[Version] = []
    imports_from: Optional[Version] = None
    for release in sampled:
        wheels = sorted(release.wheels, key=_wheel_rank)
        facts: Optional[Facts] = None
        if wheels:
            facts = _metadata(wheels[0], whole=imports_from is None)
        elif imports_from is None and release.sdists:
            facts = _built_from_sdist(release.sdists[0])
        if facts is None:
            continue
        if imports_from is None and (facts.imports or wheels):
            imports_from = release.version
        imports |= facts.imports
        opaque |= facts.opaque
        for extra, names in facts.requires.items():
            requires.setdefault(extra, set()).update(names)
        if release is latest and facts.name:
            display = facts.name
        read.append(release.version)
    if imports_from is None:
        # The sampled releases have no wheel: the newest release that has one.
        for release in found:
            if release.wheels:
                facts = _metadata(sorted(release.wheels, key=_wheel_rank)[0], whole=True)
                if facts is not None:
                    imports |= facts.imports
                    opaque |= facts.opaque
                    imports_from = release.version
                    break
    if imports_from is None or not read:
        return None, "no readable wheel or sdist"
    entry = Entry(
        name=display,
        latest=str(latest.version),
        since=str(min(read)),
        imports=sorted(imports),
        requires={extra: sorted(names) for extra, names in sorted(requires.items())},
        opaque=opaque,
    )
    return entry, f"{len(read)} releases, imports from {imports_from}"


def build(names: list[str], log: Any) -> tuple[dict[str, Entry], list[str]]:
    """The table, and the dependencies that could not be read."""
    table: dict[str, Entry] = {}
    failed: set[str] = set()
    queue = sorted({normalized(n) for n in names})
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        while queue and len(table) < MAX_DISTRIBUTIONS:
            wave = queue[: MAX_DISTRIBUTIONS - len(table)]
            futures = {pool.submit(read_distribution, name): name for name in wave}
            for future in concurrent.futures.as_completed(futures):
                name = futures[future]
                try:
                    entry, note = future.result()
                except Exception as error:  # one bad package must not stop the rest
                    entry, note = None, f"failed: {error!r}"
                print(f"{name}: {note}", file=log, flush=True)
                if entry is None:
                    failed.add(name)
                else:
                    table[name] = entry
            following = set()
            for entry in table.values():
                for dependency in entry.requires.get("", []):
                    base = dependency.split("[", 1)[0]
                    if base not in table and base not in failed:
                        following.add(base)
            queue = sorted(following)
    return table, sorted(failed)


def render(table: dict[str, Entry], unreadable: list[str], as_of: str) -> str:
    """The JSON, one distribution a line so that a change reads well in a diff."""
    head = {
        "as_of": as_of,
        "generated_by": "tools/build_distribution_table.py",
        "about": (
            "Import names each distribution installs (newest release's wheel) and the "
            "distributions it depends on (union over the newest releases of its recent series, "
            "from `since` on), by PEP 503 name. Environment markers evaluated for CPython on "
            "Linux x86-64, Python 3.6-3.14 (any match counts); dependencies of an extra listed "
            "under it. `opaque`: a .pth file makes more importable. `unreadable`: "
            "dependencies whose metadata could not be read."
        ),
    }
    lines = ["{"]
    head["unreadable"] = unreadable  # type: ignore[assignment]
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "distributions": {')
    rows = []
    for name in sorted(table):
        entry = table[name]
        row: dict[str, Any] = {
            "name": entry.name,
            "latest": entry.latest,
            "since": entry.since,
            "imports": entry.imports,
            "requires": entry.requires.get("", []),
        }
        extras = {k: v for k, v in entry.requires.items() if k}
        if extras:
            row["extras"] = extras
        if entry.opaque:
            row["opaque"] = True
        rows.append(f"    {json.dumps(name)}: {json.dumps(row, ensure_ascii=False)}")
    lines.append(",\n".join(rows))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="print the table, write nothing")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--cache", type=Path, help="a folder to keep downloads in, for reruns")
    parser.add_argument("names", nargs="*", help="distributions to read instead of the list")
    options = parser.parse_args(argv)
    if options.cache is not None:
        global CACHE
        options.cache.mkdir(parents=True, exist_ok=True)
        CACHE = options.cache
    table, unreadable = build(options.names or DISTRIBUTIONS, sys.stderr)
    text = render(table, unreadable, datetime.date.today().isoformat())
    if options.check:
        sys.stdout.write(text)
    else:
        options.output.write_text(text, encoding="utf-8")
        print(f"{len(table)} distributions → {options.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Latency of `enginelint server` as an editor feels it, on the Cloud Engine Python template.

Usage: python bench/lsp.py [--runs N] [--changes M] [--check]

Each run starts a fresh server, initialises it and opens `wsgi.py` at once (as an editor does
when it starts the server for the file being opened), and times the first diagnostics for it;
then it edits the buffer M times, waiting between edits, and times the diagnostics for each new
version (debounce included). The template is Flask's `wsgi.py`, `app.py`, `cloud.py`,
`requirements.txt`, `.python-version` and `leanengine.yaml`. Prints the medians against the
budget: 1.5 s after opening, 0.5 s after a change; `--check` exits 1 when one is over it.

Needs the server extra (pygls).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET_OPEN = 1.5
BUDGET_CHANGE = 0.5

TEMPLATE = {
    "wsgi.py": (
        "import os\n\nimport leancloud\n\nfrom app import app\nfrom cloud import engine\n\n"
        'APP_ID = os.environ["LEANCLOUD_APP_ID"]\n'
        'APP_KEY = os.environ["LEANCLOUD_APP_KEY"]\n'
        'MASTER_KEY = os.environ["LEANCLOUD_APP_MASTER_KEY"]\n\n'
        "leancloud.init(APP_ID, app_key=APP_KEY, master_key=MASTER_KEY)\n"
        "leancloud.use_master_key(False)\n\napplication = engine\n"
    ),
    "app.py": (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
        '@app.route("/")\ndef index():\n    return "Hello from Cloud Engine!"\n'
    ),
    "cloud.py": (
        "from leancloud import Engine\n\nfrom app import app\n\nengine = Engine(app)\n\n\n"
        "@engine.define\ndef hello(**params):\n"
        '    return "Hello, {}!".format(params.get("name", "LeanCloud"))\n'
    ),
    "requirements.txt": "Flask>=1.1,<2\nleancloud>=2.9.1,<3\n",
    ".python-version": "3.11\n",
    "leanengine.yaml": "systemDependencies: []\n",
}


async def one_run(root: Path, changes: int) -> tuple[float, list[float]]:
    """(seconds to the first diagnostics after open, seconds after each change)."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("enginelint-bench", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None and params.version not in arrived:
            arrived[params.version] = time.perf_counter()
            event.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: Any) -> None:
        pass

    await client.start_io(sys.executable, "-m", "enginelint", "server")
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root.as_uri()))
    client.initialized(types.InitializedParams())
    wsgi = root / "wsgi.py"
    text = wsgi.read_text(encoding="utf-8")
    uri = wsgi.as_uri()

    async def wait_for(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), timeout=60)
        return arrived[version]

    sent = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    opened = await wait_for(1) - sent
    after_change = []
    for version in range(2, changes + 2):
        await asyncio.sleep(0.3)  # a pause in typing
        text += f"# edit {version}\n"
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        after_change.append(await wait_for(version) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return opened, after_change


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh servers (default: 5)")
    parser.add_argument("--changes", type=int, default=5,
                        help="edits timed per server (default: 5)")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    args = parser.parse_args()
    opens: list[float] = []
    changes: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in TEMPLATE.items():
            (root / name).write_text(content, encoding="utf-8")
        for _ in range(args.runs):
            opened, changed = asyncio.run(one_run(root, args.changes))
            opens.append(opened)
            changes.extend(changed)
    median_open = statistics.median(opens)
    print(f"first diagnostics after open      {median_open * 1000:7.0f} ms "
          f"(median of {len(opens)}; budget {BUDGET_OPEN * 1000:.0f} ms)")
    over = median_open > BUDGET_OPEN
    if changes:
        median_change = statistics.median(changes)
        print(f"first diagnostics after a change  {median_change * 1000:7.0f} ms "
              f"(median of {len(changes)}; budget {BUDGET_CHANGE * 1000:.0f} ms, "
              "150 ms of it the debounce)")
        over = over or median_change > BUDGET_CHANGE
    return 1 if over and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""axe-core and the Nu HTML Checker, as the browser tests use them (installed by `make tools`).

Both come from node_modules (npm packages `axe-core` and `vnu-jar`, versions pinned in
package.json); the checker runs with Debian's Java. Without them the tests are skipped, unless
DIRECTORY_BROWSER_TESTS=required (CI), where a missing tool is an error.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from directory.core.config import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{path} is missing: `make tools` installs {what}"
    if os.environ.get("DIRECTORY_BROWSER_TESTS") == "required":
        pytest.fail(message)
    pytest.skip(message)


def java() -> str:
    found = shutil.which("java")
    if found is None:
        message = "java is missing: apt-get install default-jre-headless"
        if os.environ.get("DIRECTORY_BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    return found


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page as shown (all rules axe runs by default)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )
    return result


def validate_html(documents: dict[str, str], workdir: Path) -> dict[str, list[str]]:
    """Errors of the Nu HTML Checker per document name (one Java start for them all)."""
    require(VNU, "the Nu HTML Checker (npm vnu-jar)")
    files = {}
    for n, (name, html) in enumerate(documents.items()):
        path = workdir / f"page-{n}.html"
        path.write_text(html, "utf-8")
        files[path.name] = name
    run = subprocess.run(
        [java(), "-jar", str(VNU), "--errors-only", "--format", "json",
         *(str(workdir / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        url = message.get("url", "?")
        name = files.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:300]
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{extract}]")
    return errors

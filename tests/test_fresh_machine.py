"""A fresh machine: `make run` and `make test` check the Debian packages of debian-packages.txt
first, and a missing one stops them with one message that names it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / ".ci" / "system-packages"


def check(*uses, packages: str | None = None, **env):
    environment = {**os.environ, "PYTHON": sys.executable, "DEBIAN_PACKAGES_INSTALL": "no", **env}
    if packages is not None:
        environment["DEBIAN_PACKAGES"] = packages
    return subprocess.run([sys.executable, str(CHECK), *uses], capture_output=True, text=True,
                          env=environment, cwd=ROOT)


def fake_list(tmp_path, text: str) -> str:
    path = tmp_path / "paquets.txt"
    path.write_text(text)
    return str(path)


def entries():
    text = (ROOT / "debian-packages.txt").read_text()
    lines = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [tuple(parts) for parts in lines if parts]


def test_the_list_holds_what_weasyprint_and_the_browser_tests_need():
    packages = {package: use for use, package, _ in entries()}
    for name in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0",
                 "fonts-dejavu-core", "python3-venv"):
        assert packages[name] == "run"
    for name in ("chromium", "default-jre-headless", "nodejs", "npm"):
        assert packages[name] == "test"


def test_what_the_app_needs_to_run_is_here():
    result = check("run")
    assert result.returncode == 0, result.stderr


def test_a_missing_package_stops_with_one_message_naming_it(tmp_path):
    packages = fake_list(tmp_path, (
        "run   paquet-imaginaire   lib:libimaginaire.so.7\n"
        "test  autre-imaginaire    cmd:commande-imaginaire\n"
        "test  encore-imaginaire   file:/nulle/part\n"
        "run   python3-venv        py:ensurepip\n"
    ))
    result = check("run", "test", packages=packages)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Paquets Debian manquants pour « make run » et « make test » : paquet-imaginaire, "
        "autre-imaginaire, encore-imaginaire.\n"
        "Installez-les, en root : apt-get install paquet-imaginaire autre-imaginaire "
        "encore-imaginaire\n"
    )
    # `make run` needs only the first.
    result = check("run", packages=packages)
    assert result.returncode == 2
    assert "« make run » : paquet-imaginaire.\n" in result.stderr
    assert "autre-imaginaire" not in result.stderr


def test_an_old_python_is_named(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\necho False\n")
    old.chmod(0o755)
    result = check("run", PYTHON=str(old))
    assert result.returncode == 2
    assert "demande Python 3.11 ou plus récent" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
def test_make_checks_the_packages_before_anything_else(tmp_path):
    packages = fake_list(tmp_path, "test  paquet-imaginaire  cmd:commande-imaginaire\n")
    env = {**os.environ, "DEBIAN_PACKAGES": packages, "DEBIAN_PACKAGES_INSTALL": "no",
           "PYTHON": sys.executable}
    result = subprocess.run(["make", "-s", "packages"], capture_output=True, text=True,
                            env=env, cwd=ROOT)
    assert result.returncode != 0
    assert "Paquets Debian manquants pour « make run » et « make test » : paquet-imaginaire." \
        in result.stderr
    # The same check comes first in `make run` and `make test` (dry run: nothing executed).
    for target, then in (("run", "db upgrade"), ("test", "pytest")):
        plan = subprocess.run(["make", "-n", "-W", "pyproject.toml", target],
                              capture_output=True, text=True, cwd=ROOT).stdout
        assert ".ci/system-packages run" in plan
        assert plan.index(".ci/system-packages") < plan.index(then)


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not Debian")
def test_each_condition_belongs_to_the_package_it_names():
    """A library or file the list checks is shipped by the very package it would install."""
    libraries = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    for _use, package, condition in entries():
        kind, _, value = condition.partition(":")
        if kind == "lib":
            paths = [line.rsplit(" => ", 1)[1] for line in libraries.splitlines()
                     if line.strip().startswith(value + " ")]
        elif kind == "file":
            paths = [value]
        else:
            continue  # commands come through alternatives (java) or other builds (npm)
        # dpkg knows a file by the path its package gives (/usr/lib, not /lib: merged /usr).
        paths = {q for p in paths if os.path.exists(p) for q in (p, os.path.realpath(p))}
        if not paths:
            continue  # not installed here: nothing to compare
        owners = subprocess.run(["dpkg", "-S", *sorted(paths)], capture_output=True,
                                text=True).stdout
        assert any(line.split(":")[0] == package for line in owners.splitlines()), \
            (package, paths, owners)

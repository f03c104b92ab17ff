"""The sandbox as a program: state that survives a restart, and the command line."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import requests
from sandbox_helpers import Api, finance_voucher

from wizard.sandbox.seed import APP_SECRET_TOKEN, GRANT_TOKEN
from wizard.sandbox.server import SandboxServer


def test_data_dir_survives_a_restart(tmp_path):
    with SandboxServer(port=0, data_dir=tmp_path) as first:
        api = Api(first.base_url)
        token = first.admin.create_grant()
        first.admin.create_journal("ACUBIZ EMS")
        api.post("/journals/2/vouchers", json=finance_voucher(text="kept #1"),
                 headers={"Idempotency-Key": "persist-1"})

    with SandboxServer(port=0, data_dir=tmp_path) as second:
        api = Api(second.base_url, grant=token)
        assert api.get("/self").status_code == 200
        journals = api.get("/journals", params={"filter": "name$eq:ACUBIZ EMS"}).json()
        assert journals["collection"][0]["journalNumber"] == 2
        entries = api.get("/journals/2/entries").json()["collection"]
        assert [e["text"] for e in entries] == ["kept #1"]
        assert entries[0]["self"].startswith(second.base_url)
        replay = api.post("/journals/2/vouchers", json=finance_voucher(text="kept #1"),
                          headers={"Idempotency-Key": "persist-1"})
        assert replay.headers.get("Idempotent-Replayed") == "true"


def test_memory_is_the_default(sandbox):
    sandbox.admin.create_journal("gone after stop")
    with SandboxServer(port=0) as other:
        assert Api(other.base_url).get("/journals").json()["pagination"]["results"] == 1


def test_non_loopback_hosts_are_refused():
    with pytest.raises(ValueError):
        SandboxServer(host="0.0.0.0")


def test_addresses(sandbox):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sandbox.base_url)
    assert sandbox.add_app_url.startswith(
        sandbox.base_url + "/secure/api1/requestaccess.aspx?appPublicToken=")
    assert sandbox.admin_url == sandbox.base_url + "/__sandbox__"


def _read_until(process: subprocess.Popen, pattern: str, limit: float = 20.0) -> str:
    seen = ""
    deadline = time.monotonic() + limit
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
        if re.search(pattern, seen):
            return seen
    raise AssertionError(f"no {pattern!r} in output:\n{seen}")


def test_cli_prints_the_addresses_and_serves(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "wizard", "sandbox", "--port", "0", "--data", str(tmp_path),
         "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        output = _read_until(process, r"Press Ctrl\+C")
        base = re.search(r"API base URL:\s+(http://127\.0\.0\.1:(\d+))", output)
        assert base and base.group(2) != "0"
        assert f"{base.group(1)}/secure/api1/requestaccess.aspx?appPublicToken=" in output
        assert APP_SECRET_TOKEN in output
        assert f"{base.group(1)}/__sandbox__" in output
        me = requests.get(base.group(1) + "/self", timeout=10,
                          headers={"X-AppSecretToken": APP_SECRET_TOKEN,
                                   "X-AgreementGrantToken": GRANT_TOKEN})
        assert me.json()["company"]["name"] == "Demo Regnskab ApS"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "sandbox.sqlite3").exists()


def test_cli_refuses_a_public_host():
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "sandbox", "--port", "0", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode != 0
    assert "loopback" in result.stderr or "this machine only" in result.stderr

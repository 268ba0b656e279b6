"""Runs started together on a cold token cache authenticate once: the first
holds token-KEY.lock while it authenticates, the others wait, then reuse it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.fuzz.fake_nova import VERSION_DOC, FakeNova, Reply, ok_json
from tests.unit.conftest import token_state

ROOT = str(Path(__file__).resolve().parents[2])


def _keystone_and_nova(url_box: list[str], token_posts: list[int]):
    lock = threading.Lock()

    def answer(request):
        if request.method == "POST" and request.path.endswith("/v3/auth/tokens"):
            with lock:
                token_posts.append(1)
            body = json.loads(token_state("fresh"))["body"]
            body["token"]["catalog"][0]["endpoints"][0]["url"] = url_box[0] + "/v2.1"
            return Reply(201, body, {"Content-Type": "application/json",
                                     "X-Subject-Token": "fresh"}, delay=0.5)
        if request.path.rstrip("/") == "/v2.1":
            return ok_json(VERSION_DOC)
        if request.path.startswith("/v2.1/servers/detail"):
            return ok_json({"servers": []})
        return Reply(404, {"itemNotFound": {"message": "no", "code": 404}})
    return answer


def _run_together(count: int, url: str, cache_home: Path) -> list[subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "COMPUTECLIENT_"))}
    env.update(PYTHONPATH=ROOT, XDG_CACHE_HOME=str(cache_home), OS_AUTH_URL=f"{url}/v3",
               OS_USERNAME="admin", OS_PASSWORD="secret", OS_PROJECT_NAME="admin",
               OS_USER_DOMAIN_NAME="Default", OS_PROJECT_DOMAIN_NAME="Default")
    argv = [sys.executable, "-m", "computeclient", "list"]
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(count)]
    return [subprocess.CompletedProcess(p.args, p.wait(120), *p.communicate()) for p in procs]


def test_ten_cold_runs_make_one_token_request(tmp_path):
    url_box: list[str] = []
    token_posts: list[int] = []
    with FakeNova(_keystone_and_nova(url_box, token_posts)) as server:
        url_box.append(server.url.removesuffix("/v2.1"))
        results = _run_together(10, url_box[0], tmp_path)
    assert [r.returncode for r in results] == [0] * 10, [r.stderr for r in results]
    assert len(token_posts) == 1
    assert all(r.stderr == "" for r in results)

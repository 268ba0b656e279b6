#!/usr/bin/env python3
"""50 threads sharing one library Client against a real Nova sandbox.

For each transport (token + endpoint over requests, keystoneauth1 session)
the threads list flavors, show servers at their own microversion and every
tenth one boots, waits for and deletes a server (`--boot-every 2`, 25 boots
at once, took 52-59 s a transport on the 2-core sandbox). Prints errors, wrong
answers, hung threads, version-document requests and "pool is full"
warnings; exits 1 if any is not what it should be (0, 0, 0, 1, 0).

    .venv/bin/python benchmarks/concurrency.py --threads 50
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from computeclient_sandbox import Sandbox
from tests.functional import shared_client_load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--boot-every", type=int, default=10,
                        help="every Nth thread boots a server (default 10)")
    args = parser.parse_args()
    failed = False
    with Sandbox() as sb:
        admin = sb.client("2.latest")
        admin.quotas.update("admin", instances=-1, cores=-1, ram=-1)
        for transport in ("token", "session"):
            cs = shared_client_load.make_client(sb, transport)
            began = time.monotonic()
            result = shared_client_load.run(cs, args.threads, boot_every=args.boot_every)
            result["transport"] = transport
            result["seconds"] = round(time.monotonic() - began, 1)
            print(json.dumps(result))
            failed |= bool(result["errors"] or result["wrong"] or result["hung"]
                           or result["pool_warnings"] or result["version_documents"] != 1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

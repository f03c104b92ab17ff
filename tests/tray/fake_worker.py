"""Stands in for the tray's transfer worker (`tray --worker run ...`) in runner tests.

It records each call in $FAKE_WORKER_DIR/calls.jsonl, then, by $FAKE_WORKER_MODE:
"wait" (default) until $FAKE_WORKER_DIR/release exists or "cancel" arrives on stdin (noted in
cancelled.txt); "crash": exits 3 with a message on stderr and no report; "quick": at once.
Then it prints the report line a real worker prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

FOLDER = Path(os.environ["FAKE_WORKER_DIR"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("worker")
    parser.add_argument("--profile", action="append", default=[])
    parser.add_argument("--trigger", default="manual")
    parser.add_argument("--slot")
    parser.add_argument("--settle-seconds", type=float)
    parser.add_argument("--clock-offset", type=float, default=0.0)
    args = parser.parse_args()
    with (FOLDER / "calls.jsonl").open("a", encoding="utf-8") as calls:
        calls.write(json.dumps({"profile": args.profile[0], "trigger": args.trigger,
                                "slot": args.slot, "clock_offset": args.clock_offset}) + "\n")
    mode = os.environ.get("FAKE_WORKER_MODE", "wait")
    if mode == "crash":
        print("RuntimeError: disk on fire", file=sys.stderr)
        return 3
    cancelled = threading.Event()

    def watch() -> None:
        for line in sys.stdin:
            if line.strip() == "cancel":
                break
        cancelled.set()

    threading.Thread(target=watch, daemon=True).start()
    while mode == "wait" and not (FOLDER / "release").exists():
        if cancelled.is_set():
            (FOLDER / "cancelled.txt").write_text(args.profile[0], encoding="utf-8")
            break
        time.sleep(0.01)
    stamp = "2026-11-25T15:00:00+00:00"
    print(json.dumps({"report": {
        "profile": args.profile[0], "trigger": args.trigger, "started_at": stamp,
        "finished_at": stamp, "status": "nothing-to-send", "message": "Nothing to send",
        "problems": [], "files": [], "run_id": None, "counts": {},
    }}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

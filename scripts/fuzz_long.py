"""The long fuzzing run (issue 19 part 7): N structure-aware mutations across the readers,
in process, counted per reader and outcome. Unlike the bounded Hypothesis tests in
tests/fuzz/, it keeps going after a crash: every crashing file is saved under --crashes
(with what was done to it) for tests/fuzz/corpus/, where tests/fuzz/test_corpus.py replays it.

    .venv/bin/python scripts/fuzz_long.py --cases 100000 [--seed 1] [--readers package,table]
        [--crashes /tmp/fuzz-crashes] [--minutes 60]

The automatic backup an import makes first is left out (it reads no input and costs half
of a package case); the bounded tests keep it. Prints a line of counts every few thousand
cases and a summary at the end (cases, refusals by key, accepted, crashes, seconds, cases/s,
the machine's load): docs/fuzzing.md records it.
Crashes listed in tests/fuzz/known.py (code owned elsewhere) are counted apart; exit 1 when
any other crash happened.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# weights: the cheap readers get more cases (the xlsx ones cost 10-50 ms each in openpyxl)
WEIGHTS = {"package": 50, "backup": 12, "database": 12, "table": 9, "criteria": 9, "template": 8}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--readers", default=",".join(WEIGHTS))
    parser.add_argument("--crashes", default=str(Path(tempfile.gettempdir()) / "ntm-fuzz-crashes"))
    parser.add_argument("--minutes", type=float, default=0, help="stop after this long (0: no limit)")
    args = parser.parse_args(argv)
    readers = [r for r in args.readers.split(",") if r]
    crashes = Path(args.crashes)
    crashes.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="ntm-fuzz-") as folder:
        base = Path(folder)
        os.environ["NTM_DATA_DIR"] = str(base / "data")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from tests.fuzz import seeds as seeding
        from tests.fuzz.draw import RandomDraw
        from tests.fuzz.known import known
        from tests.fuzz.targets import Crash, Harness

        harness = Harness(seeding.build(base / "seeds"), base / "work", automatic_backups=False)
        counts: dict[str, collections.Counter[str]] = {r: collections.Counter() for r in readers}
        found: list[dict[str, object]] = []
        seconds: dict[str, float] = collections.defaultdict(float)
        weights = [WEIGHTS.get(r, 10) for r in readers]
        total_weight = sum(weights)
        started = time.monotonic()
        load_before = os.getloadavg()
        done = 0
        stop: list[int] = []
        signal.signal(signal.SIGTERM, lambda signum, _frame: stop.append(signum))  # ends after the case
        try:
            for case in range(args.cases):
                if stop:
                    break
                draw = RandomDraw(args.seed * 1_000_003 + case)
                pick = draw.int(0, total_weight - 1)
                reader = readers[-1]
                for name, weight in zip(readers, weights, strict=True):
                    if pick < weight:
                        reader = name
                        break
                    pick -= weight
                try:
                    data, label = harness.mutate(reader, draw)
                except Exception as exc:  # noqa: BLE001 - a mutator's own failure is no case: counted, skipped
                    counts[reader]["mutator failed"] += 1
                    print(f"mutator failed: {reader} case {case}: {type(exc).__name__}: {exc}"[:300], flush=True)
                    continue
                began = time.monotonic()
                try:
                    outcome = harness.run(reader, data, label)
                except Crash as crash:
                    outcome = "CRASH"
                    name = f"{reader}-{args.seed}-{case}"
                    suffix = harness.case_file[reader].suffix
                    (crashes / f"{name}{suffix}").write_bytes(data)
                    (crashes / f"{name}.txt").write_text(f"{label}\n{crash}\n", encoding="utf-8")
                    found.append({"reader": reader, "case": case, "label": label, "crash": str(crash)[:400],
                                  "known": known(reader, str(crash))})
                counts[reader][outcome.split(" ")[0] if outcome.startswith("refused") else outcome] += 1
                counts[reader]["cases"] += 1
                slow = time.monotonic() - began
                seconds[reader] += slow
                if slow > 2:
                    print(f"slow: {reader} case {case} {slow:.1f} s [{label[:80]}] {outcome}", flush=True)
                if outcome.startswith("refused "):
                    counts[reader][outcome] += 1
                done += 1
                if done % 2000 == 0:
                    elapsed = time.monotonic() - started
                    print(f"{done} cases, {len(found)} crashes, {elapsed:.0f} s", flush=True)
                if args.minutes and time.monotonic() - started > args.minutes * 60:
                    break
        except KeyboardInterrupt:
            pass
        finally:
            harness.close()
        elapsed = time.monotonic() - started
        summary = {
            "cases": done, "crashes": len(found), "new_crashes": sum(1 for f in found if not f["known"]),
            "seconds": round(elapsed),
            "cases_per_second": round(done / elapsed, 1),
            "seed": args.seed, "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
            "per_reader": {r: dict(sorted(c.items())) for r, c in counts.items()},
            "seconds_per_reader": {r: round(seconds[r]) for r in readers},
            "found": found[:50],
        }
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 1 if any(not f["known"] for f in found) else 0


if __name__ == "__main__":
    raise SystemExit(main())

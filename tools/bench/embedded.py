#!/usr/bin/env python3
"""Renders the seed again and again in one process through the Python module, as a program that
embeds paiban does, and prints the median time and the page faults of a render: once as the
process starts, once after paiban.prepare_process_heap(), each in a process of its own.

Usage: tools/bench/embedded.py [--library PATH] [--renders N] [--formats docx] [--check]

--library: the libpaiban.so.0 to load (default: as the module finds it; PAIBAN_LIBRARY).
--check: fail (exit 1) unless, after prepare_process_heap(), a render faults in at most a quarter
of the pages it faults in without it, and at most 20. Needs a build without sanitizers (their
allocators ignore glibc's settings): CI runs it on the demo's release build.
Only Python's standard library and the module in bindings/python.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(SOURCE, "samples", "hongqi-2023", "report.json")


def measure(renders, formats, prepare):
    sys.path.insert(0, os.path.join(SOURCE, "bindings", "python"))
    import paiban  # noqa: E402 (the module of this tree)

    prepared = paiban.prepare_process_heap() if prepare else None
    with open(SEED, encoding="utf-8") as f:
        seed = f.read()
    engine = paiban.Engine()
    times, faults = [], []
    for _ in range(renders):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        result = engine.render(seed, formats=formats, report_dir=os.path.dirname(SEED))
        times.append((time.perf_counter() - start) * 1000)
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
        if not result.ok:
            sys.exit("embedded.py: the seed did not render: %r" % (result.diagnostics,))
    settle = min(10, renders // 2)  # the first renders load fonts and fill caches
    return {"prepared": prepared, "ms": statistics.median(times[settle:]),
            "faults": statistics.median(faults[settle:])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--library")
    parser.add_argument("--renders", type=int, default=60)
    parser.add_argument("--formats", default="docx")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--variant", choices=("plain", "prepared"))  # one process's part
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    if args.variant:
        print(json.dumps(measure(args.renders, formats, args.variant == "prepared")))
        return 0
    env = dict(os.environ)
    if args.library:
        env["PAIBAN_LIBRARY"] = os.path.abspath(args.library)
    figures = {}
    for variant in ("plain", "prepared"):
        out = subprocess.run([sys.executable, __file__, "--variant", variant, "--renders",
                              str(args.renders), "--formats", args.formats],
                             env=env, check=True, capture_output=True, text=True).stdout
        figures[variant] = json.loads(out)
    plain, prepared = figures["plain"], figures["prepared"]
    print("seed → %s, %d renders in one process, medians after the first ten:"
          % ("+".join(formats), args.renders))
    print("  as the process starts:        %.2f ms a render, %d page faults" %
          (plain["ms"], plain["faults"]))
    print("  after prepare_process_heap(): %.2f ms a render, %d page faults (set: %s)" %
          (prepared["ms"], prepared["faults"], prepared["prepared"]))
    if args.check:
        if not prepared["prepared"]:
            print("embedded.py: prepare_process_heap() did nothing (a sanitizer's allocator?)")
            return 1
        if prepared["faults"] > min(20, plain["faults"] / 4):
            print("embedded.py: prepare_process_heap() did not keep the heap between renders")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

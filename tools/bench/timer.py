#!/usr/bin/env python3
"""Whole-process timer: runs a command RUNS times after WARMUP uncounted runs and prints the
median wall time, the median CPU time (user + system, from the kernel's accounting of the
finished child) and the largest peak resident set size.

Usage: tools/bench/timer.py [-n RUNS] [--warmup N] [--label TEXT] -- COMMAND [ARG ...]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"timer.py: {' '.join(command)} exited with {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--label", default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    for _ in range(args.warmup):
        run_once(command)
    runs = [run_once(command) for _ in range(args.n)]
    wall = statistics.median(r[0] for r in runs) * 1000
    cpu = statistics.median(r[1] for r in runs) * 1000
    rss = max(r[2] for r in runs) / 1024
    label = args.label or " ".join(command)
    print(f"{label}: median {wall:.1f} ms wall, {cpu:.1f} ms CPU over {args.n} runs; "
          f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()

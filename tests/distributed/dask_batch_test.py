"""dask_distributed_batch: a real Dask cluster on this machine renders the samples as a sharded
batch (issue 14, item 6), and the result is checked against a single-machine batch.

  1. The reference: `paiban render SAMPLES --out-dir ref --manifest ref.jsonl`, one process.
  2. A cluster from Debian's python3-distributed: one `dask-scheduler` and WORKERS `dask-worker`
     processes (`--nthreads 1`) on 127.0.0.1, every port chosen by the system (port 0; the
     scheduler's address is read from its `--scheduler-file`).
  3. One Dask task per shard, shard i pinned to worker i % WORKERS so that every worker renders:
     `paiban render SAMPLES --out-dir dist --shard i/SHARDS --manifest shard-i.jsonl` (the way
     docs/scale-out.md runs shards). The merged manifests must list every input of the reference
     exactly once, each under the shard that ran it, rendered; every output file must be listed
     exactly once, match its SHA-256 and size, be byte-identical to the reference, and no other
     file may appear in the output folder.
  4. One Dask task per report through the Python module: a worker plugin keeps one paiban.Engine
     per worker (fonts loaded once) and each task renders one report to PDF and DOCX bytes, which
     must equal the reference's files.

Absent python3-distributed: a skip (exit 77) with the reason, or a failure when
PAIBAN_REQUIRE_DISTRIBUTED=1 (tools/test.sh sets it: CI must run the cluster). A cluster that
does not start is always a failure, with the tail of the processes' logs. The processes started
here are stopped in a `finally` (and on SIGTERM/SIGINT) by their process ids, and die with this
script (PR_SET_PDEATHSIG) should it be killed outright.

Usage: dask_batch_test.py --cli PAIBAN --samples DIR --work DIR --library LIBPAIBAN
         --python-path DIR [--worker-preload "LIB..."] [--workers N] [--shards N]
"""

import argparse
import collections
import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

SKIP = 77  # ctest's SKIP_RETURN_CODE for this test
# One fixed document date everywhere, as docs/scale-out.md sets it for a batch.
SOURCE_DATE_EPOCH = 1700000000
START_TIMEOUT = 30  # seconds for the scheduler and the workers to come up
TASK_TIMEOUT = 90  # seconds for a stage's tasks


class Failure(Exception):
    pass


def fail_or_skip_absent(reason):
    if os.environ.get("PAIBAN_REQUIRE_DISTRIBUTED") == "1":
        print(f"FAIL: {reason}; PAIBAN_REQUIRE_DISTRIBUTED=1 requires the Dask cluster "
              "(install python3-distributed: tools/setup.sh)", file=sys.stderr)
        sys.exit(1)
    print(f"SKIP: {reason} (install python3-distributed: tools/setup.sh)", file=sys.stderr)
    sys.exit(SKIP)


def die_with_parent():
    # Runs in the child between fork and exec: PR_SET_PDEATHSIG (1) sends SIGTERM to the child
    # when this script dies, even by SIGKILL (a ctest timeout), so no scheduler is left behind.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)


class Cluster:
    """A scheduler and workers started as processes of their own; stop() ends exactly those."""

    def __init__(self, work, scheduler_env, worker_env):
        self.work = work
        self.scheduler_env = scheduler_env
        self.worker_env = worker_env
        self.procs = []  # (name, Popen, log path)

    def _start(self, name, args, env):
        log = os.path.join(self.work, f"{name}.log")
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m"] + args, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                    cwd=self.work, preexec_fn=die_with_parent)
        self.procs.append((name, proc, log))
        return proc

    def start(self, workers):
        scheduler_file = os.path.join(self.work, "scheduler.json")
        # Port 0 everywhere: the system picks free ports, so that runs side by side do not
        # collide. Even without a dashboard the scheduler serves HTTP (health, metrics), by
        # default on 8787. --idle-timeout: a scheduler that outlives this script closes itself.
        scheduler = self._start("scheduler", [
            "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--no-show",
            "--idle-timeout", "120s", "--scheduler-file", scheduler_file],
            env=self.scheduler_env)
        deadline = time.monotonic() + START_TIMEOUT
        address = None
        while time.monotonic() < deadline:
            if scheduler.poll() is not None:
                raise Failure(f"the Dask cluster did not start: the scheduler exited with "
                              f"{scheduler.returncode}\n{self.logs()}")
            try:
                with open(scheduler_file, encoding="utf-8") as f:
                    address = json.load(f)["address"]
                break
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        if not address:
            raise Failure(f"the Dask cluster did not start: the scheduler wrote no address in "
                          f"{START_TIMEOUT} s\n{self.logs()}")
        for i in range(workers):
            # --no-nanny: the dask-worker process is the worker, one process per worker to watch.
            self._start(f"worker-{i}", [
                "distributed.cli.dask_worker", "--scheduler-file", scheduler_file,
                "--nthreads", "1", "--nworkers", "1", "--no-nanny", "--no-dashboard",
                "--dashboard-address", "127.0.0.1:0", "--host", "127.0.0.1",
                "--name", f"worker-{i}", "--death-timeout", "30",
                "--local-directory", os.path.join(self.work, f"worker-{i}")],
                env=self.worker_env)
        return scheduler_file, address

    def check_alive(self, what="the Dask cluster failed"):
        for name, proc, _ in self.procs:
            if proc.poll() is not None:
                raise Failure(f"{what}: {name} exited with {proc.returncode}\n{self.logs()}")

    def logs(self, lines=15):
        text = []
        for name, _, log in self.procs:
            try:
                with open(log, encoding="utf-8", errors="replace") as f:
                    tail = f.read().splitlines()[-lines:]
            except OSError:
                tail = []
            text.append(f"--- last lines of {name}'s log ---\n" + "\n".join(tail))
        return "\n".join(text)

    def stop(self):
        # Workers first, then the scheduler: a worker that loses its scheduler while closing waits
        # for it to come back.
        for name, proc, _ in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop on SIGTERM within 10 s; killing it", file=sys.stderr)
                proc.kill()
                proc.wait()


# --- What the workers run. Defined here, sent to the workers by value (cloudpickle). ---

def render_shard(cli, samples, out_dir, manifest, index, count, env):
    """One shard through the command line; returns what the coordinator needs to merge."""
    import distributed
    proc = subprocess.run([cli, "render", samples, "--out-dir", out_dir, "--jobs", "1", "--quiet",
                           "--shard", f"{index}/{count}", "--manifest", manifest],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
    return {"index": index, "exit": proc.returncode, "stderr": proc.stderr,
            "worker": distributed.get_worker().name, "pid": os.getpid(), "lines": lines}


def engine_plugin(source_date_epoch):
    from distributed import WorkerPlugin

    class PaibanEngine(WorkerPlugin):
        """One paiban.Engine per worker: the fonts are listed and loaded once, not per task."""
        name = "paiban-engine"

        def setup(self, worker):
            import paiban
            self.engine = paiban.Engine(source_date_epoch=source_date_epoch)

        def teardown(self, worker):
            self.engine.close()

    return PaibanEngine()


def render_with_module(path):
    """One report through the Python module, with the engine of the worker it runs on."""
    import distributed
    worker = distributed.get_worker()
    engine = worker.plugins["paiban-engine"].engine
    with open(path, "rb") as f:
        report = f.read()
    result = engine.render(report, formats=("pdf", "docx"), source_name=path,
                           report_dir=os.path.dirname(path))
    return {"path": path, "ok": result.ok, "message": result.message,
            "diagnostics": result.diagnostics, "pdf": result.pdf, "docx": result.docx,
            "worker": worker.name, "pid": os.getpid()}


# --- The coordinator. ---

def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def files_under(folder):
    found = set()
    for root, _, names in os.walk(folder):
        for name in names:
            found.add(os.path.relpath(os.path.join(root, name), folder))
    return found


def single_machine_batch(args, env):
    ref = os.path.join(args.work, "ref")
    manifest = os.path.join(args.work, "ref.jsonl")
    proc = subprocess.run([args.cli, "render", args.samples, "--out-dir", ref, "--quiet",
                           "--manifest", manifest], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise Failure(f"the single-machine batch exited with {proc.returncode}:\n{proc.stderr}")
    with open(manifest, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if len(lines) < 2:
        raise Failure(f"the reference batch rendered {len(lines)} report(s): too few to shard")
    # input → {format: reference file}, the output paths relative to the output folder
    reference = {}
    for line in lines:
        if line["status"] != "rendered":
            raise Failure(f"reference: {line['input']} is {line['status']}")
        reference[line["relative"]] = {o["format"]: os.path.relpath(o["path"], ref)
                                       for o in line["outputs"]}
    return ref, reference


def check_shards(results, args, ref, reference, dist):
    errors = []
    seen_inputs = collections.Counter()
    seen_outputs = collections.Counter()
    rendering = set()  # the worker processes that rendered at least one report
    for r in sorted(results, key=lambda r: r["index"]):
        if r["lines"]:
            rendering.add((r["worker"], r["pid"]))
        print(f"shard {r['index']}/{args.shards} on {r['worker']} (pid {r['pid']}): "
              f"{len(r['lines'])} report(s), exit {r['exit']}")
        if r["exit"] != 0:
            errors.append(f"shard {r['index']} exited with {r['exit']}: {r['stderr']}")
        for line in r["lines"]:
            rel = line["relative"]
            seen_inputs[rel] += 1
            if line["status"] != "rendered":
                errors.append(f"shard {r['index']}: {rel} is {line['status']}: "
                              f"{line.get('diagnostics')}")
            shard = line.get("shard", {})
            if shard != {"index": r["index"], "count": args.shards}:
                errors.append(f"shard {r['index']}: {rel} is listed as shard {shard}")
            for out in line["outputs"]:
                rel_out = os.path.relpath(out["path"], dist)
                seen_outputs[rel_out] += 1
                want = reference.get(rel, {}).get(out["format"])
                if want != rel_out:
                    errors.append(f"{rel}: {out['format']} written to {rel_out}, "
                                  f"the single-machine batch wrote {want}")
                    continue
                path = os.path.join(dist, rel_out)
                if not os.path.isfile(path):
                    errors.append(f"{rel_out} is listed but missing")
                    continue
                if sha256(path) != out["sha256"] or os.path.getsize(path) != out["bytes"]:
                    errors.append(f"{rel_out} does not match its manifest's sha256/bytes")
                with open(path, "rb") as a, open(os.path.join(ref, rel_out), "rb") as b:
                    if a.read() != b.read():
                        errors.append(f"{rel_out} differs from the single-machine batch")
    for rel in sorted(set(reference) | set(seen_inputs)):
        if seen_inputs[rel] != 1:
            errors.append(f"{rel} is in {seen_inputs[rel]} shard manifests, not exactly one")
    for rel_out, n in sorted(seen_outputs.items()):
        if n != 1:
            errors.append(f"{rel_out} is listed by {n} manifests")
    expected_files = {o for outs in reference.values() for o in outs.values()}
    if files_under(dist) != expected_files:
        errors.append(f"the distributed output folder holds {sorted(files_under(dist))}, "
                      f"the single-machine batch {sorted(expected_files)}")
    # A batch that one process rendered alone would not show that shards merge: the samples'
    # paths must spread over shards on different workers (else choose another --shards).
    if len(rendering) < 2:
        errors.append(f"only {sorted(rendering)} rendered reports: the shards did not spread "
                      "the samples over two workers")
    return errors


def check_module(results, ref, reference, samples):
    errors = []
    for r in results:
        rel = os.path.relpath(r["path"], samples)
        print(f"module: {rel} on {r['worker']} (pid {r['pid']}): "
              f"{'ok' if r['ok'] else r['message']}")
        if not r["ok"]:
            errors.append(f"module: {rel}: {r['message']} {r['diagnostics']}")
            continue
        for fmt in ("pdf", "docx"):
            with open(os.path.join(ref, reference[rel][fmt]), "rb") as f:
                if r[fmt] != f.read():
                    errors.append(f"module: {rel}: the {fmt} differs from the "
                                  "single-machine batch")
    return errors


def gather(client, futures, what, cluster):
    from distributed import wait
    try:
        wait(futures, timeout=TASK_TIMEOUT)
    except TimeoutError:
        raise Failure(f"{what} tasks unfinished after {TASK_TIMEOUT} s\n{cluster.logs()}")
    try:
        return client.gather(futures)
    except Exception as e:  # raised in a task: the worker's exception, passed on by Dask
        raise Failure(f"a {what} task raised {type(e).__name__}: {e}\n{cluster.logs()}")


def run(args):
    try:
        import distributed
        from distributed import Client
    except ImportError as e:
        fail_or_skip_absent(f"{sys.executable} cannot import distributed ({e})")
    print(f"Dask distributed {distributed.__version__} under {sys.executable}")

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    samples = args.samples
    # The command line's environment: the caller's (sanitizer options included), one date.
    cli_env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    cli_env["SOURCE_DATE_EPOCH"] = str(SOURCE_DATE_EPOCH)
    ref, reference = single_machine_batch(args, cli_env)
    print(f"single-machine batch: {len(reference)} reports")

    # The workers load the Python module; an instrumented library needs the ASan runtime
    # preloaded into python3, which is not instrumented (tests/CMakeLists.txt).
    worker_env = dict(cli_env)
    worker_env.update(PYTHONPATH=args.python_path, PAIBAN_LIBRARY=args.library,
                      PYTHONDONTWRITEBYTECODE="1")
    if args.worker_preload:
        worker_env.update(LD_PRELOAD=args.worker_preload,
                          ASAN_OPTIONS="detect_leaks=0:abort_on_error=1")

    cluster = Cluster(args.work, cli_env, worker_env)

    def on_signal(signum, _frame):
        raise Failure(f"stopped by signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    client = None
    try:
        started = time.monotonic()
        scheduler_file, address = cluster.start(args.workers)
        try:
            client = Client(scheduler_file=scheduler_file, timeout=START_TIMEOUT)
        except Exception as e:
            raise Failure(f"the Dask cluster did not start: no client connection to {address}: "
                          f"{type(e).__name__}: {e}\n{cluster.logs()}")
        deadline = time.monotonic() + START_TIMEOUT
        while len(client.scheduler_info()["workers"]) < args.workers:
            # A worker that exits fails the test now, with its log.
            cluster.check_alive("the Dask cluster did not start")
            if time.monotonic() > deadline:
                raise Failure(f"the Dask cluster did not start: the scheduler at {address} has "
                              f"{len(client.scheduler_info()['workers'])} of {args.workers} "
                              f"workers after {START_TIMEOUT} s\n{cluster.logs()}")
            time.sleep(0.1)
        workers = sorted(client.scheduler_info()["workers"])
        print(f"cluster: scheduler {address}, {len(workers)} workers "
              f"({time.monotonic() - started:.1f} s to start)")

        dist = os.path.join(args.work, "dist")
        futures = [client.submit(render_shard, args.cli, samples, dist,
                                 os.path.join(args.work, f"shard-{i}.jsonl"), i, args.shards,
                                 cli_env, key=f"shard-{i}", workers=[workers[i % len(workers)]],
                                 allow_other_workers=False, pure=False)
                   for i in range(args.shards)]
        shards = gather(client, futures, "shard", cluster)
        errors = check_shards(shards, args, ref, reference, dist)

        try:  # raises what the plugin's setup raised on a worker (no library, no fonts)
            client.register_worker_plugin(engine_plugin(SOURCE_DATE_EPOCH))
        except Exception as e:
            raise Failure(f"a worker could not create its paiban.Engine: "
                          f"{type(e).__name__}: {e}")
        inputs = [os.path.join(samples, rel) for rel in sorted(reference)]
        futures = client.map(render_with_module, inputs, pure=False)
        renders = gather(client, futures, "module", cluster)
        errors += check_module(renders, ref, reference, samples)
        cluster.check_alive()
        if errors:
            raise Failure("\n".join(errors))
        print(f"OK: {len(reference)} reports in {args.shards} shards on {len(workers)} workers "
              "and through the Python module, byte-identical to the single-machine batch")
    finally:
        if client is not None:
            try:  # the scheduler closes its workers, then itself
                client.shutdown()
            except Exception:  # stopped by their process ids below in any case
                pass
        cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--python-path", required=True)
    parser.add_argument("--worker-preload", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shards", type=int, default=4)
    args = parser.parse_args()
    # The workers run in folders of their own: every path they are given is absolute.
    for name in ("cli", "samples", "work", "library", "python_path"):
        setattr(args, name, os.path.abspath(getattr(args, name)))
    try:
        run(args)
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Times a batch render (issue 13): the samples copied to COUNT distinct reports (default 200, each
# with its own title), rendered to PDF and DOCX with --jobs 1 and --jobs 2. Prints wall time,
# milliseconds per report, reports per second and peak RSS, measured by /usr/bin/time -v.
# Usage: tools/bench/batch.sh [COUNT]   (PAIBAN=path/to/paiban to time another build)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-200}
if [[ -z "${PAIBAN:-}" ]]; then
  tools/setup.sh
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF >/dev/null
  cmake --build build-bench -j"$(nproc)" --target paiban_cli >/dev/null
  PAIBAN=build-bench/tools/paiban
fi
[[ -x /usr/bin/time ]] || { echo "batch.sh needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$count" "$work/in" <<'PY'
import json, pathlib, shutil, sys
count, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
samples = sorted(pathlib.Path("samples").glob("*/report.json"))
for i in range(count):
    src = samples[i % len(samples)]
    report = json.loads(src.read_text(encoding="utf-8"))
    report.setdefault("metadata", {})["title"] = f"{report['metadata'].get('title', '')} {i:04d}"
    # One folder per sample and hundred, holding the files the sample names beside its report
    # (a 公文's seal images), which a report may read only from its own folder.
    dest = out / f"{i // 100:02d}" / src.parent.name / f"{src.parent.name}-{i:04d}.json"
    if not dest.parent.exists():
        dest.parent.mkdir(parents=True)
        for extra in src.parent.iterdir():
            if extra.suffix != ".json" and extra.is_file():
                shutil.copy(extra, dest.parent / extra.name)
    dest.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
PY

export SOURCE_DATE_EPOCH=1700000000
for jobs in 1 2; do
  rm -rf "$work/out"
  /usr/bin/time -v -o "$work/time" "$PAIBAN" render "$work/in" --out-dir "$work/out" \
    --jobs "$jobs" --quiet
  python3 - "$work/time" "$count" "$jobs" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
count, jobs = int(sys.argv[2]), sys.argv[3]
wall = text.split("Elapsed (wall clock) time (h:mm:ss or m:ss):")[1].split()[0]
seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"batch of {count} (PDF+DOCX), --jobs {jobs}: {seconds:.2f} s wall, "
      f"{1000 * seconds / count:.1f} ms/report, {count / seconds:.1f} reports/s, "
      f"peak RSS {rss / 1024:.0f} MB")
PY
done

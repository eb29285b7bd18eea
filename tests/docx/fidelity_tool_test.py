#!/usr/bin/env python3
"""tools/fidelity.py reads the PDF's lines as a reader would (no LibreOffice needed).

- A body line made only of digits is body text; the page number (a page's lowest line) is not.
- A joint 公文's mark names spell the start of its title: the title is found where it is set,
  below the 版头, and the 版头's lines are not taken for the title.
- Table cells are read cell by cell: every cell of the seed's tables is found in the PDF, its
  lines spelling its text; a line of one character is told from a label's number alone.

Usage: fidelity_tool_test.py PAIBAN_CLI SOURCE_DIR; exit 77 (a skip) without pdftotext.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def render(cli, report, pdf):
    """Renders `report` to `pdf`; False (with the CLI's output printed) when it fails."""
    r = subprocess.run([cli, "render", report, "-o", pdf], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
    return r.returncode == 0


def main():
    cli, source = sys.argv[1], sys.argv[2]
    if shutil.which("pdftotext") is None:
        print("pdftotext is not installed; skipped")
        return 77
    sys.path.insert(0, os.path.join(source, "tools"))
    import fidelity  # noqa: E402 (the tool under test)

    failures = []
    work = tempfile.mkdtemp(prefix="paiban-fidelity-tool-")
    try:
        # A paragraph that is one long number: it breaks where it overflows, so its lines hold
        # only digits.
        digits = "1234567890" * 7
        report = {"metadata": {"title": "数字行"},
                  "body": [{"type": "paragraph", "text": "号码如下："},
                           {"type": "paragraph", "text": digits}]}
        path = os.path.join(work, "digits.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False)
        pdf = os.path.join(work, "digits.pdf")
        if not render(cli, path, pdf):
            return 1
        lines = fidelity.pdf_lines(pdf)
        texts = fidelity.Texts(report)
        digit_lines = [l for l in lines if l.isdigit()]
        if "".join(digit_lines) != digits:
            failures.append(f"the number's lines are not all read: {digit_lines}")
        if any(texts.kind(l) != "body" for l in digit_lines):
            failures.append("a line of digits is not counted as body text")
        if any(fidelity.PAGE_NUMBER.match(l) and not l.isdigit() for l in lines) or "—1—" in lines:
            failures.append(f"the page number is read as a line: {lines}")

        # The joint 公文: its two organisation names above 文件 spell the title's start.
        joint = os.path.join(source, "samples", "gongwen-joint", "report.json")
        pdf = os.path.join(work, "joint.pdf")
        if not render(cli, joint, pdf):
            return 1
        with open(joint, encoding="utf-8") as f:
            title = fidelity.Texts(json.load(f)).title
        lines = fidelity.pdf_lines(pdf)
        start, title_lines = fidelity.find_title(lines, title)
        if "".join(title_lines) != title:
            failures.append(f"the title is not found: {title_lines}")
        if "文件" not in lines[:start]:
            failures.append(f"the 版头 is not above the title: {lines[:start]}")
        # (The title's first line may read like the mark's first name: compare places, not text.)
        if len(title_lines) < 2 or "文件" not in lines or start <= lines.index("文件"):
            failures.append(f"the mark is read as the title: {title_lines}")

        # The seed's tables, cell by cell: each cell found once at least, its lines its text,
        # 「三、本年度办理结果」 on more than one line (it wraps in its narrow column).
        seed = os.path.join(source, "samples", "hongqi-2023", "report.json")
        pdf = os.path.join(work, "seed.pdf")
        if not render(cli, seed, pdf):
            return 1
        with open(seed, encoding="utf-8") as f:
            texts = fidelity.Texts(json.load(f))
        found, every = fidelity.cell_lines(fidelity.pdf_words(pdf), texts)
        missing = [texts.cell_list[c] for c in range(len(texts.cell_list)) if c not in found]
        if missing:
            failures.append(f"cells not found in the PDF: {missing[:5]}")
        if any("".join(lines) != texts.cell_list[c] for c, lines in found.items()):
            failures.append("a cell's lines do not spell its text")
        label = [found[c] for c in found if texts.cell_list[c] == "三、本年度办理结果"]
        if not label or len(label[0]) < 2:
            failures.append(f"table 三's label is not read line by line: {label}")
        if len(every) < len(found):
            failures.append("fewer occurrences than cells")
        for line, lone in (("人", True), ("形)", True), ("益。", True), ("（三）", False),
                           ("三、", False), ("1.", False), ("自然", False), ("12", False)):
            if fidelity.one_character(line) != lone:
                failures.append(f"one_character({line!r}) is not {lone}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

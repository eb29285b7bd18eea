#!/usr/bin/env python3
"""How closely LibreOffice's rendering of paiban's DOCX keeps the lines of paiban's PDF.

For every report: paiban renders the PDF and the DOCX, LibreOffice converts all the DOCX files to
PDF in one call, pdftotext -raw reads both PDFs line by line, and the lines are compared.

- Body lines: lines of the PDF whose text belongs to the title, a heading or a paragraph (not to
  a table cell), from the title on. A body line counts as kept when LibreOffice sets a line of
  exactly the same text, matched in reading order (difflib): then both of its breaks fall at the
  same character. Its ratio is the measure of issue #10 (>= 95 %). A line of digits is body text
  unless it is the lowest line of its page (the page number).
- Title lines: the lines that spell the title, where the title is set (after a 公文's 版头, whose
  organisation names may spell the title's start), must be the same in both PDFs.
- A 公文's 版头 (the lines above the title: 份号, mark, 发文字号) is not body text; whether
  LibreOffice sets its lines alike is printed, not required.
- Table cell lines are measured apart, cell by cell (issue #11): both PDFs draw a cell's text in
  one piece, so the words in content order are cut into cells by the report's cell texts (the
  next cells in table order first, then any cell, for repeated header rows), and a cell's words
  into lines by height. A cell is paired with the same cell of the other PDF (its first
  occurrence in each); a PDF's cell line counts as kept when LibreOffice's cell has a line of
  exactly that text, in order. A line of one character (one Han character, letter or digit;
  marks not counted; a line of only a number such as （三） is fine) in a cell of two lines or
  more is counted in each PDF: what issue #11 forbids.

Usage:
  tools/fidelity.py [--paiban CLI] [--work DIR] [--require PCT] [--soffice soffice] INPUT...
INPUT is a report.json, or a plain-text report (.txt) that `paiban import` turns into one;
INPUT@PCT gives that report its own minimum instead of --require's.
With --require, exit 1 when a report keeps fewer body lines than its minimum or changes a title
line; with --require-cells, when it keeps fewer cell lines than that or LibreOffice sets a cell
line of one character; exit 77 (a skip for ctest) when soffice or pdftotext is missing.
"""

import argparse
import difflib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
# A page number as GB/T 9704 §7.5 prints it (— 1 —), or bare; only the lowest line of a page.
PAGE_NUMBER = re.compile(r"^[—–-]*\d+[—–-]*$")
# Heading numbers the PDF adds to the report's text: 一、 （一） 1. （1） 1、
NUMBER_PREFIX = re.compile(r"^(?:[一二三四五六七八九十百零]+、|（[一二三四五六七八九十百零]+）|"
                           r"\d+[.．、]|（\d+）|\(\d+\))")
# Whitespace, and the word joiner the DOCX may carry (it has no glyph).
SPACE = re.compile(r"[\s\u2060]+")


def flat(text):
    return SPACE.sub("", text)


def strings(node):
    """Every string under a JSON node, in order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("type", "level", "form", "width", "colspan", "rowspan", "align",
                       "valign", "font", "size", "style", "id", "src"):
                continue
            yield from strings(value)


# A label's number alone on a line (resolve::number_prefix_bytes): 「（三）」 「三、」 「3.」.
ONLY_NUMBER = re.compile(r"^(?:[（(](?:[一二三四五六七八九十百零]+|\d+)[）)]|"
                         r"(?:[一二三四五六七八九十百零]+|\d+)、|\d+[.．])$")
# What counts as a character for the one-character rule (layout's `counts`): Han, Latin, digits.
COUNTED = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")


def one_character(line):
    """Whether a cell line holds a single character (layout::is_one_character_line)."""
    return not ONLY_NUMBER.match(line) and len(COUNTED.findall(line)) == 1


class Texts:
    """The report's text, flattened, by kind: what a PDF line may belong to."""

    def __init__(self, report):
        meta = report.get("metadata", {})
        self.title = flat(meta.get("title", ""))
        body = [flat(meta.get("title", "")), flat(meta.get("subtitle", ""))]
        cells = []
        self.cell_list = []  # every table cell's text, in table order (empty ones left out)
        for block in report.get("body", []):
            if block.get("type") == "table":
                cells.append(flat(block.get("caption", "")))
                cells.append(flat(block.get("note", "")))
                for row in block.get("rows", []):
                    for cell in row.get("cells", []):
                        cells.append("".join(flat(s) for s in strings(cell)))
                        if cells[-1]:
                            self.cell_list.append(cells[-1])
            else:
                body.append("".join(flat(s) for s in strings(block)))
        self.body = "\n".join(b for b in body if b)
        self.cells = "\n".join(c for c in cells if c)

    def kind(self, line):
        if not line:
            return None
        bare = NUMBER_PREFIX.sub("", line, count=1)
        in_body = line in self.body or bool(bare and bare in self.body)
        in_cells = line in self.cells
        # A short line found in both (公开, 其他处理) is taken for a cell: body lines that short are
        # rare (a paragraph's last line), cell lines that short are common.
        if in_body and not (in_cells and len(line) < 12):
            return "body"
        return "cell" if in_cells else None


WORD = re.compile(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" '
                  r'yMax="([-0-9.]+)">([^<]*)</word>')


def pdf_lines(pdf):
    """The PDF's lines, in content order, whitespace removed.

    pdftotext -raw starts a new line wherever a glyph is drawn left of the previous one, which
    happens inside a line where adjacent marks share space (》（). So the words are read with their
    boxes and joined again: a word continues the line when it sits at the same height and starts
    no more than about half an em after the previous one ends (table cells side by side are
    further apart). A page's lowest line, when it is only digits and dashes, is its page number
    and left out (a body line of digits, such as a year or a phone number, is kept)."""
    out = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    lines = []
    for page in out.split("<page ")[1:]:
        on_page = []  # (text, top)
        current, box = "", None
        for m in WORD.finditer(page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            word = html.unescape(m.group(5))
            mid = (y0 + y1) / 2
            if box is not None:
                height = box[3] - box[1]
                if box[1] <= mid <= box[3] and -height <= x0 - box[2] <= height * 0.6:
                    current += word
                    box = (box[0], min(box[1], y0), x1, max(box[3], y1))
                    continue
                on_page.append((flat(current), box[1]))
            current, box = word, (x0, y0, x1, y1)
        if current:
            on_page.append((flat(current), box[1]))
        on_page = [(text, top) for text, top in on_page if text]
        if on_page:
            lowest = max(range(len(on_page)), key=lambda k: on_page[k][1])
            if PAGE_NUMBER.match(on_page[lowest][0]):
                del on_page[lowest]
        lines += [text for text, _ in on_page]
    return lines


def pdf_words(pdf):
    """The PDF's words in content order: (text, x0, y0, x1, y1, page), whitespace removed."""
    out = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    words = []
    for number, page in enumerate(out.split("<page ")[1:]):
        for m in WORD.finditer(page):
            text = flat(html.unescape(m.group(5)))
            if text:
                words.append((text,) + tuple(float(v) for v in m.groups()[:4]) + (number,))
    return words


def cell_lines(words, texts, window=60):
    """{cell index: its lines} for the first occurrence of each cell of `texts.cell_list` in
    `words` (pdf_words), and every occurrence's lines as a list (repeats included)."""
    cells = texts.cell_list
    first, every = {}, []
    expected = 0
    i = 0
    while i < len(words):
        word = words[i][0]
        if texts.kind(word) == "body" and word not in cells:
            i += 1
            continue
        # The next cells first, then any cell not found yet, then any (a repeated header row).
        order = list(range(expected, min(expected + window, len(cells))))
        order += [c for c in range(len(cells)) if c not in first and c not in order]
        order += [c for c in range(len(cells)) if c in first and c not in order]
        match = None
        for c in order:
            text = cells[c]
            if not text.startswith(word):
                continue
            acc, j = word, i + 1
            while acc != text and j < len(words) and text.startswith(acc + words[j][0]):
                acc += words[j][0]
                j += 1
            if acc == text:
                match = (c, j)
                break
        if match is None:
            i += 1
            continue
        c, j = match
        lines, box = [], None
        for text, x0, y0, x1, y1, page in words[i:j]:
            mid = (y0 + y1) / 2
            if box is not None and box[2] == page and box[0] <= mid <= box[1]:
                lines[-1] += text
                continue
            lines.append(text)
            box = (y0, y1, page)
        every.append(lines)
        first.setdefault(c, lines)
        expected = max(expected, c + 1)
        i = j
    return first, every


def kept(ours, theirs):
    """How many of `ours` have an identical line in `theirs`, matched in order."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def spelled(lines, title):
    """The leading lines of `lines` that together spell a prefix of the title."""
    out, got = [], ""
    for line in lines:
        if not title.startswith(got + line):
            break
        out.append(line)
        got += line
        if got == title:
            break
    return out


def find_title(lines, title):
    """(start, title lines): the first run of lines that spells the whole title. A 公文's 版头
    comes before it, and a joint mark's names may spell the title's start (平潭综合实验区教育局 /
    平潭综合实验区财政金融局 above 平潭综合实验区教育局 平潭综合实验区财政金融局关于…): those are
    the mark, not the title. Without a whole title, the leading lines that spell its start."""
    if title:
        for start in range(len(lines)):
            found = spelled(lines[start:], title)
            if "".join(found) == title:
                return start, found
    return 0, spelled(lines, title)


def run(cmd, **kw):
    return subprocess.run(cmd, check=False, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--paiban", default=os.environ.get("PAIBAN_CLI", "build/tools/paiban"))
    ap.add_argument("--soffice", default="soffice")
    ap.add_argument("--work", help="keep the files here (default: a temporary folder)")
    ap.add_argument("--require", type=float, help="minimum body lines kept, in percent")
    ap.add_argument("--require-cells", type=float,
                    help="minimum table-cell lines kept, in percent; no one-character cell line")
    ap.add_argument("--style", help="style name or file passed to render")
    args = ap.parse_args()

    for tool in (args.soffice, "pdftotext"):
        if shutil.which(tool) is None:
            print(f"fidelity: {tool} is not installed; the LibreOffice comparison is skipped")
            return SKIP if args.require is not None else 2

    work = args.work or tempfile.mkdtemp(prefix="paiban-fidelity-")
    os.makedirs(work, exist_ok=True)
    office = os.path.join(work, "office")
    os.makedirs(office, exist_ok=True)

    names, reports, minimum = [], {}, {}
    for spec in args.inputs:
        path, _, own = spec.partition("@")
        base = os.path.basename(path)
        name = os.path.splitext(base)[0]
        if name == "report":
            name = os.path.basename(os.path.dirname(os.path.abspath(path)))
        if name in reports:
            name = f"{name}-{len(names)}"
        json_path = path
        if path.endswith(".txt"):
            json_path = os.path.join(work, name + ".json")
            r = run([args.paiban, "import", path, "-o", json_path])
            if r.returncode != 0:
                print(f"fidelity: {path}: import failed:\n{r.stdout}{r.stderr}", file=sys.stderr)
                return 1
        cmd = [args.paiban, "render", json_path, "-o", os.path.join(work, name + ".pdf"),
               "-o", os.path.join(work, name + ".docx")]
        if args.style:
            cmd += ["--style", args.style]
        r = run(cmd)
        if r.returncode != 0:
            print(f"fidelity: {path}: render failed:\n{r.stdout}{r.stderr}", file=sys.stderr)
            return 1
        with open(json_path, encoding="utf-8") as f:
            reports[name] = Texts(json.load(f))
        names.append(name)
        minimum[name] = float(own) if own else args.require

    # One LibreOffice call for every file, with a private profile (parallel runs of soffice would
    # otherwise share the user's).
    profile = "file://" + os.path.abspath(os.path.join(work, "profile"))
    r = run(["timeout", "600", args.soffice, f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", "pdf", "--outdir", office] +
            [os.path.join(work, n + ".docx") for n in names])
    if r.returncode != 0:
        print(f"fidelity: soffice failed:\n{r.stdout}{r.stderr}", file=sys.stderr)
        return 1

    failed = False
    total_body = total_kept = 0
    total_cells = total_cells_kept = total_lone = 0
    print(f"{'report':<28} {'body lines kept':>18} {'>=12 chars':>14} {'cell lines kept':>17} "
          f"{'1-char (PDF)':>13}  title")
    for name in names:
        texts = reports[name]
        ours = pdf_lines(os.path.join(work, name + ".pdf"))
        theirs = pdf_lines(os.path.join(office, name + ".pdf"))
        # The 版头 above the title is not body text: measured apart.
        start_ours, t_ours = find_title(ours, texts.title)
        start_theirs, t_theirs = find_title(theirs, texts.title)
        head_ours, ours = ours[:start_ours], ours[start_ours:]
        head_theirs, theirs = theirs[:start_theirs], theirs[start_theirs:]
        ours_body = [l for l in ours if texts.kind(l) == "body"]
        theirs_body = [l for l in theirs if texts.kind(l) == "body"]
        body_kept = kept(ours_body, theirs_body)
        long_ours = [l for l in ours_body if len(l) >= 12]
        long_kept = kept(long_ours, [l for l in theirs_body if len(l) >= 12])
        # Table cells, cell by cell (cell_lines): a cell LibreOffice's PDF lacks keeps no line.
        cells_ours, every_ours = cell_lines(pdf_words(os.path.join(work, name + ".pdf")), texts)
        cells_theirs, every_theirs = cell_lines(
            pdf_words(os.path.join(office, name + ".pdf")), texts)
        n_cells = sum(len(lines) for lines in cells_ours.values())
        cells_kept = sum(kept(lines, cells_theirs.get(c, [])) for c, lines in cells_ours.items())
        changed = [(cells_ours[c], cells_theirs.get(c, [])) for c in sorted(cells_ours)
                   if cells_ours[c] != cells_theirs.get(c)]
        lone_theirs = [l for lines in every_theirs if len(lines) > 1 for l in lines
                       if one_character(l)]
        lone_ours = [l for lines in every_ours if len(lines) > 1 for l in lines
                     if one_character(l)]
        total_cells += n_cells
        total_cells_kept += cells_kept
        total_lone += len(lone_theirs)
        same_title = t_ours == t_theirs

        def pct(a, b):
            return 100.0 * a / b if b else 100.0

        body_pct = pct(body_kept, len(ours_body))
        total_body += len(ours_body)
        total_kept += body_kept
        cells_pct = pct(cells_kept, n_cells)
        print(f"{name:<28} {body_kept:>5}/{len(ours_body):<5} {body_pct:5.1f}% "
              f"{pct(long_kept, len(long_ours)):>13.1f}% "
              f"{cells_kept:>5}/{n_cells:<5}{cells_pct:5.1f}% "
              f"{len(lone_theirs):>6} ({len(lone_ours)})  "
              f"{'same' if same_title else 'DIFFERENT'} ({len(t_ours)} lines)")
        if lone_theirs:
            print(f"  one-character cell lines in LibreOffice's: {' / '.join(lone_theirs)}")
        if not same_title:
            print(f"  title in the PDF:         {' / '.join(t_ours)}")
            print(f"  title in LibreOffice's:   {' / '.join(t_theirs)}")
        if head_ours != head_theirs:
            print(f"  版头 lines (not body text) in the PDF:       {' / '.join(head_ours)}")
            print(f"  版头 lines (not body text) in LibreOffice's: {' / '.join(head_theirs)}")
        if os.environ.get("FIDELITY_VERBOSE"):
            diff = difflib.unified_diff(ours_body, theirs_body, "pdf", "libreoffice", lineterm="",
                                        n=0)
            for line in diff:
                print("  " + line)
            for pdf_cell, office_cell in changed:
                print(f"  cell: {' / '.join(pdf_cell)}  →  {' / '.join(office_cell) or '(none)'}")
        if args.require is not None and (body_pct < minimum[name] or not same_title):
            print(f"  below its minimum of {minimum[name]:g} %" if body_pct < minimum[name]
                  else "  the title lines differ")
            failed = True
        if args.require_cells is not None and (cells_pct < args.require_cells or lone_theirs):
            print(f"  cell lines below {args.require_cells:g} %" if cells_pct < args.require_cells
                  else "  LibreOffice sets a cell line of one character")
            failed = True
    if len(names) > 1:
        print(f"{'all':<28} {total_kept:>5}/{total_body:<5} "
              f"{100.0 * total_kept / max(total_body, 1):5.1f}% {'':>14} "
              f"{total_cells_kept:>5}/{total_cells:<5}"
              f"{100.0 * total_cells_kept / max(total_cells, 1):5.1f}% {total_lone:>6}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        print("fidelity: a report keeps fewer body or cell lines in LibreOffice than its minimum, "
              "changes a title line or sets a cell line of one character", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

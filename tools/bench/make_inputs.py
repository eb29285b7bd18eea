#!/usr/bin/env python3
"""Writes the scaling benchmarks' reports into OUTDIR (issue 13):

  prose-100.json, prose-1000.json, prose-8000.json  headings and paragraphs of the seed's prose,
                                                    about 100, 1,000 and 8,000 pages
  unbreakable-100k.json, unbreakable-1m.json        one paragraph of 100 KB / 1 MB with no line
                                                    break opportunity (a single Latin word)

Usage: tools/bench/make_inputs.py OUTDIR
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def seed_paragraphs():
    report = json.loads((ROOT / "samples/hongqi-2023/report.json").read_text(encoding="utf-8"))
    texts = [b["text"] for b in report["body"]
             if b.get("type") == "paragraph" and len(b.get("text", "")) > 60]
    return texts


# About 4.9 paragraphs of the seed's prose fill an A4 page on the gbt9704 grid; a heading every
# ten paragraphs gives the outline as many entries as a long report would have.
PARAGRAPHS_PER_PAGE = 4.9


def prose(pages):
    texts = seed_paragraphs()
    body = []
    count = int(pages * PARAGRAPHS_PER_PAGE)
    for i in range(count):
        if i % 10 == 0:
            body.append({"type": "heading", "level": 1 if i % 100 == 0 else 2,
                         "text": f"第{i // 10 + 1}部分"})
        body.append({"type": "paragraph", "text": texts[i % len(texts)]})
    return {"metadata": {"title": f"{pages}页长文", "language": "zh-CN"}, "body": body}


def unbreakable(size):
    word = ("paiban" * (size // 6 + 1))[:size]
    return {"metadata": {"title": "无断点段落", "language": "zh-CN"},
            "body": [{"type": "paragraph", "text": word}]}


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    reports = {f"prose-{n}.json": prose(n) for n in (100, 1000, 8000)}
    reports["unbreakable-100k.json"] = unbreakable(100_000)
    reports["unbreakable-1m.json"] = unbreakable(1_000_000)
    for name, report in reports.items():
        (out / name).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()

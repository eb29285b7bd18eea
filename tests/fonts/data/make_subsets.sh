#!/usr/bin/env bash
# Remakes the font subsets of this folder from Debian's fonts-noto-cjk (face 2 of each .ttc is
# the SC face), covering every character of the golden reports (tests/golden/*.json) plus ASCII
# and the punctuation and numerals layout adds (page numbers, 续表, heading numbers). Run it
# after adding characters to a golden report, then update the goldens.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
noto=/usr/share/fonts/opentype/noto
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
python3 - "$here/../../golden" > "$chars" <<'PY'
import glob, json, sys
chars = set(chr(c) for c in range(0x20, 0x7f))
chars.update("—续表，。、；：？！（）《》“”‘’…·一二三四五六七八九十百零〔〕【】「」")
def walk(x):
    if isinstance(x, str): chars.update(x)
    elif isinstance(x, dict): [walk(v) for v in x.values()]
    elif isinstance(x, list): [walk(v) for v in x]
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    walk(json.load(open(f, encoding="utf-8")))
chars.discard("\n")
sys.stdout.write("".join(sorted(chars)))
PY
for spec in NotoSerifCJK-Regular:NotoSerifCJKsc-Regular-subset \
            NotoSerifCJK-Bold:NotoSerifCJKsc-Bold-subset \
            NotoSansCJK-Regular:NotoSansCJKsc-Regular-subset; do
  IFS=: read -r file out <<< "$spec"
  hb-subset --font-file="$noto/$file.ttc" --face-index=2 --text-file="$chars" \
    --layout-features='*' --output-file="$here/$out.otf"
done
# A CID-keyed CFF without subroutines (as the Fandol fonts are), for the copying subsetter
# (fonts/cff_subset.h): four Font DICTs, no layout tables. Its 'CFF ' table seeds the cff fuzz
# target (tests/fuzz/corpus/cff/noto-flat.cff).
hb-subset --font-file="$noto/NotoSerifCJK-Regular.ttc" --face-index=2 \
  --text="2023年政府信息公开工作年度报告（一）主动公开情况，“十四五”规划。" --desubroutinize \
  --drop-tables+=GSUB,GPOS,GDEF,BASE,vhea,vmtx,VORG \
  --output-file="$here/../flat/NotoSerifCJKsc-Regular-flat.otf"
python3 - "$here/../flat/NotoSerifCJKsc-Regular-flat.otf" "$here/../../fuzz/corpus/cff/noto-flat.cff" <<'PY'
import struct, sys
font = open(sys.argv[1], "rb").read()
for i in range(struct.unpack(">H", font[4:6])[0]):
    tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
    if tag == b"CFF ":
        open(sys.argv[2], "wb").write(font[offset:offset + length])
PY

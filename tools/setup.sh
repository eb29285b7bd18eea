#!/usr/bin/env bash
# Installs every build, run and test dependency of paiban from Debian packages.
# Idempotent: when everything is present it prints nothing and changes nothing.
# Usage: tools/setup.sh [--with-office]   (--with-office adds LibreOffice for DOCX round-trip tests)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpodofo-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev
  libzip-dev libdeflate-dev libpugixml-dev libpng-dev libjpeg62-turbo-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libbenchmark-dev
  fonts-noto-cjk fonts-arphic-ukai fonts-liberation2 fonts-dejavu-core
  qpdf poppler-utils mupdf-tools libxml2-utils python3-jsonschema locales
  python3-distributed  # Dask scheduler and workers: the distributed batch test (tests/distributed)
  clang-14 libclang-rt-14-dev
)
if [[ "${1:-}" == "--with-office" ]]; then
  packages+=(libreoffice-writer-nogui)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

if [[ ${#missing[@]} -ne 0 ]]; then
  echo "paiban setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Fonts by role (fonts/README.md): the Fandol fonts (FandolFang, FandolKai, FandolSong, FandolHei:
# a real 仿宋 and a mainland 楷体) ship only inside texlive-lang-chinese. Installing that package
# pulls 23 TeX packages (about 270 MB installed); the four fonts are 34 MB. So the .deb is
# downloaded and only the fonts and their licence are extracted (a second or two), into a folder
# of their own that fontconfig scans.
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fandol_dir=/usr/local/share/fonts/paiban/fandol
if [[ ! -f "$fandol_dir/FandolFang-Regular.otf" || ! -f "$fandol_dir/FandolKai-Regular.otf" ]]; then
  echo "paiban setup: extracting the Fandol fonts from texlive-lang-chinese into $fandol_dir" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null) ||
    { "${sudo_cmd[@]}" apt-get update -qq >/dev/null &&
      (cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null); }
  dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb |
    tar -x -C "$work" --wildcards \
      './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*.otf' \
      './usr/share/doc/texlive-doc/fonts/fandol/*'
  "${sudo_cmd[@]}" install -d -m 755 "$fandol_dir"
  "${sudo_cmd[@]}" install -m 644 "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf \
    "$work"/usr/share/doc/texlive-doc/fonts/fandol/* "$fandol_dir"
  "${sudo_cmd[@]}" fc-cache -f "$fandol_dir" >/dev/null
fi

# The office font names of a DOCX (仿宋_GB2312, 楷体_GB2312, Times New Roman, …) mapped to the
# same free faces, so that LibreOffice sets the DOCX with the PDF's designs.
alias_conf=65-paiban-office-aliases.conf
if ! cmp -s "$script_dir/../fonts/fontconfig/$alias_conf" "/etc/fonts/conf.d/$alias_conf"; then
  echo "paiban setup: installing /etc/fonts/conf.d/$alias_conf" >&2
  "${sudo_cmd[@]}" install -m 644 "$script_dir/../fonts/fontconfig/$alias_conf" /etc/fonts/conf.d/
  "${sudo_cmd[@]}" fc-cache -f >/dev/null
fi

# The locale test (tests/hygiene/locale_test.cc) renders under de_DE.UTF-8, whose decimal
# separator is a comma, and checks that the bytes do not change.
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  echo "paiban setup: generating the de_DE.UTF-8 locale" >&2
  "${sudo_cmd[@]}" sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  "${sudo_cmd[@]}" locale-gen >/dev/null
fi

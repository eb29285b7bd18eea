#!/usr/bin/env bash
# Installs every build, run and test dependency of paiban from Debian packages.
# Idempotent: when everything is present it prints nothing and changes nothing.
# Usage: tools/setup.sh [--with-office]   (--with-office adds LibreOffice for DOCX round-trip tests)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpodofo-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev
  libzip-dev libpugixml-dev libpng-dev libjpeg62-turbo-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libbenchmark-dev
  fonts-noto-cjk fonts-arphic-ukai
  qpdf poppler-utils libxml2-utils python3-jsonschema locales
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

# The locale test (tests/hygiene/locale_test.cc) renders under de_DE.UTF-8, whose decimal
# separator is a comma, and checks that the bytes do not change.
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  echo "paiban setup: generating the de_DE.UTF-8 locale" >&2
  "${sudo_cmd[@]}" sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  "${sudo_cmd[@]}" locale-gen >/dev/null
fi

#!/usr/bin/env bash
# Set up everything decade-report needs on a fresh Debian machine:
# the system libraries WeasyPrint and the tests use (apt-get, when run as root),
# uv, and the project's virtual environment in .venv/ from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1  # WeasyPrint
  poppler-utils                                                       # pdftotext, pdffonts, pdftoppm (tests)
  ghostscript                                                         # ink coverage (preflight)
  fonts-noto-core                                                     # Khmer, Lao, Myanmar … ([[system_face]] of assets/fonts/faces.toml)
  libenchant-2-2 hunspell-en-gb                                       # British English for the spelling check (pyenchant)
)

# `--test`: only what the test suite needs on top (Debian's chromium, for the web edition; the
# machine's Node.js and npm install axe-core and playwright-core from tests/web/package-lock.json).
if [[ ${1:-} == --test ]]; then
  SYSTEM_PACKAGES=(chromium mupdf-tools)  # mupdf-tools: mutool, an independent PDF engine (tests)
fi

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: run 'sudo apt-get install ${missing[*]}' and try again" >&2
    exit 1
  fi
fi

if [[ ${1:-} == --test ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm (Node.js 20 or newer) is needed for the accessibility tests (axe-core)" >&2
    exit 1
  fi
  echo "setup: installing axe-core and playwright-core (tests/web, npm ci)"
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
  exit 0
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "setup: installing uv"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi
if command -v uv >/dev/null 2>&1; then UV=(uv); else UV=(python3 -m uv); fi

export UV_PYTHON_DOWNLOADS=never
"${UV[@]}" sync --frozen --quiet

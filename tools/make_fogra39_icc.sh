#!/usr/bin/env bash
# Recreate assets/icc/FOGRA39.icc from FOGRA's characterisation data (maintainer tool, not part of
# the build): Debian's icc-profiles-free ships FOGRA39L.ti3 (zlib licence), ArgyllCMS builds the
# profile. Needs: apt-get install icc-profiles-free argyll
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
(cd "$work" && colprof -v -qm -kr -l300 -L95 \
  -D "Coated FOGRA39 (decade-report, ArgyllCMS from FOGRA39L)" \
  -C "Made by decade-report with ArgyllCMS colprof from FOGRA39L.ti3 (Zlib); no restrictions" \
  FOGRA39L)
cp "$work/FOGRA39L.icc" assets/icc/FOGRA39.icc

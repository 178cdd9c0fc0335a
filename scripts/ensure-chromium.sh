#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests and the seat-map benchmark (playwright-core drives
# it; no browser is ever downloaded by npm). Idempotent; used by test.sh and CI.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

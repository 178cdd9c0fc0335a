#!/usr/bin/env bash
# Passes the tests on a fresh machine: dependencies, Redis and PostgreSQL, Debian's Chromium, then
# type checks, lint and the test suite (npm test, browser tests included) against the real services.
# Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh
scripts/ensure-chromium.sh
scripts/install-deps.sh
npm run --silent typecheck
npm run --silent lint
npm run --silent build -- --logLevel warn # the browser tests drive the built app
npm test -- "$@"

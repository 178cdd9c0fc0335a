#!/usr/bin/env bash
# Runs SeatRush on this machine: dependencies, Redis and PostgreSQL, migrations, the demo tour,
# the client build, then the cluster (one worker per core; WORKERS=n to change). Prints the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-services.sh
scripts/install-deps.sh
npm run --silent build
npm run --silent migrate
npm run --silent seed
exec npm start --silent

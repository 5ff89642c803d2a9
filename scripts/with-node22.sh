#!/usr/bin/env bash
# Runs a command under Node 22 even when `npm run` itself started under an older
# node: npm puts its own node first on PATH, so the script re-execs through
# use-node22.sh (which fetches Node 22 once if needed) instead of trusting it.
set -euo pipefail
# shellcheck source=scripts/use-node22.sh
if ! . "$(dirname "${BASH_SOURCE[0]}")/use-node22.sh"; then
  echo "with-node22: Node 22 is required and could not be put in place. Install Node 22 LTS (https://nodejs.org), then run: $*" >&2
  exit 1
fi
exec "$@"

#!/usr/bin/env bash
# `npm run check`: the type check and the linter at once (each uses one core),
# then the packaging config. Each tool's output is printed whole, after it ends,
# so the two never interleave; the check fails if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
tsc -b > "$out/tsc" 2>&1 & tsc_pid=$!
eslint . --max-warnings 0 > "$out/eslint" 2>&1 & eslint_pid=$!
wait "$tsc_pid"; tsc_status=$?
wait "$eslint_pid"; eslint_status=$?
echo "check: tsc -b $([ "$tsc_status" -eq 0 ] && echo passed || echo "failed ($tsc_status)")"; cat "$out/tsc"
echo "check: eslint $([ "$eslint_status" -eq 0 ] && echo passed || echo "failed ($eslint_status)")"; cat "$out/eslint"
[ "$tsc_status" -eq 0 ] && [ "$eslint_status" -eq 0 ] || exit 1
exec node scripts/check-build-config.ts

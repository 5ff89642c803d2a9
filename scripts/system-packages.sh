#!/usr/bin/env bash
# Usage: bash scripts/system-packages.sh demo|test [COMMAND ARGS...]
# Puts in place the Debian packages that `npm run demo` or `npm test` needs, in
# one step with one progress line, then runs COMMAND. apt-get runs directly as
# root, or through sudo when sudo needs no password; otherwise nothing is
# installed and the one command to run is printed. .ci/run calls it too, so the
# list lives here only. SENTINEL_SYSTEM_PACKAGES_DRY_RUN=1 prints the decision
# instead of acting on it (test/unit/scripts/system-packages.test.ts).
set -euo pipefail

purpose="${1:-}"
shift || true

# package:probe, where a probe is a command on PATH or an absolute path.
keychain=(dbus:dbus-run-session dbus:dbus-send gnome-keyring:gnome-keyring-daemon)
case "$purpose" in
  demo) needs=("${keychain[@]}") ;;
  test)
    # Chromium drives the e2e-web suite, tesseract reads its screenshots for leaked card numbers,
    # openssl makes the TLS test certificates, and PostgreSQL 15 hosts the second engine's suite.
    needs=("${keychain[@]}" chromium:chromium openssl:openssl tesseract-ocr:tesseract
      "postgresql:${SENTINEL_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}/initdb")
    ;;
  *)
    echo "usage: bash scripts/system-packages.sh demo|test [command...]" >&2
    exit 2
    ;;
esac

run_command() {
  if [ $# -gt 0 ]; then exec "$@"; fi
  exit 0
}

# Only Linux keeps its keychain and these tools in system packages this script knows.
[ "$(uname -s)" = "Linux" ] || run_command "$@"

present() {
  case "$1" in
    /*) [ -x "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for need in "${needs[@]}"; do
  package="${need%%:*}"
  if ! present "${need#*:}" && [[ " ${missing[*]-} " != *" $package "* ]]; then missing+=("$package"); fi
done
[ ${#missing[@]} -eq 0 ] && run_command "$@"

packages="${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: this needs $packages (Debian package names); install them with your package manager, then run it again" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as=(sudo -n)
else
  echo "system-packages: missing $packages. Run once: sudo apt-get install -y $packages" >&2
  exit 1
fi

if [ "${SENTINEL_SYSTEM_PACKAGES_DRY_RUN:-}" = "1" ]; then
  echo "system-packages: would run: ${as[*]+${as[*]} }apt-get install -y $packages"
  exit 0
fi

echo "system-packages: installing $packages (apt-get, one time)" >&2
log="$(mktemp)"
if ! { "${as[@]}" apt-get update -qq && "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  echo "system-packages: apt-get failed (above). Run: sudo apt-get install -y $packages" >&2
  exit 1
fi
rm -f "$log"
run_command "$@"

#!/usr/bin/env bash
# Runs a command with a working OS keychain, so keychain tests use the real thing.
# On Linux that is the Secret Service over D-Bus: when the session has none (CI,
# SSH, containers), start a private D-Bus session with an unlocked gnome-keyring.
set -euo pipefail

secret_service_up() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-send >/dev/null 2>&1 &&
    dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if [ "$(uname -s)" != "Linux" ] || secret_service_up; then
  exec "$@"
fi

if [ "${SENTINEL_PRIVATE_KEYRING:-}" = "starting" ]; then
  # Inside the private session: a throwaway keyring in a temp folder (never the
  # user's own keyrings), unlocked with a random password, removed afterwards.
  export SENTINEL_PRIVATE_KEYRING=running
  keyring_home="$(mktemp -d)"
  trap 'rm -rf "$keyring_home"' EXIT
  head -c 24 /dev/urandom | base64 | tr -d '\n' |
    XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 1 50); do
    if secret_service_up; then
      "$@"
      exit $?
    fi
    sleep 0.1
  done
  echo "with-keyring: gnome-keyring-daemon started but org.freedesktop.secrets never appeared" >&2
  exit 1
fi

missing=()
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus)
command -v dbus-send >/dev/null 2>&1 || missing+=(dbus)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
if [ ${#missing[@]} -gt 0 ]; then
  echo "with-keyring: no Secret Service in this session and none can be started." >&2
  echo "with-keyring: install: sudo apt-get install $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi

echo "with-keyring: starting a private D-Bus session with an unlocked gnome-keyring" >&2
export SENTINEL_PRIVATE_KEYRING=starting
exec dbus-run-session -- bash "$0" "$@"

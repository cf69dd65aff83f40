#!/usr/bin/env bash
# Runs a command (a test) against a real Secret Service: a private D-Bus
# session bus with gnome-keyring-daemon, whose login keyring is created and
# unlocked in a throwaway HOME. The user's own bus and keyrings are never
# touched, and everything is gone when the command ends.
#
# Usage: tests/run-with-keyring.sh <command> [args...]
# Needs dbus-run-session (dbus-daemon) and gnome-keyring-daemon (scripts/deps).
set -euo pipefail

if [ "${1:-}" = "--inside-session" ]; then
    shift
    # --daemonize returns once the daemon owns org.freedesktop.secrets; it
    # exits by itself when dbus-run-session takes the bus down.
    printf '%s' "stellmap-test-keyring" |
        gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
    export STELLMAP_TEST_KEYRING=isolated
    exec "$@"
fi

[ $# -gt 0 ] || { echo "usage: $0 <command> [args...]" >&2; exit 2; }
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null ||
        { echo "run-with-keyring.sh: $tool not found (run scripts/deps)" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/stellmap-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# QtKeychain picks KWallet on a KDE desktop: make it take libsecret here.
# No DISPLAY: nothing may autolaunch a bus or show an unlock prompt.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION \
    GNOME_DESKTOP_SESSION_ID GNOME_KEYRING_CONTROL DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

# Not exec: the trap removes the scratch directory afterwards.
status=0
dbus-run-session -- "$0" --inside-session "$@" || status=$?
exit "$status"

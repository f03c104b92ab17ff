#!/bin/sh
# Runs a command inside a throwaway desktop session, as CI and the tests expect it:
# an Xvfb display (1366x768), a system-tray host (trayer), a private D-Bus session bus and an
# unlocked gnome-keyring (Secret Service), all with fresh XDG folders so no state leaks between
# runs (a keyring left from an earlier run would fail to unlock).
#   sh tools/desktop-session.sh --check      exit 0 when every needed program is installed
#   sh tools/desktop-session.sh CMD [ARGS]   run CMD inside the session, exit with its status
set -eu

need="Xvfb trayer dbus-run-session gnome-keyring-daemon"
if [ "${1:-}" = "--check" ]; then
    for program in $need; do command -v "$program" >/dev/null 2>&1 || { echo "missing: $program"; exit 1; }; done
    exit 0
fi

if [ -z "${ACUBIZ_DESKTOP_SESSION:-}" ]; then
    export ACUBIZ_DESKTOP_SESSION=1
    # dbus-run-session may print a harmless "Failed to set fd limit" line.
    exec dbus-run-session -- sh "$0" "$@"
fi

session=$(mktemp -d /tmp/acubiz-desktop.XXXXXX)
export XDG_RUNTIME_DIR="$session/runtime" XDG_DATA_HOME="$session/data" \
       XDG_CONFIG_HOME="$session/config" XDG_CACHE_HOME="$session/cache"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$session"
}
trap cleanup EXIT INT TERM

# -displayfd lets Xvfb pick a free display number and tell us which.
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$session/display" >"$session/xvfb.log" 2>&1 &
pids="$pids $!"
i=0
while [ ! -s "$session/display" ]; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "Xvfb did not start:" >&2; cat "$session/xvfb.log" >&2; exit 1; }
    sleep 0.1
done
export DISPLAY=":$(cat "$session/display")"
unset QT_QPA_PLATFORM

trayer --edge bottom --align right --widthtype request --height 24 --SetDockType true \
    >"$session/trayer.log" 2>&1 &
pids="$pids $!"

# Unlock first: a locked keyring with a display opens a password dialog and hangs for ever.
eval "$(printf 'acubiz-ci\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

"$@"

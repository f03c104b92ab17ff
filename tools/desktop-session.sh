#!/bin/sh
# Runs a command inside a throwaway desktop session, as CI and the tests expect it:
# an Xvfb display (1366x768), a system-tray host (trayer), a private D-Bus session bus and an
# unlocked gnome-keyring (Secret Service), all with fresh XDG folders so no state leaks between
# runs (a keyring left from an earlier run would fail to unlock).
#   sh tools/desktop-session.sh --check      exit 0 when every needed program is installed
#   sh tools/desktop-session.sh CMD [ARGS]   run CMD inside the session, exit with its status
#
# The keyring: the session owns exactly ONE gnome-keyring-daemon for its whole life, and the
# command starts only once it is ready. It runs in the foreground as this script's child: it
# reads the password on standard input, prints its environment, and closes its standard
# output once it is fully initialised (login keyring unlocked, names owned on the bus); the
# script waits for that, then checks on the bus that org.freedesktop.secrets belongs to that
# process and that the default collection is unlocked. Its messages go to
# $ACUBIZ_TEST_KEYRING_LOG. (Started the usual way, `gnome-keyring-daemon --unlock` forks and
# returns *before* that point, so the first clients raced its start-up; see issue 15.)
# The bus starts no service by itself: its only service folder is empty. With the system's
# service files, a call that found the keyring gone made D-Bus start a second, empty
# gnome-keyring from them, without a display or this session's folders, and the test saw
# "Prompt dismissed" instead of the cause.
# Why it can still end: gnome-keyring 42.1 (Debian 12) aborts itself, now and then, when a new
# client's first request is handled before the daemon has registered that client ("assertion
# 'client' failed" ... "invoke_get_property_in_idle_cb: assertion failed: (error != NULL)",
# upstream gnome-keyring issues 183/190/194/195, about one abort in some thousands of new
# clients, more often on a loaded machine). python-keyring opens a new bus connection for every
# call, so a full test run made about a thousand new clients; the program now keeps ONE
# connection per process (wizard/settings/secret_service.py): the keyring-using tests
# (tests/settings, tests/cli, the wizard run-through, the tray app) went from 651 to 59 new
# clients, one per process, counted as senders to org.freedesktop.secrets with dbus-monitor.
# Fewer chances, not none: the race is upstream's. Reproduced under load with the
# old start: the abort, then exactly the aftermath of issue 15 (second daemon, "Prompt
# dismissed", skips). It is not restarted behind the tests' back: the run fails and says so.
# After the command the keyring is checked again: one that ended, or stopped answering, fails
# the session (exit 70, with its exit status and the end of its log) even when the command
# passed. The command sees ACUBIZ_TEST_KEYRING_REQUIRED=1 (a test that finds no working
# keyring fails instead of being skipped), ACUBIZ_TEST_KEYRING_PID and ACUBIZ_TEST_KEYRING_LOG.
set -eu

need="Xvfb trayer dbus-daemon dbus-send gnome-keyring-daemon"
if [ "${1:-}" = "--check" ]; then
    for program in $need; do command -v "$program" >/dev/null 2>&1 || { echo "missing: $program"; exit 1; }; done
    exit 0
fi

session=$(mktemp -d /tmp/acubiz-desktop.XXXXXX)
export XDG_RUNTIME_DIR="$session/runtime" XDG_DATA_HOME="$session/data" \
       XDG_CONFIG_HOME="$session/config" XDG_CACHE_HOME="$session/cache"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" \
         "$session/bus" "$session/bus-services"
chmod 700 "$XDG_RUNTIME_DIR"
export ACUBIZ_DESKTOP_SESSION=1

pids=""
keyring_pid=""
cleanup() {
    # The keyring first (it would also quit when the bus goes), then the bus, display and tray.
    for pid in $keyring_pid $pids; do kill "$pid" 2>/dev/null || true; done
    for pid in $keyring_pid $pids; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$session"
}
trap cleanup EXIT
trap ':' INT  # Ctrl+C is for the command; the checks and the cleanup still run after it
trap 'exit 143' TERM

wait_for_file() {  # wait_for_file FILE WHAT LOG: until FILE has content, at most 10 s
    i=0
    while [ ! -s "$1" ]; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            echo "desktop-session: $2 did not start:" >&2
            cat "$3" >&2
            exit 1
        fi
        sleep 0.1
    done
}

# The session bus. Started in the background like the rest (so Ctrl+C, meant for the command,
# does not end it), with the standard session bus's policy and limits
# (/usr/share/dbus-1/session.conf) but an empty service folder instead of
# <standard_session_servicedirs/>: nothing is started on demand (no second gnome-keyring,
# no password prompter, no accessibility bus).
cat >"$session/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$session/bus</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$session/bus-services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_incoming_unix_fds">250000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_outgoing_unix_fds">250000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
  <limit name="auth_timeout">240000</limit>
  <limit name="pending_fd_timeout">150000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_pending_service_starts">10000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
EOF
# (It logs a harmless "Failed to set fd limit" line to dbus.log when not allowed to.)
dbus-daemon --nofork --config-file="$session/bus.conf" --print-address=3 \
    3>"$session/bus.address" >"$session/dbus.log" 2>&1 &
pids="$pids $!"
wait_for_file "$session/bus.address" "the D-Bus session bus" "$session/dbus.log"
DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$session/bus.address")
export DBUS_SESSION_BUS_ADDRESS

# -displayfd lets Xvfb pick a free display number and tell us which.
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$session/display" >"$session/xvfb.log" 2>&1 &
pids="$pids $!"
wait_for_file "$session/display" "Xvfb" "$session/xvfb.log"
export DISPLAY=":$(cat "$session/display")"
unset QT_QPA_PLATFORM

trayer --edge bottom --align right --widthtype request --height 24 --SetDockType true \
    >"$session/trayer.log" 2>&1 &
pids="$pids $!"

# The keyring, unlocked before anyone asks (a locked keyring with a display opens a password
# dialog and hangs for ever). Reading the FIFO to its end waits until it is initialised.
ACUBIZ_TEST_KEYRING_LOG="$session/gnome-keyring.log"
mkfifo "$session/keyring.env"
printf 'acubiz-ci\n' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$session/keyring.env" 2>"$ACUBIZ_TEST_KEYRING_LOG" &
keyring_pid=$!
keyring_env=$(timeout 60 cat "$session/keyring.env") || true
while IFS= read -r line; do
    case "$line" in [A-Z]*=*) export "$line" ;; esac
done <<EOF
$keyring_env
EOF

bus_get() {  # bus_get DEST PATH METHOD [ARGS...]: sets $reply (all of it) and $value (last word)
    dest=$1 path=$2 method=$3
    shift 3
    reply=$(dbus-send --session --print-reply=literal --reply-timeout=10000 --dest="$dest" \
        "$path" "$method" "$@" 2>&1) || true
    value=${reply##* }
}

check_keyring() {  # sets $problem to why the session's keyring is not usable, or to ""
    problem=""
    if ! kill -0 "$keyring_pid" 2>/dev/null; then
        code=0
        wait "$keyring_pid" 2>/dev/null || code=$?
        if [ "$code" -gt 128 ]; then
            problem="gnome-keyring-daemon (pid $keyring_pid) was killed by signal $((code - 128))"
            problem="$problem ($(kill -l "$((code - 128))" 2>/dev/null || echo "?"))"
        else
            problem="gnome-keyring-daemon (pid $keyring_pid) ended with exit status $code"
        fi
        return 0
    fi
    bus_get org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets
    if [ "$value" != "$keyring_pid" ]; then
        problem="org.freedesktop.secrets is not gnome-keyring-daemon (pid $keyring_pid): $reply"
        return 0
    fi
    bus_get org.freedesktop.secrets /org/freedesktop/secrets/aliases/default \
        org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked
    [ "$value" = "false" ] || problem="the default keyring is not unlocked (Locked: $reply)"
}

report_keyring() {  # report_keyring WHEN
    echo "desktop-session: the session's keyring is not usable $1: $problem" >&2
    if [ -s "$ACUBIZ_TEST_KEYRING_LOG" ]; then
        echo "desktop-session: its log ($ACUBIZ_TEST_KEYRING_LOG) ends:" >&2
        tail -n 20 "$ACUBIZ_TEST_KEYRING_LOG" | sed 's/^/    /' >&2
    fi
}

check_keyring
if [ -n "$problem" ]; then
    report_keyring "at the start"
    exit 70
fi
export ACUBIZ_TEST_KEYRING_REQUIRED=1 ACUBIZ_TEST_KEYRING_PID="$keyring_pid" ACUBIZ_TEST_KEYRING_LOG

status=0
"$@" || status=$?

check_keyring
if [ -n "$problem" ]; then
    report_keyring "after the command"
    [ "$status" -ne 0 ] || status=70
fi
exit "$status"

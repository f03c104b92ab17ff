#!/bin/sh
# One entry point for a fresh machine: installs uv if missing, installs the locked dependencies,
# then runs what was asked for:
#   sh tools/dev.sh demo        the product against the built-in e-conomic sandbox
#   sh tools/dev.sh test [...]  the whole test suite (pytest arguments may follow)
#   sh tools/dev.sh <args>      any other `acubiz-export` command
# Only Python 3.11 is assumed; uv must not download its own Python, so the machine's one is used.
set -eu
caller=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export UV_PYTHON_DOWNLOADS=never

if command -v uv >/dev/null 2>&1; then
    UV=uv
else
    if ! python3 -m uv --version >/dev/null 2>&1; then
        echo "Installing uv (Python package manager) ..." >&2
        # A venv/pyenv Python takes a plain install; Debian's system Python needs --user and,
        # since PEP 668, permission to add to a "externally managed" user site.
        python3 -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
            || python3 -m pip install --quiet --disable-pip-version-check --user uv 2>/dev/null \
            || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages uv
    fi
    UV="python3 -m uv"
fi

$UV sync --locked --quiet

command=${1:-demo}
[ $# -gt 0 ] && shift
case "$command" in
    test)
        # A real desktop (X display, tray host, D-Bus, unlocked keyring) when the machine has the
        # packages (.ci/run installs them); otherwise Qt runs offscreen and the tests that need
        # a tray or a keyring say why they are skipped.
        if [ -z "${DISPLAY:-}" ] && tools/desktop-session.sh --check >/dev/null 2>&1; then
            exec sh tools/desktop-session.sh $UV run --locked --no-sync pytest "$@"
        fi
        exec $UV run --locked --no-sync pytest "$@"
        ;;
    *)
        # What the program prints as "run this next" must be what this person can type: from
        # the clone that is `sh tools/dev.sh ...` (wizard/commands/cli_words.py reads it), from
        # elsewhere the full path to this script.
        if [ "$caller" = "$root" ]; then
            ACUBIZ_EXPORT_COMMAND="sh tools/dev.sh"
        else
            case "$root" in
                *[!A-Za-z0-9/._-]*) ACUBIZ_EXPORT_COMMAND="sh \"$root/tools/dev.sh\"" ;;
                *) ACUBIZ_EXPORT_COMMAND="sh $root/tools/dev.sh" ;;
            esac
        fi
        export ACUBIZ_EXPORT_COMMAND
        # Back where the command was given, so a relative folder (`--inbox ./inbox`) means
        # what the person meant, and nothing is written into the clone.
        cd "$caller"
        exec $UV run --project "$root" --locked --no-sync acubiz-export "$command" "$@"
        ;;
esac

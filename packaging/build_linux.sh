#!/bin/sh
# Builds the Linux program folder from a clean clone, with one command:
#   sh packaging/build_linux.sh [--dist DIR] [--tarball]
# → DIR/acubiz-export/ (default dist/): the program `acubiz-export` with everything it needs,
#   the menu entry, icon and AppStream metainfo under share/, and install.sh.
# Like tools/dev.sh it needs only Python 3.11: it installs uv if it is missing and the locked
# dependencies (PyInstaller is a dev dependency), then runs packaging/build.py, which compiles
# the translations, runs PyInstaller with packaging/acubiz-export.spec and checks the result.
set -eu
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

if command -v uv >/dev/null 2>&1; then
    UV=uv
elif python3 -m uv --version >/dev/null 2>&1; then
    UV="python3 -m uv"
else
    sh tools/dev.sh --version >/dev/null  # installs uv (and the dependencies) like the dev commands
    UV="python3 -m uv"
fi
$UV sync --locked --quiet
exec $UV run --locked --no-sync python packaging/build.py "$@"

#!/bin/sh
# Installs (or removes) the built program for the current user, or for everyone with a prefix:
#   sh install.sh                       into ~/.local (no root needed)
#   sudo sh install.sh --prefix /usr/local
#   sh install.sh --uninstall [--prefix DIR]
# It copies this folder to PREFIX/lib/acubiz-export, links PREFIX/bin/acubiz-export to it, and
# adds the menu entry, the icon and the AppStream metainfo under PREFIX/share.
# Uninstalling also removes the current user's "start at login" entry (it points at the program),
# but never the settings, the ledger or the logs: see the README for where they live.
set -eu

prefix="$HOME/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    *[\"\`\$\\]*) echo "install.sh: the prefix must not contain \" \` \$ or \\" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
app="$prefix/lib/acubiz-export"
bin="$prefix/bin/acubiz-export"
desktop="$prefix/share/applications/dk.acubiz.export.desktop"
icon="$prefix/share/icons/hicolor/scalable/apps/acubiz-export.svg"
metainfo="$prefix/share/metainfo/dk.acubiz.export.metainfo.xml"
autostart="${XDG_CONFIG_HOME:-$HOME/.config}/autostart/acubiz-export.desktop"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
}

if [ "$action" = uninstall ]; then
    rm -rf "$app"
    rm -f "$bin" "$desktop" "$icon" "$metainfo" "$autostart"
    refresh_menus
    echo "Removed Acubiz e-conomic Export from $prefix."
    echo "Your settings, the transfer history and the logs are kept (see the README to remove them)."
    exit 0
fi

[ -x "$here/acubiz-export" ] || { echo "install.sh: run it from the built folder (dist/acubiz-export)" >&2; exit 2; }
if [ "$here" != "$app" ]; then
    rm -rf "$app.new"
    mkdir -p "$(dirname "$app")"
    cp -Rp "$here" "$app.new"  # -p: the shipped .qm must stay newer than its .ts
    rm -rf "$app"
    mv "$app.new" "$app"
fi
mkdir -p "$(dirname "$bin")" "$(dirname "$desktop")" "$(dirname "$icon")" "$(dirname "$metainfo")"
ln -sf "$app/acubiz-export" "$bin"
# The menu entry names the program by its full path: ~/.local/bin is not on every desktop's PATH.
sed "s|^Exec=acubiz-export|Exec=\"$bin\"|" "$app/share/applications/dk.acubiz.export.desktop" >"$desktop"
cp "$app/share/icons/hicolor/scalable/apps/acubiz-export.svg" "$icon"
cp "$app/share/metainfo/dk.acubiz.export.metainfo.xml" "$metainfo"
refresh_menus
echo "Installed Acubiz e-conomic Export $("$bin" --version | sed 's/^acubiz-export //') in $app"
echo "Start it from the applications menu, or run: $bin"

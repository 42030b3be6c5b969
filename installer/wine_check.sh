#!/usr/bin/env bash
# Install, update and uninstall the setup silently under 64-bit wine (Debian `wine` + `wine64`):
#   bash installer/wine_check.sh DIR/MSOKO-<version>-setup.exe
# Checks the per-user install (files, Start-menu and desktop shortcuts, the «Приложения и возможности»
# entry), that the installed runtime runs the program's command line (a demo database in the data
# folder; Qt itself does not start under wine), that installing again keeps the database, and that the
# uninstaller removes the program and leaves the data folder as it was. Prints the timings.
# Runs in a throw-away wine prefix and HOME, so nothing lands in the real home folder.
set -euo pipefail

setup=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$work/home"
export WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d"  # no Mono/Gecko prompts, no Linux menu entries
mkdir -p "$HOME"

fail() { echo "wine check: $*" >&2; exit 1; }
# Windows python.exe under wine needs a pipe for its output and no terminal for its input.
msoko() { wine "$program/Python/python.exe" -X utf8 -m desktop.cli.main "$@" </dev/null 2>&1 | cat; }
timed() { local start=$SECONDS; wine "$@" </dev/null; wineserver -w; echo $((SECONDS - start)); }

wine wineboot --init >/dev/null 2>&1
wineserver -w
user_dir="$WINEPREFIX/drive_c/users/$(id -un)"
program="$user_dir/AppData/Local/Programs/MSOKO"
data="$user_dir/AppData/Local/MSOKO"
data_win='C:\users\'"$(id -un)"'\AppData\Local\MSOKO'
start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/МСОКО.lnk"
desktop="$user_dir/Desktop/МСОКО.lnk"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\MSOKO'

install_time=$(timed "$setup" /S)
for file in Python/python311.dll Python/pythonw.exe pkgs/PySide6/Qt6Widgets.dll pkgs/desktop/__init__.py \
            pkgs/desktop/_resources/fonts/LiberationSerif-Regular.ttf msoko.ico msoko.cmd uninstall.exe; do
  [ -f "$program/$file" ] || fail "not installed: $file"
done
[ -f "$start_menu" ] || fail "no Start-menu shortcut"
[ -f "$desktop" ] || fail "no desktop shortcut"
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit("pythonw.exe".encode("utf-16-le") not in d)' \
  "$start_menu" || fail "the shortcut does not start pythonw.exe (no console)"
wine reg query "$key" </dev/null >/dev/null 2>&1 || fail "no entry in the installed programs"
version=$(msoko --version)
[[ "$version" == "msoko "* ]] || fail "the installed runtime does not run msoko: $version"
msoko demo --db "$data_win\\msoko.sqlite" >/dev/null
[ -s "$data/msoko.sqlite" ] || fail "msoko demo wrote no database: $(msoko demo --db "$data_win\\x.sqlite")"
# The .xls reader's child process under the installed runtime: it starts, limits its memory through a
# job object (wine accepts the calls, though it does not enforce the limit) and sends its answer back.
child=$(wine "$program/Python/python.exe" -X utf8 "Z:$here/wine_child_check.py" </dev/null 2>&1 | cat) \
  || fail "the reader's child process under the installed runtime: $child"
[[ "$child" == *"limit True"* && ( "$child" == *"schools 2"* || "$child" == *"calamine does not load here"* ) \
   && "$child" != *"no memory limit"* ]] || fail "the reader's child process under the installed runtime: $child"
echo "$child" | grep -E "^(schools|calamine)" || true
before=$(sha256sum "$data/msoko.sqlite")

update_time=$(timed "$setup" /S)
[ "$(sha256sum "$data/msoko.sqlite")" = "$before" ] || fail "installing again changed the database"
msoko db check --db "$data_win\\msoko.sqlite" >/dev/null || fail "db check after the update failed"
before=$(find "$data" -type f -exec sha256sum {} + | sort)

uninstall_time=$(timed "$program/uninstall.exe" /S)
[ ! -e "$program" ] || fail "left behind: $(find "$program" | head -5)"
[ ! -e "$start_menu" ] && [ ! -e "$desktop" ] || fail "a shortcut is left behind"
! wine reg query "$key" </dev/null >/dev/null 2>&1 || fail "the installed-programs entry is left behind"
[ "$(find "$data" -type f -exec sha256sum {} + | sort)" = "$before" ] || fail "the data folder changed"

echo "wine check OK: install ${install_time} s, install again ${update_time} s, uninstall ${uninstall_time} s"

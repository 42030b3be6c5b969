#!/usr/bin/env bash
# The Windows installer's check on Linux, run by CI from the repository root on a fresh Debian 12 machine
# as root:   bash installer/ci_check.sh
# 1. the Windows lock still resolves to the same set (drift fails) and names only win_amd64, abi3 or
#    none-any wheels; build.py checks every wheel's and every runtime file's sha256;
# 2. builds the real setup.exe (with its bytecode), checks its payload and the PSF signatures of the
#    runtime in it;
# 3. under wine 10, in a Debian 13 root made by debootstrap (installer/debian13.sh; this machine's own
#    wine 8 cannot load the program's libraries and is not installed), installs the setup, runs the
#    installed command line through every service on input files the test builders write
#    (installer/wine_inputs.py), installs again and uninstalls (installer/wine_check.sh).
# The Debian 13 root is made while the setup builds (makensis compresses on one core). Downloads and the
# root are kept in installer/.cache/ between local runs; CI starts without them. Prints each step's time;
# exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

packages=(nsis p7zip-full osslsigncode debootstrap ca-certificates)
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
venv=installer/.cache/venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# uv for the lock check; the test builders' libraries (at the versions the setup ships) for the inputs.
pinned() { sed -n "s/^$1==\([^ ]*\) .*/$1==\1/p" installer/requirements-windows.txt; }
"$venv/bin/python" -m pip install --quiet uv==0.13.9 "$(pinned openpyxl)" "$(pinned python-docx)" \
  "$(pinned python-calamine)" xlwt==1.3.0
python="$venv/bin/python"
tools_done=$SECONDS

out=$(mktemp -d)
root=$(realpath -m installer/.cache/debian13)
check="$root/tmp/msoko-check"
root_job=
cleanup() {
  [ -z "$root_job" ] || kill -- "-$root_job" 2>/dev/null || true  # its process group: debootstrap, apt
  rm -rf "$out" "$check"
}
trap cleanup EXIT
# The Debian 13 root, alongside the lock check and the build, in a process group of its own; its output
# and time go to files.
setsid bash -c 'start=$SECONDS; bash installer/debian13.sh "$1" prepare > "$2/root.log" 2>&1 \
                && echo $((SECONDS - start)) > "$2/root.time"' prepare "$root" "$out" &
root_job=$!

"$python" installer/locks.py check
lock_done=$SECONDS

setup=$("$python" installer/build.py --out "$out" | tail -n 1)
build_done=$SECONDS

"$python" installer/check_payload.py "$setup"
7z e -y -bd -o"$out/runtime" "$setup" Python/python.exe Python/pythonw.exe Python/python311.dll > /dev/null
for file in "$out"/runtime/*; do
  report=$(osslsigncode verify -ignore-crl -in "$file") \
    && grep -q "Subject: .*/CN=Python Software Foundation$" <<< "$report" \
    || { echo "$(basename "$file"): not signed by the Python Software Foundation"; exit 1; }
done
echo "runtime signed by the Python Software Foundation: $(ls "$out/runtime" | tr '\n' ' ')"
PYTHONPATH=. "$python" installer/wine_inputs.py "$out/inputs" > "$out/inputs.log" \
  || { cat "$out/inputs.log"; echo "the wine check's input files could not be written"; exit 1; }
payload_done=$SECONDS

wait "$root_job" || { cat "$out/root.log"; echo "the Debian 13 root with wine 10 could not be made"; exit 1; }
root_job=
cat "$out/root.log"
root_done=$SECONDS

mkdir -p "$check"
cp "$setup" installer/wine_check.sh installer/wine_child_check.py "$check/"
cp -r "$out/inputs" "$check/inputs"
bash installer/debian13.sh "$root" run bash /tmp/msoko-check/wine_check.sh \
  "/tmp/msoko-check/$(basename "$setup")" /tmp/msoko-check/inputs

echo "installer check OK: $(basename "$setup") $(( $(stat -c %s "$setup") / 1048576 )) MB;" \
     "tools ${tools_done} s, lock $((lock_done - tools_done)) s, build $((build_done - lock_done)) s," \
     "payload and inputs $((payload_done - build_done)) s, Debian 13 root $(cat "$out/root.time") s" \
     "(alongside; waited $((root_done - payload_done)) s), wine $((SECONDS - root_done)) s, total ${SECONDS} s"

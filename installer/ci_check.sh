#!/usr/bin/env bash
# The Windows installer's check on Linux, run by CI from the repository root on a fresh Debian machine
# as root:   bash installer/ci_check.sh
# 1. the Windows lock still resolves to the same set (drift fails) and names only win_amd64, abi3 or
#    none-any wheels; build.py checks every wheel's and every runtime file's sha256;
# 2. builds the real setup.exe, checks its payload and the PSF signatures of the runtime in it;
# 3. installs, installs again and uninstalls it under 64-bit wine.
# Prints each step's time; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

packages=(nsis p7zip-full wine wine64 osslsigncode ca-certificates)
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
"$venv/bin/python" -m pip install --quiet uv==0.13.9
python="$venv/bin/python"
tools_done=$SECONDS

"$python" installer/locks.py check
lock_done=$SECONDS

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
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
payload_done=$SECONDS

bash installer/wine_check.sh "$setup"

echo "installer check OK: $(basename "$setup") $(( $(stat -c %s "$setup") / 1048576 )) MB;" \
     "tools ${tools_done} s, lock $((lock_done - tools_done)) s, build $((build_done - lock_done)) s," \
     "payload $((payload_done - build_done)) s, wine $((SECONDS - payload_done)) s, total ${SECONDS} s"

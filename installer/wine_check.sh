#!/usr/bin/env bash
# The built setup under 64-bit wine 10 (Debian 13 `wine` + `wine64`; ci_check.sh runs this in a Debian 13
# root), as a user would have it:
#   bash installer/wine_check.sh DIR/MSOKO-<version>-setup.exe INPUTS    # INPUTS: installer/wine_inputs.py DIR
# 1. installs silently (`setup.exe /S`): files, the shipped bytecode, Start-menu and desktop shortcuts
#    (to pythonw.exe), the «Приложения и возможности» entry;
# 2. runs the installed command line, `msoko.cmd` in the program folder, through every service with
#    Windows paths (drive letters, Cyrillic, spaces, «#», «№»), its output through a pipe: demo, schools,
#    roadmaps from .docx and .xlsx, results of every layout (the .xls one through the reader's child
#    process), indicators and flags as JSON, orders and reports in PDF, DOCX and XLSX, the export onto
#    a «flash drive» E:, backups, the database check and the self-test; every exit code and every file
#    written is checked, and an error still comes back as exit code 2 with its Russian message;
# 3. times the first and the second start of `msoko.cmd` with the shipped bytecode and without it;
# 4. installs again (the database kept), uninstalls (program, shortcuts and entry gone, the data folder
#    byte for byte as it was).
# What wine 10 cannot run is left out, each with its reason printed: Qt (Qt6Core.dll needs Windows'
# icuuc.dll: the self-test reports the window as not checked) and numpy (below).
# Runs in a throw-away wine prefix and HOME, so nothing lands in the real home folder. Prints the timings;
# any failure stops it with a line saying what failed.
set -euo pipefail

setup=$(realpath "$1")
inputs=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8  # wine turns the arguments into UTF-16 by the locale: Cyrillic needs a UTF-8 one
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
export WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d"  # no Mono/Gecko prompts, no Linux menu entries
logs="$work/logs"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$logs"
chmod 700 "$XDG_RUNTIME_DIR"

fail() { echo "wine check: $*" >&2; exit 1; }
timed() { local start=$SECONDS; wine "$@" </dev/null; wineserver -w; echo $((SECONDS - start)); }

wine wineboot --init >/dev/null 2>&1
wineserver -w
user=$(id -un)
user_dir="$WINEPREFIX/drive_c/users/$user"
user_win="C:\\users\\$user"
program="$user_dir/AppData/Local/Programs/MSOKO"
program_win="$user_win\\AppData\\Local\\Programs\\MSOKO"
data="$user_dir/AppData/Local/MSOKO"
data_win="$user_win\\AppData\\Local\\MSOKO"
start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/МСОКО.lnk"
desktop="$user_dir/Desktop/МСОКО.lnk"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\MSOKO'
tag=cpython-311  # the runtime's bytecode tag (python311.dll)

# The user's folders: the inputs as received by mail, the documents the program writes.
in_dir="$user_dir/Документы/Входящие файлы"
in_win="$user_win\\Документы\\Входящие файлы"
out_dir="$user_dir/Документы/Отчёты #2"
out_win="$user_win\\Документы\\Отчёты #2"
mkdir -p "$in_dir" "$out_dir"
cp -r "$inputs/." "$in_dir/"
results_win="$in_win\\Результаты ВПР и ОГЭ #2019"
# A second drive letter, E:, that Windows reports as removable (wine's drive type «floppy»): the flash
# drive `msoko export usb` looks for.
usb="$work/flash drive"
mkdir -p "$usb"
ln -s "$usb" "$WINEPREFIX/dosdevices/e:"
wine reg add 'HKLM\Software\Wine\Drives' /v e: /t REG_SZ /d floppy /f </dev/null >/dev/null 2>&1
wineserver -w

# run CODE NAME ARG…: `msoko.cmd ARG…` from the program folder (cmd.exe, then Python\python.exe -X utf8
# -m desktop.cli.main, as a user types it), stdout through a pipe into $logs/NAME.out, stderr into
# NAME.err; fails unless it exits with CODE.
run() {
  local expected=$1 name=$2 code=0
  shift 2
  wine "$program_win\\msoko.cmd" "$@" </dev/null 2>"$logs/$name.err" | cat >"$logs/$name.out" || code=$?
  [ "$code" = "$expected" ] || fail "msoko $* exited with $code, not $expected:" \
    "$(tail -c 1500 "$logs/$name.err") $(head -c 500 "$logs/$name.out")"
}
msoko() { run 0 "$@"; }
# holds NAME EXPRESSION: NAME's output, strict UTF-8 JSON, is `d`; fails unless the Python EXPRESSION holds.
# value NAME EXPRESSION: prints the EXPRESSION.
json() {
  python3 - "$@" <<'EOF'
import json, sys
mode, path, expression = sys.argv[1:]
try:
    d = json.loads(open(path, "rb").read().decode("utf-8"))
    result = eval(f"({expression}\n)", {"d": d})  # parenthesised: it may span lines
except Exception as error:
    sys.exit(f"{path}: {expression}: {error!r}")
if mode == "value":
    print(result)
elif not result:
    sys.exit(f"{path}: not {expression}: {json.dumps(d, ensure_ascii=False)[:1500]}")
EOF
}
holds() { json holds "$logs/$1.out" "$2" || fail "msoko's answer does not hold (above)"; }
value() { json value "$logs/$1.out" "$2" || fail "msoko's answer lacks a value (above)"; }
# made FILE MAGIC: the program wrote FILE (a Linux path) and it starts as that format does.
made() {
  [ -s "$1" ] || fail "not written: $1"
  [ "$(head -c ${#2} "$1")" = "$2" ] || fail "not a ${1##*.} file: $1"
}

# 1. Install.
install_time=$(timed "$setup" /S)
for file in Python/python311.dll Python/pythonw.exe pkgs/PySide6/Qt6Widgets.dll pkgs/desktop/__init__.py \
            "pkgs/desktop/cli/__pycache__/main.$tag.pyc" "pkgs/openpyxl/__pycache__/__init__.$tag.pyc" \
            pkgs/desktop/_resources/fonts/LiberationSerif-Regular.ttf msoko.ico msoko.cmd uninstall.exe; do
  [ -f "$program/$file" ] || fail "not installed: $file"
done
shipped_pyc=$(find "$program/pkgs" -name "*.$tag.pyc" | wc -l)
[ -f "$start_menu" ] || fail "no Start-menu shortcut"
[ -f "$desktop" ] || fail "no desktop shortcut"
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit("pythonw.exe".encode("utf-16-le") not in d)' \
  "$start_menu" || fail "the shortcut does not start pythonw.exe (no console)"
wine reg query "$key" </dev/null >/dev/null 2>&1 || fail "no entry in the installed programs"
msoko version --version
[[ "$(cat "$logs/version.out")" == "msoko "* ]] || fail "the installed msoko.cmd does not run msoko: $(cat "$logs/version.out")"

# numpy 2 calls ucrtbase.dll's crealf when it is imported, which wine 10 has only as a stub: the process
# aborts. Only the window's charts use numpy, but openpyxl imports it whenever it is installed, so under
# wine every Excel file would abort the program. pkgs\numpy is moved aside for the commands below (the
# installation again puts it back); where numpy loads, it stays.
numpy=$(wine "$program/Python/python.exe" -X utf8 -c "import numpy; print('numpy', numpy.__version__)" \
        </dev/null 2>&1 | cat) || true
if [[ "$numpy" == "numpy "* ]]; then
  echo "$numpy loads under this wine"
elif [[ "$numpy" == *"unimplemented function ucrtbase.dll.crealf"* ]]; then
  mv "$program/pkgs/numpy" "$work/numpy-aside"
  echo "numpy left out of the commands: wine's ucrtbase.dll has crealf only as a stub (the import aborts)"
else
  fail "numpy under the installed runtime: $numpy"
fi

# 2. The services, on the database in the data folder (%LOCALAPPDATA%\MSOKO, the default).
touch "$work/before-services"
services_start=$SECONDS
msoko demo demo
[ -s "$data/msoko.sqlite" ] || fail "msoko demo wrote no database into the data folder: $(cat "$logs/demo.out")"
msoko schools-before schools list --json
schools=$(value schools-before 'len(d)')
msoko schools-import schools import "$in_win\\Школы округа.xlsx" --json
holds schools-import 'len(d["added"]) == 7'
msoko schools-after schools list --json
holds schools-after "len(d) == $schools + 7 and any(s['code'] == 'edu800007' for s in d)"
msoko schools-export schools export "$out_win\\Реестр школ (выгрузка).xlsx"
made "$out_dir/Реестр школ (выгрузка).xlsx" PK

msoko roadmap-docx roadmap import "$in_win\\Приказ № 52-р о дорожной карте.docx" --json
holds roadmap-docx 'd["sections"] == 4 and d["measures"] == 8'
roadmap=$(value roadmap-docx 'd["id"]')
msoko roadmap-xlsx roadmap import "$in_win\\План #2 (Excel).xlsx" --json
holds roadmap-xlsx 'd["sections"] == 4 and d["measures"] == 8'

for alias in 0042:edu990101 0107:edu990102 0315:edu990103; do  # the РЦОИ protocol's school codes
  msoko "alias-${alias%%:*}" results alias "Код ОО ${alias%%:*}" --school "${alias#*:}"
done
msoko results-import results import "$results_win" --add-schools --json
holds results-import 'd["saved"] and sorted(f["layout"] for f in d["files"]) == ["fisoko_individual", "fisoko_journal",
  "fisoko_marks", "fisoko_marks", "office_template", "rcoi_protocol"]'
holds results-import 'any(f["file"].endswith(".xls") and f["layout"] == "fisoko_marks"
  and f["assessments"][0]["grade"] == 6 for f in d["files"])'  # read by the child process
msoko indicators-vpr results indicators --kind ВПР --year 2019 --json
holds indicators-vpr '{(r["subject"], r["grade"]) for r in d["schools"]} == {("Русский язык", 4), ("Математика", 5),
  ("Математика", 6), ("Математика", 7)} and [r["n2"] for r in d["schools"]
  if (r["code"], r["grade"]) == ("edu900114", 5)] == [2]'
msoko indicators-oge results indicators --kind ОГЭ --year 2019 --json
holds indicators-oge '{r["code"] for r in d["schools"]} == {"edu990101", "edu990102", "edu990103", "edu990104"}'
demo_year=$(( $(date +%-m) >= 7 ? $(date +%Y) : $(date +%Y) - 1 ))  # the demo's last year (desktop/demo_results.py)
msoko flags results flags --year "$demo_year" --json
holds flags '{f["code"] for f in d["flags"]} == {"edu990105", "edu990107", "edu990108", "edu990111"}
  and all(f["explanation"] for f in d["flags"])'
msoko scales-set results scales set --kind ВПР --year 2019 --subject математика --grade 5 --bounds 7,12,17 --max 20 \
  --source "проверка установки"
msoko scales-list results scales list --json
holds scales-list '[s for s in d if (s["kind"], s["year"], s["subject"], s["grade"]) == ("ВПР", 2019, "Математика", 5)]
  == [{"kind": "ВПР", "year": 2019, "subject": "Математика", "grade": 5, "min3": 7, "min4": 12, "min5": 17, "max": 20,
  "source": "проверка установки"}]'
run 2 unknown-kind results indicators --kind ЕГЭX --year 2019 --json
grep -q "Неизвестная оценочная процедура" "$logs/unknown-kind.err" || fail "no Russian error: $(cat "$logs/unknown-kind.err")"

for suffix in pdf docx xlsx; do
  # the plan came from распоряжение № 52-р (signed, in the journal): the new one is a распоряжение too,
  # under a number of its own (the journal refuses a second 52-р of that day)
  msoko "order-$suffix" order roadmap "$roadmap" --number 60-р --date 2024-02-14 \
    --out "$out_win\\Распоряжение № 60-р.$suffix"
  msoko "report-$suffix" report results --kind ВПР --year 2019 --out "$out_win\\Отчёт ВПР 2019 #1.$suffix"
done
msoko order-monitoring order monitoring "$roadmap" --number 53 --date 2024-02-15 --out "$out_win\\Приказ № 53.pdf"
msoko order-results order results --kind ВПР --year 2019 --number 7 --date 2019-09-02 \
  --out "$out_win\\Об итогах ВПР 2019.docx"
msoko execution roadmap report "$roadmap" --out "$out_win\\Исполнение плана.docx"
msoko template template results --kind ОГЭ --year 2020 --out "$out_win\\Шаблон ОГЭ 2020.xlsx"
for file in "Распоряжение № 60-р.docx" "Распоряжение № 60-р.xlsx" "Отчёт ВПР 2019 #1.docx" "Отчёт ВПР 2019 #1.xlsx" \
            "Об итогах ВПР 2019.docx" "Исполнение плана.docx" "Шаблон ОГЭ 2020.xlsx"; do
  made "$out_dir/$file" PK
done
for file in "Распоряжение № 60-р.pdf" "Отчёт ВПР 2019 #1.pdf" "Приказ № 53.pdf"; do
  made "$out_dir/$file" %PDF
done
msoko orders order list --json
holds orders 'len(d) >= 3'

# Onto the flash drive E: (found by its drive type), and into a folder of it given by --to.
mkdir -p "$usb/Для управления #2"
msoko usb export usb "$out_win\\Распоряжение № 60-р.pdf" "$out_win\\Отчёт ВПР 2019 #1.xlsx" --json
msoko usb-to export usb "$out_win\\Распоряжение № 60-р.docx" --to "E:\\Для управления #2" --json
for name in usb usb-to; do
  holds "$name" 'all(c["written"].startswith("E:\\") for c in d)'
  while IFS='|' read -r written sha; do
    file="$usb/$(tr '\\' / <<< "${written#E:\\}")"
    [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sha" ] || fail "not on the flash drive as written: $written"
  done < <(value "$name" '"\n".join(c["written"] + "|" + c["sha256"] for c in d)')
done

msoko backup backup create --json
backup=$(value backup 'd["file"]')
[ -s "$data/backups/${backup##*\\}" ] || fail "no backup file: $backup"
msoko roadmaps-backed-up roadmap list --json
msoko roadmap-after-backup roadmap import "$in_win\\План #2 (Excel).xlsx"
msoko restore backup restore "$backup"
msoko roadmaps-restored roadmap list --json
[ "$(cat "$logs/roadmaps-restored.out")" = "$(cat "$logs/roadmaps-backed-up.out")" ] \
  || fail "restoring the backup did not bring back the roadmaps it held"
msoko db-check db check --db "$data_win\\msoko.sqlite" --json
holds db-check 'd["ok"] is True and d["problems"] == []'

msoko selftest selftest --out "$out_win\\Самопроверка\\selftest.txt"
report=$(tr -d '\r' < "$out_dir/Самопроверка/selftest.txt")  # a Windows text file
[ "$(head -n 1 <<< "$report")" = "SELFTEST OK" ] || fail "selftest: $report"
grep -qE "^(platform: windows|window: не проверено — )" <<< "$report" || fail "selftest says nothing of the window"
grep "^window:" <<< "$report" || true
for suffix in xlsx docx pdf; do
  [ -s "$out_dir/Самопроверка/selftest.$suffix" ] || fail "selftest wrote no .$suffix"
done
# The .xls reader's child process on its own: it starts, limits its memory through a job object (wine
# accepts the calls, though it does not enforce the limit) and reads a file sent to it.
child=$(wine "$program/Python/python.exe" -X utf8 "Z:$here/wine_child_check.py" </dev/null 2>&1 | cat) \
  || fail "the reader's child process under the installed runtime: $child"
[[ "$child" == *"limit True"* && "$child" == *"schools 2"* && "$child" != *"no memory limit"* ]] \
  || fail "the reader's child process under the installed runtime: $child"
written=$(find "$program/pkgs" -name "*.pyc" -newer "$work/before-services" | head -3)
[ -z "$written" ] || fail "the runtime compiled modules the setup should have shipped compiled: $written"
echo "$(ls "$logs" | grep -c '\.out$') runs of msoko.cmd OK, the runtime wrote no bytecode"
services_time=$((SECONDS - services_start))
starts_start=$SECONDS

# 3. Starts of msoko.cmd: wall-clock seconds of `msoko.cmd ARG…` under wine (the wineserver already
# running), the medians of 5. «first»: the first start after the program's files were written;
# with the setup's bytecode that is as installed, without it every __pycache__ in pkgs\ is removed
# first, so Python compiles every module it imports. «second»: the start right after.
elapsed() {
  local start=$EPOCHREALTIME
  wine "$program_win\\msoko.cmd" "$@" </dev/null 2>/dev/null | cat >/dev/null || fail "msoko $* failed"
  echo "$start $EPOCHREALTIME" | awk '{ printf "%.2f", $2 - $1 }'
}
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
starts() {  # starts with|without ARG…
  local mode=$1 first=() second=()
  shift
  for _ in 1 2 3 4 5; do
    [ "$mode" = with ] || find "$program/pkgs" -name __pycache__ -type d -prune -exec rm -rf {} +
    first+=("$(elapsed "$@")")
    second+=("$(elapsed "$@")")
  done
  echo "first $(median "${first[@]}") s, second $(median "${second[@]}") s"
}
commands=("--version" "schools list --json")
declare -A with
for command in "${commands[@]}"; do  # all with the setup's bytecode first: the runs without remove it
  # shellcheck disable=SC2086  # the command's words
  with[$command]=$(starts with $command)
done
for command in "${commands[@]}"; do
  # shellcheck disable=SC2086
  echo "start of msoko.cmd $command (medians of 5): with the setup's .pyc ${with[$command]};" \
       "without .pyc $(starts without $command)"
done

starts_time=$((SECONDS - starts_start))

# 4. Install again over it, then uninstall.
before=$(sha256sum "$data/msoko.sqlite")
update_time=$(timed "$setup" /S)
[ "$(sha256sum "$data/msoko.sqlite")" = "$before" ] || fail "installing again changed the database"
[ -f "$program/pkgs/numpy/__init__.py" ] || fail "installing again did not put pkgs\\numpy back"
[ "$(find "$program/pkgs" -name "*.$tag.pyc" | wc -l)" = "$shipped_pyc" ] \
  || fail "installing again did not put the shipped bytecode back"
msoko db-check-update db check --db "$data_win\\msoko.sqlite" --json
before=$(find "$data" -type f -exec sha256sum {} + | sort)

uninstall_time=$(timed "$program/uninstall.exe" /S)
[ ! -e "$program" ] || fail "left behind: $(find "$program" | head -5)"
[ ! -e "$start_menu" ] && [ ! -e "$desktop" ] || fail "a shortcut is left behind"
! wine reg query "$key" </dev/null >/dev/null 2>&1 || fail "the installed-programs entry is left behind"
[ "$(find "$data" -type f -exec sha256sum {} + | sort)" = "$before" ] || fail "the data folder changed"

echo "wine check OK ($(wine --version)): install ${install_time} s, services ${services_time} s," \
     "starts ${starts_time} s, install again ${update_time} s, uninstall ${uninstall_time} s"

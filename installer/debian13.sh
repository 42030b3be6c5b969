#!/usr/bin/env bash
# A Debian 13 ("trixie") root with wine 10, for the wine check on a Debian 12 machine whose own wine 8
# cannot run the program's libraries; nothing of it is installed on this machine. As root:
#   bash installer/debian13.sh ROOT prepare         # debootstrap, then apt inside; skipped when ROOT is ready
#   bash installer/debian13.sh ROOT run COMMAND…    # COMMAND inside ROOT (chroot), with a clean environment
# Runs in a mount namespace of its own: /proc, /dev, /dev/pts and /dev/shm are mounted inside ROOT only
# for as long as it runs, never seen by the rest of the machine, and unmounted on exit.
# The mirror is the one apt on this machine already uses for Debian's main archive (read from
# /etc/apt/sources.list and sources.list.d/), so no other host is needed.
set -euo pipefail

root=$(realpath -m "$1")
action=$2
shift 2
# No X server (xvfb): nothing in the check opens a window (Qt cannot load under wine, wine_check.sh;
# the setup runs silently). A 64-bit prefix only (WINEARCH=win64), so no i386 multiarch or wine32.
# python3-minimal: wine_check.sh reads the program's JSON answers with it.
packages=(wine wine64 python3-minimal)
ready="$root/.msoko-ready"  # written last by prepare: the suite and packages it holds
want="trixie ${packages[*]}"

if [ -z "${MSOKO_PRIVATE_MOUNTS:-}" ]; then
  MSOKO_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private bash "$0" "$root" "$action" "$@"
fi

mounted=()
unmount() {
  local index
  for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
    umount "${mounted[index]}" 2>/dev/null || umount -l "${mounted[index]}"
  done
  mounted=()
}
trap unmount EXIT
mount_inside() {  # mount_inside TARGET MOUNT-ARGUMENTS…: mounted under ROOT, unmounted on exit
  local target="$root$1"
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}
mount_all() {
  mount_inside /proc -t proc proc
  mount_inside /dev --bind /dev
  mount_inside /dev/pts -t devpts -o newinstance,ptmxmode=0666 devpts
  mount_inside /dev/shm -t tmpfs -o mode=1777 shm
}

mirror() {  # the URI of Debian's main archive in apt's sources (deb822 .sources or one-line .list files)
  python3 - <<'EOF'
import glob, re
codename = re.search(r'^VERSION_CODENAME="?([a-z]+)', open("/etc/os-release").read(), re.M)[1]
entries = []  # (types, uris, suites)
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for block in re.split(r"\n\s*\n", open(path).read()):
        fields = {}
        for line in block.splitlines():
            if re.match(r"[A-Za-z-]+:", line):
                name, _, text = line.partition(":")
                fields[name.lower()] = text.split()
        if fields.get("enabled", ["yes"])[0].lower() != "no":
            entries.append((fields.get("types", []), fields.get("uris", []), fields.get("suites", [])))
for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]:
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        words = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
        if len(words) >= 3:
            entries.append(([words[0]], [words[1]], [words[2]]))
for types, uris, suites in entries:
    if "deb" in types and codename in suites and uris:
        print(uris[0].rstrip("/"))
        break
else:
    raise SystemExit(f"no apt source of Debian's {codename} archive in /etc/apt to take the mirror from")
EOF
}

case "$action" in
  prepare)
    if [ -f "$ready" ] && [ "$(cat "$ready")" = "$want" ]; then
      echo "Debian 13 root: ready in $root (cached)"
      exit 0
    fi
    [ ! -e "$root" ] || rm -rf --one-file-system "$root"  # an unfinished or older one; nothing is mounted in it
    source=$(mirror)
    include=()
    [[ "$source" != https:* ]] || include=(--include=ca-certificates)
    debootstrap --variant=minbase "${include[@]}" trixie "$root" "$source" > "$root.debootstrap.log" 2>&1 \
      || { tail -n 30 "$root.debootstrap.log"; echo "debootstrap of Debian 13 failed (log above)"; exit 1; }
    rm -f "$root.debootstrap.log"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount_all
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages[*]} > /dev/null \
             && apt-get clean"
    echo "$want" > "$ready"
    echo "Debian 13 root: $(chroot "$root" wine --version 2>/dev/null) in $root"
    ;;
  run)
    [ -f "$ready" ] && [ "$(cat "$ready")" = "$want" ] || { echo "$root: not prepared (run prepare first)"; exit 1; }
    mount_all
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
    ;;
  *)
    echo "usage: $0 ROOT prepare | ROOT run COMMAND…" >&2
    exit 2
    ;;
esac

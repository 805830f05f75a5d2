#!/usr/bin/env bash
# `make deb-check`: installs the newest package `make deb` built into a clean, minimal Debian 12
# (debootstrap --variant=minbase bookworm) with apt-get, so its Depends are resolved from Debian's
# archive, and runs it there: --version, --help, a room set up and an incident declared, noted and
# rendered, the man page, the bash completion, the units verified against the installed binary, the
# service user writing the shared journal, and a purge. Needs root (chroot, mounts) and Debian's archive.
# Slow (a first run debootstraps for about two minutes; later runs unpack the cached root), so it is
# not part of `make test`.
#
# Environment: DEB (the package; default the newest .build/deb/warroom_*.deb), DEB_MIRROR (default
# http://deb.debian.org/debian), DEB_CHECK_CACHE (the cached root; default /var/cache/warroom-deb).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "deb-check: $*"; }
fail() {
  echo "deb-check: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot and mounts); run: sudo make deb-check"
DEB=${DEB:-$(ls -t .build/deb/warroom_*.deb 2>/dev/null | head -1)}
[ -n "$DEB" ] && [ -f "$DEB" ] || fail "no package: run make deb first"
DEB=$(readlink -f "$DEB")
MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
CACHE_DIR=${DEB_CHECK_CACHE:-/var/cache/warroom-deb}
CACHE=$CACHE_DIR/bookworm-minbase.tar.gz
command -v debootstrap >/dev/null 2>&1 || WARROOM_SETUP_EXTRA=debootstrap scripts/setup.sh

WORK=$(mktemp -d /tmp/warroom-deb-check.XXXXXX)
CH=$WORK/root
cleanup() {
  for m in "$CH/dev/pts" "$CH/proc"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A clean root, once: debootstrap, then a tarball of the result so the next run only unpacks it.
if [ ! -f "$CACHE" ]; then
  say "debootstrap --variant=minbase bookworm (once; cached as $CACHE)"
  debootstrap --variant=minbase bookworm "$WORK/boot" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
  chroot "$WORK/boot" apt-get clean
  mkdir -p "$CACHE_DIR"
  tar -C "$WORK/boot" -czf "$CACHE.tmp" . && mv "$CACHE.tmp" "$CACHE"
  rm -rf "$WORK/boot"
fi
say "unpacking a clean Debian 12 root from $CACHE"
mkdir -p "$CH"
tar -C "$CH" -xzf "$CACHE"
mount -t proc proc "$CH/proc"
mount -t devpts devpts "$CH/dev/pts" -o newinstance,ptmxmode=0666 2>/dev/null || true
cp /etc/resolv.conf "$CH/etc/resolv.conf"
# As a fresh install has them: the point releases and security updates.
suite_base=${MIRROR%/debian}
cat >"$CH/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $suite_base/debian-security bookworm-security main
EOF
cp "$DEB" "$CH/tmp/"
name=$(basename "$DEB")

in_root() { chroot "$CH" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=xterm DEBIAN_FRONTEND=noninteractive "$@"; }

say "apt-get install ./$name"
in_root apt-get update -qq
in_root bash -c "cd /tmp && apt-get install -y --no-install-recommends ./$name" | grep -E '^(The following|  |Setting up|Unpacking|E:)' || true
in_root dpkg -s warroom | grep -E '^(Status|Version|Depends):'
# man-db to read the man page, systemd for systemd-analyze: the checks' tools, installed after the package
# so they cannot have satisfied its Depends.
in_root apt-get install -y -qq --no-install-recommends man-db systemd >/dev/null

in_root bash -euo pipefail -c '
say() { echo "deb-check: $*"; }
say "\$ warroom --version"; warroom --version
say "\$ warroom --help (first lines)"; warroom --help | head -8
say "\$ warroom init /srv/warroom --group warroom"; warroom init /srv/warroom --group warroom
export WARROOM_JOURNAL=/srv/warroom/warroom.jsonl
say "\$ warroom --as alice declare --severity 2 --title \"Payment outage\""
warroom --as alice declare --severity 2 --title "Payment outage"
say "\$ warroom --as alice note \"Rolling back the gateway release\""
warroom --as alice note "Rolling back the gateway release"
say "\$ warroom status"; warroom status
say "\$ warroom render --size 80x24"; warroom render --size 80x24
say "\$ warroom playbooks (from /usr/share/warroom)"; warroom playbooks
say "\$ warroom --lang zh playbooks (translations from /usr/share/warroom/locale)"
out=$(warroom --lang zh playbooks 2>&1); echo "$out" | head -3
case "$out" in *"no translations"*) say "FAILED: translations not found"; exit 1 ;; esac
say "the service user writes the shared journal:"
getent passwd warroom
runuser -u warroom -- warroom --journal "$WARROOM_JOURNAL" --as notifier note "written as the warroom user"
warroom check
say "\$ man warroom (first lines)"
MANWIDTH=80 man warroom 2>&1 | head -12
man -w warroom-declare warroom-render
[ "$(man warroom 2>/dev/null | wc -l)" -gt 20 ] || { say "FAILED: man warroom is empty"; exit 1; }
say "bash completion:"
bash -c "source /usr/share/bash-completion/completions/warroom && complete -p warroom"
words=$(bash -c "source /usr/share/bash-completion/completions/warroom
  COMP_WORDS=(warroom dec); COMP_CWORD=1; COMP_LINE=\"warroom dec\"; COMP_POINT=11
  _warroom warroom dec warroom; echo \"\${COMPREPLY[*]}\"")
say "warroom dec<Tab> completes to: $words"
[ "$words" = declare ] || { say "FAILED: expected declare"; exit 1; }
for c in notify serve ingest; do
  if warroom "$c" --help >/dev/null 2>&1; then say "\$ warroom $c --help"; warroom "$c" --help | head -4; fi
done
'
# Against the installed binary, man page and user; it warns without failing, so any output is a failure.
say "systemd-analyze verify warroom-notify@.service warroom-serve@.service (installed)"
report=$(in_root systemd-analyze verify warroom-notify@.service warroom-serve@.service 2>&1) || true
[ -z "$report" ] || fail "systemd-analyze verify in the root: $report"
say "units verified: no warnings"

say "apt-get purge warroom"
in_root apt-get purge -y -qq warroom >/dev/null
for p in /usr/bin/warroom /usr/share/warroom /etc/warroom /lib/systemd/system/warroom-notify@.service; do
  [ ! -e "$CH$p" ] || fail "$p is still there after a purge"
done
say "purged: binary, data, units and /etc/warroom gone (the user warroom and /srv/warroom stay)"
say "passed: $name installs and runs on a clean Debian 12"

#!/usr/bin/env bash
# `make deb`: builds .build/deb/warroom_VERSION_ARCH.deb, then checks it (dpkg-deb --info/--contents,
# lintian, systemd-analyze verify on the units). No debhelper: the layout is small enough to stage by hand.
#
#   /usr/bin/warroom                         release build, Swift runtime linked statically, stripped
#   /usr/share/warroom/{playbooks,scenarios,themes,locale}
#                                            found by the binary as ../share/warroom beside /usr/bin
#   /usr/share/man/man1/warroom*.1.gz        generated from the commands' help by swift-argument-parser's
#                                            generate-manual tool (the tool behind its plugin)
#   /usr/share/{bash-completion,zsh,fish}/…  from `warroom --generate-completion-script`
#   /lib/systemd/system/warroom-{notify,serve}@.service, /etc/warroom/example.env (a conffile)
#   /usr/share/doc/warroom/                  copyright, changelog.Debian.gz, README and docs
#
# Depends is not written by hand: the libraries the binary links (readelf's NEEDED, resolved by ldd) are
# mapped to their packages with `dpkg -S`, and dpkg-shlibdeps gives the same set with minimum versions; the
# two must agree. Environment: SWIFT, DEB_OUT (default .build/deb), DEB_MAINTAINER ("Name <email>", default
# the last commit's author).
set -euo pipefail
umask 022
cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}
OUT=${DEB_OUT:-$ROOT/.build/deb}
say() { echo "deb: $*"; }
fail() {
  echo "deb: $*" >&2
  exit 1
}

# The packaging tools, installed the way scripts/setup.sh installs everything else.
extra=""
for tool in fakeroot:fakeroot dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev lintian:lintian systemd-analyze:systemd \
  readelf:binutils strip:binutils lexgrog:man-db groff:groff-base; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || extra="$extra ${tool#*:}"
done
WARROOM_SETUP_EXTRA="$extra" scripts/setup.sh

say "release build, Swift runtime linked statically"
# -z now: the full RELRO Debian's hardened builds have (swiftc already links PIE with partial RELRO).
build=(-c release --static-swift-stdlib -Xlinker -z -Xlinker now)
"$SWIFT" build "${build[@]}" --product warroom
# swift-argument-parser's man page generator, built from the pinned checkout (offline): the same tool its
# generate-manual plugin runs. Not the plugin itself: it first builds every product in release without
# --static-swift-stdlib, relinking .build/release/warroom over the binary packaged here.
"$SWIFT" build "${build[@]}" --product generate-manual
BIN_DIR=$("$SWIFT" build "${build[@]}" --show-bin-path)
BIN=$BIN_DIR/warroom

# What the built binary says about itself, whatever the caller's environment.
run_bin() { env -i PATH=/usr/bin:/bin LANG=C.UTF-8 WARROOM_LANG=en HOME=/nonexistent "$@"; }

# Version: a tag on this commit (v1.2.3) if there is one, else the binary's own version and the commit.
upstream=$(run_bin "$BIN" --version)
if tag=$(git describe --tags --exact-match 2>/dev/null); then
  version=${tag#v}
else
  version="$upstream+git$(git log -1 --format=%cd --date=format:%Y%m%d).$(git rev-parse --short=7 HEAD)"
fi
# Uncommitted changes to what goes into the package show in its version.
[ -z "$(git status --porcelain -- Sources Package.swift Package.resolved playbooks scenarios themes locale packaging \
  scripts/deb.sh README.md docs 2>/dev/null)" ] || version="$version.dirty"
debver="$version-1"
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-$(git log -1 --format='%an <%ae>')}
date_rfc2822=$(git log -1 --format=%cD)
say "version $debver ($arch)"

PKG=$OUT/root
rm -rf "$OUT"
mkdir -p "$PKG/DEBIAN"

# The binary, stripped as dh_strip would.
install -D -m 0755 "$BIN" "$PKG/usr/bin/warroom"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$PKG/usr/bin/warroom"

# Shipped data, where DataDirectory looks beside /usr/bin/warroom.
for d in playbooks scenarios themes; do
  install -d "$PKG/usr/share/warroom/$d"
  install -m 0644 "$d"/*.toml "$PKG/usr/share/warroom/$d/"
done
install -d "$PKG/usr/share/warroom/locale"
install -m 0644 locale/*.po "$PKG/usr/share/warroom/locale/"

# Man pages, one per command, generated from the help the binary prints.
man_dir=$PKG/usr/share/man/man1
install -d "$man_dir"
"$BIN_DIR/generate-manual" "$BIN" --multi-page --section 1 --output-directory "$man_dir" \
  --date "$(git log -1 --format=%cd --date=format:%Y-%m-%d)" --authors "the warroom authors"
ls "$man_dir"/warroom.1 >/dev/null 2>&1 || fail "generate-manual wrote no warroom.1 in $man_dir"
# Its pages are named warroom.declare.1 with NAME "warroom declare", which whatis cannot index (`man -k`,
# lintian's bad-whatis-entry) and nobody types: as git does, the page is warroom-declare(1), its NAME
# warroom-declare, and its SYNOPSIS still the command as typed. A blank line inside a paragraph of help is
# not mdoc: it becomes a paragraph break (.Pp).
for f in "$man_dir"/warroom.*.1; do
  base=$(basename "$f" .1)
  name=${base//./-}
  words=${base//./ }
  sed -E -e "s/^\.Dt .*/.Dt ${name^^} 1/" -e "s/^\.Nm \"$words\"\$/.Nm $name/" -e "s/^\.Nm\$/.Nm \"$words\"/" \
    "$f" >"$man_dir/$name.1"
  rm "$f"
done
sed -i -E -e '/^\.Xr warroom\./ { s/^\.Xr //; s/\./-/g; s/^/.Xr / }' -e 's/^$/.Pp/' -e 's/^\.Nd "(.*)"$/.Nd \1/' \
  "$man_dir"/*.1
for f in "$man_dir"/*.1; do
  problems=$(LC_ALL=C.UTF-8 groff -mandoc -ww -z "$f" 2>&1) || true
  [ -z "$problems" ] || fail "$(basename "$f"): $problems"
  lexgrog "$f" >/dev/null || fail "$(basename "$f"): whatis cannot read its NAME section"
done
# Man pages are compressed, reproducibly (no name or time stamp in the gzip header).
find "$man_dir" -type f -name '*.1' -exec gzip -9n {} +

# Shell completions, from the parser that reads the command line.
install -d "$PKG/usr/share/bash-completion/completions" "$PKG/usr/share/zsh/vendor-completions" \
  "$PKG/usr/share/fish/vendor_completions.d"
# bash-completion sources the file; the generator's #!/bin/bash line only misleads.
run_bin "$BIN" --generate-completion-script bash | sed '1{/^#!/d}' >"$PKG/usr/share/bash-completion/completions/warroom"
run_bin "$BIN" --generate-completion-script zsh >"$PKG/usr/share/zsh/vendor-completions/_warroom"
run_bin "$BIN" --generate-completion-script fish >"$PKG/usr/share/fish/vendor_completions.d/warroom.fish"

# systemd units and the example room settings (a conffile: an edited copy survives upgrades).
install -D -m 0644 -t "$PKG/lib/systemd/system" packaging/systemd/warroom-notify@.service \
  packaging/systemd/warroom-serve@.service
install -D -m 0644 packaging/example.env "$PKG/etc/warroom/example.env"
echo /etc/warroom/example.env >"$PKG/DEBIAN/conffiles"

# Documentation: copyright, the Debian changelog, the README and the guides.
doc=$PKG/usr/share/doc/warroom
install -d "$doc"
install -m 0644 packaging/debian/copyright "$doc/copyright"
{
  echo "warroom ($debver) unstable; urgency=medium"
  echo
  echo "  * Built by make deb from commit $(git rev-parse --short=12 HEAD):"
  git log -1 --format=%s | cut -c1-200 | fold -s -w 72 | sed 's/^/    /'
  echo
  echo " -- $maintainer  $date_rfc2822"
} | gzip -9n >"$doc/changelog.Debian.gz"
install -m 0644 README.md "$doc/README.md"
for f in docs/*.md; do install -m 0644 "$f" "$doc/"; done
find "$doc" -type f -name '*.md' -exec gzip -9n {} +
install -D -m 0644 packaging/debian/lintian-overrides "$PKG/usr/share/lintian/overrides/warroom"

# Maintainer scripts.
for s in postinst prerm postrm; do install -m 0755 "packaging/debian/$s" "$PKG/DEBIAN/$s"; done

# Depends: the package of each library the binary needs, found with dpkg -S on ldd's answer.
needed=$(readelf -d "$PKG/usr/bin/warroom" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
owner() {
  local path=$1 p
  for p in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr${path#/usr}"; do
    dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 && return 0
  done
  return 1
}
pkgs=()
for lib in $needed; do
  path=$(ldd "$PKG/usr/bin/warroom" | awk -v l="$lib" '$1 == l && $3 ~ /^\// { print $3 } $1 ~ "/" l "$" { print $1 }' | head -1)
  [ -n "$path" ] || fail "ldd does not resolve $lib"
  pkg=$(owner "$path") || fail "no package owns $path ($lib): install it from Debian, not by hand"
  say "  $lib -> $path -> $pkg"
  pkgs+=("$pkg")
done
dpkg_s_set=$(printf '%s\n' "${pkgs[@]}" | sort -u | tr '\n' ' ')
# Minimum versions from the libraries' symbols files; dpkg-shlibdeps wants a debian/control to read.
shlib_dir=$OUT/shlibdeps
mkdir -p "$shlib_dir/debian"
printf 'Source: warroom\n\nPackage: warroom\nArchitecture: any\n' >"$shlib_dir/debian/control"
shlibs=$(cd "$shlib_dir" && dpkg-shlibdeps -O "$PKG/usr/bin/warroom" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
shlibs_set=$(echo "$shlibs" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u | tr '\n' ' ')
[ "$dpkg_s_set" = "$shlibs_set" ] || fail "dpkg -S gives [$dpkg_s_set] but dpkg-shlibdeps [$shlibs_set]"
rm -rf "$shlib_dir"
# adduser: postinst creates the services' system user.
depends="adduser, $shlibs"

installed_size=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat >"$PKG/DEBIAN/control" <<EOF
Package: warroom
Version: $debver
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: admin
Priority: optional
Description: terminal war-room console for crisis response
 warroom is an incident commander's console in a terminal: the incident
 timeline, who holds which role, the crisis playbook's checklist and the
 KPIs the plan holds the team to, live, in 80x24, over one shared
 append-only JSON-lines journal (a file or PostgreSQL). It runs drills
 with scheduled injects, writes the review report, and ships systemd
 units for a room's notifier (warroom-notify@ROOM) and webhook intake
 (warroom-serve@ROOM).
EOF
(cd "$PKG" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  >"$PKG/DEBIAN/md5sums"
chmod 0644 "$PKG/DEBIAN/control" "$PKG/DEBIAN/md5sums" "$PKG/DEBIAN/conffiles"
find "$PKG" -type d -exec chmod 0755 {} +

DEB=$OUT/warroom_${debver}_${arch}.deb
fakeroot dpkg-deb -Zxz --build "$PKG" "$DEB" >/dev/null
say "built $DEB ($(du -h "$DEB" | cut -f1), installed size ${installed_size} KiB)"
say "Depends: $depends"

say "check: dpkg-deb --info"
dpkg-deb --info "$DEB"
say "check: dpkg-deb --contents"
dpkg-deb --contents "$DEB"

say "check: lintian (what it still reports is overridden in packaging/debian/lintian-overrides, with why)"
lintian --fail-on error,warning --display-level '>=info' --info "$DEB" || fail "lintian reports the package above"
# (Overridden tags count towards --fail-on when shown, so they are listed by a second run.)
echo "overridden:"
lintian --show-overrides --display-level '>=info' "$DEB" | sed -n 's/^O: warroom: \([^ ]*\).*/\1/p' | sort | uniq -c

# systemd-analyze verify against a root holding the host's units and the staged package, so the units'
# ExecStart= (/usr/bin/warroom) and Documentation= (man:warroom(1)) are checked against what is packaged.
# It warns about unknown keys and bad values without failing: any output at all is a failure here.
say "check: systemd-analyze verify"
verify_root=$OUT/verify-root
rm -rf "$verify_root"
mkdir -p "$verify_root"
cp -a "$PKG/." "$verify_root/"
rm -rf "$verify_root/DEBIAN"
cp -an /lib/systemd/system/. "$verify_root/lib/systemd/system/"
report=$(MANPATH="$verify_root/usr/share/man" systemd-analyze verify --root="$verify_root" \
  warroom-notify@.service warroom-serve@.service 2>&1) || fail "systemd-analyze verify: $report"
[ -z "$report" ] || fail "systemd-analyze verify: $report"
rm -rf "$verify_root"
say "units verified"
say "done: $DEB"

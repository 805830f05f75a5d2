#!/usr/bin/env bash
# Installs what warroom needs beyond the Swift toolchain: ncursesw and utf8proc
# headers (libncurses-dev, libutf8proc-dev), tmux (for the end-to-end tests) and
# Unicode's data files (unicode-data, to test display widths against). Uses apt-get as root,
# sudo otherwise, and says plainly what to do when neither works.
set -u
need=()
pkg-config --exists ncursesw 2>/dev/null || need+=(libncurses-dev pkg-config)
[ -f /usr/include/curses.h ] || need+=(libncurses-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -f /usr/include/utf8proc.h ] || need+=(libutf8proc-dev)
[ -f /usr/share/unicode/EastAsianWidth.txt ] || need+=(unicode-data)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ "${WARROOM_SETUP_EXTRA:-}" != "" ]; then need+=($WARROOM_SETUP_EXTRA); fi
[ ${#need[@]} -eq 0 ] && exit 0
need=($(printf '%s\n' "${need[@]}" | sort -u))
echo "setup: installing ${need[*]}"
if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  echo "setup: missing ${need[*]} and cannot install them: not root and no password-less sudo." >&2
  echo "setup: ask an administrator to run: apt-get install -y ${need[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get not found; install ${need[*]} with your system's package manager" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq >/dev/null || { echo "setup: apt-get update failed; check the network or the apt sources" >&2; exit 1; }
"${run[@]}" apt-get install -y -qq "${need[@]}" >/dev/null || { echo "setup: apt-get install ${need[*]} failed" >&2; exit 1; }
echo "setup: done"

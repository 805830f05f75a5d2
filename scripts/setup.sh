#!/usr/bin/env bash
# Installs what warroom needs beyond the Swift toolchain: ncursesw and utf8proc
# headers (libncurses-dev, libutf8proc-dev), tmux (for the end-to-end tests),
# Unicode's data files (unicode-data, to test display widths against) and
# GNU gettext (msgfmt and msgmerge check and update the translation catalogs),
# libpq's headers (libpq-dev, for a journal on PostgreSQL) and the PostgreSQL server
# (postgresql: the database journal's tests start a throwaway cluster of their own),
# Prometheus Alertmanager (prometheus-alertmanager: the alert intake's test starts the real one),
# markdown-it-py (the CommonMark renderer the report's Markdown safety test
# renders with: Debian's python3-markdown-it where apt has it, else pip). Uses
# apt-get as root, sudo otherwise, and says plainly what to do when neither works.
set -u
has_markdown_it() {
  for py in /usr/bin/python3 python3; do
    command -v "$py" >/dev/null 2>&1 && "$py" -c 'import markdown_it' 2>/dev/null && return 0
  done
  return 1
}
pip_markdown_it() {
  has_markdown_it && return 0
  echo "setup: installing markdown-it-py with pip"
  python3 -m pip install -q markdown-it-py >/dev/null 2>&1 || python3 -m pip install -q --user markdown-it-py >/dev/null 2>&1 \
    || { echo "setup: could not install markdown-it-py; run: python3 -m pip install markdown-it-py" >&2; return 1; }
}
need=()
pkg-config --exists ncursesw 2>/dev/null || need+=(libncurses-dev pkg-config)
[ -f /usr/include/curses.h ] || need+=(libncurses-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -f /usr/include/utf8proc.h ] || need+=(libutf8proc-dev)
[ -f /usr/share/unicode/EastAsianWidth.txt ] || need+=(unicode-data)
# msgfmt --check and msgmerge: the translation catalogs' own tools (the catalog tests run them).
command -v msgfmt >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || need+=(gettext)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v prometheus-alertmanager >/dev/null 2>&1 || [ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
if ! has_markdown_it && command -v apt-cache >/dev/null 2>&1 \
  && apt-cache policy python3-markdown-it 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  need+=(python3-markdown-it)
fi
if [ "${WARROOM_SETUP_EXTRA:-}" != "" ]; then need+=($WARROOM_SETUP_EXTRA); fi
[ ${#need[@]} -eq 0 ] && { pip_markdown_it; exit $?; }
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
pip_markdown_it || exit 1
echo "setup: done"

// Swift cannot import the parts of ncursesw that are macros built from
// other macros, nor the mutable globals in Swift 6 mode. This header turns on
// the wide-character API (SwiftPM drops the -D flags pkg-config prints) and
// wraps what Swift needs in static inline functions.
#ifndef WARROOM_CNCURSESW_SHIM_H
#define WARROOM_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <curses.h>

static inline WINDOW *wr_stdscr(void) { return stdscr; }
static inline WINDOW *wr_curscr(void) { return curscr; }
static inline int wr_lines(void) { return LINES; }
static inline int wr_cols(void) { return COLS; }
static inline int wr_colors(void) { return COLORS; }
static inline int wr_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t wr_a_normal(void) { return A_NORMAL; }
static inline attr_t wr_a_bold(void) { return A_BOLD; }
static inline attr_t wr_a_reverse(void) { return A_REVERSE; }
static inline attr_t wr_a_dim(void) { return A_DIM; }
static inline attr_t wr_a_underline(void) { return A_UNDERLINE; }
static inline attr_t wr_a_italic(void) { return A_ITALIC; }

static inline int wr_key_f(int n) { return KEY_F(n); }

static inline const char *wr_codeset(void) { return nl_langinfo(CODESET); }

/// Writes one cell: a wide character with attributes and an extended colour pair.
static inline int wr_put_cell(WINDOW *w, int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    int p = pair;
    if (setcchar(&cell, text, attrs, 0, &p) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cell);
}

/// Sets the attributes and extended colour pair used by later writes.
static inline int wr_attr_set(WINDOW *w, attr_t attrs, int pair) {
    int p = pair;
    return wattr_set(w, attrs, 0, &p);
}
#endif

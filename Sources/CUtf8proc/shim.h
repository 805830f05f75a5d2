// utf8proc (Debian's libutf8proc-dev): Unicode's own character widths and
// categories, the same in every locale, so the console and the headless
// renderer lay text out alike whatever LANG says on the jump host.
#ifndef WARROOM_CUTF8PROC_SHIM_H
#define WARROOM_CUTF8PROC_SHIM_H
#include <utf8proc.h>
#endif

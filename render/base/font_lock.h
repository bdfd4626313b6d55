/* font_lock.h: the process's one lock on the font machinery (font_lock.c). */
#ifndef GALLEY_FONT_LOCK_H
#define GALLEY_FONT_LOCK_H

/* Takes the lock (recursive: a holder may take it again, and gives it back
 * as often). Every use of cairo's and pango's fonts takes it: setting text,
 * freeing set lines (their cairo scaled fonts), drawing a page and finishing
 * a PDF (whose fonts cairo subsets then). */
void galley_font_lock(void);

/* Gives the lock back. */
void galley_font_unlock(void);

#endif

/* font_lock.c: the process's one lock on the font machinery.
 *
 * cairo's FreeType backend and pango's font map are process-wide, and Debian
 * 12's cairo (1.16) is not safe with two threads in them at once: it keeps at
 * most ten FreeType faces open and closes one (FT_Done_Face) when it opens
 * another, while a second thread may be drawing or subsetting with it. That
 * crashed `galley edition -j 2` (its drawing thread writes pages while
 * composing sets text) about one run in ten on a loaded machine, and would
 * crash two contexts rendering in two threads. Every use of those fonts
 * (typeset/, output/) holds this one lock; holders take it for a paragraph or
 * a page at a time, so a drawing thread still overlaps composing's other
 * work. It owns no state but the mutex.
 */
#include "font_lock.h"

#include <pthread.h>

static pthread_once_t font_lock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t font_lock_mutex;

/* Makes the mutex, recursive: a paragraph's setting frees lines it made. */
static void font_lock_init(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&font_lock_mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

void galley_font_lock(void)
{
    pthread_once(&font_lock_once, font_lock_init);
    pthread_mutex_lock(&font_lock_mutex);
}

void galley_font_unlock(void)
{
    pthread_mutex_unlock(&font_lock_mutex);
}

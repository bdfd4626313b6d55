/* phrases.c: the phrases a headline is never broken inside.
 *
 * Owns taking out of a balanced paragraph's break candidates (headlines and
 * decks: the style's linebreak.balance) those inside a quoted phrase (straight
 * as the language modules pair them: lang.h quote_pairs) and those between a
 * number and its unit ("2 am", "3조 원", "40 km": the modules' units). A quotation longer than
 * QUOTE_MAX characters or wider than the measure, or one that never closes, may still break: a line
 * must end somewhere, and it must not end inside a word. The candidate at the paragraph's end
 * always stays.
 */
#include "typeset_private.h"

#include <string.h>

/* The longest quoted phrase kept on one line, characters. */
#define QUOTE_MAX 40

/* Marks in INSIDE[i] (n + 1 entries) the break positions i (a line ending
 * before character i) inside a quotation that closes within QUOTE_MAX
 * characters and is no wider than MEASURE. A straight or right single quote between letters is an
 * apostrophe; a straight single quote opens only after a space or the start. */
static void mark_quotes(const para_t *p, double measure, unsigned char *inside)
{
    memset(inside, 0, (size_t)p->n + 1);
    for (int i = 0; i < p->n; i++) {
        gunichar ch = p->chars[i].ch, close = galley_lang_quote_close(ch);
        int after_space = i == 0 || g_unichar_isspace(p->chars[i - 1].ch);
        if (!close || (ch == '\'' && !after_space) ||
            (ch == '"' && !after_space && i > 0 && g_unichar_isalnum(p->chars[i - 1].ch)))
            continue;
        for (int j = i + 1; j < p->n && j - i <= QUOTE_MAX; j++) {
            gunichar c = p->chars[j].ch;
            int apostrophe =
                (c == '\'' || c == 0x2019) && j + 1 < p->n && g_unichar_isalpha(p->chars[j + 1].ch);
            if (c != close || apostrophe)
                continue;
            if (p->prefix[j + 1] - p->prefix[i] > measure)
                break;
            for (int k = i + 1; k <= j; k++)
                inside[k] = 1;
            i = j;
            break;
        }
    }
}

/* True when the word starting at character AT is a unit of some language
 * module (lang.h: galley_lang_is_unit). */
static int word_is_unit(const para_t *p, int at)
{
    char word[64];
    size_t len = 0;
    for (int i = at; i < p->n && !g_unichar_isspace(p->chars[i].ch); i++) {
        gunichar ch = g_unichar_tolower(p->chars[i].ch);
        if (len + 6 >= sizeof word)
            return 0;
        len += (size_t)g_unichar_to_utf8(ch, word + len);
    }
    word[len] = '\0';
    while (len > 0 && strchr(",.;:!?)", word[len - 1]) && strcmp(word, "a.m.") &&
           strcmp(word, "p.m."))
        word[--len] = '\0';
    return galley_lang_is_unit(word);
}

int galley_para_keep_phrases(para_t *p, double measure)
{
    unsigned char *inside = g_malloc((size_t)p->n + 1);
    mark_quotes(p, measure, inside);
    int kept = 0;
    for (int i = 0; i < p->n_cands; i++) {
        const cand_t *c = &p->cands[i];
        int drop = c->kind != CAND_END && inside[c->end];
        if (!drop && c->kind == CAND_SPACE && c->end > 0 &&
            g_unichar_isdigit(p->chars[c->end - 1].ch))
            drop = word_is_unit(p, c->next);
        if (!drop)
            p->cands[kept++] = *c;
    }
    p->n_cands = kept;
    g_free(inside);
    return 0;
}

/* phrases.c: the phrases a line is never broken inside.
 *
 * Owns taking out of a paragraph's break candidates those between a number
 * and its unit ("2 am", "3조 원", "40 km": the modules' units) or after a
 * hyphen that joins a number ("3-ga"), in every paragraph; and, in a balanced
 * one (headlines, decks, subheads: the style's linebreak.balance), those
 * inside a quoted phrase (straight or as the language modules pair them:
 * lang.h quote_pairs). A quotation longer than
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
 * module (lang.h: galley_lang_is_unit); with SHORT, only one written short:
 * at most 3 characters, or with a full stop ("km", "a.m.", "원", "명"), not a
 * spelled-out word a line may start with ("percent", "kilometers"). */
static int word_is_unit(const para_t *p, int at, int short_only)
{
    char word[64];
    size_t len = 0, chars = 0;
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
    chars = (size_t)g_utf8_strlen(word, -1);
    if (short_only && chars > 3 && !strchr(word, '.'))
        return 0;
    return galley_lang_is_unit(word);
}

/* True when candidate C breaks a number from its unit ("5:30 / a.m.",
 * "40 / km", "3조 / 원"; with SHORT only a unit written short) or after a
 * hyphen that joins a number ("Jongno 3- / ga", "41- / year-old"). */
static int breaks_number(const para_t *p, const cand_t *c, int short_only)
{
    if (c->end <= 0 || c->kind == CAND_END)
        return 0;
    if (c->kind == CAND_SPACE)
        return g_unichar_isdigit(p->chars[c->end - 1].ch) && word_is_unit(p, c->next, short_only);
    return c->kind == CAND_PLAIN && c->end >= 2 && p->chars[c->end - 1].ch == '-' &&
           g_unichar_isdigit(p->chars[c->end - 2].ch);
}

/* Drops the candidates DROP (n_cands entries) marks, keeping the order. */
static void drop_marked(para_t *p, const unsigned char *drop)
{
    int kept = 0;
    for (int i = 0; i < p->n_cands; i++)
        if (!drop[i])
            p->cands[kept++] = p->cands[i];
    p->n_cands = kept;
}

int galley_para_keep_numbers(para_t *p, int all_units)
{
    unsigned char *drop = g_malloc0((size_t)p->n_cands + 1);
    for (int i = 0; i < p->n_cands; i++)
        drop[i] = (unsigned char)breaks_number(p, &p->cands[i], !all_units);
    drop_marked(p, drop);
    g_free(drop);
    return 0;
}

int galley_para_keep_phrases(para_t *p, double measure)
{
    unsigned char *inside = g_malloc((size_t)p->n + 1);
    unsigned char *drop = g_malloc0((size_t)p->n_cands + 1);
    mark_quotes(p, measure, inside);
    for (int i = 0; i < p->n_cands; i++)
        drop[i] = p->cands[i].kind != CAND_END && inside[p->cands[i].end];
    drop_marked(p, drop);
    g_free(drop);
    g_free(inside);
    return 0;
}

/* lang.h: language modules, as data.
 *
 * Owns: what differs per language in setting text, one module a language
 * (english.c, korean.c, and european.c's German, French, Spanish, Italian,
 * Norwegian Bokmål and Nynorsk, Swedish), each a galley_lang_t of tables and
 * no code: the
 * characters that may not begin or end a line, the joiners a line may break
 * after, the scripts set in syllables, the hyphenation dictionary its words
 * take points from, and the words Galley prints itself (a date's pattern
 * with its month and weekday names, the byline's form, the related-articles
 * label, the jump lines). lang.c keeps the list of modules, finds a language's module by its
 * tag and classifies characters for the typesetter (breaks.c, shape.c);
 * lang_date.c writes a date out by a module's pattern. compose/ prints the
 * words of the module galley_lang_words finds.
 *
 * The character classes are by script, and every module's classes apply in
 * every paragraph, as Unicode's line-breaking classes do: an English story
 * quotes Korean names and a Korean one English titles, and each keeps its
 * script's rules. What follows the article's language is the module found by
 * its tag: hyphenation and the printed words.
 */
#ifndef GALLEY_LANG_H
#define GALLEY_LANG_H

#include <stddef.h>
#include <stdint.h>

/* A range of code points, FIRST to LAST inclusive. */
typedef struct {
    uint32_t first, last;
} galley_lang_range_t;

/* How a language writes a date out. PATTERN is strftime's, in part: %Y the
 * year, %B the month's name, %A the weekday's, %-m and %-d the month's and
 * day's numbers without a leading zero, %% a percent sign; any other byte is
 * printed as it stands. */
typedef struct {
    const char *months[12];  /* January first */
    const char *weekdays[7]; /* Sunday first */
    const char *pattern;     /* "%A, %B %-d, %Y" */
    const char *first_day;   /* what %-d prints on a month's first day, an
                              * ordinal ("1er" in French); NULL: "1" */
} galley_lang_date_t;

/* How a byline prints its writer's name and title, on one line:
 * BY NAME BETWEEN TITLE ("By Jane Doe, Science Reporter"; "이해준 기자"), and
 * how the dateline runs into the first paragraph: DATELINE DASH text
 * ("SEOUL — The ..."). */
typedef struct {
    const char *by;      /* before the name: "By " ("" for none) */
    const char *between; /* between the name and the title: ", " (" " in Korean) */
    const char *dash;    /* after a dateline run into the first paragraph: " — " */
} galley_lang_byline_t;

/* The quotation marks a pull quote gets when its text has none. */
typedef struct {
    const char *open, *close; /* "“" and "”" */
} galley_lang_quotes_t;

/* A jump line's words around its page number: BEFORE, the number, AFTER. */
typedef struct {
    const char *before, *after;
} galley_lang_jump_t;

/* What one language sets differently. The character lists end with 0. */
typedef struct {
    const char *code;                     /* BCP 47 primary language subtag: "en", "ko" */
    const char *hyphen_dict;              /* libhyphen's dictionary for its words, a file
                                           * of /usr/share/hyphen (Debian's hyphen-*:
                                           * "hyph_de_DE.dic"); NULL: no hyphens */
    const uint32_t *no_start;             /* may not begin a line (closing punctuation) */
    const uint32_t *no_end;               /* may not end a line (opening punctuation) */
    const uint32_t *break_after;          /* joiners a line may break after, inside a word */
    const galley_lang_range_t *syllables; /* scripts set in syllables: kept whole
                                           * between spaces, cut only between
                                           * syllables where the style allows,
                                           * spread when justified; {0, 0} ends */
    galley_lang_date_t date;              /* folios, nameplates, running heads */
    galley_lang_byline_t byline;          /* the byline at the head of the text */
    galley_lang_quotes_t quotes;          /* a pull quote's marks */
    const uint32_t *quote_pairs;          /* quotation marks, opening then closing, pairs
                                           * (a headline is not broken inside them) */
    const char *const *units;             /* words that follow a number, lower case, NULL
                                           * ended (a headline keeps them with it) */
    int unit_prefix;                      /* 1: a word that starts with a unit is one (a
                                           * Korean unit with its particle after it) */
    const char *related;                  /* the related-articles box's label */
    galley_lang_jump_t continued_on;      /* a jump line at a slot's foot */
    galley_lang_jump_t continued_from;    /* the line over a jump's rest */
    int solid_margins;                    /* 1: punctuation never hangs into the margin
                                           * (Korean papers set it inside the measure),
                                           * whatever the style's linebreak.hanging */
    int upright;                          /* 1: its scripts have no italic, so its text is
                                           * never slanted (a style's italic and emphasis
                                           * alike): emphasis is set as the style's
                                           * korean_emphasis says, bold or Gothic, whole */
    int syllable_figures;                 /* 1: its figures ("2027년", "3.5%") are set in the
                                           * face of its syllables, the style's
                                           * korean_figures, not the Latin face beside
                                           * them; word spaces and Latin words (with the
                                           * figures joined to them: "G20", "COVID-19")
                                           * keep the style's family */
} galley_lang_t;

/* The Latin script's line rules, English's (english.c), which the European
 * modules set by too: closing punctuation that may not begin a line, opening
 * punctuation that may not end one; and the empty lists of a module with no
 * joiners and no syllables. Each ends with 0 ({0, 0}). */
extern const uint32_t galley_lang_latin_no_start[];
extern const uint32_t galley_lang_latin_no_end[];
extern const uint32_t galley_lang_none[];
extern const galley_lang_range_t galley_lang_no_ranges[];

extern const galley_lang_t galley_lang_english;
extern const galley_lang_t galley_lang_korean;
extern const galley_lang_t galley_lang_german;
extern const galley_lang_t galley_lang_french;
extern const galley_lang_t galley_lang_spanish;
extern const galley_lang_t galley_lang_italian;
extern const galley_lang_t galley_lang_bokmal;  /* "nb", and "no" */
extern const galley_lang_t galley_lang_nynorsk; /* "nn" */
extern const galley_lang_t galley_lang_swedish;

/* The classes of a character (galley_lang_classify), bits. */
enum {
    GALLEY_LANG_NO_START = 1,    /* in some module's no_start */
    GALLEY_LANG_NO_END = 2,      /* in some module's no_end */
    GALLEY_LANG_BREAK_AFTER = 4, /* in some module's break_after */
    GALLEY_LANG_SYLLABLE = 8     /* in some module's syllables */
};

/* The module of language TAG ("en", "en-GB", "ko", "de-AT"), by its primary
 * subtag ("no", Norwegian, is Bokmål's, as most Norwegian papers print);
 * NULL when Galley has none (the text is set by the classes alone). */
const galley_lang_t *galley_lang_find(const char *tag);

/* The module whose words text in language TAG prints: TAG's own, else
 * English's (Galley's words fall back to English where it has no module). */
const galley_lang_t *galley_lang_words(const char *tag);

/* Writes YEAR-MONTH-DAY out by module L's date pattern into BUF (N > 0
 * bytes, cut at N - 1 as snprintf cuts, always ended); "" when there is no
 * date (year 0), the month is not 1 to 12 or the day is below 1. */
void galley_lang_format_date(const galley_lang_t *l, int year, int month, int day, char *buf,
                             size_t n);

/* The classes every module gives character C (0 for most letters). */
unsigned galley_lang_classify(uint32_t c);

/* The closing mark of opening quotation mark C in some module's quote_pairs
 * (a straight quote closes itself); 0 when C opens no quotation. */
uint32_t galley_lang_quote_close(uint32_t c);

/* True when WORD (lower case, UTF-8) is a unit of some module: one of its
 * units, or, in a module with unit_prefix, a word starting with one. */
int galley_lang_is_unit(const char *word);

/* The classes module L gives character C. */
unsigned galley_lang_classes(const galley_lang_t *l, uint32_t c);

#endif

/* european.c: German, French, Spanish, Italian, Norwegian (Bokmål and
 * Nynorsk) and Swedish, as language modules.
 *
 * Owns the data these languages set by, in one file because they differ
 * only in their words: they set the Latin script with English's punctuation
 * rules (english.c's tables, shared through lang.h), have no script set in
 * syllables, and each takes hyphenation points by its own dictionary of
 * Debian's hyphen-de, -fr, -es, -it, -no and -sv (resources/hyphenation.c
 * loads it on first use). What each prints: its byline word ("Von ", "Par
 * "), the dateline run in with a spaced en dash (" – ", as European papers
 * set it), its date as its papers print it ("Mittwoch, 11. Juni 2025",
 * "mercredi 11 juin 2025", the French first of the month "1er"), a pull
 * quote's marks („…“, « … » with narrow no-break spaces, «…», ”…”), the
 * related-articles label, the jump lines, and the units that follow a
 * number. A new language of the kind is one more table below and a line in
 * lang.c's MODULES.
 */
#include "lang.h"

/* Quotation marks, opening then closing, beyond English's: German single
 * low-high quotes and single guillemets. */
static const uint32_t QUOTE_PAIRS[] = {0x201A, 0x2018, 0x2039, 0x203A, 0};

/* The fields every module below shares. */
#define LATIN_MODULE                                                                               \
    .no_start = galley_lang_latin_no_start, .no_end = galley_lang_latin_no_end,                    \
    .break_after = galley_lang_none, .syllables = galley_lang_no_ranges,                           \
    .quote_pairs = QUOTE_PAIRS, .unit_prefix = 0

static const char *const UNITS_DE[] = {
    "uhr",        "h",         "min",   "km",      "m",       "cm",     "mm",  "kg",  "g",
    "t",          "%",         "€",     "°c",      "prozent", "euro",   "mio", "mrd", "millionen",
    "milliarden", "kilometer", "meter", "stunden", "minuten", "tonnen", NULL};

const galley_lang_t galley_lang_german = {
    .code = "de",
    .hyphen_dict = "hyph_de_DE.dic",
    LATIN_MODULE,
    .date =
        {
            .months = {"Januar", "Februar", "M\u00e4rz", "April", "Mai", "Juni", "Juli", "August",
                       "September", "Oktober", "November", "Dezember"},
            .weekdays = {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                         "Samstag"},
            .pattern = "%A, %-d. %B %Y",
        },
    .byline = {.by = "Von ", .between = ", ", .dash = " \u2013 "},
    .quotes = {.open = "\u201e", .close = "\u201c"},
    .units = UNITS_DE,
    .related = "Mehr zum Thema",
    .continued_on = {"Fortsetzung auf Seite ", ""},
    .continued_from = {"Fortsetzung von Seite ", ""},
};

static const char *const UNITS_FR[] = {
    "h",   "min",    "km",      "m",          "cm",     "mm",       "kg",        "g",
    "t",   "%",      "€",       "°c",         "euros",  "millions", "milliards", "md",
    "mds", "heures", "minutes", "kilomètres", "mètres", "tonnes",   "degrés",    NULL};

const galley_lang_t galley_lang_french = {
    .code = "fr",
    .hyphen_dict = "hyph_fr.dic",
    LATIN_MODULE,
    .date =
        {
            .months = {"janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet",
                       "ao\u00fbt", "septembre", "octobre", "novembre", "d\u00e9cembre"},
            .weekdays = {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
            .pattern = "%A %-d %B %Y",
            .first_day = "1er",
        },
    .byline = {.by = "Par ", .between = ", ", .dash = " \u2013 "},
    /* guillemets with narrow no-break spaces inside, as French sets them */
    .quotes = {.open = "\u00ab\u202f", .close = "\u202f\u00bb"},
    .units = UNITS_FR,
    .related = "\u00c0 lire aussi",
    .continued_on = {"Suite en page ", ""},
    .continued_from = {"Suite de la page ", ""},
};

static const char *const UNITS_ES[] = {
    "h",       "min",        "km",     "m",         "cm",     "mm",       "kg",      "g",
    "t",       "%",          "€",      "°c",        "euros",  "millones", "dólares", "horas",
    "minutos", "kilómetros", "metros", "toneladas", "grados", NULL};

const galley_lang_t galley_lang_spanish = {
    .code = "es",
    .hyphen_dict = "hyph_es_ES.dic",
    LATIN_MODULE,
    .date =
        {
            .months = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                       "septiembre", "octubre", "noviembre", "diciembre"},
            .weekdays = {"domingo", "lunes", "martes", "mi\u00e9rcoles", "jueves", "viernes",
                         "s\u00e1bado"},
            .pattern = "%A, %-d de %B de %Y",
        },
    .byline = {.by = "Por ", .between = ", ", .dash = " \u2013 "},
    .quotes = {.open = "\u00ab", .close = "\u00bb"},
    .units = UNITS_ES,
    .related = "M\u00e1s informaci\u00f3n",
    .continued_on = {"Contin\u00faa en la p\u00e1gina ", ""},
    .continued_from = {"Viene de la p\u00e1gina ", ""},
};

static const char *const UNITS_IT[] = {
    "km", "m",    "cm",      "mm",       "kg",     "g",          "t",     "%",          "€",
    "°c", "euro", "milioni", "miliardi", "minuti", "chilometri", "metri", "tonnellate", NULL};

const galley_lang_t galley_lang_italian = {
    .code = "it",
    .hyphen_dict = "hyph_it_IT.dic",
    LATIN_MODULE,
    .date =
        {
            .months = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                       "agosto", "settembre", "ottobre", "novembre", "dicembre"},
            .weekdays = {"domenica", "luned\u00ec", "marted\u00ec", "mercoled\u00ec",
                         "gioved\u00ec", "venerd\u00ec", "sabato"},
            .pattern = "%A %-d %B %Y",
            .first_day = "1\u00ba",
        },
    .byline = {.by = "Di ", .between = ", ", .dash = " \u2013 "},
    .quotes = {.open = "\u00ab", .close = "\u00bb"},
    .units = UNITS_IT,
    .related = "Leggi anche",
    .continued_on = {"Continua a pagina ", ""},
    .continued_from = {"Segue da pagina ", ""},
};

static const char *const UNITS_NO[] = {"km",      "m",         "cm",        "mm",         "kg",
                                       "g",       "t",         "%",         "kr",         "°c",
                                       "prosent", "kroner",    "millioner", "milliarder", "mill",
                                       "mrd",     "kilometer", "minutter",  NULL};

/* Norwegian's months, the same in Bokmål and Nynorsk. */
#define MONTHS_NO                                                                                  \
    {                                                                                              \
        "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",        \
            "oktober", "november", "desember"                                                      \
    }

const galley_lang_t galley_lang_bokmal = {
    .code = "nb",
    .hyphen_dict = "hyph_nb_NO.dic",
    LATIN_MODULE,
    .date =
        {
            .months = MONTHS_NO,
            .weekdays = {"s\u00f8ndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
                         "l\u00f8rdag"},
            .pattern = "%A %-d. %B %Y",
        },
    .byline = {.by = "Av ", .between = ", ", .dash = " \u2013 "},
    .quotes = {.open = "\u00ab", .close = "\u00bb"},
    .units = UNITS_NO,
    .related = "Les ogs\u00e5",
    .continued_on = {"Fortsettelse p\u00e5 side ", ""},
    .continued_from = {"Fortsatt fra side ", ""},
};

const galley_lang_t galley_lang_nynorsk = {
    .code = "nn",
    .hyphen_dict = "hyph_nn_NO.dic",
    LATIN_MODULE,
    .date =
        {
            .months = MONTHS_NO,
            .weekdays = {"sundag", "m\u00e5ndag", "tysdag", "onsdag", "torsdag", "fredag",
                         "laurdag"},
            .pattern = "%A %-d. %B %Y",
        },
    .byline = {.by = "Av ", .between = ", ", .dash = " \u2013 "},
    .quotes = {.open = "\u00ab", .close = "\u00bb"},
    .units = UNITS_NO,
    .related = "Les \u00f2g",
    .continued_on = {"Framhald p\u00e5 side ", ""},
    .continued_from = {"Framhald fr\u00e5 side ", ""},
};

static const char *const UNITS_SV[] = {
    "km", "m",       "cm",     "mm",       "kg",        "g",   "t",         "%",       "kr",
    "°c", "procent", "kronor", "miljoner", "miljarder", "mkr", "kilometer", "minuter", NULL};

const galley_lang_t galley_lang_swedish = {
    .code = "sv",
    .hyphen_dict = "hyph_sv_SE.dic",
    LATIN_MODULE,
    .date =
        {
            .months = {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                       "september", "oktober", "november", "december"},
            .weekdays = {"s\u00f6ndag", "m\u00e5ndag", "tisdag", "onsdag", "torsdag", "fredag",
                         "l\u00f6rdag"},
            .pattern = "%A %-d %B %Y",
        },
    .byline = {.by = "Av ", .between = ", ", .dash = " \u2013 "},
    /* Swedish sets the same closing mark on both sides */
    .quotes = {.open = "\u201d", .close = "\u201d"},
    .units = UNITS_SV,
    .related = "L\u00e4s ocks\u00e5",
    .continued_on = {"Forts\u00e4ttning p\u00e5 sidan ", ""},
    .continued_from = {"Forts\u00e4ttning fr\u00e5n sidan ", ""},
};

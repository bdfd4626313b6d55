/* english.c: English, as a language module.
 *
 * Owns the data English sets by: its words take hyphenation points by
 * libhyphen's hyphen-en-us (GALLEY_HYPHEN_EN_US, resources/hyphenation.c), and Latin punctuation
 * keeps to its word: a closing mark, a quote closing or a percent sign never
 * begins a line, an opening bracket or quote never ends one. English has no
 * script set in syllables. And the words Galley prints in English: dates as
 * "Wednesday, June 11, 2025", bylines as "By NAME, Title" on one line, the
 * dateline run in as "SEOUL — ", pull quotes in “ ”, "Related" over related articles, "Continued on
 * page N" and "Continued from page N" on jumps. English is also the words' fallback
 * (galley_lang_words), and an edition's furniture is English.
 */
#include "hyphenation.h"
#include "lang.h"

/* Latin punctuation that may not begin a line (the European modules' too). */
const uint32_t galley_lang_latin_no_start[] = {'.', ',', '!', '?',    ')',    ']',    '}',
                                               ':', ';', '%', 0x2019, 0x201D, 0x2026, 0};

/* Latin punctuation that may not end a line (the European modules' too). */
const uint32_t galley_lang_latin_no_end[] = {'(', '[', '{', 0x2018, 0x201C, 0};

/* Quotation marks, opening then closing: curly, guillemets, straight. */
static const uint32_t QUOTE_PAIRS[] = {0x201C, 0x201D, 0x2018, 0x2019, 0x00AB, 0x00BB, 0x201E,
                                       0x201C, '"',    '"',    '\'',   '\'',   0};

/* Words that follow a number: times, measures, money, counts. */
static const char *const UNITS[] = {
    "am",     "pm",     "a.m.",       "p.m.",       "km",      "m",       "cm",       "mm",
    "kg",     "g",      "t",          "mph",        "km/h",    "ppm",     "pt",       "mb",
    "gb",     "kb",     "tb",         "kw",         "mw",      "gw",      "kwh",      "%",
    "°c",     "°f",     "percent",    "per",        "million", "billion", "trillion", "bn",
    "won",    "yen",    "dollars",    "euros",      "tonnes",  "tons",    "hours",    "minutes",
    "metres", "meters", "kilometres", "kilometers", "degrees", NULL};

const uint32_t galley_lang_none[] = {0};
const galley_lang_range_t galley_lang_no_ranges[] = {{0, 0}};

const galley_lang_t galley_lang_english = {
    .code = "en",
    .hyphen_dict = GALLEY_HYPHEN_EN_US,
    .no_start = galley_lang_latin_no_start,
    .no_end = galley_lang_latin_no_end,
    .break_after = galley_lang_none,
    .syllables = galley_lang_no_ranges,
    .date =
        {
            .months = {"January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December"},
            .weekdays = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                         "Saturday"},
            .pattern = "%A, %B %-d, %Y",
        },
    .byline = {.by = "By ", .between = ", ", .dash = " \u2014 "},
    .quotes = {.open = "\u201c", .close = "\u201d"},
    .quote_pairs = QUOTE_PAIRS,
    .units = UNITS,
    .unit_prefix = 0,
    .related = "Related",
    .continued_on = {"Continued on page ", ""},
    .continued_from = {"Continued from page ", ""},
};

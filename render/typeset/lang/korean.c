/* korean.c: Korean, as a language module.
 *
 * Owns the data Korean sets by: Hangul and Hanja (and Kana, which Korean text
 * quotes) are set in syllables, kept whole between spaces and cut between
 * syllables only where the layout allows it; closing marks, Latin (the period
 * of 밝혔다.) and CJK (、。」』〉》 and the middle dot ・), never begin a line and
 * opening brackets and quotes never end one; a line may break after a middle
 * dot that joins a list of names into one word (브라질·러시아·인도); Korean
 * words take no hyphens; Korean text is never slanted (Hangul has no italic:
 * emphasis is bold or Gothic, the layout's korean_emphasis); its figures
 * are drawn in the Korean face (the layout's korean_figures), one design with
 * the Hangul around them. And the words Galley prints in Korean:
 * dates as "2025년 6월 11일 수요일", bylines as "NAME TITLE" on one line (이해준 기자), the
 * dateline run in as "서울 — ", pull quotes in “ ”,
 * "관련 기사" over related articles, "N면에 계속" and "N면에서 계속" on
 * jumps (an edition prints its jump lines in its own language, English
 * today, so these wait for a Korean edition).
 */
#include "lang.h"

/* Punctuation that may not begin a line: the Latin marks Korean text sets,
 * then the CJK ones. */
static const uint32_t NO_START[] = {'.',    ',',    '!',    '?',    ')',    ']',    '}',
                                    ':',    ';',    '%',    0x2019, 0x201D, 0x2026, 0x3001,
                                    0x3002, 0x300D, 0x300F, 0x3009, 0x300B, 0x30FB, 0};

/* Brackets and quotes that may not end a line, Latin and CJK. */
static const uint32_t NO_END[] = {'(', '[', '{', 0x2018, 0x201C, 0x300C, 0x300E, 0x3008, 0x300A, 0};

/* Corner, double corner, double angle and angle brackets, opening then
 * closing. */
static const uint32_t QUOTE_PAIRS[] = {0x300C, 0x300D, 0x300E, 0x300F, 0x300A,
                                       0x300B, 0x3008, 0x3009, 0};

/* Counters and units that follow a number ("3조 원", "5곳"); a word that
 * starts with one, its particle after it, counts too. */
static const char *const UNITS[] = {
    "원", "달러", "엔", "유로",     "명",   "개",       "년",     "월",      "일", "시",
    "분", "초",   "조", "억",       "만",   "톤",       "세",     "배",      "건", "곳",
    "대", "도",   "층", "킬로미터", "미터", "킬로그램", "퍼센트", "%포인트", NULL};

/* Middle dots joining names, and the ellipsis joining a headline's clauses
 * ("청도번역문학상…작가·번역가"): a line may break after them. */
static const uint32_t BREAK_AFTER[] = {0x00B7, 0x30FB, 0x2026, 0x22EF, 0};

/* Hangul Jamo, Kana, Hangul Compatibility Jamo, CJK Extension A, CJK Unified
 * Ideographs, Hangul Syllables, CJK Compatibility Ideographs and the
 * Supplementary Ideographic Plane. */
static const galley_lang_range_t SYLLABLES[] = {
    {0x1100, 0x11FF}, {0x3040, 0x30FF}, {0x3130, 0x318F},   {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0x20000, 0x2FFFF}, {0, 0},
};

const galley_lang_t galley_lang_korean = {
    .code = "ko",
    .hyphen_dict = NULL,
    .no_start = NO_START,
    .no_end = NO_END,
    .break_after = BREAK_AFTER,
    .solid_margins = 1,    /* full stops stay inside the measure, as Korean papers set them */
    .upright = 1,          /* Hangul has no italic: emphasis is bold or Gothic, never a slant */
    .syllable_figures = 1, /* "2027년" in NanumMyeongjo throughout, not Noto Serif figures */
    .syllables = SYLLABLES,
    .date =
        {
            .months = {"1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월",
                       "11월", "12월"},
            .weekdays = {"일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"},
            .pattern = "%Y년 %B %-d일 %A",
        },
    .byline = {.by = "", .between = " ", .dash = " \u2014 "},
    .quotes = {.open = "\u201c", .close = "\u201d"},
    .quote_pairs = QUOTE_PAIRS,
    .units = UNITS,
    .unit_prefix = 1,
    .related = "관련 기사",
    .continued_on = {"", "면에 계속"},
    .continued_from = {"", "면에서 계속"},
};

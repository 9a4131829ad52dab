/*
 * textedit.h - editing the text of a field typed on the on-screen keyboards: append one
 * character, delete the last user-perceived character (a letter with its harakat, an emoji
 * with its modifiers), and normalise Arabic-Indic digits to ASCII before validation
 * ("٩٦٨" and "968" are the same number to the ministry). Plain UTF-8 in caller-owned buffers;
 * no SDL, no allocation. Edits happen at the logical end only (the keyboards have no caret
 * movement; docs/ui.md "Known limits").
 * Thread: pure functions, any thread.
 */
#ifndef KIOSK_TEXT_TEXTEDIT_H
#define KIOSK_TEXT_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Appends code point cp to the NUL-terminated buf (size bytes). KERR_FULL when it does not fit
 * (buf unchanged); KERR_INVAL for a surrogate, a value over U+10FFFF or a C0 control. */
int textedit_append(char *buf, size_t size, uint32_t cp);

/* Removes the last grapheme cluster of buf: the base character and every combining mark,
 * variation selector, skin-tone modifier and ZWJ-joined part after it. Malformed bytes at the
 * end go one at a time. Returns the number of bytes removed (0 when buf is empty). */
size_t textedit_backspace(char *buf);

/* Copies in to out (size bytes, always terminated) with Arabic-Indic (U+0660..0669) and
 * Extended Arabic-Indic (U+06F0..06F9) digits turned into ASCII '0'..'9'. Returns the number of
 * digits in the result, or KERR_TOOBIG when out is too small. */
int textedit_ascii_digits(const char *in, char *out, size_t size);

/* True when s has only digits (ASCII or Arabic-Indic) and min_len <= count <= max_len. */
bool textedit_is_number(const char *s, int min_len, int max_len);

#endif

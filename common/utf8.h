/*
 * utf8.h - one strict UTF-8 decoder and encoder for the whole tree (text engine, keyboard field
 * editing, card text encodings).
 *
 * Strict means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing past
 * U+10FFFF, no 5- or 6-byte forms. What to do with a bad sequence is the caller's choice (the
 * text engine shows U+FFFD, the card decoder rejects the field), so utf8_next() reports how long
 * the bad sequence is. Pure functions on caller buffers: no allocation, safe from any thread.
 */
#ifndef KIOSK_UTF8_H
#define KIOSK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_MAX 4 /* longest encoding of one code point, in bytes */

/*
 * Decodes the code point that starts s[0..len), len >= 1. Returns 0 with *cp and *used (1..4).
 * A byte that cannot start a sequence, a truncated sequence, an overlong form, a surrogate or a
 * value past U+10FFFF is KERR_INVAL, *cp = U+FFFD and *used = the lead byte plus the
 * continuation bytes that follow it (at most as many as it announces), so skipping *used bytes
 * turns each bad sequence into one U+FFFD. *used is never 0.
 */
int utf8_next(const char *s, size_t len, uint32_t *cp, size_t *used);

/* true when s[0..len) is all valid UTF-8 (an empty string is). NUL bytes count as U+0000. */
bool utf8_valid(const char *s, size_t len);

/* Writes cp as UTF-8 into out; returns the length 1..4, or KERR_INVAL (nothing written) for a
 * surrogate or a value past U+10FFFF. */
int utf8_encode(uint32_t cp, char out[UTF8_MAX]);

/* The longest prefix of s no longer than n bytes that does not end inside a sequence: n itself
 * unless s[n] is a continuation byte. s must have at least n + 1 readable bytes (n < strlen(s)
 * will do). Used to cut text to fit a buffer. */
size_t utf8_cut(const char *s, size_t n);

/* The number of code points in the NUL-terminated s, each bad sequence counting as one (as the
 * text engine shows it: one U+FFFD). */
size_t utf8_count(const char *s);

#endif

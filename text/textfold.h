/*
 * textfold.h - text folded for finding by typing: what a person types on the on-screen keyboard
 * ("مهندس", "ENGIN") against the reference data's titles ("مُهَنْدِس مدني", "Civil engineer").
 * Folding: ASCII letters to lower case; Arabic tashkeel (U+064B..U+065F, U+0670) and tatweel
 * (U+0640) dropped; alef with hamza or madda (أ إ آ ٱ) to bare alef, ة to ه, ى to ي, ؤ to و,
 * ئ to ي; Arabic-Indic digits to ASCII; runs of spaces to one. Plain UTF-8 in caller-owned
 * buffers, no allocation. Thread: pure functions, any thread.
 */
#ifndef KIOSK_TEXT_TEXTFOLD_H
#define KIOSK_TEXT_TEXTFOLD_H

#include <stdbool.h>
#include <stddef.h>

/* in folded into out (size bytes, always terminated; cut on a character boundary when it does
 * not fit). Malformed UTF-8 bytes are dropped. Returns the length of out. */
size_t text_fold(const char *in, char *out, size_t size);

/* True when the folded text has the folded needle in it (an empty needle is in everything). */
bool text_fold_contains(const char *text, const char *needle);

#endif

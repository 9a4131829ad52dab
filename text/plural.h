/*
 * plural.h - CLDR cardinal plural rules for the languages the kiosk speaks or will speak: which
 * plural form a count takes, in gettext's index order (the order of msgstr[0..k] in a .po
 * plural entry, and of the categories in CLDR: zero, one, two, few, many, other, those a
 * language has). The rules are CLDR's, written out in plural.c with the rule each one cites;
 * the Plural-Forms expression of a catalogue is never evaluated (i18n.c only checks its
 * nplurals against plural_count()).
 *
 * Counts are whole numbers (the kiosk counts seconds, tries and transactions): CLDR's operands
 * for an integer are i = n, v = f = t = 0. A negative count takes the form of its absolute value
 * (CLDR's n is the absolute value).
 *
 * Languages: en, ar, hi, ur, bn, ne, ta, ml, fil. Any other code (or NULL) gets the English
 * rules. A code may carry a region ("ar_OM", "en-GB"): only the language part counts.
 *
 * Thread: pure functions, any thread.
 */
#ifndef KIOSK_TEXT_PLURAL_H
#define KIOSK_TEXT_PLURAL_H

#include <stdbool.h>

/* Number of plural forms of lang: 6 for ar, 2 for the others (and for an unknown language). */
int plural_count(const char *lang);

/* The form count n takes in lang: 0 .. plural_count(lang) - 1. */
int plural_index(const char *lang, long n);

/* True when lang has rules of its own here (false: it gets the English rules). */
bool plural_known(const char *lang);

#endif

/*
 * i18n.h - the kiosk's texts, for the screen and for paper: messages named by key
 * ("attract.title", "pin.tries_left", "receipt.status.queued"), English in po/en.po, every other
 * language in po/<lang>.po, compiled by msgfmt -c to $(B)/locale/<lang>.mo and read by our own
 * parser (nothing depends on the system locale or on libintl's process-wide state).
 *
 * Two levels:
 *   struct i18n          every language the kiosk speaks, opened once by main() and shared by
 *                        the UI thread and the print worker: i18n_tr(), i18n_fmt(), i18n_nfmt().
 *   struct i18n_catalog  one .mo file: the low-level reader underneath (tests, fuzzers).
 *
 * Keys match ^[a-z0-9_]+(\.[a-z0-9_]+)+$. A text's placeholders are {name} (name: a-z, 0-9, _);
 * a '{' that does not start one is an ordinary character. Every argument is inserted inside
 * FSI (U+2068) ... PDI (U+2069), so a reference, a date or a number keeps its own order inside
 * Arabic, and an Arabic name inside English (the text engine resolves the isolates; they are
 * never drawn).
 *
 * Digits: each language writes numbers with Western (0-9) or Arabic-Indic digits (U+0660..U+0669),
 * set once by i18n_set_digits() (kiosk.conf [language] digits_<lang>). With Arabic-Indic digits,
 * every ASCII digit i18n_fmt() and i18n_nfmt() write, the text's own and its arguments' alike,
 * becomes the Arabic-Indic one, and a '.' between two digits the Arabic decimal separator
 * U+066B ("12.500" -> "١٢٫٥٠٠"), except in a code: a word (between spaces, or isolate and
 * embedding controls) that starts with I18N_CODE (LRM) or holds a Latin letter A-Z/a-z keeps
 * every character as it is (references "K-0001-000042-7", "ISCO-08", a masked civil number,
 * a CR number the caller marks). This is the one place digits change, so the screen and the paper,
 * which both format through here, always agree. i18n_tr() returns the catalogue's text as
 * written (labels, buttons, the keyboards' rows: test_i18n checks that no plain text's digits
 * would change); i18n_digits() applies the rule to a value written elsewhere.
 *
 * Plurals: a gettext plural entry (msgid KEY, msgid_plural KEY, msgstr[0..k]); the form is chosen
 * by the CLDR rules of the language (text/plural.h), never by evaluating Plural-Forms. A form
 * that CLDR uses for exactly one number (Arabic zero, one, two; English one) may leave {n} out
 * ("ثانية واحدة"), as gettext's msgfmt -c allows; every other form has the same placeholders
 * as English.
 *
 * Fallbacks, so a translator's slip never loses a number or shows nothing: a text missing from
 * the language's catalogue, or whose placeholders differ from the English ones, or a plural
 * entry with the wrong number of forms (or in a catalogue whose Plural-Forms nplurals is not
 * plural_count(lang)), is shown in English; a key English lacks is shown as the key. Each case
 * is logged once per (language, key).
 *
 * Where catalogues are looked for (i18n_open_lang): $KIOSK_LOCALE_DIR/<lang>.mo, then
 * <folder of the program>/locale/<lang>.mo, then <folder of the program>/../locale/<lang>.mo
 * (build/kiosk and build/tests/test_* both find build/locale/).
 *
 * No SDL here. Thread: a struct i18n and a catalogue are read-only after open; any thread may
 * look up (the log-once bookkeeping has its own lock).
 */
#ifndef KIOSK_TEXT_I18N_H
#define KIOSK_TEXT_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* ---- the kiosk's texts ------------------------------------------------------------------- */

struct i18n;

/* Marks a message key kept in a table, away from an i18n_tr/fmt/nfmt call, so scripts/lint-text
 * checks it is in every catalogue. */
#define N_(key) key

#define I18N_LANGS_MAX 16 /* languages in one struct i18n */
#define I18N_ARGS_MAX  8  /* distinct {placeholders} in one text (more: it never matches) */
#define I18N_LANG_MAX  15 /* bytes in a language code ("fil", "ar_OM") */

/*
 * Opens the catalogue of every language in langs (NULL-terminated; NULL means {"en", "ar"}).
 * English is the fallback of every text, so it is always opened (added when not listed) and
 * its catalogue must be usable: otherwise KERR_NOTFOUND / KERR_CORRUPT / KERR_IO / KERR_TOOBIG
 * (logged; a kiosk that would show keys must not start). Another language without a usable
 * catalogue is logged and shows English. KERR_INVAL: a bad code, or more than I18N_LANGS_MAX.
 * Caller owns *out (NULL on error) and frees it with i18n_free().
 */
int i18n_open_all(struct i18n **out, const char *const *langs);

/*
 * The same from catalogues already open (tests, fuzzers): cats[k] is langs[k]'s catalogue or
 * NULL (no catalogue). Ownership of every cats[k] passes to *out, also on error. English need not
 * be among langs. KERR_INVAL as above.
 */
struct i18n_catalog;
int i18n_adopt(struct i18n **out, const char *const *langs, struct i18n_catalog **cats);

void i18n_free(struct i18n *i); /* NULL is a no-op */

/* lang's catalogue, or NULL when lang is not open or has none. Borrowed until i18n_free. */
const struct i18n_catalog *i18n_catalog_of(const struct i18n *i, const char *lang);

/*
 * The text of key in lang; never NULL. lang's text, else the English one (logged once per key),
 * else the key itself (logged once). A plural entry gives its first form. Borrowed until
 * i18n_free. i NULL: the key, not logged.
 */
const char *i18n_tr(const struct i18n *i, const char *lang, const char *key);

/* One argument: {name} in the text is replaced by value (UTF-8; copied inside FSI ... PDI, with
 * any bidi embedding/isolate control in it dropped so a value cannot end its own isolate). */
struct i18n_arg {
	const char *name;
	const char *value;
};

/*
 * The text of key in lang with every {name} replaced by its argument, into out (size bytes).
 * Always terminated (size > 0); a text that does not fit is cut at a character boundary, never
 * inside a UTF-8 sequence (an argument cut short still gets its PDI); invalid UTF-8 becomes
 * U+FFFD. A {name} with no argument is copied as it is (logged once). Returns out; with size 0
 * nothing is written and "" is returned. args may be NULL when nargs is 0.
 */
const char *i18n_fmt(const struct i18n *i, const char *lang, const char *key,
                     const struct i18n_arg *args, int nargs, char *out, size_t size);

/*
 * A count: the form of key's plural entry that n takes in lang (CLDR rules, plural_index()),
 * formatted as i18n_fmt() does with {n} = n in lang's digits (isolated like any argument; an
 * argument named "n" in args is ignored). A key whose entry is not a plural one uses its one text
 * for every n.
 */
const char *i18n_nfmt(const struct i18n *i, const char *lang, const char *key, long n,
                      const struct i18n_arg *args, int nargs, char *out, size_t size);

/* ---- digits ------------------------------------------------------------------------------ */

enum i18n_digits {
	I18N_DIGITS_WESTERN = 0,  /* 0-9: the default of every language */
	I18N_DIGITS_ARABIC_INDIC, /* U+0660..U+0669, decimal separator U+066B */
};

/* LEFT-TO-RIGHT MARK: a word that starts with it is a code, whose digits are never changed (and
 * which reads left to right inside Arabic: app/engine/valuefmt.c puts it before the codes it
 * writes). */
#define I18N_CODE "\xE2\x80\x8E"

/* "western" or "arabic-indic" (the kiosk.conf values) into *out; KERR_INVAL otherwise. */
int i18n_digits_parse(const char *name, enum i18n_digits *out);

/*
 * The digits lang's formatted texts use from now on. KERR_NOTFOUND when lang is not open,
 * KERR_INVAL for a value outside the enum. Not locked: call it before the i18n is shared (main(),
 * before the ui and the workers start), like i18n_open_all().
 */
int i18n_set_digits(struct i18n *i, const char *lang, enum i18n_digits d);

/* lang's digits; Western when i is NULL or lang is not open. */
enum i18n_digits i18n_digits_of(const struct i18n *i, const char *lang);

/*
 * s written with lang's digits (the rule above) into out (size bytes): a value made outside
 * i18n_fmt() (an integer, a text from the backend) shows as it would inside one. Bidi controls
 * in s are kept. Always terminated, cut at a character boundary like i18n_fmt(); invalid UTF-8
 * becomes U+FFFD. Returns out ("" for size 0). s and out must not overlap.
 */
const char *i18n_digits(const struct i18n *i, const char *lang, const char *s, char *out,
                        size_t size);

/*
 * How lang's catalogue compares with English: the number of its keys that would not be used
 * (missing from lang, placeholders differing, a plural entry with the wrong number of forms or
 * not a plural entry where English has one) plus the keys lang has and English does not. The
 * first problem is described in why (may be NULL). KERR_NOTFOUND when lang or English has no
 * catalogue. Tests and start-up checks.
 */
int i18n_check(const struct i18n *i, const char *lang, char *why, size_t size);

/* True when the two texts use the same set of {placeholders} (order and repeats aside). */
bool i18n_same_placeholders(const char *a, const char *b);

/* ---- one catalogue (.mo) ----------------------------------------------------------------- */

#define I18N_MAX_BYTES (1024 * 1024) /* a larger .mo is refused (KERR_TOOBIG) */

/* Reads a .mo file. KERR_NOTFOUND (no file), KERR_IO, KERR_TOOBIG, KERR_CORRUPT (not a valid
 * .mo: bad magic, offsets outside the file, unterminated strings, unsorted keys, a string that
 * is not UTF-8); logged. Caller frees with i18n_close(). */
int i18n_open(struct i18n_catalog **out, const char *mo_path);
/* The same from memory (copied); name is only for the log. */
int i18n_open_mem(struct i18n_catalog **out, const void *data, size_t size, const char *name);
/* Finds and reads <lang>.mo on the search path above; KERR_NOTFOUND when none exists. */
int i18n_open_lang(struct i18n_catalog **out, const char *lang);
void i18n_close(struct i18n_catalog *c); /* NULL is a no-op */

/* The text of key (the first form of a plural entry), or NULL when the catalogue has none (or
 * an empty one). Borrowed until i18n_close. c may be NULL (always NULL then). */
const char *i18n_lookup(const struct i18n_catalog *c, const char *key);
/* Form `form` (0-based) of key's entry, or NULL when there is no such entry or form; the
 * entry's number of forms goes to *nforms when not NULL (1 for an ordinary entry, 0 when
 * missing). */
const char *i18n_lookup_form(const struct i18n_catalog *c, const char *key, int form, int *nforms);
/* Number of translated messages (the header entry not counted). */
int i18n_count(const struct i18n_catalog *c);
/* The key of message k (0 <= k < i18n_count(), in sorted order), with its number of forms in
 * *nforms when not NULL; NULL past the end. */
const char *i18n_key_at(const struct i18n_catalog *c, int k, int *nforms);
/* nplurals from the header's Plural-Forms line; 0 when the header has none. */
int i18n_nplurals(const struct i18n_catalog *c);
/* The path the catalogue was read from. */
const char *i18n_path(const struct i18n_catalog *c);

#endif

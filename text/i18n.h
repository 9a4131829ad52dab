/*
 * i18n.h - translation catalogues: gettext .mo files (compiled from po/<lang>.po by msgfmt at
 * build time) read by our own parser, so nothing depends on the system locale or on libintl's
 * process-wide state. English is the msgid; a language without a catalogue shows English.
 *
 * Where the catalogue is looked for (i18n_open_lang): $KIOSK_LOCALE_DIR/<lang>.mo, then
 * <folder of the program>/locale/<lang>.mo, then <folder of the program>/../locale/<lang>.mo
 * (build/kiosk and build/tests/test_* both find build/locale/).
 *
 * Formats: only %d, %s and %% are allowed in catalogue strings. i18n_format_ok() tells whether a
 * translation has the same placeholders, in the same order, as its msgid; callers fall back to
 * the msgid when it does not (a translator's slip never crashes or loses the number).
 *
 * No SDL here. Thread: a catalogue is read-only after open; any thread may look up.
 */
#ifndef KIOSK_TEXT_I18N_H
#define KIOSK_TEXT_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct i18n_catalog;

#define I18N_MAX_BYTES (1024 * 1024) /* a larger .mo is refused (KERR_TOOBIG) */

/* Reads a .mo file. KERR_NOTFOUND (no file), KERR_IO, KERR_TOOBIG, KERR_CORRUPT (not a valid
 * .mo: bad magic, offsets outside the file, unterminated strings); logged. Caller frees. */
int i18n_open(struct i18n_catalog **out, const char *mo_path);
/* The same from memory (copied); name is only for the log. */
int i18n_open_mem(struct i18n_catalog **out, const void *data, size_t size, const char *name);
/* Finds and reads <lang>.mo on the search path above; KERR_NOTFOUND when none exists. */
int i18n_open_lang(struct i18n_catalog **out, const char *lang);
void i18n_close(struct i18n_catalog *c); /* NULL is a no-op */

/* The translation of msgid, or NULL when the catalogue has none (or an empty one). Borrowed
 * until i18n_close. c may be NULL (always NULL then). */
const char *i18n_lookup(const struct i18n_catalog *c, const char *msgid);
/* Number of translated messages (the header entry not counted). */
int i18n_count(const struct i18n_catalog *c);
/* The path the catalogue was read from. */
const char *i18n_path(const struct i18n_catalog *c);

/* True when tr uses only %d/%s/%% and the same sequence of placeholders as msgid. */
bool i18n_format_ok(const char *msgid, const char *tr);

#endif

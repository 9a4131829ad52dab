/*
 * test_i18n.c - the text layer's catalogues and API (text/i18n.h, text/plural.h):
 *   - po/en.po and po/ar.po (as built into build/locale): every key of one is in the other,
 *     with the same placeholders, and every plural entry has plural_count(lang) forms;
 *   - plural_index() of every language against CLDR's examples;
 *   - i18n_fmt(): each argument isolated in FSI ... PDI, bidi controls dropped from arguments,
 *     a cut output never splits a UTF-8 sequence;
 *   - the fallbacks, on catalogues built here with msgfmt: a missing text, a translation whose
 *     placeholders differ, a plural form without {n} (allowed only where CLDR's form is one
 *     number), a catalogue with the wrong nplurals, a missing key, an unknown language;
 *   - i18n_open_all() without English, and a catalogue that is not UTF-8;
 *   - the digits of a language (i18n_set_digits): Arabic-Indic in what i18n_fmt()/i18n_nfmt()
 *     write for that language only, codes (LRM first, or a Latin letter) kept, the decimal
 *     separator, i18n_digits(), and no catalogue text read with i18n_tr() that the rule would
 *     change unseen;
 *   - two threads sharing one struct i18n.
 */
#include "../tap.h"
#include "../texts.h"

#include "common/kerr.h"
#include "common/utf8.h"
#include "text/i18n.h"
#include "text/plural.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FSI "\u2068"
#define PDI "\u2069"

/* ---- the real catalogues -------------------------------------------------------------------- */

static void
test_catalogues(void)
{
	struct i18n *tx = NULL;
	char why[300];
	int rc = i18n_open_all(&tx, NULL);
	is_int(rc, 0, "i18n_open_all(NULL) opens en and ar from build/locale");
	if (rc < 0)
		return;
	const struct i18n_catalog *en = i18n_catalog_of(tx, "en"), *ar = i18n_catalog_of(tx, "ar");
	ok(en && ar, "both catalogues are there");
	is_int(i18n_nplurals(en), plural_count("en"), "en.po's Plural-Forms has CLDR's 2 forms");
	is_int(i18n_nplurals(ar), plural_count("ar"), "ar.po's Plural-Forms has CLDR's 6 forms");
	ok(i18n_count(en) > 80, "en.po has every text (%d)", i18n_count(en));

	int missing = 0, extra = 0, ph = 0, forms = 0, plurals = 0;
	const char *first = "";
	for (int k = 0; k < i18n_count(en); k++) {
		int enf, arf;
		const char *key = i18n_key_at(en, k, &enf);
		if (!i18n_lookup_form(ar, key, 0, &arf)) {
			missing++;
			first = key;
			continue;
		}
		plurals += enf > 1;
		if ((enf > 1 && (enf != plural_count("en") || arf != plural_count("ar"))) ||
		    (enf == 1 && arf != 1)) {
			forms++;
			first = key;
		}
		/* every English form and every Arabic form has the placeholders of English "other",
		 * but for {n} in a form CLDR uses for one number only */
		const char *ref = i18n_lookup_form(en, key, enf - 1, NULL);
		for (int l = 0; l < 2; l++) {
			const struct i18n_catalog *c = l ? ar : en;
			int nf = l ? arf : enf;
			for (int f = 0; f < nf; f++) {
				const char *t = i18n_lookup_form(c, key, f, NULL);
				bool lone = strstr(ref, "{n}") && !strstr(t, "{n}") && nf > 1;
				if (!i18n_same_placeholders(t, ref) && !lone) {
					ph++;
					first = key;
				}
			}
		}
	}
	for (int k = 0; k < i18n_count(ar); k++) {
		const char *key = i18n_key_at(ar, k, NULL);
		if (!i18n_lookup(en, key)) {
			extra++;
			first = key;
		}
	}
	ok(missing == 0, "every key of en.po is in ar.po (%d missing%s%s)", missing,
	   missing ? ", e.g. " : "", missing ? first : "");
	ok(extra == 0, "every key of ar.po is in en.po (%d extra)", extra);
	ok(ph == 0, "same placeholders in both (%d differ%s%s)", ph, ph ? ", e.g. " : "",
	   ph ? first : "");
	ok(forms == 0 && plurals >= 3,
	   "%d plural entries, each with plural_count(lang) forms (%d bad)", plurals, forms);
	is_int(i18n_check(tx, "ar", why, sizeof(why)), 0, "i18n_check(ar) finds nothing%s%s",
	       why[0] ? ": " : "", why);
	/* the counts on screen are plural entries */
	static const char *const counts[] = {"idle.session_ends", "pin.tries_left",
	                                     "status.waiting"};
	int plural_counts = 0;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		int nf = 0;
		i18n_lookup_form(ar, counts[i], 0, &nf);
		plural_counts += nf == 6;
	}
	is_int(plural_counts, 3, "the countdown, the PIN tries and the waiting count are plurals");
	/* no %d left in any text */
	int pct = 0;
	for (int l = 0; l < 2; l++) {
		const struct i18n_catalog *c = l ? ar : en;
		for (int k = 0; k < i18n_count(c); k++) {
			int nf;
			const char *key = i18n_key_at(c, k, &nf);
			for (int f = 0; f < nf; f++)
				for (const char *p = i18n_lookup_form(c, key, f, NULL);
				     (p = strchr(p, '%')); p++) /* "18%" is a percentage */
					pct += p[1] && strchr("sdiuxXfcpl.-*0123456789", p[1]);
		}
	}
	is_int(pct, 0, "no text has a printf conversion");

	char out[200];
	is_str(i18n_nfmt(tx, "ar", "idle.session_ends", 30, NULL, 0, out, sizeof(out)),
	       "ستنتهي الجلسة خلال " FSI "30" PDI " ثانية", "ar, 30 seconds: the many form");
	is_str(i18n_nfmt(tx, "ar", "idle.session_ends", 1, NULL, 0, out, sizeof(out)),
	       "ستنتهي الجلسة خلال ثانية واحدة", "ar, 1 second: the one form, no digit");
	is_str(i18n_nfmt(tx, "ar", "idle.session_ends", 7, NULL, 0, out, sizeof(out)),
	       "ستنتهي الجلسة خلال " FSI "7" PDI " ثوانٍ", "ar, 7 seconds: the few form");
	is_str(i18n_nfmt(tx, "ar", "idle.session_ends", 101, NULL, 0, out, sizeof(out)),
	       "ستنتهي الجلسة خلال " FSI "101" PDI " ثانية", "ar, 101 seconds: the other form");
	is_str(i18n_nfmt(tx, "en", "pin.tries_left", 1, NULL, 0, out, sizeof(out)),
	       "Tries left: " FSI "1" PDI, "en, one try left");
	is_str(i18n_tr(tx, "ar", "common.ministry"), "وزارة العمل", "ar text by key");
	is_str(i18n_tr(tx, "en", "common.ministry"), "Ministry of Labour", "en text by key");
	i18n_free(tx);
}

/* ---- plural rules --------------------------------------------------------------------------- */

struct example {
	long n;
	int form;
};

static void
check_rule(const char *lang, int count, const struct example *ex, size_t nex)
{
	int bad = 0;
	long first = 0;
	for (size_t i = 0; i < nex; i++) {
		if (plural_index(lang, ex[i].n) != ex[i].form) {
			if (!bad++)
				first = ex[i].n;
		}
	}
	ok(bad == 0 && plural_count(lang) == count && plural_known(lang),
	   "%s: %d forms, %zu CLDR examples (%d wrong%s%ld)", lang, count, nex, bad,
	   bad ? ", first " : "", bad ? first : 0L);
}

#define CHECK(lang, count, ...)                                                                    \
	do {                                                                                       \
		static const struct example ex[] = {__VA_ARGS__};                                  \
		check_rule(lang, count, ex, sizeof(ex) / sizeof(ex[0]));                           \
	} while (0)

static void
test_plurals(void)
{
	/* ar: zero 0; one 1; two 2; few 3~10, 103~110, 1003; many 11~26, 111, 1011; other
	 * 100~102, 200~202, 1000, 10000 */
	CHECK("ar", 6, {0, 0}, {1, 1}, {2, 2}, {3, 3}, {10, 3}, {103, 3}, {110, 3}, {1003, 3},
	      {11, 4}, {26, 4}, {99, 4}, {111, 4}, {199, 4}, {1011, 4}, {100, 5}, {101, 5},
	      {102, 5}, {200, 5}, {202, 5}, {1000, 5}, {10000, 5}, {-3, 3}, {-1, 1});
	/* en, ur: one 1; other 0, 2~16, 100, 1000 */
	CHECK("en", 2, {1, 0}, {0, 1}, {2, 1}, {16, 1}, {100, 1}, {1000, 1}, {-1, 0});
	CHECK("ur", 2, {1, 0}, {0, 1}, {2, 1}, {16, 1}, {100, 1}, {1000, 1});
	/* hi, bn: one 0, 1; other 2~17, 100, 1000 */
	CHECK("hi", 2, {0, 0}, {1, 0}, {2, 1}, {17, 1}, {100, 1}, {1000, 1});
	CHECK("bn", 2, {0, 0}, {1, 0}, {2, 1}, {17, 1}, {100, 1}, {1000, 1});
	/* ne, ta, ml: one 1; other 0, 2~16, 100, 1000 */
	CHECK("ne", 2, {1, 0}, {0, 1}, {2, 1}, {16, 1}, {100, 1}, {1000, 1});
	CHECK("ta", 2, {1, 0}, {0, 1}, {2, 1}, {16, 1}, {100, 1}, {1000, 1});
	CHECK("ml", 2, {1, 0}, {0, 1}, {2, 1}, {16, 1}, {100, 1}, {1000, 1});
	/* fil: one 0~3, 5, 7, 8, 10~13, 15, 17, 18, 20, 21, 100, 1000; other 4, 6, 9, 14, 16, 19,
	 * 24, 26, 104, 1004 */
	CHECK("fil", 2, {0, 0}, {1, 0}, {2, 0}, {3, 0}, {5, 0}, {7, 0}, {8, 0}, {10, 0}, {13, 0},
	      {15, 0}, {17, 0}, {18, 0}, {20, 0}, {21, 0}, {100, 0}, {1000, 0}, {4, 1}, {6, 1},
	      {9, 1}, {14, 1}, {16, 1}, {19, 1}, {24, 1}, {26, 1}, {104, 1}, {1004, 1});
	ok(plural_index("ar_OM", 11) == 4 && plural_index("en-GB", 1) == 0,
	   "a region after the language is ignored");
	ok(!plural_known("fr") && plural_count("fr") == 2 && plural_index("fr", 0) == 1 &&
	           plural_count(NULL) == 2 && plural_index(NULL, 1) == 0,
	   "an unknown language (or NULL) gets the English rules");
	ok(plural_index("ar", LONG_MIN) >= 0 && plural_index("ar", LONG_MIN) < 6 &&
	           plural_index("ar", LONG_MAX) >= 0,
	   "LONG_MIN and LONG_MAX are counts like any other");
}

/* ---- catalogues built here ------------------------------------------------------------------ */

/* Writes dir/<lang>.po with body after a header, and compiles it to dir/<lang>.mo. */
static int
write_cat(const char *dir, const char *lang, const char *charset, const char *plural_forms,
          const char *body)
{
	char po[600], mo[600];
	snprintf(po, sizeof(po), "%s/%s.po", dir, lang);
	snprintf(mo, sizeof(mo), "%s/%s.mo", dir, lang);
	FILE *f = fopen(po, "w");
	if (!f)
		return -1;
	fprintf(f, "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=%s\\n\"\n",
	        charset);
	if (plural_forms)
		fprintf(f, "\"Plural-Forms: %s\\n\"\n", plural_forms);
	fprintf(f, "\n%s", body);
	fclose(f);
	return test_msgfmt(po, mo);
}

static const char en_body[] = "msgid \"t.plain\"\nmsgstr \"Hello\"\n\n"
                              "msgid \"t.arg\"\nmsgstr \"Reference: {ref}\"\n\n"
                              "msgid \"t.two\"\nmsgstr \"{a} then {b}\"\n\n"
                              "msgid \"t.only_en\"\nmsgstr \"Only English\"\n\n"
                              "msgid \"t.count\"\nmsgid_plural \"t.count\"\n"
                              "msgstr[0] \"{n} item\"\nmsgstr[1] \"{n} items\"\n\n"
                              "msgid \"t.bad_count\"\nmsgid_plural \"t.bad_count\"\n"
                              "msgstr[0] \"{n} day\"\nmsgstr[1] \"{n} days\"\n\n"
                              "msgid \"t.short\"\nmsgid_plural \"t.short\"\n"
                              "msgstr[0] \"{n} x\"\nmsgstr[1] \"{n} xs\"\n";

static const char ar_body[] =
        "msgid \"t.plain\"\nmsgstr \"مرحبا\"\n\n"
        /* placeholders differ from English: not used */
        "msgid \"t.arg\"\nmsgstr \"المرجع: {reference}\"\n\n"
        /* reordered: fine */
        "msgid \"t.two\"\nmsgstr \"{b} ثم {a}\"\n\n"
        "msgid \"t.count\"\nmsgid_plural \"t.count\"\n"
        "msgstr[0] \"لا شيء {n}\"\nmsgstr[1] \"عنصر واحد\"\nmsgstr[2] \"عنصران\"\n"
        "msgstr[3] \"{n} عناصر\"\nmsgstr[4] \"{n} عنصراً\"\nmsgstr[5] \"{n} عنصر\"\n\n"
        /* the few form (3..10: many numbers) lost its {n}: the entry is not used there */
        "msgid \"t.bad_count\"\nmsgid_plural \"t.bad_count\"\n"
        "msgstr[0] \"{n} يوم\"\nmsgstr[1] \"يوم واحد\"\nmsgstr[2] \"يومان\"\n"
        "msgstr[3] \"أيام\"\nmsgstr[4] \"{n} يوماً\"\nmsgstr[5] \"{n} يوم\"\n\n"
        /* two forms where Arabic has six: not used */
        "msgid \"t.short\"\nmsgid_plural \"t.short\"\n"
        "msgstr[0] \"{n} س\"\nmsgstr[1] \"{n} سس\"\n\n"
        "msgid \"t.only_ar\"\nmsgstr \"عربي فقط\"\n";

static const char ar_plurals[] = "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "
                                 "&& n%100<=10 ? 3 : n%100>=11 ? 4 : 5;";

static struct i18n *
open_dir(const char *dir)
{
	struct i18n *tx = NULL;
	setenv("KIOSK_LOCALE_DIR", dir, 1);
	int rc = i18n_open_all(&tx, NULL);
	unsetenv("KIOSK_LOCALE_DIR");
	return rc == 0 ? tx : NULL;
}

static void
test_fallbacks(void)
{
	char dir[500], out[200], why[300];
	snprintf(dir, sizeof(dir), "%s/cats", tap_tmpdir());
	mkdir(dir, 0755);
	if (write_cat(dir, "en", "UTF-8", "nplurals=2; plural=(n != 1);", en_body) < 0 ||
	    write_cat(dir, "ar", "UTF-8", ar_plurals, ar_body) < 0) {
		ok(0, "msgfmt builds the test catalogues");
		return;
	}
	struct i18n *tx = open_dir(dir);
	ok(tx != NULL, "the test catalogues open");
	if (!tx)
		return;
	is_str(i18n_tr(tx, "ar", "t.plain"), "مرحبا", "a translated text");
	is_str(i18n_tr(tx, "ar", "t.only_en"), "Only English", "missing in ar: English");
	is_str(i18n_tr(tx, "ar", "t.nowhere"), "t.nowhere", "missing everywhere: the key");
	is_str(i18n_tr(tx, "fr", "t.plain"), "Hello", "a language not open: English");
	is_str(i18n_tr(tx, "ar", "t.only_ar"), "عربي فقط", "a text English lacks is still shown");
	is_str(i18n_tr(NULL, "ar", "t.plain"), "t.plain", "no struct i18n: the key");
	const struct i18n_arg ref = {"ref", "MOL-1"};
	is_str(i18n_fmt(tx, "ar", "t.arg", &ref, 1, out, sizeof(out)),
	       "Reference: " FSI "MOL-1" PDI,
	       "a translation with other placeholders is not used: English, number kept");
	const struct i18n_arg ab[] = {{"a", "1"}, {"b", "2"}};
	is_str(i18n_fmt(tx, "ar", "t.two", ab, 2, out, sizeof(out)), FSI "2" PDI " ثم " FSI "1" PDI,
	       "placeholders may be reordered");
	is_str(i18n_fmt(tx, "en", "t.two", ab, 1, out, sizeof(out)), FSI "1" PDI " then {b}",
	       "a placeholder without an argument is copied as it is");
	/* counts */
	static const struct {
		long n;
		const char *want;
	} cnt[] = {
	        {0, "لا شيء " FSI "0" PDI},
	        {1, "عنصر واحد"},
	        {2, "عنصران"},
	        {3, FSI "3" PDI " عناصر"},
	        {11, FSI "11" PDI " عنصراً"},
	        {100, FSI "100" PDI " عنصر"},
	        {-4, FSI "-4" PDI " عناصر"},
	        {1000000, FSI "1000000" PDI " عنصر"},
	};
	int good = 0;
	for (size_t i = 0; i < sizeof(cnt) / sizeof(cnt[0]); i++)
		good += !strcmp(i18n_nfmt(tx, "ar", "t.count", cnt[i].n, NULL, 0, out, sizeof(out)),
		                cnt[i].want);
	is_int(good, 8, "Arabic counts take their six CLDR forms; one and two may drop {n}");
	is_str(i18n_nfmt(tx, "en", "t.count", 1, NULL, 0, out, sizeof(out)), FSI "1" PDI " item",
	       "English one");
	is_str(i18n_nfmt(tx, "en", "t.count", 0, NULL, 0, out, sizeof(out)), FSI "0" PDI " items",
	       "English other (0)");
	is_str(i18n_nfmt(tx, "ar", "t.bad_count", 5, NULL, 0, out, sizeof(out)),
	       FSI "5" PDI " days", "a few form without {n} is not used: English");
	is_str(i18n_nfmt(tx, "ar", "t.bad_count", 1, NULL, 0, out, sizeof(out)), "يوم واحد",
	       "... its one form is (CLDR's one is the number 1 only)");
	is_str(i18n_nfmt(tx, "ar", "t.short", 3, NULL, 0, out, sizeof(out)), FSI "3" PDI " xs",
	       "a plural entry with the wrong number of forms: English");
	is_str(i18n_nfmt(tx, "ar", "t.plain", 3, NULL, 0, out, sizeof(out)), "مرحبا",
	       "a key that is not a plural entry: its one text for every count");
	const struct i18n_arg n_arg = {"n", "ignored"};
	is_str(i18n_nfmt(tx, "en", "t.count", 2, &n_arg, 1, out, sizeof(out)), FSI "2" PDI " items",
	       "{n} is the count, not an argument named n");
	int bad = i18n_check(tx, "ar", why, sizeof(why));
	ok(bad == 5 && strstr(why, "\"t."), "i18n_check(ar) counts the 5 problems (%d: %s)", bad,
	   why);
	is_int(i18n_check(tx, "fr", NULL, 0), KERR_NOTFOUND, "i18n_check of a language not open");
	i18n_free(tx);

	/* Arabic with the wrong nplurals: its counts in English, its plain texts still Arabic */
	if (write_cat(dir, "ar", "UTF-8", "nplurals=2; plural=(n != 1);", ar_body) == 0 &&
	    (tx = open_dir(dir))) {
		is_str(i18n_nfmt(tx, "ar", "t.count", 11, NULL, 0, out, sizeof(out)),
		       FSI "11" PDI " items", "nplurals=2 in ar.mo: counts fall back to English");
		is_str(i18n_tr(tx, "ar", "t.plain"), "مرحبا", "... plain texts do not");
		i18n_free(tx);
	} else {
		ok(0, "a catalogue with nplurals=2");
	}

	/* a catalogue that is not UTF-8 is refused */
	struct i18n_catalog *c = NULL;
	char mo[600];
	snprintf(mo, sizeof(mo), "%s/ar.mo", dir);
	if (write_cat(dir, "ar", "ISO-8859-1", ar_plurals,
	              "msgid \"t.plain\"\nmsgstr \"caf\xe9\"\n") == 0)
		is_int(i18n_open(&c, mo), KERR_CORRUPT, "a Latin-1 catalogue is refused");
	else
		ok(0, "msgfmt builds a Latin-1 catalogue");
	i18n_close(c);

	/* without English nothing opens; without Arabic, Arabic is English */
	char only_ar[600];
	snprintf(only_ar, sizeof(only_ar), "%s/no-en", tap_tmpdir());
	mkdir(only_ar, 0755);
	if (write_cat(only_ar, "ar", "UTF-8", ar_plurals, ar_body) == 0) {
		setenv("KIOSK_LOCALE_DIR", only_ar, 1);
		tx = (struct i18n *)1;
		is_int(i18n_open_all(&tx, NULL), KERR_NOTFOUND, "no en.mo: i18n_open_all fails");
		ok(tx == NULL, "... and gives no object");
		unsetenv("KIOSK_LOCALE_DIR");
	}
	unlink(mo);
	tx = open_dir(dir);
	ok(tx && !strcmp(i18n_tr(tx, "ar", "t.plain"), "Hello"),
	   "no ar.mo: the kiosk opens, Arabic shows English");
	i18n_free(tx);
	static const char *const bad_langs[] = {"en", "../etc", NULL};
	tx = (struct i18n *)1;
	is_int(i18n_open_all(&tx, bad_langs), KERR_INVAL, "a language code with a slash");
	ok(tx == NULL, "... gives no object");
}

/* ---- digits ---------------------------------------------------------------------------------- */

/* The texts read as they are written (i18n_tr(): labels, keyboards) whose digits the Arabic-Indic
 * rule would change: each is here because it is never a number for people, or is only ever
 * formatted (then the rule applies to it, as to every formatted text). A new one fails the test:
 * decide, then list it. */
static const char *const digits_as_written[] = {
        "keyboard.row1",         /* the English keyboard's digit keys: what the keys type */
        "gallery.phone_sample",  /* a value as typed (the widget gallery) */
        "form.err.phone",        /* a form notice: always through i18n_fmt() */
        "jobseeker.mobile_hint", /* a form hint: always through i18n_fmt() (present.c) */
};

static bool
as_written(const char *key)
{
	for (size_t k = 0; k < sizeof(digits_as_written) / sizeof(digits_as_written[0]); k++)
		if (!strcmp(key, digits_as_written[k]))
			return true;
	return false;
}

static void
test_digits(void)
{
	struct i18n *tx = NULL;
	char out[300], a[300];
	enum i18n_digits d = I18N_DIGITS_ARABIC_INDIC;
	is_int(i18n_digits_parse("western", &d), 0, "\"western\" is a digit style");
	ok(d == I18N_DIGITS_WESTERN, "... Western");
	is_int(i18n_digits_parse("arabic-indic", &d), 0, "\"arabic-indic\" is one");
	ok(d == I18N_DIGITS_ARABIC_INDIC, "... Arabic-Indic");
	is_int(i18n_digits_parse("hindi", &d), KERR_INVAL, "\"hindi\" is not");
	is_int(i18n_digits_parse(NULL, &d), KERR_INVAL, "nor is NULL");
	if (i18n_open_all(&tx, NULL) < 0) {
		ok(0, "catalogues for the digit checks");
		return;
	}
	ok(i18n_digits_of(tx, "ar") == I18N_DIGITS_WESTERN &&
	           i18n_digits_of(tx, "en") == I18N_DIGITS_WESTERN,
	   "every language starts with Western digits");
	i18n_nfmt(tx, "ar", "pin.tries_left", 3, NULL, 0, out, sizeof(out));
	ok(strstr(out, FSI "3" PDI) != NULL, "Western: {n} in ASCII digits (%s)", out);
	is_int(i18n_set_digits(tx, "fr", I18N_DIGITS_ARABIC_INDIC), KERR_NOTFOUND,
	       "a language that is not open: KERR_NOTFOUND");
	is_int(i18n_set_digits(tx, "ar", (enum i18n_digits)7), KERR_INVAL,
	       "a style outside the enum: KERR_INVAL");
	is_int(i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC), 0, "Arabic-Indic for ar");
	ok(i18n_digits_of(tx, "ar") == I18N_DIGITS_ARABIC_INDIC &&
	           i18n_digits_of(tx, "en") == I18N_DIGITS_WESTERN,
	   "... for ar only");
	ok(i18n_digits_of(NULL, "ar") == I18N_DIGITS_WESTERN, "no texts: Western");

	is_str(i18n_nfmt(tx, "ar", "pin.tries_left", 3, NULL, 0, out, sizeof(out)),
	       "المحاولات المتبقية: " FSI "٣" PDI, "ar: a count in Arabic-Indic digits");
	is_str(i18n_nfmt(tx, "en", "pin.tries_left", 3, NULL, 0, out, sizeof(out)),
	       "Tries left: " FSI "3" PDI, "en: the same count in Western digits");
	i18n_nfmt(tx, "ar", "status.waiting", 1250, NULL, 0, out, sizeof(out));
	ok(strstr(out, FSI "١٢٥٠" PDI) != NULL, "ar: every digit of 1250, no separator (%s)", out);
	const struct i18n_arg pages[] = {{"page", "2"}, {"pages", "12"}};
	i18n_fmt(tx, "ar", "list.page", pages, 2, out, sizeof(out));
	ok(strstr(out, FSI "٢" PDI) && strstr(out, FSI "١٢" PDI) && !strpbrk(out, "0123456789"),
	   "ar: the arguments of a text too (%s)", out);
	i18n_fmt(tx, "ar", "form.err.phone", NULL, 0, out, sizeof(out));
	ok(strstr(out, "٨") && strstr(out, "٧") && !strpbrk(out, "0123456789"),
	   "ar: and the text's own digits (%s)", out);
	const struct i18n_arg ref = {"ref", "MOL-2026-000123-K"};
	is_str(i18n_fmt(tx, "ar", "result.reference", &ref, 1, out, sizeof(out)),
	       "الرقم المرجعي: " FSI "MOL-2026-000123-K" PDI,
	       "ar: a reference (a word with Latin letters) is a code: kept");
	const struct i18n_arg cr = {"ref", I18N_CODE "1234567"};
	is_str(i18n_fmt(tx, "ar", "result.reference", &cr, 1, out, sizeof(out)),
	       "الرقم المرجعي: " FSI I18N_CODE "1234567" PDI,
	       "ar: digits marked with I18N_CODE (LRM) first are a code: kept");
	/* the truncation guarantees hold with two-byte digits */
	int bad = 0;
	i18n_nfmt(tx, "ar", "status.waiting", 1234567, NULL, 0, a, sizeof(a));
	for (size_t size = 1; size <= strlen(a) + 1; size++) {
		memset(out, 'x', sizeof(out));
		i18n_nfmt(tx, "ar", "status.waiting", 1234567, NULL, 0, out, size);
		size_t n = strlen(out);
		bad += n >= size || !utf8_valid(out, n) || out[size] != 'x';
	}
	ok(bad == 0, "a cut output with Arabic-Indic digits is terminated and valid (every size)");

	/* i18n_digits(): the rule on its own */
	static const struct {
		const char *in, *ar, *why;
	} rule[] = {
	        {"12.500", "١٢٫٥٠٠", "a decimal point between digits is U+066B"},
	        {"-12.500 ر.ع.", "-١٢٫٥٠٠ ر.ع.", "a minus stays; the dots of a word are kept"},
	        {"0", "٠", "zero"},
	        {"15:06", "١٥:٠٦", "a time: the colon stays"},
	        {"1448 هـ", "١٤٤٨ هـ", "a no-break space ends a word"},
	        {"K-0001-000042-7", "K-0001-000042-7", "a reference: a code"},
	        {"ISCO-08", "ISCO-08", "a word with a Latin letter: a code"},
	        {I18N_CODE "****5678", I18N_CODE "****5678", "a masked civil number: a code"},
	        {"رقم 5 و " I18N_CODE "77 و 8", "رقم ٥ و " I18N_CODE "77 و ٨",
	         "LRM marks only the word it starts"},
	        {"و" I18N_CODE "77", "و" I18N_CODE "٧٧", "... and marks nothing inside a word"},
	        {FSI "4" PDI " " FSI "2026" PDI, FSI "٤" PDI " " FSI "٢٠٢٦" PDI,
	         "isolates are kept, and end a word"},
	        {"x" FSI "12" PDI, "x" FSI "١٢" PDI,
	         "... so a letter before an isolate is another word"},
	        {"1.", "١.", "a full stop after a number stays a full stop"},
	        {"١٢٫٥", "١٢٫٥", "Arabic-Indic already: unchanged (the rule is idempotent)"},
	};
	for (size_t k = 0; k < sizeof(rule) / sizeof(rule[0]); k++)
		is_str(i18n_digits(tx, "ar", rule[k].in, out, sizeof(out)), rule[k].ar,
		       "digits: %s", rule[k].why);
	is_str(i18n_digits(tx, "en", "12.500", out, sizeof(out)), "12.500",
	       "digits: Western English unchanged");
	is_str(i18n_digits(tx, "ar", "", out, sizeof(out)), "", "digits: empty");
	ok(i18n_digits(tx, "ar", "12", out, 0)[0] == '\0', "digits: size 0 gives \"\"");
	is_str(i18n_digits(tx, "ar", "123", out, 5), "١٢", "digits: cut at a character boundary");

	/* what i18n_tr() hands out is never changed: no text read as written may hide digits that
	 * a formatted copy of it would show otherwise */
	static const char *const langs[] = {"en", "ar"};
	int hidden = 0;
	for (size_t l = 0; l < 2; l++) {
		const struct i18n_catalog *c = i18n_catalog_of(tx, langs[l]);
		for (int k = 0; k < i18n_count(c); k++) {
			int nf = 0;
			const char *key = i18n_key_at(c, k, &nf);
			for (int f = 0; f < nf; f++) {
				const char *t = i18n_lookup_form(c, key, f, NULL);
				char conv[1024];
				if (!t || as_written(key))
					continue;
				i18n_digits(tx, "ar", t, conv, sizeof(conv));
				if (strcmp(conv, t) && hidden++ == 0)
					printf("# %s: \"%s\" has digits for people\n", key, t);
			}
		}
	}
	is_int(hidden, 0,
	       "no catalogue text has digits the Arabic-Indic rule would change, but "
	       "the %zu listed",
	       sizeof(digits_as_written) / sizeof(digits_as_written[0]));
	is_str(i18n_tr(tx, "ar", "keyboard.row1"), "١٢٣٤٥٦٧٨٩٠",
	       "the Arabic keyboard's digit keys are its own");
	i18n_set_digits(tx, "en", I18N_DIGITS_ARABIC_INDIC);
	is_str(i18n_tr(tx, "en", "keyboard.row1"), "1234567890",
	       "the English keyboard's stay 0-9 whatever the digits (i18n_tr(): as written)");
	is_str(i18n_nfmt(tx, "en", "pin.tries_left", 3, NULL, 0, out, sizeof(out)),
	       "Tries left: " FSI "٣" PDI, "en set to Arabic-Indic: its counts follow");
	is_int(i18n_set_digits(tx, "en", I18N_DIGITS_WESTERN), 0, "and back to Western");
	is_str(i18n_nfmt(tx, "en", "pin.tries_left", 3, NULL, 0, out, sizeof(out)),
	       "Tries left: " FSI "3" PDI, "... 3 again");
	i18n_free(tx);
}

/* ---- formatting ----------------------------------------------------------------------------- */

static void
test_format(void)
{
	struct i18n *tx = NULL;
	char out[300];
	if (i18n_open_all(&tx, NULL) < 0) {
		ok(0, "catalogues for the format checks");
		return;
	}
	const struct i18n_arg ref = {"ref", "MOL-2026-000123-K"};
	is_str(i18n_fmt(tx, "ar", "result.reference", &ref, 1, out, sizeof(out)),
	       "الرقم المرجعي: " FSI "MOL-2026-000123-K" PDI,
	       "a Latin reference inside Arabic is isolated (FSI ... PDI)");
	const struct i18n_arg name = {"name", "محمد بن سالم"};
	is_str(i18n_fmt(tx, "en", "home.body", &name, 1, out, sizeof(out)),
	       "Welcome, " FSI "محمد بن سالم" PDI ".", "an Arabic name inside English is isolated");
	const struct i18n_arg evil = {"name", "A\u2069B\u202eC\u2066D\xff"};
	is_str(i18n_fmt(tx, "en", "home.body", &evil, 1, out, sizeof(out)),
	       "Welcome, " FSI "ABCD\uFFFD" PDI ".",
	       "an argument loses its bidi controls (it cannot close its isolate); bad UTF-8 is "
	       "U+FFFD");
	/* cut at every size: always terminated, always valid UTF-8, never longer than the room */
	const struct i18n_arg nm = {"name", "جون سميث"};
	char full[300];
	i18n_fmt(tx, "ar", "home.body", &nm, 1, full, sizeof(full));
	int bad = 0, closed = 0;
	for (size_t size = 1; size <= strlen(full) + 1; size++) {
		memset(out, 'x', sizeof(out));
		i18n_fmt(tx, "ar", "home.body", &nm, 1, out, size);
		size_t n = strlen(out);
		bad += n >= size || !utf8_valid(out, n) || out[size] != 'x';
		/* a value cut short keeps its PDI */
		closed += strstr(out, FSI) && !strstr(out, PDI);
	}
	ok(bad == 0, "a cut output is terminated, valid UTF-8 and inside its buffer (every size)");
	ok(closed == 0, "a cut argument still ends with its PDI");
	is_str(i18n_fmt(tx, "ar", "home.body", &nm, 1, full, sizeof(full)),
	       "مرحباً، " FSI "جون سميث" PDI ".", "uncut");
	ok(i18n_fmt(tx, "ar", "home.body", &nm, 1, out, 0)[0] == '\0',
	   "size 0: nothing written, \"\" returned");
	i18n_free(tx);
}

/* ---- threads -------------------------------------------------------------------------------- */

struct worker {
	const struct i18n *tx;
	const char *lang;
	int bad;
};

static void *
worker(void *arg)
{
	struct worker *w = arg;
	char out[200], want[200];
	i18n_nfmt(w->tx, w->lang, "status.waiting", 3, NULL, 0, want, sizeof(want));
	for (int i = 0; i < 5000; i++) {
		w->bad += strcmp(i18n_nfmt(w->tx, w->lang, "status.waiting", 3, NULL, 0, out,
		                           sizeof(out)),
		                 want) != 0;
		w->bad += i18n_tr(w->tx, w->lang, "no.such_key")[0] != 'n'; /* logged once */
	}
	return NULL;
}

static void
test_threads(void)
{
	struct i18n *tx = NULL;
	if (i18n_open_all(&tx, NULL) < 0) {
		ok(0, "catalogues for the thread check");
		return;
	}
	struct worker w[2] = {{tx, "ar", 0}, {tx, "en", 0}};
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	ok(w[0].bad == 0 && w[1].bad == 0,
	   "two threads (ar and en, as the UI and the print worker) share one struct i18n");
	i18n_free(tx);
}

int
main(void)
{
	test_catalogues();
	test_plurals();
	test_fallbacks();
	test_format();
	test_digits();
	test_threads();
	return tap_done();
}

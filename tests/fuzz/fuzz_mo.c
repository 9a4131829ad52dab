/*
 * fuzz_mo.c - libFuzzer harness over the catalogue reader and the text layer above it
 * (text/i18n.c): a .mo file is outside data (a translator's build, a damaged disk). The input is
 * opened as the Arabic catalogue and again as the English one, and every text is asked for:
 * plain, formatted with arguments (one holding bidi controls and a bad byte), and as a count,
 * into buffers from 1 byte up, Arabic with Arabic-Indic digits (each digit two bytes, codes
 * kept), and each text through i18n_digits(). Checks: no crash or out-of-bounds read; every answer
 * is NUL-terminated valid UTF-8 that fits its buffer; i18n_check and the placeholder comparison
 * never read past a string. Seeds: tests/fuzz/corpus/mo/ (the real ar.mo and en.mo, and damaged
 * copies).
 */
// fuzz-sources: text/i18n.c text/plural.c
#include "../../common/kerr.h"
#include "../../common/utf8.h"
#include "../../text/i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
must_fit(const char *s, size_t cap)
{
	size_t n = strlen(s);
	if ((cap && n >= cap) || !utf8_valid(s, n))
		abort();
}

static void
ask(const struct i18n *tx, const char *key)
{
	static const long counts[] = {0, 1, 2, 3, 11, 100, 102, -7, 1000000007L};
	static const size_t caps[] = {1, 2, 4, 7, 16, 64, 512};
	const struct i18n_arg args[] = {
	        {"name", "\xE2\x81\xA9x\xFFy"}, {"reference", "MOL-1"}, {"n", "not used"}};
	char out[512];
	for (int l = 0; l < 2; l++) {
		const char *lang = l ? "ar" : "en";
		must_fit(i18n_tr(tx, lang, key), 0);
		for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++)
			must_fit(i18n_digits(tx, lang, i18n_tr(tx, lang, key), out, caps[c]),
			         caps[c]);
		for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
			must_fit(i18n_fmt(tx, lang, key, args, 3, out, caps[c]), caps[c]);
			long n = counts[c % (sizeof(counts) / sizeof(counts[0]))];
			must_fit(i18n_nfmt(tx, lang, key, n, args, 2, out, caps[c]), caps[c]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"en", "ar", NULL};
	static const char *const keys[] = {"action.finish", "pin.tries_left", "", "zzz", "a.b"};
	struct i18n_catalog *cats[2] = {NULL, NULL};
	struct i18n *tx = NULL;
	if (i18n_open_mem(&cats[0], data, size, "fuzz-en") == 0 &&
	    i18n_open_mem(&cats[1], data, size, "fuzz-ar") < 0) {
		i18n_close(cats[0]);
		cats[0] = NULL;
	}
	/* adopt() owns the catalogues from here, also when it fails */
	if (cats[0] && i18n_adopt(&tx, langs, cats) == 0) {
		i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC);
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			ask(tx, keys[i]);
		const struct i18n_catalog *c = i18n_catalog_of(tx, "ar");
		for (int k = 0; k < i18n_count(c) && k < 64; k++) {
			int nf;
			const char *key = i18n_key_at(c, k, &nf);
			if (!key || nf < 1 || strlen(key) > size)
				abort();
			ask(tx, key);
		}
		char why[64];
		(void)i18n_check(tx, "ar", why, sizeof(why));
		i18n_free(tx);
	}
	/* the placeholder comparison on the raw bytes as two strings */
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	size_t half = strlen(s) / 2;
	(void)i18n_same_placeholders(s + half, s);
	free(s);
	return 0;
}

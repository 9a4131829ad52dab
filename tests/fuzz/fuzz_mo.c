/*
 * fuzz_mo.c - libFuzzer harness over the gettext catalogue reader (text/i18n.c): a .mo file is
 * outside data (a translator's build, a damaged disk). Checks: no crash or out-of-bounds read;
 * a catalogue that opens answers lookups with NUL-terminated strings inside it; the placeholder
 * check never reads past a string. Seeds: tests/fuzz/corpus/mo/ (the real ar.mo, and damaged
 * copies).
 */
// fuzz-sources: text/i18n.c
#include "../../common/kerr.h"
#include "../../text/i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct i18n_catalog *c;
	static const char *const ids[] = {"Finish", "Tries left: %d", "", "zzz", "A"};
	if (i18n_open_mem(&c, data, size, "fuzz") == 0) {
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			const char *t = i18n_lookup(c, ids[i]);
			if (t && !i18n_format_ok(ids[i], t) && strlen(t) > size)
				abort();
		}
		i18n_close(c);
	}
	/* the placeholder check on the raw bytes as two strings */
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	size_t half = strlen(s) / 2;
	(void)i18n_format_ok(s + half, s);
	free(s);
	return 0;
}

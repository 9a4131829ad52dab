/*
 * texts.h - the kiosk's texts for tests that draw screens or receipts: every catalogue
 * (build/locale/<lang>.mo, found from the test program's folder, or $KIOSK_LOCALE_DIR) opened
 * once with i18n_open_all() and freed at exit. NULL when English cannot be loaded (run make):
 * texts then show as their keys, and the goldens say so.
 */
#ifndef KIOSK_TEST_TEXTS_H
#define KIOSK_TEST_TEXTS_H

#include "../text/i18n.h"

#include <stdbool.h>
#include <stdlib.h>

static struct i18n *test_texts_i18n;

static void
test_texts_free(void)
{
	i18n_free(test_texts_i18n);
	test_texts_i18n = NULL;
}

static inline const struct i18n *
test_texts(void)
{
	static bool tried;
	if (!tried) {
		tried = true;
		if (i18n_open_all(&test_texts_i18n, NULL) < 0)
			test_texts_i18n = NULL;
		atexit(test_texts_free);
	}
	return test_texts_i18n;
}

#endif

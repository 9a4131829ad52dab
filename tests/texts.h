/*
 * texts.h - the kiosk's texts for tests that draw screens or receipts: every catalogue
 * (build/locale/<lang>.mo, found from the test program's folder, or $KIOSK_LOCALE_DIR) opened
 * once with i18n_open_all() and freed at exit. NULL when English cannot be loaded (run make):
 * texts then show as their keys, and the goldens say so. test_msgfmt() compiles a .po written
 * by a test (a broken catalogue, on purpose).
 */
#ifndef KIOSK_TEST_TEXTS_H
#define KIOSK_TEST_TEXTS_H

#include "../text/i18n.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* msgfmt (without -c) po into mo; 0 on success. */
static inline int
test_msgfmt(const char *po, const char *mo)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("msgfmt", "msgfmt", "-o", mo, po, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

#endif

/*
 * tap.h - the in-house test harness: each tests/unit/test_<module>.c is one program printing TAP
 * ("ok N - what", "not ok N - what"), summed by tests/run-tests into "N passed, N failed".
 *
 *   ok(cond, "what %d", x);        one check
 *   is_int(got, want, "what");     prints both values on failure
 *   is_str(got, want, "what");
 *   return tap_done();             exit status 0 only when every check passed
 *
 * tap_tmpdir() gives a fresh folder under $TMPDIR removed by nothing (the runner cleans it).
 */
#ifndef KIOSK_TAP_H
#define KIOSK_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static void __attribute__((format(printf, 2, 3), unused)) ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define is_int(got, want, ...)                                                                     \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		ok(g_ == w_, __VA_ARGS__);                                                         \
		if (g_ != w_)                                                                      \
			printf("#   got %lld, want %lld\n", g_, w_);                               \
	} while (0)

#define is_str(got, want, ...)                                                                     \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		int same_ = g_ && w_ && strcmp(g_, w_) == 0;                                       \
		ok(same_, __VA_ARGS__);                                                            \
		if (!same_)                                                                        \
			printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)",                    \
			       w_ ? w_ : "(null)");                                                \
	} while (0)

static void __attribute__((unused)) diag(const char *msg)
{
	printf("# %s\n", msg);
}

__attribute__((unused)) static const char *
tap_tmpdir(void)
{
	static char dir[256];
	if (dir[0])
		return dir;
	const char *t = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/kiosk-test-XXXXXX", t && t[0] ? t : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	return dir;
}

static int __attribute__((unused)) tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d checks failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

#endif

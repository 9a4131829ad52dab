/*
 * klog.c - stderr logging with a level threshold and folding of repeated lines (see klog.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "klog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_level = -1;
static char last_line[512];
static unsigned long repeats;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

static int
level_from_env(void)
{
	const char *e = getenv("KIOSK_LOG");
	if (!e)
		return KLOG_INFO;
	for (int i = 0; i < 4; i++)
		if (strcmp(e, level_names[i]) == 0 || (i == 0 && strcmp(e, "err") == 0))
			return i;
	return KLOG_INFO;
}

void
klog_set_level(enum klog_level level)
{
	pthread_mutex_lock(&log_lock);
	log_level = (int)level;
	pthread_mutex_unlock(&log_lock);
}

void
klog(enum klog_level level, const char *component, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	struct timespec ts;

	pthread_mutex_lock(&log_lock);
	if (log_level < 0)
		log_level = level_from_env();
	if ((int)level > log_level)
		goto out_unlock;

	int n = snprintf(line, sizeof(line), "%s %s: ", level_names[level], component);
	if (n < 0 || (size_t)n >= sizeof(line))
		goto out_unlock;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);

	if (strcmp(line, last_line) == 0) {
		repeats++;
		goto out_unlock;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (repeats)
		fprintf(stderr, "kiosk: (last message repeated %lu times)\n", repeats);
	repeats = 0;
	fprintf(stderr, "kiosk[%ld.%03ld] %s\n", (long)ts.tv_sec, ts.tv_nsec / 1000000L, line);
	memcpy(last_line, line, sizeof(line));
out_unlock:
	pthread_mutex_unlock(&log_lock);
}

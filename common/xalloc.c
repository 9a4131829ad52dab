/*
 * xalloc.c - die-on-OOM allocation wrappers and secure wipe (see xalloc.h).
 */
#define _DEFAULT_SOURCE
#include "xalloc.h"

#include "klog.h"

#include <stdlib.h>
#include <string.h>

static void
oom(size_t n)
{
	klog(KLOG_ERR, "mem", "out of memory allocating %zu bytes", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void
xwipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

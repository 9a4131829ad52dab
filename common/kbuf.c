/*
 * kbuf.c - capped growable buffer (see kbuf.h).
 */
#define _DEFAULT_SOURCE
#include "kbuf.h"

#include "kerr.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
kbuf_init(struct kbuf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

int
kbuf_add(struct kbuf *b, const void *data, size_t n)
{
	if (n > b->max || b->len > b->max - n) {
		kbuf_free(b);
		return KERR_TOOBIG;
	}
	if (b->len + n + 1 > b->alloc) {
		size_t a = b->alloc ? b->alloc : 64;
		while (a < b->len + n + 1)
			a *= 2;
		if (a > b->max + 1)
			a = b->max + 1;
		b->data = xrealloc(b->data, a);
		b->alloc = a;
	}
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

int
kbuf_addstr(struct kbuf *b, const char *s)
{
	return kbuf_add(b, s, strlen(s));
}

int
kbuf_printf(struct kbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return KERR_INVAL;
	if ((size_t)n < sizeof(small))
		return kbuf_add(b, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = kbuf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

void
kbuf_reset(struct kbuf *b)
{
	if (b->data)
		xwipe(b->data, b->len);
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

void
kbuf_free(struct kbuf *b)
{
	if (b->data)
		xwipe(b->data, b->alloc);
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

char *
kbuf_take(struct kbuf *b)
{
	char *p = (char *)b->data;
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}

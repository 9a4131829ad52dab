/*
 * xalloc.h - allocation that never returns NULL: on out-of-memory it logs and abort()s.
 * The kiosk is an application: systemd restarts it and the SQLite outbox makes that safe.
 * Use plain malloc only where a size comes from outside input and failure must be handled.
 */
#ifndef KIOSK_XALLOC_H
#define KIOSK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Overwrites n bytes at p with zeros in a way the compiler cannot drop (PINs, card data). */
void xwipe(void *p, size_t n);

#endif

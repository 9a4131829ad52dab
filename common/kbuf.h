/*
 * kbuf.h - a growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * kbuf_init() cannot fail. kbuf_add() fails with -KERR_TOOBIG past the cap and then leaves the
 * buffer freed and empty, so a caller never acts on a silently truncated reply. The data is
 * always NUL-terminated (not counted in len) so text can be used directly.
 * Owner: whoever called kbuf_init(); release with kbuf_free() (which wipes the bytes).
 */
#ifndef KIOSK_KBUF_H
#define KIOSK_KBUF_H

#include <stddef.h>
#include <stdint.h>

struct kbuf {
	uint8_t *data; /* NULL while empty */
	size_t len;
	size_t alloc;
	size_t max; /* cap on len */
};

void kbuf_init(struct kbuf *b, size_t max);
int kbuf_add(struct kbuf *b, const void *data, size_t n);
int kbuf_addstr(struct kbuf *b, const char *s);
int kbuf_printf(struct kbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kbuf_reset(struct kbuf *b); /* len = 0, keeps the allocation */
void kbuf_free(struct kbuf *b);  /* wipes and frees; b may be reused after kbuf_init() */

/* Hands the bytes to the caller (who frees them with free()); leaves b empty. NULL if empty. */
char *kbuf_take(struct kbuf *b);

#endif

/*
 * i18n.c - reads gettext .mo catalogues (see i18n.h) and looks messages up by binary search on
 * the sorted original strings (msgfmt sorts them). Owns nothing but the catalogue's bytes.
 *
 * Why not libintl: dgettext needs setlocale() with an installed system locale (ar_OM.UTF-8 is
 * not on a minimal Debian) and keeps process-wide state; switching the language per frame and
 * testing a broken catalogue are simpler with a 100-line reader. The .mo format: a header of
 * 32-bit words (magic 0x950412de in either byte order, revision, N, offset of the originals
 * table, offset of the translations table), each table N pairs (length, offset).
 */
#define _DEFAULT_SOURCE
#include "i18n.h"

#include "common/kerr.h"
#include "common/klog.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MO_MAGIC 0x950412deu

struct i18n_catalog {
	unsigned char *data;
	size_t size;
	bool swap;
	uint32_t n, orig, trans;
	int count;
	char *path;
};

static uint32_t
rd32(const struct i18n_catalog *c, size_t off)
{
	const unsigned char *p = c->data + off;
	uint32_t v =
	        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	if (c->swap)
		v = (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
	return v;
}

/* String i of a table: checks it lies inside the file and is NUL-terminated. */
static const char *
mo_str(const struct i18n_catalog *c, uint32_t table, uint32_t i, uint32_t *len)
{
	uint32_t l = rd32(c, (size_t)table + 8u * i), off = rd32(c, (size_t)table + 8u * i + 4);
	if ((size_t)off > c->size || (size_t)l >= c->size - off || c->data[off + l] != '\0')
		return NULL;
	if (len)
		*len = l;
	return (const char *)c->data + off;
}

static int
mo_check(struct i18n_catalog *c)
{
	if (c->size < 28)
		return KERR_CORRUPT;
	uint32_t m = (uint32_t)c->data[0] | (uint32_t)c->data[1] << 8 | (uint32_t)c->data[2] << 16 |
	             (uint32_t)c->data[3] << 24;
	if (m == MO_MAGIC)
		c->swap = false;
	else if (m == ((MO_MAGIC >> 24) | ((MO_MAGIC >> 8) & 0xFF00) |
	               ((MO_MAGIC << 8) & 0xFF0000) | (MO_MAGIC << 24)))
		c->swap = true;
	else
		return KERR_CORRUPT;
	if (rd32(c, 4) >> 16 > 1) /* major revision 0 or 1 */
		return KERR_CORRUPT;
	c->n = rd32(c, 8);
	c->orig = rd32(c, 12);
	c->trans = rd32(c, 16);
	if (c->n > c->size / 16 || c->orig > c->size || c->trans > c->size ||
	    (size_t)c->n * 8 > c->size - c->orig || (size_t)c->n * 8 > c->size - c->trans)
		return KERR_CORRUPT;
	const char *prev = NULL;
	for (uint32_t i = 0; i < c->n; i++) {
		const char *o = mo_str(c, c->orig, i, NULL), *t = mo_str(c, c->trans, i, NULL);
		if (!o || !t)
			return KERR_CORRUPT;
		if (prev && strcmp(prev, o) >= 0)
			return KERR_CORRUPT; /* the lookup relies on sorted originals */
		prev = o;
		if (o[0] && t[0])
			c->count++;
	}
	return 0;
}

int
i18n_open_mem(struct i18n_catalog **out, const void *data, size_t size, const char *name)
{
	*out = NULL;
	if (!data || size > I18N_MAX_BYTES)
		return KERR_TOOBIG;
	struct i18n_catalog *c = xcalloc(1, sizeof(*c));
	c->data = xmalloc(size ? size : 1);
	memcpy(c->data, data, size);
	c->size = size;
	int rc = mo_check(c);
	if (rc < 0) {
		klog(KLOG_ERR, "i18n", "cannot use the catalogue %s: %s", name ? name : "(memory)",
		     kerr_str(rc));
		free(c->data);
		free(c);
		return rc;
	}
	c->path = xstrdup(name ? name : "(memory)");
	*out = c;
	return 0;
}

int
i18n_open(struct i18n_catalog **out, const char *mo_path)
{
	int rc;
	*out = NULL;
	FILE *f = fopen(mo_path, "rb");
	if (!f)
		return errno == ENOENT ? KERR_NOTFOUND : KERR_IO;
	struct i18n_catalog *c = xcalloc(1, sizeof(*c));
	c->data = xmalloc(I18N_MAX_BYTES + 1);
	c->size = fread(c->data, 1, I18N_MAX_BYTES + 1, f);
	if (ferror(f)) {
		rc = KERR_IO;
		goto out_fail;
	}
	if (c->size > I18N_MAX_BYTES) {
		rc = KERR_TOOBIG;
		goto out_fail;
	}
	rc = mo_check(c);
	if (rc < 0)
		goto out_fail;
	fclose(f);
	c->path = xstrdup(mo_path);
	*out = c;
	return 0;

out_fail:
	klog(KLOG_ERR, "i18n", "cannot use the catalogue %s: %s", mo_path, kerr_str(rc));
	fclose(f);
	free(c->data);
	free(c);
	return rc;
}

int
i18n_open_lang(struct i18n_catalog **out, const char *lang)
{
	char exe[512], path[700];
	*out = NULL;
	if (!lang || !lang[0] || strchr(lang, '/') || strlen(lang) > 16)
		return KERR_INVAL;
	const char *env = getenv("KIOSK_LOCALE_DIR");
	if (env && env[0]) {
		snprintf(path, sizeof(path), "%s/%s.mo", env, lang);
		return i18n_open(out, path);
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return KERR_NOTFOUND;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	static const char *const rel[] = {"locale", "../locale"};
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s.mo", exe, rel[i], lang);
		int rc = i18n_open(out, path);
		if (rc != KERR_NOTFOUND)
			return rc;
	}
	return KERR_NOTFOUND;
}

void
i18n_close(struct i18n_catalog *c)
{
	if (!c)
		return;
	free(c->data);
	free(c->path);
	free(c);
}

const char *
i18n_lookup(const struct i18n_catalog *c, const char *msgid)
{
	if (!c || !msgid || !msgid[0])
		return NULL;
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = mo_str(c, c->orig, mid, NULL);
		int cmp = strcmp(msgid, o);
		if (cmp == 0) {
			const char *t = mo_str(c, c->trans, mid, NULL);
			return t && t[0] ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
i18n_count(const struct i18n_catalog *c)
{
	return c ? c->count : 0;
}

const char *
i18n_path(const struct i18n_catalog *c)
{
	return c ? c->path : "";
}

/* Next placeholder of s from *p: 'd', 's', 0 at the end, '?' for anything not allowed. */
static char
next_conv(const char **p)
{
	const char *s = *p;
	for (; *s; s++) {
		if (*s != '%')
			continue;
		if (s[1] == '%') {
			s++;
			continue;
		}
		*p = s[1] ? s + 2 : s + 1;
		return s[1] == 'd' || s[1] == 's' ? s[1] : '?';
	}
	*p = s;
	return 0;
}

bool
i18n_format_ok(const char *msgid, const char *tr)
{
	if (!msgid || !tr)
		return false;
	for (;;) {
		char a = next_conv(&msgid), b = next_conv(&tr);
		if (a != b || a == '?')
			return false;
		if (!a)
			return true;
	}
}

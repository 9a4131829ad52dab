/*
 * i18n.c - the kiosk's texts (see i18n.h): the .mo reader (struct i18n_catalog), the set of
 * languages the kiosk speaks (struct i18n), the choice of a text with its fallbacks, and the
 * {placeholder} substitution with every argument isolated. Owns the catalogues' bytes and the
 * log-once bookkeeping.
 *
 * Where to start: pick() chooses the text (language, else English, else the key) and is the one
 * place the fallbacks live; subst() writes it with its arguments, and sink_put() is the one place
 * a language's digits are applied (i18n.h, "Digits").
 *
 * Why not libintl: dgettext needs setlocale() with an installed system locale (ar_OM.UTF-8 is
 * not on a minimal Debian) and keeps process-wide state; switching the language per frame, two
 * threads asking for two languages, and testing a broken catalogue are simpler with our own
 * reader. The .mo format: a header of 32-bit words (magic 0x950412de in either byte order,
 * revision, N, offset of the originals table, offset of the translations table), each table N
 * pairs (length, offset). A plural entry's original is "KEY\0KEY" and its translation the forms
 * one after the other, NUL-separated.
 */
#define _DEFAULT_SOURCE
#include "i18n.h"

#include "common/kerr.h"
#include "common/klog.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "plural.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MO_MAGIC      0x950412deu
#define WARN_MAX      256 /* (kind, language, key) triples logged; then one "suppressed" line */
#define PH_NAME_MAX   31  /* bytes in a placeholder name */
#define SINGLE_SCAN   200 /* counts scanned to see whether a form covers one number only */
#define FSI           "\xE2\x81\xA8"
#define PDI           "\xE2\x81\xA9"
#define ISOLATE_BYTES 3 /* FSI and PDI are 3 bytes each */

/* ---- one catalogue -------------------------------------------------------------------------- */

struct i18n_catalog {
	unsigned char *data;
	size_t size;
	bool swap;
	uint32_t n, orig, trans;
	int count;       /* usable messages: non-empty key and translation */
	uint32_t *index; /* their positions in the tables, sorted like the keys */
	int nplurals;    /* from the header; 0 when absent */
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

/* "nplurals=N" in the header entry (the translation of ""); 0 when absent or silly. */
static int
header_nplurals(const char *h)
{
	const char *p = strstr(h, "nplurals=");
	int n = 0;
	if (!p)
		return 0;
	for (p += 9; *p >= '0' && *p <= '9' && n < 100; p++)
		n = n * 10 + (*p - '0');
	return n;
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
	c->index = xmalloc(((size_t)c->n + 1) * sizeof(*c->index));
	for (uint32_t i = 0; i < c->n; i++) {
		uint32_t olen, tlen;
		const char *o = mo_str(c, c->orig, i, &olen), *t = mo_str(c, c->trans, i, &tlen);
		if (!o || !t || !utf8_valid(o, olen) || !utf8_valid(t, tlen))
			return KERR_CORRUPT; /* every text handed out is valid UTF-8 */
		if (prev && strcmp(prev, o) >= 0)
			return KERR_CORRUPT; /* the lookup relies on sorted originals */
		prev = o;
		if (!o[0])
			c->nplurals = header_nplurals(t);
		else if (t[0])
			c->index[c->count++] = i;
	}
	return 0;
}

static void
cat_free(struct i18n_catalog *c)
{
	if (!c)
		return;
	free(c->data);
	free(c->index);
	free(c->path);
	free(c);
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
		cat_free(c);
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
	cat_free(c);
	return rc;
}

/* A language code as a file name part: letters, digits, '_' and '-', 1..I18N_LANG_MAX bytes. */
static bool
lang_ok(const char *lang)
{
	size_t n = lang ? strlen(lang) : 0;
	if (n == 0 || n > I18N_LANG_MAX)
		return false;
	for (size_t k = 0; k < n; k++) {
		char ch = lang[k];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

int
i18n_open_lang(struct i18n_catalog **out, const char *lang)
{
	char exe[512], path[700];
	*out = NULL;
	if (!lang_ok(lang))
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
	cat_free(c);
}

/* Position of key in the tables, or -1. */
static long
cat_find(const struct i18n_catalog *c, const char *key)
{
	if (!c || !key || !key[0])
		return -1;
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, mo_str(c, c->orig, mid, NULL)); /* checked at open */
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Form `form` of the translation at position pos; the number of forms to *nforms. */
static const char *
cat_form(const struct i18n_catalog *c, long pos, int form, int *nforms)
{
	uint32_t len;
	const char *t = mo_str(c, c->trans, (uint32_t)pos, &len), *want = NULL;
	int k = 0;
	for (const char *p = t, *end = t + len;; k++) {
		if (k == form)
			want = p;
		p += strlen(p);
		if (p >= end)
			break;
		p++; /* past the NUL between two forms */
	}
	if (nforms)
		*nforms = t[0] ? k + 1 : 0;
	return t[0] && want && want[0] ? want : NULL;
}

const char *
i18n_lookup_form(const struct i18n_catalog *c, const char *key, int form, int *nforms)
{
	long pos = cat_find(c, key);
	if (nforms)
		*nforms = 0;
	if (pos < 0 || form < 0)
		return NULL;
	return cat_form(c, pos, form, nforms);
}

const char *
i18n_lookup(const struct i18n_catalog *c, const char *key)
{
	return i18n_lookup_form(c, key, 0, NULL);
}

int
i18n_count(const struct i18n_catalog *c)
{
	return c ? c->count : 0;
}

const char *
i18n_key_at(const struct i18n_catalog *c, int k, int *nforms)
{
	if (!c || k < 0 || k >= c->count)
		return NULL;
	if (nforms)
		cat_form(c, (long)c->index[k], 0, nforms);
	return mo_str(c, c->orig, c->index[k], NULL);
}

int
i18n_nplurals(const struct i18n_catalog *c)
{
	return c ? c->nplurals : 0;
}

const char *
i18n_path(const struct i18n_catalog *c)
{
	return c ? c->path : "";
}

/* ---- placeholders --------------------------------------------------------------------------- */

/* When s starts a placeholder "{name}", its length in bytes (name = s + 1, length - 2). */
static size_t
ph_at(const char *s)
{
	size_t k = 1;
	if (s[0] != '{')
		return 0;
	while ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '_')
		k++;
	return s[k] == '}' && k > 1 && k - 1 <= PH_NAME_MAX ? k + 1 : 0;
}

struct ph_set {
	int n;
	bool over; /* more than I18N_ARGS_MAX distinct names */
	const char *name[I18N_ARGS_MAX];
	size_t len[I18N_ARGS_MAX];
};

static bool
ph_has(const struct ph_set *p, const char *name, size_t len)
{
	for (int k = 0; k < p->n; k++)
		if (p->len[k] == len && !memcmp(p->name[k], name, len))
			return true;
	return false;
}

/* The distinct placeholder names of s, without "n" when drop_n. */
static void
ph_collect(const char *s, bool drop_n, struct ph_set *p)
{
	memset(p, 0, sizeof(*p));
	for (; *s; s++) {
		size_t l = ph_at(s);
		if (!l)
			continue;
		const char *name = s + 1;
		size_t nl = l - 2;
		s += l - 1;
		if ((drop_n && nl == 1 && name[0] == 'n') || ph_has(p, name, nl))
			continue;
		if (p->n == I18N_ARGS_MAX) {
			p->over = true;
			continue;
		}
		p->name[p->n] = name;
		p->len[p->n++] = nl;
	}
}

static bool
ph_equal(const char *a, const char *b, bool drop_n)
{
	struct ph_set pa, pb;
	ph_collect(a, drop_n, &pa);
	ph_collect(b, drop_n, &pb);
	if (pa.over || pb.over || pa.n != pb.n)
		return false;
	for (int k = 0; k < pa.n; k++)
		if (!ph_has(&pb, pa.name[k], pa.len[k]))
			return false;
	return true;
}

bool
i18n_same_placeholders(const char *a, const char *b)
{
	return a && b && ph_equal(a, b, false);
}

/* True when CLDR uses form of lang for exactly one count (Arabic zero, one, two; English one).
 * Every rule in plural.c depends on n % 100 at most, so 0..199 shows each form twice unless it
 * is one of the small exact values. */
static bool
form_single(const char *lang, int form)
{
	int hits = 0;
	for (long n = 0; n < SINGLE_SCAN && hits < 2; n++)
		hits += plural_index(lang, n) == form;
	return hits == 1;
}

/* Whether form `form` t of a translation in lang may be shown: the placeholders of ref (English
 * "other"; NULL: English lacks the key, nothing to compare), or, in a plural entry, those but
 * {n} when CLDR's form is one number only. */
static bool
form_ok(const char *lang, int form, bool plural, const char *t, const char *ref)
{
	return t && (!ref || ph_equal(t, ref, false) ||
	             (plural && form_single(lang, form) && ph_equal(t, ref, true)));
}

/* ---- the languages -------------------------------------------------------------------------- */

struct i18n_lang {
	char code[I18N_LANG_MAX + 1];
	struct i18n_catalog *cat; /* NULL: shows English (logged at open) */
	bool plurals_ok;          /* the catalogue's nplurals is plural_count(code) */
	enum i18n_digits digits;  /* of its formatted texts (i18n_set_digits) */
};

/* The one mutable part: what has been logged. Any thread; under lock. */
struct i18n_warned {
	pthread_mutex_t lock;
	uint64_t seen[WARN_MAX]; /* hashes of (kind, language, key) */
	int n;
	bool full; /* WARN_MAX reached: said once, then silent */
};

struct i18n {
	int nlangs, en; /* en: index of English, -1 when not open */
	struct i18n_lang langs[I18N_LANGS_MAX];
	struct i18n_warned *warned;
};

static int
lang_find(const struct i18n *i, const char *lang)
{
	for (int k = 0; lang && k < i->nlangs; k++)
		if (!strcmp(i->langs[k].code, lang))
			return k;
	return -1;
}

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (h ^ 0xff) * 0x100000001b3ull; /* a separator between the parts */
}

/* True the first time (kind, lang, key) is seen: the caller logs then. */
static bool
warn_once(const struct i18n *i, const char *kind, const char *lang, const char *key)
{
	struct i18n_warned *w = i->warned;
	uint64_t h = fnv(fnv(fnv(0xcbf29ce484222325ull, kind), lang), key);
	bool first = true;
	pthread_mutex_lock(&w->lock);
	for (int k = 0; k < w->n && first; k++)
		first = w->seen[k] != h;
	if (first && w->n < WARN_MAX) {
		w->seen[w->n++] = h;
	} else if (first) {
		first = false;
		if (!w->full)
			klog(KLOG_WARN, "i18n", "more than %d text fallbacks: no longer logged",
			     WARN_MAX);
		w->full = true;
	}
	pthread_mutex_unlock(&w->lock);
	return first;
}

int
i18n_adopt(struct i18n **out, const char *const *langs, struct i18n_catalog **cats)
{
	int rc = 0, k;
	*out = NULL;
	struct i18n *i = xcalloc(1, sizeof(*i));
	i->en = -1;
	i->warned = xcalloc(1, sizeof(*i->warned));
	pthread_mutex_init(&i->warned->lock, NULL);
	for (k = 0; langs && langs[k]; k++) {
		if (!lang_ok(langs[k]) || i->nlangs == I18N_LANGS_MAX ||
		    lang_find(i, langs[k]) >= 0) {
			klog(KLOG_ERR, "i18n",
			     "language %d (\"%.16s\"): bad, repeated or one too many", k, langs[k]);
			rc = KERR_INVAL;
			i18n_close(cats[k]);
			continue;
		}
		struct i18n_lang *l = &i->langs[i->nlangs];
		snprintf(l->code, sizeof(l->code), "%s", langs[k]);
		l->cat = cats[k];
		l->plurals_ok = i18n_nplurals(l->cat) == plural_count(l->code);
		if (l->cat && !l->plurals_ok)
			klog(KLOG_WARN, "i18n",
			     "%s: nplurals=%d, CLDR's %s has %d: counts shown in English",
			     i18n_path(l->cat), i18n_nplurals(l->cat), l->code,
			     plural_count(l->code));
		if (l->cat && !plural_known(l->code))
			klog(KLOG_WARN, "i18n", "no plural rules for %s: English rules used",
			     l->code);
		if (!strcmp(l->code, "en"))
			i->en = i->nlangs;
		i->nlangs++;
	}
	if (rc < 0) {
		i18n_free(i);
		return rc;
	}
	*out = i;
	return 0;
}

int
i18n_open_all(struct i18n **out, const char *const *langs)
{
	static const char *const deflt[] = {"en", "ar", NULL};
	const char *list[I18N_LANGS_MAX + 1];
	struct i18n_catalog *cats[I18N_LANGS_MAX + 1] = {0};
	int n = 0, rc = 0;
	*out = NULL;
	if (!langs)
		langs = deflt;
	list[n++] = "en"; /* the fallback of every text: first, and always */
	for (int k = 0; langs[k]; k++) {
		if (!strcmp(langs[k], "en"))
			continue;
		if (n == I18N_LANGS_MAX) {
			klog(KLOG_ERR, "i18n", "more than %d languages", I18N_LANGS_MAX);
			return KERR_INVAL;
		}
		list[n++] = langs[k];
	}
	list[n] = NULL;
	for (int k = 0; k < n && rc == 0; k++) {
		int r = lang_ok(list[k]) ? i18n_open_lang(&cats[k], list[k]) : KERR_INVAL;
		if (r == KERR_INVAL)
			klog(KLOG_ERR, "i18n", "language %d (\"%.16s\") is not a language code", k,
			     list[k]);
		if (r == KERR_NOTFOUND)
			klog(k == 0 ? KLOG_ERR : KLOG_WARN, "i18n",
			     "no catalogue %s.mo (set KIOSK_LOCALE_DIR or run `make`)%s", list[k],
			     k == 0 ? "" : ": shown in English");
		if (r < 0 && (k == 0 || r == KERR_INVAL))
			rc = r; /* without English every text would show as its key */
	}
	if (rc < 0) {
		for (int k = 0; k < n; k++)
			i18n_close(cats[k]);
		return rc;
	}
	return i18n_adopt(out, list, cats);
}

void
i18n_free(struct i18n *i)
{
	if (!i)
		return;
	for (int k = 0; k < i->nlangs; k++)
		i18n_close(i->langs[k].cat);
	pthread_mutex_destroy(&i->warned->lock);
	free(i->warned);
	free(i);
}

const struct i18n_catalog *
i18n_catalog_of(const struct i18n *i, const char *lang)
{
	int k = i ? lang_find(i, lang) : -1;
	return k >= 0 ? i->langs[k].cat : NULL;
}

/* ---- choosing a text ------------------------------------------------------------------------ */

/*
 * The text of key in lang: for a count n when plural, else the first form. Never NULL: lang's
 * text, else English, else the key; each fallback logged once per (language, key).
 */
static const char *
pick(const struct i18n *i, const char *lang, const char *key, bool plural, long n)
{
	if (!i || !key)
		return key ? key : "";
	int li = lang_find(i, lang);
	const struct i18n_catalog *en = i->en >= 0 ? i->langs[i->en].cat : NULL;
	long epos = cat_find(en, key);
	int enf = 0;
	const char *ref = NULL, *etext = NULL;
	if (epos >= 0) {
		cat_form(en, epos, 0, &enf);
		/* the reference is English "other": the last form holds every placeholder */
		ref = cat_form(en, epos, enf - 1, NULL);
		int f = plural && enf > 1 ? plural_index("en", n) : 0;
		etext = cat_form(en, epos, f < enf ? f : enf - 1, NULL);
	}
	if (li < 0) {
		if (warn_once(i, "lang", lang, ""))
			klog(KLOG_WARN, "i18n", "language \"%.16s\" is not open: shown in English",
			     lang ? lang : "(null)");
	} else if (li != i->en && i->langs[li].cat) {
		const struct i18n_lang *l = &i->langs[li];
		long pos = cat_find(l->cat, key);
		int nf = 0, f = 0;
		const char *why = NULL, *t = NULL;
		if (pos >= 0)
			cat_form(l->cat, pos, 0, &nf);
		if (pos < 0 || nf == 0)
			why = "no text";
		else if (plural && enf > 1 && !l->plurals_ok)
			why = "its catalogue has the wrong nplurals";
		else if (plural && enf > 1 && nf != plural_count(l->code))
			why = "the plural entry has the wrong number of forms";
		else if (plural && enf > 1)
			f = plural_index(l->code, n);
		if (!why) {
			t = cat_form(l->cat, pos, f, NULL);
			if (!t)
				why = "an empty form";
			else if (!form_ok(l->code, f, plural && enf > 1, t, ref))
				why = "its placeholders differ from English";
		}
		if (!why)
			return t;
		if (etext && warn_once(i, why, l->code, key)) /* (no English: logged below) */
			klog(KLOG_WARN, "i18n", "%s text of \"%.64s\": %s; shown in English",
			     l->code, key, why);
	}
	if (etext)
		return etext;
	if (warn_once(i, "key", "", key))
		klog(KLOG_WARN, "i18n", "no English text for \"%.64s\": the key is shown", key);
	return key;
}

const char *
i18n_tr(const struct i18n *i, const char *lang, const char *key)
{
	return pick(i, lang, key, false, 0);
}

/* ---- formatting ----------------------------------------------------------------------------- */

struct sink {
	char *out;
	size_t size, o; /* capacity (room for the NUL kept aside) and bytes written */
	bool full;
	bool shape; /* ASCII digits outside codes become Arabic-Indic ones */
};

/* Bidi embeddings, overrides and isolates: dropped from an argument so it cannot close (or
 * reopen) the isolate it is put in. */
static bool
is_embedding(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* What ends a word for the digit rule: white space (the no-break ones too: "1448 AH") and the
 * bidi embeddings and isolates (an argument is a word apart from the text around it). */
static bool
is_word_break(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || is_embedding(c);
}

static bool
is_ascii_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Whether the word that starts at s[0..len) is a code: it starts with LRM (I18N_CODE) or holds
 * a Latin letter. */
static bool
word_is_code(const char *s, size_t len)
{
	size_t at = 0;
	for (bool first = true; at < len; first = false) {
		uint32_t cp;
		size_t used;
		if (utf8_next(s + at, len - at, &cp, &used) < 0)
			cp = 0xFFFD;
		at += used;
		if (is_word_break(cp))
			break;
		if ((first && cp == 0x200E) ||
		    (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')))
			return true;
	}
	return false;
}

/* Appends s[0..len) character by character while whole characters fit; invalid UTF-8 becomes
 * U+FFFD; an argument (arg) loses its bidi embeddings and isolates; with k->shape, the digits
 * of every word that is not a code become Arabic-Indic, and a '.' between two of them U+066B. */
static void
sink_put(struct sink *k, const char *s, size_t len, bool arg)
{
	size_t at = 0;
	bool in_word = false, code = false;
	uint32_t prev = 0;
	while (at < len && !k->full) {
		uint32_t cp;
		size_t used, w;
		char rep[UTF8_MAX];
		const char *src = s + at;
		bool bad = utf8_next(s + at, len - at, &cp, &used) < 0;
		if (bad)
			cp = 0xFFFD;
		if (k->shape && is_word_break(cp)) {
			in_word = false;
		} else if (k->shape && !in_word) {
			in_word = true;
			code = word_is_code(s + at, len - at);
		}
		at += used;
		w = used;
		if (bad) {
			w = (size_t)utf8_encode(0xFFFD, rep);
			src = rep;
		} else if (arg && is_embedding(cp)) {
			continue;
		} else if (k->shape && in_word && !code &&
		           (is_ascii_digit(cp) || (cp == '.' && is_ascii_digit(prev) && at < len &&
		                                   is_ascii_digit((uint8_t)s[at])))) {
			w = (size_t)utf8_encode(cp == '.' ? 0x066B : 0x0660 + (cp - '0'), rep);
			src = rep;
		}
		prev = cp;
		if (k->o + w > k->size) {
			k->full = true;
			break;
		}
		memcpy(k->out + k->o, src, w);
		k->o += w;
	}
}

/* An argument inside FSI ... PDI; room for the PDI is kept while the value is written, so a
 * value cut short is still closed. */
static void
sink_arg(struct sink *k, const char *value)
{
	if (k->full || k->o + 2 * ISOLATE_BYTES > k->size) {
		k->full = true;
		return;
	}
	sink_put(k, FSI, ISOLATE_BYTES, false);
	k->size -= ISOLATE_BYTES;
	sink_put(k, value ? value : "", value ? strlen(value) : 0, true);
	k->size += ISOLATE_BYTES;
	bool full = k->full;
	k->full = false;
	sink_put(k, PDI, ISOLATE_BYTES, false);
	k->full = full;
}

/* text with its placeholders replaced; num: the value of {n} (NULL: {n} is an ordinary name). */
static const char *
subst(const struct i18n *i, const char *lang, const char *key, const char *text, const char *num,
      const struct i18n_arg *args, int nargs, char *out, size_t size)
{
	if (!out || size == 0)
		return "";
	struct sink k = {.out = out,
	                 .size = size - 1,
	                 .shape = i18n_digits_of(i, lang) == I18N_DIGITS_ARABIC_INDIC};
	const char *lit = text;
	for (const char *p = text; *p && !k.full;) {
		size_t l = ph_at(p);
		if (!l) {
			p++;
			continue;
		}
		sink_put(&k, lit, (size_t)(p - lit), false);
		const char *name = p + 1, *value = NULL;
		size_t nl = l - 2;
		bool found = false;
		if (num && nl == 1 && name[0] == 'n') {
			value = num;
			found = true;
		}
		for (int a = 0; !found && args && a < nargs; a++) {
			if (args[a].name && strlen(args[a].name) == nl &&
			    !memcmp(args[a].name, name, nl)) {
				value = args[a].value;
				found = true;
			}
		}
		if (found) {
			sink_arg(&k, value);
		} else {
			bool shape = k.shape;
			k.shape = false; /* a placeholder's name is not a number */
			sink_put(&k, p, l, false);
			k.shape = shape;
			if (i && warn_once(i, "arg", lang, key))
				klog(KLOG_WARN, "i18n", "\"%.64s\": no argument for {%.*s}", key,
				     (int)nl, name);
		}
		p += l;
		lit = p;
	}
	if (!k.full)
		sink_put(&k, lit, strlen(lit), false);
	out[k.o] = '\0';
	return out;
}

const char *
i18n_fmt(const struct i18n *i, const char *lang, const char *key, const struct i18n_arg *args,
         int nargs, char *out, size_t size)
{
	return subst(i, lang, key, pick(i, lang, key, false, 0), NULL, args, nargs, out, size);
}

const char *
i18n_nfmt(const struct i18n *i, const char *lang, const char *key, long n,
          const struct i18n_arg *args, int nargs, char *out, size_t size)
{
	char num[24];
	snprintf(num, sizeof(num), "%ld", n);
	return subst(i, lang, key, pick(i, lang, key, true, n), num, args, nargs, out, size);
}

/* ---- digits -------------------------------------------------------------------------------- */

int
i18n_digits_parse(const char *name, enum i18n_digits *out)
{
	if (name && !strcmp(name, "western"))
		*out = I18N_DIGITS_WESTERN;
	else if (name && !strcmp(name, "arabic-indic"))
		*out = I18N_DIGITS_ARABIC_INDIC;
	else
		return KERR_INVAL;
	return 0;
}

int
i18n_set_digits(struct i18n *i, const char *lang, enum i18n_digits d)
{
	int k = i ? lang_find(i, lang) : -1;
	if (d != I18N_DIGITS_WESTERN && d != I18N_DIGITS_ARABIC_INDIC)
		return KERR_INVAL;
	if (k < 0)
		return KERR_NOTFOUND;
	i->langs[k].digits = d;
	return 0;
}

enum i18n_digits
i18n_digits_of(const struct i18n *i, const char *lang)
{
	int k = i ? lang_find(i, lang) : -1;
	return k >= 0 ? i->langs[k].digits : I18N_DIGITS_WESTERN;
}

const char *
i18n_digits(const struct i18n *i, const char *lang, const char *s, char *out, size_t size)
{
	if (!out || size == 0)
		return "";
	struct sink k = {.out = out,
	                 .size = size - 1,
	                 .shape = i18n_digits_of(i, lang) == I18N_DIGITS_ARABIC_INDIC};
	sink_put(&k, s ? s : "", s ? strlen(s) : 0, false);
	out[k.o] = '\0';
	return out;
}

/* ---- checking a catalogue against English --------------------------------------------------- */

/* Counts a problem; the first one is described in why. */
static void
check_note(char *why, size_t size, int *bad, const char *fmt, const char *lang, const char *key)
{
	if ((*bad)++ == 0 && why && size)
		snprintf(why, size, fmt, lang, key);
}

int
i18n_check(const struct i18n *i, const char *lang, char *why, size_t size)
{
	int li = i ? lang_find(i, lang) : -1, bad = 0;
	const struct i18n_catalog *en = i && i->en >= 0 ? i->langs[i->en].cat : NULL;
	if (why && size)
		why[0] = '\0';
	if (li < 0 || !i->langs[li].cat || !en)
		return KERR_NOTFOUND;
	const struct i18n_lang *l = &i->langs[li];
	int want = plural_count(l->code);
	for (int k = 0; k < i18n_count(en); k++) {
		int enf, nf;
		const char *key = i18n_key_at(en, k, &enf);
		const char *ref = i18n_lookup_form(en, key, enf - 1, NULL);
		long pos = cat_find(l->cat, key);
		if (pos < 0 || !cat_form(l->cat, pos, 0, &nf)) {
			check_note(why, size, &bad, "%s: \"%s\" is missing", l->code, key);
			continue;
		}
		if (enf > 1 && (nf != want || !l->plurals_ok)) {
			check_note(why, size, &bad,
			           "%s: \"%s\" has the wrong number of plural forms", l->code, key);
			continue;
		}
		if (enf == 1 && nf != 1) {
			check_note(why, size, &bad, "%s: \"%s\" is plural, English is not", l->code,
			           key);
			continue;
		}
		for (int f = 0; f < nf; f++) {
			if (!form_ok(l->code, f, enf > 1, cat_form(l->cat, pos, f, NULL), ref)) {
				check_note(why, size, &bad,
				           "%s: \"%s\": placeholders differ from English", l->code,
				           key);
				break;
			}
		}
	}
	for (int k = 0; k < i18n_count(l->cat); k++) {
		const char *key = i18n_key_at(l->cat, k, NULL);
		if (cat_find(en, key) < 0)
			check_note(why, size, &bad, "%s: \"%s\" is not in English", l->code, key);
	}
	return bad;
}

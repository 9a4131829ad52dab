/*
 * profile.c - card profile files (see profile.h): INI parsed with inih into struct card_profile,
 * validated as a whole (files exist, fields point at them, lengths sane), plus ATR matching.
 * Profiles are configuration, but they are still checked like outside input: fuzzed by
 * tests/fuzz/fuzz_profile.c.
 */
#define _DEFAULT_SOURCE
#include "profile.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/kparse.h"
#include "../../common/xalloc.h"
#include "textenc.h"

#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const field_names[CARD_F_COUNT_] = {
        [CARD_F_CIVIL] = "civil_number",
        [CARD_F_NAME_AR] = "name_ar",
        [CARD_F_NAME_EN] = "name_en",
        [CARD_F_NATIONALITY] = "nationality",
        [CARD_F_SEX] = "sex",
        [CARD_F_BIRTH] = "birth",
        [CARD_F_EXPIRY] = "expiry",
        [CARD_F_SERIAL] = "card_serial",
};

struct pctx {
	struct card_profile *p;
	char field_file[CARD_F_COUNT_][24]; /* file names, resolved at the end */
	char cert_file[24];
	char photo_file[24];
	bool seen_profile;
	char msg[160];
};

const char *
profile_field_name(enum card_field_id f)
{
	return (unsigned)f < CARD_F_COUNT_ ? field_names[f] : "?";
}

static int
fail(struct pctx *c, const char *fmt, const char *arg)
{
	if (!c->msg[0])
		snprintf(c->msg, sizeof(c->msg), fmt, arg);
	return 0;
}

/* Unsigned, digits only (no sign, blank or "0x"), at most max. */
static bool
parse_uint(const char *s, unsigned long max, int base, unsigned long *out)
{
	unsigned long long v;
	if (kparse_ull(s, base, max, &v) < 0)
		return false;
	*out = (unsigned long)v;
	return true;
}

static bool
parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return *out = true, true;
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return *out = false, true;
	return false;
}

/* "5F21" or "61/5F21": 1..3 tags. */
static bool
parse_tags(const char *value, uint32_t *tags, int *depth)
{
	char buf[64], *save = NULL;
	unsigned long v;
	snprintf(buf, sizeof(buf), "%s", value);
	*depth = 0;
	for (char *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (*depth >= PROFILE_TLV_DEPTH || strlen(t) > 6 || strlen(t) % 2 ||
		    !parse_uint(t, 0xFFFFFF, 16, &v) || v == 0)
			return false;
		tags[(*depth)++] = (uint32_t)v;
	}
	return *depth > 0;
}

static int
on_atr(struct pctx *c, const char *value)
{
	struct card_profile *p = c->p;
	struct card_atr_pattern *a;
	char buf[256];
	size_t mn;
	if (p->natr >= PROFILE_MAX_ATRS)
		return fail(c, "too many atr lines (at most %s)", "8");
	a = &p->atr[p->natr];
	snprintf(buf, sizeof(buf), "%s", value);
	char *slash = strchr(buf, '/');
	if (slash)
		*slash++ = 0;
	if (kparse_hex(buf, a->v, a->mask, sizeof(a->v), &a->len) || a->len < 2)
		return fail(c, "atr: expected hex bytes (?? = any), got '%s'", value);
	if (slash) {
		uint8_t m[CARD_ATR_MAX];
		if (kparse_hex(slash, m, NULL, sizeof(m), &mn) || mn != a->len)
			return fail(c, "atr mask: expected as many hex bytes as the atr ('%s')",
			            value);
		for (size_t i = 0; i < a->len; i++)
			a->mask[i] &= m[i];
	}
	for (size_t i = 0; i < a->len; i++)
		a->v[i] &= a->mask[i];
	p->natr++;
	return 1;
}

static int
on_profile_key(struct pctx *c, const char *name, const char *value)
{
	struct card_profile *p = c->p;
	unsigned long v;
	c->seen_profile = true;
	if (strcmp(name, "id") == 0) {
		if (!*value || strlen(value) >= sizeof(p->id))
			return fail(c, "id: 1..47 characters, got '%s'", value);
		snprintf(p->id, sizeof(p->id), "%s", value);
	} else if (strcmp(name, "label") == 0) {
		snprintf(p->label, sizeof(p->label), "%s", value);
	} else if (strcmp(name, "atr") == 0) {
		return on_atr(c, value);
	} else if (strcmp(name, "aid") == 0) {
		if (kparse_hex(value, p->aid, NULL, sizeof(p->aid), &p->aid_len) || p->aid_len < 5)
			return fail(c, "aid: 5..16 hex bytes, got '%s'", value);
	} else if (strcmp(name, "read_chunk") == 0) {
		if (!parse_uint(value, 256, 10, &v) || v < 16)
			return fail(c, "read_chunk: 16..256, got '%s'", value);
		p->chunk = v;
	} else {
		return fail(c, "unknown key '%s' in [profile]", name);
	}
	return 1;
}

static int
find_file(const struct card_profile *p, const char *name)
{
	for (int i = 0; i < p->nfiles; i++)
		if (strcmp(p->files[i].name, name) == 0)
			return i;
	return -1;
}

static int
on_file_key(struct pctx *c, const char *fname, const char *name, const char *value)
{
	struct card_profile *p = c->p;
	unsigned long v;
	int i = find_file(p, fname);
	if (i < 0) {
		if (p->nfiles >= PROFILE_MAX_FILES)
			return fail(c, "too many [file.*] sections (at most %s)", "4");
		if (!*fname || strlen(fname) >= sizeof(p->files[0].name))
			return fail(c, "file name '%s': 1..23 characters", fname);
		i = p->nfiles++;
		snprintf(p->files[i].name, sizeof(p->files[i].name), "%s", fname);
	}
	if (strcmp(name, "fid") == 0) {
		if (strlen(value) != 4 || !parse_uint(value, 0xFFFF, 16, &v))
			return fail(c, "fid: 4 hex digits, got '%s'", value);
		p->files[i].fid = (uint16_t)v;
	} else if (strcmp(name, "max") == 0) {
		if (!parse_uint(value, PROFILE_FILE_MAX, 10, &v) || v == 0)
			return fail(c, "max: 1..32767 bytes, got '%s'", value);
		p->files[i].max = v;
	} else {
		return fail(c, "unknown key '%s' in a [file.*] section", name);
	}
	return 1;
}

static int
on_field_key(struct pctx *c, const char *fname, const char *name, const char *value)
{
	struct card_profile *p = c->p;
	struct card_field *f = NULL;
	unsigned long v;
	int idx = -1;
	for (int i = 0; i < CARD_F_COUNT_; i++)
		if (strcmp(field_names[i], fname) == 0)
			idx = i;
	if (idx < 0)
		return fail(c, "unknown field [field.%s]", fname);
	f = &p->fields[idx];
	f->defined = true;
	if (strcmp(name, "file") == 0) {
		snprintf(c->field_file[idx], sizeof(c->field_file[idx]), "%s", value);
	} else if (strcmp(name, "tlv") == 0) {
		if (!parse_tags(value, f->tags, &f->depth))
			return fail(c, "tlv: 1..3 tags of 1..3 hex bytes joined by '/', got '%s'",
			            value);
	} else if (strcmp(name, "offset") == 0) {
		if (!parse_uint(value, PROFILE_FILE_MAX - 1, 10, &v))
			return fail(c, "offset: 0..32766, got '%s'", value);
		f->off = v;
		f->depth = 0;
	} else if (strcmp(name, "length") == 0) {
		if (!parse_uint(value, 255, 10, &v) || v == 0)
			return fail(c, "length: 1..255, got '%s'", value);
		f->len = v;
	} else if (strcmp(name, "encoding") == 0) {
		int e = textenc_by_name(value);
		if (e < 0)
			return fail(c,
			            "encoding: ascii, digits, utf-8, windows-1256, iso-8859-6 "
			            "or ucs-2, got '%s'",
			            value);
		f->enc = e;
	} else if (strcmp(name, "date") == 0) {
		if (strcmp(value, "bcd-yyyymmdd") == 0)
			f->date = CARD_DATE_BCD_YYYYMMDD;
		else if (strcmp(value, "yyyymmdd") == 0)
			f->date = CARD_DATE_YYYYMMDD;
		else if (strcmp(value, "ddmmyyyy") == 0)
			f->date = CARD_DATE_DDMMYYYY;
		else
			return fail(c, "date: bcd-yyyymmdd, yyyymmdd or ddmmyyyy, got '%s'", value);
	} else if (strcmp(name, "required") == 0) {
		if (!parse_bool(value, &f->required))
			return fail(c, "required: yes or no, got '%s'", value);
	} else {
		return fail(c, "unknown key '%s' in a [field.*] section", name);
	}
	return 1;
}

static int
on_pin_key(struct pctx *c, const char *name, const char *value)
{
	struct card_profile *p = c->p;
	unsigned long v;
	p->has_pin = true;
	if (strcmp(name, "ref") == 0) {
		if (strlen(value) != 2 || !parse_uint(value, 0xFF, 16, &v))
			return fail(c, "ref: one hex byte, got '%s'", value);
		p->pin_ref = (uint8_t)v;
	} else if (strcmp(name, "min_length") == 0 || strcmp(name, "max_length") == 0 ||
	           strcmp(name, "pad_to") == 0) {
		if (!parse_uint(value, 16, 10, &v))
			return fail(c, "PIN lengths: 0..16, got '%s'", value);
		if (strcmp(name, "min_length") == 0)
			p->pin_min = (int)v;
		else if (strcmp(name, "max_length") == 0)
			p->pin_max = (int)v;
		else
			p->pin_pad_to = (int)v;
	} else if (strcmp(name, "pad_byte") == 0) {
		if (strlen(value) != 2 || !parse_uint(value, 0xFF, 16, &v))
			return fail(c, "pad_byte: one hex byte, got '%s'", value);
		p->pin_pad_byte = (uint8_t)v;
	} else {
		return fail(c, "unknown key '%s' in [pin]", name);
	}
	return 1;
}

static int
on_auth_key(struct pctx *c, const char *name, const char *value)
{
	struct card_profile *p = c->p;
	unsigned long v;
	if (strcmp(name, "method") == 0) {
		if (strcmp(value, "none") == 0)
			p->auth = CARD_AUTH_NONE;
		else if (strcmp(value, "internal-authenticate") == 0)
			p->auth = CARD_AUTH_INTERNAL;
		else
			return fail(c, "method: none or internal-authenticate, got '%s'", value);
	} else if (strcmp(name, "key_ref") == 0) {
		if (strlen(value) != 2 || !parse_uint(value, 0xFF, 16, &v))
			return fail(c, "key_ref: one hex byte, got '%s'", value);
		p->auth_key_ref = (uint8_t)v;
	} else if (strcmp(name, "certificate") == 0) {
		snprintf(c->cert_file, sizeof(c->cert_file), "%s", value);
	} else if (strcmp(name, "challenge_length") == 0) {
		if (!parse_uint(value, 64, 10, &v) || v < 8)
			return fail(c, "challenge_length: 8..64, got '%s'", value);
		p->challenge_len = v;
	} else {
		return fail(c, "unknown key '%s' in [auth]", name);
	}
	return 1;
}

static int
on_photo_key(struct pctx *c, const char *name, const char *value)
{
	if (strcmp(name, "file") == 0) {
		snprintf(c->photo_file, sizeof(c->photo_file), "%s", value);
	} else if (strcmp(name, "tlv") == 0) {
		if (!parse_tags(value, c->p->photo_tags, &c->p->photo_depth))
			return fail(c, "tlv: 1..3 tags of 1..3 hex bytes joined by '/', got '%s'",
			            value);
	} else {
		return fail(c, "unknown key '%s' in [photo]", name);
	}
	return 1;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct pctx *c = user;
	if (c->msg[0])
		return 0;
	if (strcmp(section, "profile") == 0)
		return on_profile_key(c, name, value);
	if (strncmp(section, "file.", 5) == 0)
		return on_file_key(c, section + 5, name, value);
	if (strncmp(section, "field.", 6) == 0)
		return on_field_key(c, section + 6, name, value);
	if (strcmp(section, "pin") == 0)
		return on_pin_key(c, name, value);
	if (strcmp(section, "auth") == 0)
		return on_auth_key(c, name, value);
	if (strcmp(section, "photo") == 0)
		return on_photo_key(c, name, value);
	return fail(c, "unknown section [%s]", section);
}

/* Whole-profile checks once every line is read. */
static int
finish(struct pctx *c)
{
	struct card_profile *p = c->p;
	if (!p->id[0])
		return fail(c, "%s[profile] id is missing", "");
	if (p->natr == 0)
		return fail(c, "%s[profile] needs at least one atr", "");
	if (p->aid_len == 0)
		return fail(c, "%s[profile] aid is missing", "");
	for (int i = 0; i < p->nfiles; i++)
		if (!p->files[i].fid || !p->files[i].max)
			return fail(c, "[file.%s] needs fid and max", p->files[i].name);
	for (int i = 0; i < CARD_F_COUNT_; i++) {
		struct card_field *f = &p->fields[i];
		if (!f->defined)
			continue;
		f->file = find_file(p, c->field_file[i]);
		if (f->file < 0)
			return fail(c, "[field.%s]: file is missing or names no [file.*]",
			            field_names[i]);
		if (f->depth == 0 && f->len == 0)
			return fail(c, "[field.%s]: give tlv, or offset and length",
			            field_names[i]);
		if (f->depth == 0 && f->off + f->len > p->files[f->file].max)
			return fail(c, "[field.%s]: offset + length beyond the file's max",
			            field_names[i]);
		bool is_date = i == CARD_F_BIRTH || i == CARD_F_EXPIRY;
		if (is_date != (f->date != CARD_DATE_NONE))
			return fail(c,
			            "[field.%s]: birth and expiry need date =, other fields "
			            "must not have it",
			            field_names[i]);
	}
	if (!p->fields[CARD_F_CIVIL].defined)
		return fail(c, "%s[field.civil_number] is missing", "");
	if (p->has_pin) {
		if (p->pin_min < 4 || p->pin_max < p->pin_min || p->pin_max > 16 ||
		    (p->pin_pad_to && p->pin_pad_to < p->pin_max))
			return fail(c,
			            "%s[pin]: need 4 <= min_length <= max_length <= 16 and "
			            "pad_to 0 or >= max_length",
			            "");
	}
	p->photo_file = -1;
	if (c->photo_file[0] && (p->photo_file = find_file(p, c->photo_file)) < 0)
		return fail(c, "%s[photo] file must name a [file.*]", "");
	p->auth_cert_file = -1;
	if (p->auth == CARD_AUTH_INTERNAL) {
		p->auth_cert_file = find_file(p, c->cert_file);
		if (p->auth_cert_file < 0)
			return fail(c, "%s[auth] certificate must name a [file.*]", "");
		if (!p->challenge_len)
			p->challenge_len = 16;
	}
	if (!p->chunk)
		p->chunk = 224;
	return 1;
}

int
profile_parse(const char *text, size_t len, struct card_profile *out, char *err, size_t errsize)
{
	struct pctx c = {.p = out};
	char *s = xmalloc(len + 1);
	int line;

	memset(out, 0, sizeof(*out));
	memcpy(s, text, len);
	s[len] = 0;
	line = ini_parse_string(s, on_key, &c);
	free(s);
	if (line == 0 && !finish(&c))
		line = 0, snprintf(err, errsize, "%s", c.msg);
	else if (line != 0)
		snprintf(err, errsize, "%d: %s", line, c.msg[0] ? c.msg : "syntax error");
	if (line != 0 || c.msg[0]) {
		memset(out, 0, sizeof(*out));
		return KERR_CONFIG;
	}
	return 0;
}

int
profile_load(const char *path, struct card_profile *out)
{
	char err[200];
	size_t n;
	int rc;
	FILE *f = fopen(path, "rb");
	if (!f) {
		klog(KLOG_ERR, "card", "cannot open card profile %s: %s", path, strerror(errno));
		return KERR_CONFIG;
	}
	char *buf = xmalloc(65536);
	n = fread(buf, 1, 65535, f);
	fclose(f);
	rc = profile_parse(buf, n, out, err, sizeof(err));
	free(buf);
	if (rc)
		klog(KLOG_ERR, "card", "%s:%s", path, err);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
profile_load_dir(const char *dir, struct card_profiles *out)
{
	char *names[32];
	int n = 0, rc = 0;
	struct dirent *de;
	DIR *d = dir[0] ? opendir(dir) : NULL;

	memset(out, 0, sizeof(*out));
	if (!dir[0]) {
		char err[200];
		out->p = xcalloc(1, sizeof(*out->p));
		rc = profile_parse(profile_demo_text, strlen(profile_demo_text), out->p, err,
		                   sizeof(err));
		if (rc) {
			klog(KLOG_ERR, "card", "built-in profile:%s", err);
			profile_set_free(out);
			return KERR_INTERNAL;
		}
		out->n = 1;
		return 0;
	}
	if (!d) {
		klog(KLOG_ERR, "card", "cannot open card profile folder %s: %s", dir,
		     strerror(errno));
		return KERR_CONFIG;
	}
	while ((de = readdir(d)) && n < 32) {
		size_t len = strlen(de->d_name);
		if (len > 8 && strcmp(de->d_name + len - 8, ".profile") == 0)
			names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
	out->p = xcalloc(n ? (size_t)n : 1, sizeof(*out->p));
	for (int i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (rc == 0 && (rc = profile_load(path, &out->p[out->n])) == 0) {
			if (profile_by_id(out, out->p[out->n].id)) {
				klog(KLOG_ERR, "card", "%s: profile id '%s' used twice", path,
				     out->p[out->n].id);
				rc = KERR_CONFIG;
			} else {
				out->n++;
			}
		}
		free(names[i]);
	}
	if (rc == 0 && out->n == 0) {
		klog(KLOG_ERR, "card", "no *.profile files in %s", dir);
		rc = KERR_CONFIG;
	}
	if (rc)
		profile_set_free(out);
	return rc;
}

void
profile_set_free(struct card_profiles *set)
{
	if (!set)
		return;
	free(set->p);
	set->p = NULL;
	set->n = 0;
}

bool
profile_atr_matches(const struct card_profile *p, const uint8_t *atr, size_t len)
{
	for (int i = 0; i < p->natr; i++) {
		const struct card_atr_pattern *a = &p->atr[i];
		size_t j = 0;
		if (a->len != len)
			continue;
		while (j < len && (atr[j] & a->mask[j]) == a->v[j])
			j++;
		if (j == len)
			return true;
	}
	return false;
}

const struct card_profile *
profile_match(const struct card_profiles *set, const uint8_t *atr, size_t len)
{
	for (int i = 0; i < set->n; i++)
		if (profile_atr_matches(&set->p[i], atr, len))
			return &set->p[i];
	return NULL;
}

const struct card_profile *
profile_by_id(const struct card_profiles *set, const char *id)
{
	for (int i = 0; i < set->n; i++)
		if (strcmp(set->p[i].id, id) == 0)
			return &set->p[i];
	return NULL;
}

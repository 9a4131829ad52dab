/*
 * identity.c - generic decoding of identity fields per a card profile (see identity.h): locate
 * each field (BER-TLV tag path or fixed offset), decode its text encoding or date format, and
 * validate it (a date must exist in the calendar: common/date.h); the expiry check. The card I/O is
 * in identity_read.c. Card data is outside input: every length is checked before use and nothing is
 * guessed.
 */
#include "identity.h"

#include "../../common/date.h"
#include "../../common/kerr.h"
#include "../../common/xalloc.h"
#include "textenc.h"
#include "tlv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Finds the field's bytes; KERR_NOTFOUND when absent, KERR_BADCARD when malformed. */
static int
locate(const struct card_field *f, const uint8_t *buf, size_t len, const uint8_t **v, size_t *n)
{
	struct tlv t;
	if (!buf)
		return KERR_NOTFOUND;
	if (f->depth == 0) {
		if (f->off > len || f->len > len - f->off)
			return KERR_NOTFOUND;
		*v = buf + f->off;
		*n = f->len;
		return 0;
	}
	for (int i = 0; i < f->depth; i++) {
		int rc = tlv_find(buf, len, f->tags[i], &t);
		if (rc)
			return rc;
		buf = t.val;
		len = t.len;
	}
	*v = buf;
	*n = len;
	return 0;
}

/* A date field as the profile declares it (BCD YYYYMMDD, ASCII YYYYMMDD or DDMMYYYY) into
 * "YYYY-MM-DD". It must be a day that exists (no 29 February of a common year, no 31 April, no
 * month 13 or day 00) from 1900 on: anything else is a malformed field, KERR_BADCARD. */
static int
date_field(const struct card_field *f, const uint8_t *v, size_t n, char out[11])
{
	int d[8];
	if (f->date == CARD_DATE_BCD_YYYYMMDD) {
		if (n != 4)
			return KERR_BADCARD;
		for (int i = 0; i < 4; i++) {
			d[2 * i] = v[i] >> 4;
			d[2 * i + 1] = v[i] & 0x0F;
		}
	} else {
		if (n != 8)
			return KERR_BADCARD;
		for (int i = 0; i < 8; i++)
			d[i] = v[i] - '0';
		if (f->date == CARD_DATE_DDMMYYYY) { /* reorder to YYYYMMDD */
			int t[8] = {d[4], d[5], d[6], d[7], d[2], d[3], d[0], d[1]};
			memcpy(d, t, sizeof(d));
		}
	}
	for (int i = 0; i < 8; i++)
		if (d[i] < 0 || d[i] > 9)
			return KERR_BADCARD;
	struct civil_date dt = {
	        .y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3],
	        .m = d[4] * 10 + d[5],
	        .d = d[6] * 10 + d[7],
	};
	if (dt.y < 1900 || !date_valid(dt.y, dt.m, dt.d))
		return KERR_BADCARD;
	date_format_iso(&dt, out);
	return 0;
}

int
card_identity_parse(const struct card_profile *p, const uint8_t *const *files, const size_t *lens,
                    struct card_identity *out)
{
	char sex[8];
	struct {
		char *dst;
		size_t size;
	} dst[CARD_F_COUNT_] = {
	        [CARD_F_CIVIL] = {out->civil_number, sizeof(out->civil_number)},
	        [CARD_F_NAME_AR] = {out->name_ar, sizeof(out->name_ar)},
	        [CARD_F_NAME_EN] = {out->name_en, sizeof(out->name_en)},
	        [CARD_F_NATIONALITY] = {out->nationality, sizeof(out->nationality)},
	        [CARD_F_SEX] = {sex, sizeof(sex)},
	        [CARD_F_BIRTH] = {out->birth, sizeof(out->birth)},
	        [CARD_F_EXPIRY] = {out->expiry, sizeof(out->expiry)},
	        [CARD_F_SERIAL] = {out->card_serial, sizeof(out->card_serial)},
	};
	int rc = 0;

	memset(out, 0, sizeof(*out));
	sex[0] = 0;
	for (int i = 0; i < CARD_F_COUNT_; i++) {
		const struct card_field *f = &p->fields[i];
		const uint8_t *v;
		size_t n;
		if (!f->defined)
			continue;
		rc = locate(f, files[f->file], lens[f->file], &v, &n);
		if (rc == KERR_NOTFOUND && !f->required) {
			rc = 0;
			continue;
		}
		if (rc)
			goto out_bad;
		if (f->date != CARD_DATE_NONE)
			rc = date_field(f, v, n, dst[i].dst);
		else
			rc = textenc_decode((enum textenc)f->enc, v, n, dst[i].dst, dst[i].size);
		if (rc)
			goto out_bad;
		if (f->required && !dst[i].dst[0])
			goto out_bad;
	}
	for (const char *c = out->civil_number; *c; c++)
		if (*c < '0' || *c > '9')
			goto out_bad;
	if (!out->civil_number[0] || (sex[0] && strcmp(sex, "M") && strcmp(sex, "F")))
		goto out_bad;
	out->sex = sex[0];
	snprintf(out->profile_id, sizeof(out->profile_id), "%s", p->id);
	return 0;
out_bad:
	card_identity_wipe(out);
	return KERR_BADCARD;
}

int
card_identity_min_apdus(const struct card_profile *p, const size_t *sizes)
{
	int n = 1;
	for (int i = 0; i < p->nfiles; i++)
		if (sizes[i])
			n += 1 + (int)((sizes[i] + p->chunk - 1) / p->chunk);
	return n;
}

bool
card_identity_expired(const struct card_identity *id, const struct civil_date *today_oman)
{
	struct civil_date expiry;
	if (!id->expiry[0])
		return false;
	if (date_parse_iso(id->expiry, &expiry) < 0)
		return true; /* not from card_identity_parse(): refuse rather than guess */
	return date_cmp(&expiry, today_oman) < 0;
}

void
card_identity_wipe(struct card_identity *id)
{
	xwipe(id, sizeof(*id));
}

void
card_identity_mask_civil(const struct card_identity *id, char *out, size_t size)
{
	size_t n = strlen(id->civil_number);
	snprintf(out, size, "****%s", n >= 4 ? id->civil_number + n - 4 : "");
}

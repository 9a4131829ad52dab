/*
 * identity.c - strict decoding of an identity file's TLV fields into struct card_identity (see
 * identity.h); the card I/O is in identity_read.c. Card data is outside input: every
 * field is length-checked and validated (digits, ASCII, UTF-8, BCD dates) before use.
 */
#include "identity.h"

#include "../../common/kerr.h"
#include "../../common/xalloc.h"
#include "tlv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PLACEHOLDER layout (not ROP's): the AID is the published ID applet's; fid and tags invented. */
const struct card_profile card_demo_profile = {
        .id = "omn-demo-1",
        .aid = {0xA0, 0x00, 0x00, 0x00, 0x18, 0x52, 0x4F, 0x50, 0x01},
        .aid_len = 9,
        .identity_fid = 0x0101,
        .tag_civil = 0x5F01,
        .tag_name_ar = 0x5F21,
        .tag_name_en = 0x5F20,
        .tag_nationality = 0x5F2C,
        .tag_sex = 0x5F35,
        .tag_birth = 0x5F2B,
        .tag_expiry = 0x5F24,
};

static bool
valid_utf8(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t k;
		uint32_t cp;
		if (c < 0x80) {
			if (c < 0x20)
				return false; /* no control characters in a name */
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			k = 1, cp = c & 0x1F;
		else if ((c & 0xF0) == 0xE0)
			k = 2, cp = c & 0x0F;
		else if ((c & 0xF8) == 0xF0)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false; /* overlong, out of range or surrogate */
		i += k + 1;
	}
	return true;
}

static int
text_field(const uint8_t *buf, size_t len, uint32_t tag, char *out, size_t size, bool utf8,
           bool digits, bool required)
{
	struct tlv t;
	int rc = tlv_find(buf, len, tag, &t);
	if (rc == KERR_NOTFOUND && !required) {
		out[0] = 0;
		return 0;
	}
	if (rc)
		return KERR_BADCARD;
	if (t.len == 0 || t.len >= size)
		return KERR_BADCARD;
	for (size_t i = 0; i < t.len && !utf8; i++) {
		uint8_t c = t.val[i];
		if (digits ? (c < '0' || c > '9') : (c < 0x20 || c > 0x7E))
			return KERR_BADCARD;
	}
	if (utf8 && !valid_utf8(t.val, t.len))
		return KERR_BADCARD;
	memcpy(out, t.val, t.len);
	out[t.len] = 0;
	return 0;
}

static int
bcd_date(const uint8_t *buf, size_t len, uint32_t tag, char out[11])
{
	struct tlv t;
	int d[8];
	if (tlv_find(buf, len, tag, &t) || t.len != 4)
		return KERR_BADCARD;
	for (int i = 0; i < 4; i++) {
		d[2 * i] = t.val[i] >> 4;
		d[2 * i + 1] = t.val[i] & 0x0F;
	}
	for (int i = 0; i < 8; i++)
		if (d[i] > 9)
			return KERR_BADCARD;
	int month = d[4] * 10 + d[5], day = d[6] * 10 + d[7];
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return KERR_BADCARD;
	for (int i = 0, o = 0; i < 8; i++) {
		if (i == 4 || i == 6)
			out[o++] = '-';
		out[o++] = (char)('0' + d[i]);
	}
	out[10] = 0;
	return 0;
}

int
card_identity_parse(const struct card_profile *p, const uint8_t *buf, size_t len,
                    struct card_identity *out)
{
	char sex[2];
	int rc;
	memset(out, 0, sizeof(*out));
	if (tlv_validate(buf, len))
		return KERR_BADCARD;
	if ((rc = text_field(buf, len, p->tag_civil, out->civil_number, sizeof(out->civil_number),
	                     false, true, true)) ||
	    (rc = text_field(buf, len, p->tag_name_ar, out->name_ar, sizeof(out->name_ar), true,
	                     false, true)) ||
	    (rc = text_field(buf, len, p->tag_name_en, out->name_en, sizeof(out->name_en), false,
	                     false, true)) ||
	    (rc = text_field(buf, len, p->tag_nationality, out->nationality,
	                     sizeof(out->nationality), false, false, false)) ||
	    (rc = text_field(buf, len, p->tag_sex, sex, sizeof(sex), false, false, false)) ||
	    (rc = bcd_date(buf, len, p->tag_birth, out->birth)) ||
	    (rc = bcd_date(buf, len, p->tag_expiry, out->expiry)))
		goto out_wipe;
	if (sex[0] && sex[0] != 'M' && sex[0] != 'F') {
		rc = KERR_BADCARD;
		goto out_wipe;
	}
	out->sex = sex[0];
	return 0;
out_wipe:
	card_identity_wipe(out);
	return rc;
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

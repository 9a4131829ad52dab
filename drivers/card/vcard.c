/*
 * vcard.c - virtual ID card (see vcard.h): loads a card image with inih, builds the identity file
 * as BER-TLV per the demo profile, and answers APDUs against it.
 */
#include "vcard.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "identity.h"

#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EF_MAX 4096

struct vcard {
	char label[96];
	uint8_t atr[33];
	size_t atr_len;
	uint8_t ef[EF_MAX]; /* the identity file */
	size_t ef_len;
	bool app_selected, ef_selected;
	/* pending GET RESPONSE data */
	uint8_t pending[256];
	size_t pending_len;
	/* raw fields while loading */
	char civil[16], name_ar[128], name_en[128], nat[4], sex[2], birth[9], expiry[9];
	int bad_line;
};

static int
parse_hex(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	*n = 0;
	while (*s) {
		if (*s == ' ' || *s == ':') {
			s++;
			continue;
		}
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1 || !s[1] || *n >= cap)
			return KERR_INVAL;
		out[(*n)++] = (uint8_t)v;
		s += 2;
	}
	return 0;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct vcard *vc = user;
	struct {
		const char *sec, *key;
		char *dst;
		size_t size;
	} fields[] = {
	        {"card", "label", vc->label, sizeof(vc->label)},
	        {"identity", "civil_number", vc->civil, sizeof(vc->civil)},
	        {"identity", "name_ar", vc->name_ar, sizeof(vc->name_ar)},
	        {"identity", "name_en", vc->name_en, sizeof(vc->name_en)},
	        {"identity", "nationality", vc->nat, sizeof(vc->nat)},
	        {"identity", "sex", vc->sex, sizeof(vc->sex)},
	        {"identity", "birth", vc->birth, sizeof(vc->birth)},
	        {"identity", "expiry", vc->expiry, sizeof(vc->expiry)},
	};
	if (strcmp(section, "card") == 0 && strcmp(name, "atr") == 0)
		return parse_hex(value, vc->atr, sizeof(vc->atr), &vc->atr_len) == 0 &&
		       vc->atr_len >= 2;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(section, fields[i].sec) || strcmp(name, fields[i].key))
			continue;
		if (strlen(value) >= fields[i].size)
			return 0;
		memcpy(fields[i].dst, value, strlen(value) + 1);
		return 1;
	}
	return 0; /* unknown key: an error, reported with its line */
}

static int
put_tlv(struct vcard *vc, uint32_t tag, const uint8_t *v, size_t n)
{
	if (n > 255 || vc->ef_len + n + 5 > EF_MAX)
		return KERR_TOOBIG;
	if (tag > 0xFF)
		vc->ef[vc->ef_len++] = (uint8_t)(tag >> 8);
	vc->ef[vc->ef_len++] = (uint8_t)tag;
	if (n > 127)
		vc->ef[vc->ef_len++] = 0x81;
	vc->ef[vc->ef_len++] = (uint8_t)n;
	memcpy(vc->ef + vc->ef_len, v, n);
	vc->ef_len += n;
	return 0;
}

static int
put_text(struct vcard *vc, uint32_t tag, const char *s)
{
	return s[0] ? put_tlv(vc, tag, (const uint8_t *)s, strlen(s)) : 0;
}

static int
put_bcd(struct vcard *vc, uint32_t tag, const char *yyyymmdd)
{
	uint8_t b[4];
	if (strlen(yyyymmdd) != 8)
		return KERR_INVAL;
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)((yyyymmdd[2 * i] - '0') << 4 | (yyyymmdd[2 * i + 1] - '0'));
	return put_tlv(vc, tag, b, 4);
}

int
vcard_load(const char *path, struct vcard **out)
{
	const struct card_profile *p = &card_demo_profile;
	struct vcard *vc = xcalloc(1, sizeof(*vc));
	int rc, line = ini_parse(path, on_key, vc);

	*out = NULL;
	if (line < 0) {
		klog(KLOG_ERR, "vcard", "cannot open card image %s", path);
		rc = KERR_IO;
		goto out_free;
	}
	if (line > 0) {
		klog(KLOG_ERR, "vcard", "%s:%d: bad line in card image", path, line);
		rc = KERR_INVAL;
		goto out_free;
	}
	if (!vc->atr_len) {
		klog(KLOG_ERR, "vcard", "%s: no [card] atr", path);
		rc = KERR_INVAL;
		goto out_free;
	}
	if ((rc = put_text(vc, p->tag_civil, vc->civil)) ||
	    (rc = put_text(vc, p->tag_name_ar, vc->name_ar)) ||
	    (rc = put_text(vc, p->tag_name_en, vc->name_en)) ||
	    (rc = put_text(vc, p->tag_nationality, vc->nat)) ||
	    (rc = put_text(vc, p->tag_sex, vc->sex)) ||
	    (rc = put_bcd(vc, p->tag_birth, vc->birth)) ||
	    (rc = put_bcd(vc, p->tag_expiry, vc->expiry))) {
		klog(KLOG_ERR, "vcard", "%s: identity fields invalid", path);
		goto out_free;
	}
	*out = vc;
	return 0;
out_free:
	vcard_free(vc);
	return rc;
}

void
vcard_free(struct vcard *vc)
{
	if (!vc)
		return;
	xwipe(vc, sizeof(*vc));
	free(vc);
}

const char *
vcard_label(const struct vcard *vc)
{
	return vc->label[0] ? vc->label : "card";
}

int
vcard_atr(const struct vcard *vc, uint8_t *atr, size_t *len)
{
	if (*len < vc->atr_len)
		return KERR_TOOBIG;
	memcpy(atr, vc->atr, vc->atr_len);
	*len = vc->atr_len;
	return 0;
}

void
vcard_reset(struct vcard *vc)
{
	vc->app_selected = vc->ef_selected = false;
	vc->pending_len = 0;
}

static size_t
sw(uint8_t *r, size_t n, uint16_t s)
{
	r[n] = (uint8_t)(s >> 8);
	r[n + 1] = (uint8_t)s;
	return n + 2;
}

int
vcard_apdu(struct vcard *vc, const uint8_t *a, size_t n, uint8_t *r, size_t *rlen)
{
	const struct card_profile *p = &card_demo_profile;
	size_t lc = n > 5 ? a[4] : 0, le;

	if (*rlen < 258)
		return KERR_INVAL;
	if (n < 4 || (n > 5 && n != 5 + lc && n != 6 + lc)) {
		*rlen = sw(r, 0, 0x6700);
		return 0;
	}
	le = (n == 5) ? (a[4] ? a[4] : 256) : (n == 6 + lc ? (a[n - 1] ? a[n - 1] : 256) : 0);
	if (a[1] != 0xC0)
		vc->pending_len = 0;
	if (a[0] != 0x00) {
		*rlen = sw(r, 0, 0x6E00);
		return 0;
	}
	switch (a[1]) {
	case 0xA4: /* SELECT */
		if (a[2] == 0x04 && lc == p->aid_len && memcmp(a + 5, p->aid, lc) == 0) {
			vc->app_selected = true;
			vc->ef_selected = false;
			*rlen = sw(r, 0, 0x9000);
		} else if (a[2] == 0x02 && lc == 2 && vc->app_selected &&
		           (a[5] << 8 | a[6]) == p->identity_fid) {
			vc->ef_selected = true;
			*rlen = sw(r, 0, 0x9000);
		} else {
			*rlen = sw(r, 0, 0x6A82);
		}
		return 0;
	case 0xB0: { /* READ BINARY */
		size_t off = (size_t)(a[2] & 0x7F) << 8 | a[3];
		if (!vc->ef_selected) {
			*rlen = sw(r, 0, 0x6986);
			return 0;
		}
		if (n != 5) {
			*rlen = sw(r, 0, 0x6700);
			return 0;
		}
		if (off >= vc->ef_len) {
			*rlen = sw(r, 0, 0x6B00);
			return 0;
		}
		size_t k = vc->ef_len - off < le ? vc->ef_len - off : le;
		memcpy(r, vc->ef + off, k);
		*rlen = sw(r, k, k < le ? 0x6282 : 0x9000);
		return 0;
	}
	case 0xC0: /* GET RESPONSE */
		if (!vc->pending_len) {
			*rlen = sw(r, 0, 0x6985);
			return 0;
		}
		memcpy(r, vc->pending, vc->pending_len);
		*rlen = sw(r, vc->pending_len, 0x9000);
		vc->pending_len = 0;
		return 0;
	default:
		*rlen = sw(r, 0, 0x6D00);
		return 0;
	}
}

/*
 * tlv.c - strict BER-TLV parsing (see tlv.h). Fuzzed by tests/fuzz/fuzz_tlv.c.
 */
#include "tlv.h"

#include "../../common/kerr.h"

int
tlv_next(const uint8_t *buf, size_t len, size_t *pos, struct tlv *out)
{
	size_t p = *pos, l;
	uint32_t tag;

	if (p >= len)
		return KERR_BADCARD;
	tag = buf[p++];
	if ((tag & 0x1F) == 0x1F) { /* multi-byte tag: more bytes while bit 8 is set, 3 at most */
		int more = 0;
		do {
			if (p >= len || ++more > 2)
				return KERR_BADCARD;
			tag = tag << 8 | buf[p];
		} while (buf[p++] & 0x80);
	}
	if (p >= len)
		return KERR_BADCARD;
	l = buf[p++];
	if (l == 0x81) {
		if (p >= len)
			return KERR_BADCARD;
		l = buf[p++];
	} else if (l == 0x82) {
		if (len - p < 2)
			return KERR_BADCARD;
		l = (size_t)buf[p] << 8 | buf[p + 1];
		p += 2;
	} else if (l >= 0x80) { /* indefinite (0x80) or longer forms: not on our cards */
		return KERR_BADCARD;
	}
	if (l > len - p)
		return KERR_BADCARD;
	out->tag = tag;
	out->val = buf + p;
	out->len = l;
	*pos = p + l;
	return 0;
}

int
tlv_validate(const uint8_t *buf, size_t len)
{
	size_t pos = 0;
	struct tlv t;
	while (pos < len) {
		size_t before = pos;
		if (tlv_next(buf, len, &pos, &t))
			return KERR_BADCARD;
		size_t q = 0;
		struct tlv u;
		while (q < before) { /* earlier TLVs were valid: no error possible here */
			if (tlv_next(buf, len, &q, &u) || u.tag == t.tag)
				return KERR_BADCARD;
		}
	}
	return 0;
}

int
tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *out)
{
	size_t pos = 0;
	struct tlv t;
	int rc = tlv_validate(buf, len);
	if (rc)
		return rc;
	while (pos < len) {
		if (tlv_next(buf, len, &pos, &t))
			return KERR_BADCARD;
		if (t.tag == tag) {
			*out = t;
			return 0;
		}
	}
	return KERR_NOTFOUND;
}

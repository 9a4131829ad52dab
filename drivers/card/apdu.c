/*
 * apdu.c - ISO 7816-4 exchanges on top of card_transmit() (see apdu.h): 61xx/6Cxx handling,
 * SELECT, chunked READ BINARY, and the single status-word -> KERR_* mapping.
 */
#include "apdu.h"

#include "../../common/kerr.h"
#include "../../common/xalloc.h"
#include "../card.h"
#include "tlv.h"

#include <string.h>

#define MAX_CHAINED 64 /* GET RESPONSE rounds before we call the card broken */

int
apdu_sw_err(uint16_t sw)
{
	if (sw == 0x9000)
		return 0;
	if (sw == 0x6A82 || sw == 0x6A83)
		return KERR_NOTFOUND;
	if ((sw & 0xFFF0) == 0x63C0)
		return KERR_PIN;
	if (sw == 0x6983 || sw == 0x6984)
		return KERR_BLOCKED;
	return KERR_CARD;
}

static size_t
build(uint8_t *apdu, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data,
      size_t lc, int le)
{
	size_t n = 0;
	apdu[n++] = cla;
	apdu[n++] = ins;
	apdu[n++] = p1;
	apdu[n++] = p2;
	if (lc) {
		apdu[n++] = (uint8_t)lc;
		memcpy(apdu + n, data, lc);
		n += lc;
	}
	if (le >= 0)
		apdu[n++] = (uint8_t)(le == 256 ? 0 : le);
	return n;
}

int
apdu_cmd(struct card_dev *dev, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
         const uint8_t *data, size_t lc, int le, uint8_t *resp, size_t *rlen, uint16_t *sw)
{
	uint8_t apdu[CARD_APDU_MAX], r[CARD_RESP_MAX];
	size_t cap = *rlen, got = 0, n, alen;
	int rc, rounds = 0;

	*rlen = 0;
	if (lc > 255 || le > 256)
		return KERR_INVAL;
	alen = build(apdu, cla, ins, p1, p2, data, lc, le);
	for (;;) {
		n = sizeof(r);
		if ((rc = card_transmit(dev, apdu, alen, r, &n)))
			goto out_wipe;
		*sw = (uint16_t)(r[n - 2] << 8 | r[n - 1]);
		n -= 2;
		if (r[n] == 0x6C && rounds++ < MAX_CHAINED) { /* wrong Le: the card says which */
			alen = build(apdu, cla, ins, p1, p2, data, lc, r[n + 1] ? r[n + 1] : 256);
			continue;
		}
		if (n > cap - got) {
			rc = KERR_TOOBIG;
			goto out_wipe;
		}
		memcpy(resp + got, r, n);
		got += n;
		if (r[n] == 0x61 && rounds++ < MAX_CHAINED) { /* more data: GET RESPONSE */
			alen = build(apdu, cla, 0xC0, 0, 0, NULL, 0, r[n + 1] ? r[n + 1] : 256);
			continue;
		}
		break;
	}
	rc = rounds >= MAX_CHAINED ? KERR_BADCARD : 0;
	if (rc == 0)
		*rlen = got;
out_wipe:
	xwipe(apdu, sizeof(apdu)); /* may hold a PIN */
	xwipe(r, sizeof(r));       /* may hold identity data */
	return rc;
}

int
apdu_select_aid(struct card_dev *dev, const uint8_t *aid, size_t aid_len)
{
	uint8_t r[CARD_RESP_MAX];
	size_t n = sizeof(r);
	uint16_t sw;
	int rc = apdu_cmd(dev, 0x00, 0xA4, 0x04, 0x0C, aid, aid_len, -1, r, &n, &sw);
	return rc ? rc : apdu_sw_err(sw);
}

int
apdu_select_fid(struct card_dev *dev, uint16_t fid)
{
	uint8_t r[CARD_RESP_MAX], f[2] = {(uint8_t)(fid >> 8), (uint8_t)fid};
	size_t n = sizeof(r);
	uint16_t sw;
	int rc = apdu_cmd(dev, 0x00, 0xA4, 0x02, 0x0C, f, 2, -1, r, &n, &sw);
	return rc ? rc : apdu_sw_err(sw);
}

int
apdu_read_binary(struct card_dev *dev, uint8_t *buf, size_t cap, size_t chunk, size_t *n)
{
	size_t off = 0;
	uint16_t sw;
	int rc;

	*n = 0;
	if (chunk == 0 || chunk > 256)
		chunk = 256;
	while (off < 0x8000) {
		size_t want = chunk, got = want;
		if (off >= cap)
			return KERR_TOOBIG;
		if (cap - off < want)
			got = want = cap - off;
		rc = apdu_cmd(dev, 0x00, 0xB0, (uint8_t)(off >> 8), (uint8_t)off, NULL, 0,
		              (int)want, buf + off, &got, &sw);
		if (rc)
			return rc;
		if (sw == 0x6B00 || sw == 0x6282 || (sw == 0x9000 && got < want)) {
			off += got; /* end of file reached */
			break;
		}
		if (sw != 0x9000)
			return apdu_sw_err(sw);
		if (got == 0)
			break;
		off += got;
	}
	*n = off;
	return 0;
}

int
apdu_select_fid_fci(struct card_dev *dev, uint16_t fid, size_t *size)
{
	uint8_t r[CARD_RESP_MAX], f[2] = {(uint8_t)(fid >> 8), (uint8_t)fid};
	size_t n = sizeof(r);
	uint16_t sw;
	struct tlv fcp, t;
	int rc = apdu_cmd(dev, 0x00, 0xA4, 0x02, 0x00, f, 2, 256, r, &n, &sw);

	*size = 0;
	if (rc || (rc = apdu_sw_err(sw)))
		return rc;
	if (n == 0)
		return 0; /* no FCI: the size comes from reading to the end */
	if (tlv_find(r, n, 0x62, &fcp) && tlv_find(r, n, 0x6F, &fcp))
		return KERR_BADCARD;
	if (tlv_find(fcp.val, fcp.len, 0x80, &t) == 0 ||
	    tlv_find(fcp.val, fcp.len, 0x81, &t) == 0) {
		if (t.len == 0 || t.len > 2)
			return KERR_BADCARD;
		*size = t.len == 1 ? t.val[0] : (size_t)t.val[0] << 8 | t.val[1];
	}
	return 0;
}

int
apdu_read_binary_n(struct card_dev *dev, uint8_t *buf, size_t size, size_t chunk)
{
	size_t off = 0;
	uint16_t sw;
	int rc;

	if (chunk == 0 || chunk > 256)
		chunk = 256;
	if (size > 0x7FFF)
		return KERR_TOOBIG;
	while (off < size) {
		size_t want = size - off < chunk ? size - off : chunk, got = want;
		rc = apdu_cmd(dev, 0x00, 0xB0, (uint8_t)(off >> 8), (uint8_t)off, NULL, 0,
		              (int)want, buf + off, &got, &sw);
		if (rc)
			return rc == KERR_TOOBIG ? KERR_BADCARD : rc;
		if (sw != 0x9000)
			return sw == 0x6B00 || sw == 0x6282 ? KERR_BADCARD : apdu_sw_err(sw);
		if (got != want)
			return KERR_BADCARD; /* the card promised a size it does not deliver */
		off += got;
	}
	return 0;
}

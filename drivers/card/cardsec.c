/*
 * cardsec.c - PIN verification and the offline authenticity check (see cardsec.h). OpenSSL is
 * used here (certificate chain, signature) and in vcard.c (the virtual card's side).
 */
#include "cardsec.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "apdu.h"
#include "profile.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct card_trust {
	X509_STORE *store;
	int ncerts;
};

static const char *const result_names[] = {
        [CARD_AUTH_UNKNOWN] = "unknown",         [CARD_AUTH_RECOGNISED] = "recognised",
        [CARD_AUTH_GENUINE] = "genuine",         [CARD_AUTH_EXPIRED] = "expired",
        [CARD_AUTH_NOT_GENUINE] = "not-genuine",
};

const char *
card_auth_result_name(enum card_auth_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(result_names[0]) ? result_names[r] : "?";
}

int
card_pin_tries(struct card_dev *dev, const struct card_profile *p, int *tries)
{
	uint8_t r[CARD_RESP_MAX];
	size_t n = sizeof(r);
	uint16_t sw;
	int rc;

	*tries = -1;
	if (!p->has_pin)
		return KERR_NOTSUP;
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len)))
		return rc;
	if ((rc = apdu_cmd(dev, 0x00, 0x20, 0x00, p->pin_ref, NULL, 0, -1, r, &n, &sw)))
		return rc;
	if (sw == 0x9000)
		return 0;
	if ((sw & 0xFFF0) == 0x63C0) {
		*tries = sw & 0x0F;
		return 0;
	}
	if (sw == 0x6983) {
		*tries = 0;
		return KERR_BLOCKED;
	}
	return apdu_sw_err(sw);
}

int
card_pin_verify(struct card_dev *dev, const struct card_profile *p, const char *pin, size_t len,
                int *tries)
{
	uint8_t buf[16], r[CARD_RESP_MAX];
	size_t n = sizeof(r), blen = len;
	uint16_t sw;
	int rc;

	*tries = -1;
	if (!p->has_pin)
		return KERR_NOTSUP;
	if ((int)len < p->pin_min || (int)len > p->pin_max || len > sizeof(buf))
		return KERR_INVAL;
	for (size_t i = 0; i < len; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return KERR_INVAL;
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len)))
		return rc;
	memcpy(buf, pin, len);
	if (p->pin_pad_to > (int)len) {
		memset(buf + len, p->pin_pad_byte, (size_t)p->pin_pad_to - len);
		blen = (size_t)p->pin_pad_to;
	}
	rc = apdu_cmd(dev, 0x00, 0x20, 0x00, p->pin_ref, buf, blen, -1, r, &n, &sw);
	xwipe(buf, sizeof(buf));
	if (rc)
		return rc;
	if (sw == 0x9000)
		return 0;
	if ((sw & 0xFFF0) == 0x63C0) {
		*tries = sw & 0x0F;
		return *tries ? KERR_PIN : KERR_BLOCKED;
	}
	if (sw == 0x6983) {
		*tries = 0;
		return KERR_BLOCKED;
	}
	return apdu_sw_err(sw);
}

int
card_trust_load(const char *pem_path, struct card_trust **out)
{
	struct card_trust *t = xcalloc(1, sizeof(*t));
	FILE *f = fopen(pem_path, "r");
	X509 *x;

	*out = NULL;
	if (!f) {
		klog(KLOG_ERR, "card", "cannot open issuer CA file %s", pem_path);
		free(t);
		return KERR_CONFIG;
	}
	t->store = X509_STORE_new();
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		if (X509_STORE_add_cert(t->store, x) == 1)
			t->ncerts++;
		X509_free(x);
	}
	ERR_clear_error(); /* the end of the file shows up as an error */
	fclose(f);
	if (t->ncerts == 0) {
		klog(KLOG_ERR, "card", "%s holds no certificate", pem_path);
		card_trust_free(t);
		return KERR_CONFIG;
	}
	*out = t;
	return 0;
}

void
card_trust_free(struct card_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	free(t);
}

/* Reads the profile's certificate file (selected by FCI size or to the end). */
static int
read_cert(struct card_dev *dev, const struct card_profile *p, uint8_t *buf, size_t *n)
{
	const struct card_file *f = &p->files[p->auth_cert_file];
	size_t size = 0;
	int rc;
	*n = 0;
	if ((rc = apdu_select_fid_fci(dev, f->fid, &size)))
		return rc;
	if (size > f->max)
		return KERR_BADCARD;
	if (size) {
		rc = apdu_read_binary_n(dev, buf, size, p->chunk);
		*n = rc ? 0 : size;
		return rc;
	}
	rc = apdu_read_binary(dev, buf, f->max, p->chunk, n);
	return rc == KERR_TOOBIG ? KERR_BADCARD : rc;
}

static enum card_auth_result
check_chain(const struct card_trust *trust, X509 *cert, int64_t now_s)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	enum card_auth_result res = CARD_AUTH_NOT_GENUINE;
	if (!ctx || X509_STORE_CTX_init(ctx, trust->store, cert, NULL) != 1)
		goto out;
	X509_STORE_CTX_set_time(ctx, 0, (time_t)now_s);
	if (X509_verify_cert(ctx) == 1) {
		res = CARD_AUTH_GENUINE;
	} else {
		int e = X509_STORE_CTX_get_error(ctx);
		res = e == X509_V_ERR_CERT_HAS_EXPIRED ? CARD_AUTH_EXPIRED : CARD_AUTH_NOT_GENUINE;
		klog(KLOG_INFO, "card", "card certificate not accepted: %s",
		     X509_verify_cert_error_string(e));
	}
out:
	X509_STORE_CTX_free(ctx);
	return res;
}

int
card_authenticate(struct card_dev *dev, const struct card_profile *p,
                  const struct card_trust *trust, int64_t now_s, enum card_auth_result *res)
{
	uint8_t *cbuf = NULL, chal[64], sig[CARD_RESP_MAX];
	size_t clen = 0, slen = sizeof(sig);
	uint16_t sw;
	X509 *cert = NULL;
	EVP_MD_CTX *md = NULL;
	int rc;

	*res = p ? CARD_AUTH_RECOGNISED : CARD_AUTH_UNKNOWN;
	if (!p || !trust || p->auth != CARD_AUTH_INTERNAL)
		return 0;
	*res = CARD_AUTH_NOT_GENUINE;
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len)))
		return rc == KERR_CARD || rc == KERR_NOTFOUND ? 0 : rc;
	cbuf = xmalloc(p->files[p->auth_cert_file].max);
	rc = read_cert(dev, p, cbuf, &clen);
	if (rc) {
		if (rc == KERR_CARD || rc == KERR_NOTFOUND || rc == KERR_BADCARD)
			rc = 0; /* no certificate to show: not genuine */
		goto out;
	}
	const uint8_t *q = cbuf;
	if (!(cert = d2i_X509(NULL, &q, (long)clen)) || q != cbuf + clen) {
		klog(KLOG_INFO, "card", "card certificate (%zu bytes) does not parse", clen);
		goto out;
	}
	*res = check_chain(trust, cert, now_s);
	if (*res != CARD_AUTH_GENUINE && *res != CARD_AUTH_EXPIRED)
		goto out;
	/* the certificate is right: does this card hold its key? */
	enum card_auth_result chain = *res;
	*res = CARD_AUTH_NOT_GENUINE;
	if (RAND_bytes(chal, (int)p->challenge_len) != 1) {
		rc = KERR_INTERNAL;
		goto out;
	}
	if ((rc = apdu_cmd(dev, 0x00, 0x88, 0x00, p->auth_key_ref, chal, p->challenge_len, 256, sig,
	                   &slen, &sw)))
		goto out;
	if (sw != 0x9000) {
		klog(KLOG_INFO, "card", "card refused INTERNAL AUTHENTICATE (%04X)", sw);
		goto out;
	}
	md = EVP_MD_CTX_new();
	if (md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, X509_get0_pubkey(cert)) == 1 &&
	    EVP_DigestVerify(md, sig, slen, chal, p->challenge_len) == 1)
		*res = chain;
	else
		klog(KLOG_INFO, "card", "challenge signature does not match the card certificate");
	ERR_clear_error();
out:
	EVP_MD_CTX_free(md);
	X509_free(cert);
	if (cbuf)
		free(cbuf);
	return rc;
}

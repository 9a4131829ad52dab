/*
 * receipt_sign.c - the signed QR payload (see receipt_sign.h): building, signing (Ed25519 via
 * OpenSSL EVP, one-shot EVP_DigestSign with no digest, as Ed25519 requires) and verifying.
 * Start at receipt_payload().
 */
#include "receipt_sign.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/kparse.h"
#include "../common/xalloc.h"
#include "receipt.h"

#include <limits.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG_LEN 64

struct receipt_signer {
	EVP_PKEY *key;
};

static int
load_key(const char *path, bool private_key, EVP_PKEY **out)
{
	*out = NULL;
	FILE *f = fopen(path, "r");
	if (!f) {
		klog(KLOG_ERR, "receipt", "cannot open the key %s", path);
		return KERR_NOTFOUND;
	}
	EVP_PKEY *k = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (!private_key) {
		k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
		if (!k) { /* a private key file: use its public half */
			rewind(f);
			k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		}
	}
	fclose(f);
	ERR_clear_error();
	if (!k || EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		klog(KLOG_ERR, "receipt", "%s is not a PEM Ed25519 key", path);
		EVP_PKEY_free(k);
		return KERR_CONFIG;
	}
	*out = k;
	return 0;
}

int
receipt_signer_open(struct receipt_signer **out, const char *key_path)
{
	*out = NULL;
	EVP_PKEY *k;
	int rc = load_key(key_path, true, &k);
	if (rc < 0)
		return rc;
	struct receipt_signer *s = xcalloc(1, sizeof(*s));
	s->key = k;
	*out = s;
	return 0;
}

void
receipt_signer_free(struct receipt_signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key);
	free(s);
}

static bool
field_ok(const char *s)
{
	if (!s[0])
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void
b64url_encode(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = b64url[(v >> 18) & 63];
		out[o++] = b64url[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = b64url[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = b64url[v & 63];
	}
	out[o] = 0;
}

/* Decodes unpadded base64url; the byte count, or -1. */
static int
b64url_decode(const char *in, uint8_t *out, size_t size)
{
	uint32_t v = 0;
	int bits = 0;
	size_t o = 0;
	for (; *in; in++) {
		const char *p = strchr(b64url, *in);
		if (!p || !*in)
			return -1;
		v = (v << 6) | (uint32_t)(p - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= size)
				return -1;
			out[o++] = (uint8_t)(v >> bits);
		}
	}
	return (int)o;
}

int
receipt_payload(struct receipt_signer *s, const struct receipt *r, char *out, size_t size)
{
	out[0] = 0;
	const char *type = r->type[0] ? r->type : "receipt";
	if (!field_ok(r->reference) || !field_ok(type) || !field_ok(r->kiosk_id)) {
		klog(KLOG_WARN, "receipt",
		     "QR payload: a field is empty or has a character "
		     "outside [A-Za-z0-9_-]");
		return KERR_INVAL;
	}
	char body[RECEIPT_PAYLOAD_MAX];
	int n = snprintf(body, sizeof(body), "MOL1~%s~%s~%lld~%s~%c", r->reference, type,
	                 (long long)(r->when_ms / 1000), r->kiosk_id,
	                 receipt_status_code(r->status));
	if (n < 0 || (size_t)n >= sizeof(body))
		return KERR_TOOBIG;
	char sig64[SIG_LEN * 2] = "-";
	if (s) {
		uint8_t sig[SIG_LEN];
		size_t slen = sizeof(sig);
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		int ok = md && EVP_DigestSignInit(md, NULL, NULL, NULL, s->key) == 1 &&
		         EVP_DigestSign(md, sig, &slen, (const uint8_t *)body, (size_t)n) == 1 &&
		         slen == SIG_LEN;
		EVP_MD_CTX_free(md);
		if (!ok) {
			klog(KLOG_ERR, "receipt", "signing the QR payload failed");
			ERR_clear_error();
			return KERR_INTERNAL;
		}
		b64url_encode(sig, slen, sig64);
	}
	int m = snprintf(out, size, "%s~%s", body, sig64);
	if (m < 0 || (size_t)m >= size) {
		out[0] = 0;
		return KERR_TOOBIG;
	}
	return 0;
}

int
receipt_qr_text(const char *url, const char *payload, char *out, size_t size)
{
	int n = url && url[0] ? snprintf(out, size, "%s?p=%s", url, payload)
	                      : snprintf(out, size, "%s", payload);
	if (n < 0 || (size_t)n >= size) {
		out[0] = 0;
		return KERR_TOOBIG;
	}
	return 0;
}

/* Splits a payload into its 7 fields (in place). */
static int
split(char *p, char *f[7])
{
	for (int i = 0; i < 7; i++) {
		f[i] = p;
		char *t = strchr(p, '~');
		if (i < 6) {
			if (!t)
				return KERR_INVAL;
			*t = 0;
			p = t + 1;
		} else if (t) {
			return KERR_INVAL;
		}
	}
	return 0;
}

int
receipt_verify(const char *pub_path, const char *text, struct receipt_claims *claims)
{
	memset(claims, 0, sizeof(*claims));
	const char *p = strstr(text, "?p=");
	p = p ? p + 3 : text;
	char buf[RECEIPT_PAYLOAD_MAX], *f[7];
	size_t len = strcspn(p, "&# \r\n");
	if (len >= sizeof(buf) || strncmp(p, "MOL1~", 5) != 0)
		return KERR_INVAL;
	memcpy(buf, p, len);
	buf[len] = 0;
	if (split(buf, f) < 0 || !field_ok(f[1]) || !field_ok(f[2]) || !field_ok(f[4]) ||
	    strlen(f[5]) != 1)
		return KERR_INVAL;
	long long when;
	if (kparse_ll(f[3], 0, LLONG_MAX, &when) < 0)
		return KERR_INVAL;
	snprintf(claims->reference, sizeof(claims->reference), "%s", f[1]);
	snprintf(claims->type, sizeof(claims->type), "%s", f[2]);
	claims->when_s = when;
	snprintf(claims->kiosk_id, sizeof(claims->kiosk_id), "%s", f[4]);
	claims->status = f[5][0];

	uint8_t sig[SIG_LEN + 3];
	if (b64url_decode(f[6], sig, sizeof(sig)) != SIG_LEN)
		return KERR_REJECTED; /* unsigned ("-") or mangled */
	EVP_PKEY *k;
	int rc = load_key(pub_path, false, &k);
	if (rc < 0)
		return rc;
	size_t signed_len = (size_t)(f[6] - buf) - 1; /* everything before the last '~' */
	memcpy(buf, p, signed_len);                   /* undo the split */
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
	         EVP_DigestVerify(md, sig, SIG_LEN, (const uint8_t *)buf, signed_len) == 1;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	ERR_clear_error();
	return ok ? 0 : KERR_REJECTED;
}

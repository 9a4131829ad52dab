/*
 * vcard.c - virtual ID card (see vcard.h): loads a card image with inih, lays the identity out as
 * the image's profile says (profile.c, textenc.c), and answers APDUs like a T=0 card, including
 * the PIN counter, INTERNAL AUTHENTICATE with the card key (OpenSSL) and the fault switches.
 */
#define _DEFAULT_SOURCE
#include "vcard.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/kparse.h"
#include "../../common/xalloc.h"
#include "profile.h"
#include "textenc.h"

#include <ini.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VAL_MAX 160

struct vfile {
	bool exists;
	uint8_t data[PROFILE_FILE_MAX];
	size_t len;
};

struct vcard {
	char label[96];
	uint8_t atr[CARD_ATR_MAX];
	size_t atr_len;
	char profile_id[48];
	char dir[512]; /* the image's folder: key and certificate paths are relative to it */
	struct card_profile prof;
	struct vfile files[PROFILE_MAX_FILES];
	bool app_selected;
	int sel; /* selected file, -1 none */
	uint8_t pending[264];
	size_t pending_len, pending_off;
	char val[CARD_F_COUNT_][VAL_MAX];
	char pin[24];
	int tries, max_tries;
	bool verified;
	char key_path[256], cert_path[256], photo_path[256];
	EVP_PKEY *key;
	/* behaviour switches */
	int chunk61;
	bool no_fci, wrong_len, garbage;
	uint32_t rng;
};

static int
copy_str(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size)
		return 0;
	memcpy(dst, v, strlen(v) + 1);
	return 1;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct vcard *vc = user;
	if (strcmp(section, "card") == 0) {
		if (strcmp(name, "atr") == 0)
			return kparse_hex(value, vc->atr, NULL, sizeof(vc->atr), &vc->atr_len) ==
			               0 &&
			       vc->atr_len >= 2;
		if (strcmp(name, "label") == 0)
			return copy_str(vc->label, sizeof(vc->label), value);
		if (strcmp(name, "profile") == 0)
			return copy_str(vc->profile_id, sizeof(vc->profile_id), value);
		if (strcmp(name, "photo") == 0)
			return copy_str(vc->photo_path, sizeof(vc->photo_path), value);
		return 0;
	}
	if (strcmp(section, "identity") == 0) {
		for (int i = 0; i < CARD_F_COUNT_; i++)
			if (strcmp(name, profile_field_name((enum card_field_id)i)) == 0)
				return copy_str(vc->val[i], VAL_MAX, value);
		return 0;
	}
	if (strcmp(section, "pin") == 0) {
		int v;
		if (strcmp(name, "value") == 0)
			return copy_str(vc->pin, sizeof(vc->pin), value);
		if (kparse_int(value, 0, 15, &v) < 0)
			return 0;
		if (strcmp(name, "tries") == 0)
			return vc->tries = v, 1;
		if (strcmp(name, "max_tries") == 0)
			return vc->max_tries = v, 1;
		return 0;
	}
	if (strcmp(section, "auth") == 0) {
		if (strcmp(name, "key") == 0)
			return copy_str(vc->key_path, sizeof(vc->key_path), value);
		if (strcmp(name, "certificate") == 0)
			return copy_str(vc->cert_path, sizeof(vc->cert_path), value);
		return 0;
	}
	return 0; /* unknown section or key: an error, reported with its line */
}

static int
put_tlv(uint8_t *dst, size_t cap, size_t *n, uint32_t tag, const uint8_t *v, size_t len)
{
	uint8_t hdr[8];
	size_t h = 0;
	if (tag > 0xFFFF)
		hdr[h++] = (uint8_t)(tag >> 16);
	if (tag > 0xFF)
		hdr[h++] = (uint8_t)(tag >> 8);
	hdr[h++] = (uint8_t)tag;
	if (len > 255) {
		hdr[h++] = 0x82;
		hdr[h++] = (uint8_t)(len >> 8);
	} else if (len > 127) {
		hdr[h++] = 0x81;
	}
	hdr[h++] = (uint8_t)len;
	if (cap - *n < h + len)
		return KERR_TOOBIG;
	memcpy(dst + *n, hdr, h);
	memcpy(dst + *n + h, v, len);
	*n += h + len;
	return 0;
}

/* The value of field i as the card stores it (text encoding or date format). */
static int
encode_value(const struct vcard *vc, int i, uint8_t *out, size_t cap, size_t *n)
{
	const struct card_field *f = &vc->prof.fields[i];
	const char *v = vc->val[i];
	if (f->date == CARD_DATE_NONE)
		return textenc_encode((enum textenc)f->enc, v, out, cap, n);
	if (strlen(v) != 8 || strspn(v, "0123456789") != 8 || cap < 8)
		return KERR_INVAL;
	if (f->date == CARD_DATE_BCD_YYYYMMDD) {
		for (int k = 0; k < 4; k++)
			out[k] = (uint8_t)((v[2 * k] - '0') << 4 | (v[2 * k + 1] - '0'));
		*n = 4;
	} else if (f->date == CARD_DATE_YYYYMMDD) {
		memcpy(out, v, 8);
		*n = 8;
	} else { /* DDMMYYYY */
		memcpy(out, v + 6, 2);
		memcpy(out + 2, v + 4, 2);
		memcpy(out + 4, v, 4);
		*n = 8;
	}
	return 0;
}

/* Builds file fi from the fields placed in it: fixed offsets, or TLVs (nested up to 2 deep). */
static int
build_file(struct vcard *vc, int fi)
{
	struct item {
		uint32_t tag;
		bool constructed;
		uint8_t buf[1024];
		size_t len;
	} *items = xcalloc(CARD_F_COUNT_, sizeof(*items));
	struct vfile *vf = &vc->files[fi];
	int nitems = 0, rc = 0;
	uint8_t v[512];
	size_t n;

	for (int i = 0; i < CARD_F_COUNT_ && rc == 0; i++) {
		const struct card_field *f = &vc->prof.fields[i];
		if (!f->defined || f->file != fi)
			continue;
		vf->exists = true;
		if (!vc->val[i][0])
			continue;
		if ((rc = encode_value(vc, i, v, sizeof(v), &n)))
			break;
		if (f->depth == 0) {
			if (n > f->len) {
				rc = KERR_TOOBIG;
				break;
			}
			memcpy(vf->data + f->off, v, n);
			if (vf->len < f->off + f->len)
				vf->len = f->off + f->len;
			continue;
		}
		if (f->depth > 2) {
			rc = KERR_NOTSUP;
			break;
		}
		int it = -1;
		for (int k = 0; k < nitems && f->depth == 2; k++)
			if (items[k].constructed && items[k].tag == f->tags[0])
				it = k;
		if (it < 0) {
			it = nitems++;
			items[it].tag = f->tags[0];
			items[it].constructed = f->depth == 2;
		}
		if (f->depth == 2)
			rc = put_tlv(items[it].buf, sizeof(items[it].buf), &items[it].len,
			             f->tags[1], v, n);
		else
			rc = put_tlv(items[it].buf, sizeof(items[it].buf), &items[it].len,
			             f->tags[0], v, n);
	}
	for (int k = 0; k < nitems && rc == 0; k++) {
		if (items[k].constructed)
			rc = put_tlv(vf->data, sizeof(vf->data), &vf->len, items[k].tag,
			             items[k].buf, items[k].len);
		else if (sizeof(vf->data) - vf->len < items[k].len)
			rc = KERR_TOOBIG;
		else
			memcpy(vf->data + vf->len, items[k].buf, items[k].len),
			        vf->len += items[k].len;
	}
	if (rc == 0 && vf->len > vc->prof.files[fi].max)
		rc = KERR_TOOBIG;
	xwipe(items, CARD_F_COUNT_ * sizeof(*items));
	free(items);
	return rc;
}

static void
rel_path(const struct vcard *vc, const char *p, char *out, size_t size)
{
	if (p[0] == '/')
		snprintf(out, size, "%s", p);
	else
		snprintf(out, size, "%s/%s", vc->dir, p);
}

static int
load_auth(struct vcard *vc, const char *path)
{
	char fp[1024];
	FILE *f;
	if (!vc->key_path[0] && !vc->cert_path[0])
		return 0;
	rel_path(vc, vc->key_path, fp, sizeof(fp));
	if (!(f = fopen(fp, "r")) || !(vc->key = PEM_read_PrivateKey(f, NULL, NULL, NULL))) {
		klog(KLOG_ERR, "vcard", "%s: cannot read card key %s", path, vc->key_path);
		if (f)
			fclose(f);
		return KERR_INVAL;
	}
	fclose(f);
	rel_path(vc, vc->cert_path, fp, sizeof(fp));
	X509 *x = NULL;
	if ((f = fopen(fp, "r")))
		x = PEM_read_X509(f, NULL, NULL, NULL);
	if (f)
		fclose(f);
	int fi = vc->prof.auth_cert_file;
	int len = x ? i2d_X509(x, NULL) : -1;
	if (!x || fi < 0 || len <= 0 || (size_t)len > vc->prof.files[fi].max) {
		klog(KLOG_ERR, "vcard", "%s: certificate %s unreadable or no place for it", path,
		     vc->cert_path);
		X509_free(x);
		return KERR_INVAL;
	}
	uint8_t *p = vc->files[fi].data;
	i2d_X509(x, &p);
	vc->files[fi].len = (size_t)len;
	vc->files[fi].exists = true;
	X509_free(x);
	return 0;
}

/* The photo file: the image's JPEG, whole or wrapped in the profile's TLV path (2 deep at most). */
static int
load_photo(struct vcard *vc, const char *path)
{
	char fp[1024];
	int fi = vc->prof.photo_file, rc = 0;
	if (!vc->photo_path[0] || fi < 0)
		return 0;
	struct vfile *vf = &vc->files[fi];
	size_t cap = vc->prof.files[fi].max, n;
	uint8_t *raw = xmalloc(PROFILE_FILE_MAX), *inner = xmalloc(PROFILE_FILE_MAX);
	rel_path(vc, vc->photo_path, fp, sizeof(fp));
	FILE *f = fopen(fp, "rb");
	n = f ? fread(raw, 1, PROFILE_FILE_MAX - 16, f) : 0;
	if (f)
		fclose(f);
	if (!n) {
		klog(KLOG_ERR, "vcard", "%s: cannot read photo %s", path, vc->photo_path);
		rc = KERR_INVAL;
		goto out;
	}
	vf->len = 0;
	vf->exists = true;
	if (vc->prof.photo_depth == 0) {
		if (n > cap)
			rc = KERR_TOOBIG;
		else
			memcpy(vf->data, raw, n), vf->len = n;
	} else if (vc->prof.photo_depth == 1) {
		rc = put_tlv(vf->data, cap, &vf->len, vc->prof.photo_tags[0], raw, n);
	} else {
		size_t k = 0;
		rc = put_tlv(inner, PROFILE_FILE_MAX, &k, vc->prof.photo_tags[1], raw, n);
		if (rc == 0)
			rc = put_tlv(vf->data, cap, &vf->len, vc->prof.photo_tags[0], inner, k);
	}
	if (rc)
		klog(KLOG_ERR, "vcard", "%s: photo does not fit the profile's photo file", path);
out:
	free(raw);
	free(inner);
	return rc;
}

int
vcard_load(const char *path, const struct card_profiles *profiles, struct vcard **out)
{
	struct vcard *vc = xcalloc(1, sizeof(*vc));
	const struct card_profile *p;
	int rc, line;

	*out = NULL;
	vc->tries = vc->max_tries = 3;
	vc->sel = -1;
	vc->rng = 0x1234567u;
	snprintf(vc->dir, sizeof(vc->dir), "%s", path);
	char *slash = strrchr(vc->dir, '/');
	if (slash)
		*slash = 0;
	else
		snprintf(vc->dir, sizeof(vc->dir), ".");
	line = ini_parse(path, on_key, vc);
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
	if (!vc->atr_len || !vc->profile_id[0]) {
		klog(KLOG_ERR, "vcard", "%s: [card] needs atr and profile", path);
		rc = KERR_INVAL;
		goto out_free;
	}
	if (!(p = profile_by_id(profiles, vc->profile_id))) {
		klog(KLOG_ERR, "vcard", "%s: no profile '%s'", path, vc->profile_id);
		rc = KERR_INVAL;
		goto out_free;
	}
	vc->prof = *p;
	if (vc->tries > vc->max_tries)
		vc->tries = vc->max_tries;
	for (int i = 0; i < vc->prof.nfiles; i++) {
		if ((rc = build_file(vc, i))) {
			klog(KLOG_ERR, "vcard", "%s: identity values do not fit profile %s (%s)",
			     path, p->id, kerr_str(rc));
			goto out_free;
		}
	}
	if ((rc = load_auth(vc, path)) || (rc = load_photo(vc, path)))
		goto out_free;
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
	EVP_PKEY_free(vc->key);
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
	vc->app_selected = false;
	vc->verified = false;
	vc->sel = -1;
	vc->pending_len = vc->pending_off = 0;
}

int
vcard_behave(struct vcard *vc, const char *spec)
{
	if (strncmp(spec, "chunk61 ", 8) == 0) {
		if (kparse_int(spec + 8, 1, 256, &vc->chunk61) < 0)
			return KERR_INVAL;
	} else if (strcmp(spec, "fci off") == 0) {
		vc->no_fci = true;
	} else if (strcmp(spec, "wrong_length") == 0) {
		vc->wrong_len = true;
	} else if (strcmp(spec, "garbage") == 0) {
		vc->garbage = true;
	} else if (strcmp(spec, "normal") == 0) {
		vc->chunk61 = 0;
		vc->no_fci = vc->wrong_len = vc->garbage = false;
	} else {
		return KERR_INVAL;
	}
	return 0;
}

int
vcard_pin_tries(const struct vcard *vc)
{
	return vc->tries;
}

static size_t
sw(uint8_t *r, size_t n, uint16_t s)
{
	r[n] = (uint8_t)(s >> 8);
	r[n + 1] = (uint8_t)s;
	return n + 2;
}

/* Answers k data bytes: directly, or as 61xx + pending when no Le came (T=0) or in chunk61
 * mode. */
static size_t
answer(struct vcard *vc, uint8_t *r, const uint8_t *data, size_t k, bool has_le, uint16_t s)
{
	if (k && (vc->chunk61 || !has_le)) {
		memcpy(vc->pending, data, k);
		vc->pending_len = k;
		vc->pending_off = 0;
		size_t next = vc->chunk61 && (size_t)vc->chunk61 < k ? (size_t)vc->chunk61 : k;
		return sw(r, 0, (uint16_t)(0x6100 | (next & 0xFF)));
	}
	memmove(r, data, k);
	return sw(r, k, s);
}

static size_t
get_response(struct vcard *vc, uint8_t *r, size_t le)
{
	size_t left = vc->pending_len - vc->pending_off, k = left < le ? left : le;
	if (!left)
		return sw(r, 0, 0x6985);
	if (vc->chunk61 && k > (size_t)vc->chunk61)
		k = (size_t)vc->chunk61;
	memcpy(r, vc->pending + vc->pending_off, k);
	vc->pending_off += k;
	left -= k;
	if (!left) {
		vc->pending_len = vc->pending_off = 0;
		return sw(r, k, 0x9000);
	}
	size_t next = vc->chunk61 && (size_t)vc->chunk61 < left ? (size_t)vc->chunk61 : left;
	return sw(r, k, (uint16_t)(0x6100 | (next > 255 ? 0 : next)));
}

static size_t
do_select(struct vcard *vc, const uint8_t *a, size_t lc, bool has_le, uint8_t *r)
{
	const struct card_profile *p = &vc->prof;
	if (a[2] == 0x04) {
		if (lc == p->aid_len && memcmp(a + 5, p->aid, lc) == 0) {
			vc->app_selected = true;
			vc->sel = -1;
			return sw(r, 0, 0x9000);
		}
		return sw(r, 0, 0x6A82);
	}
	if (a[2] != 0x02 || lc != 2 || !vc->app_selected)
		return sw(r, 0, 0x6A82);
	uint16_t fid = (uint16_t)(a[5] << 8 | a[6]);
	for (int i = 0; i < p->nfiles; i++) {
		if (p->files[i].fid != fid || !vc->files[i].exists)
			continue;
		vc->sel = i;
		if (a[3] == 0x0C || vc->no_fci)
			return sw(r, 0, 0x9000);
		size_t len = vc->files[i].len;
		uint8_t fcp[] = {0x62, 0x0B, 0x80, 0x02, (uint8_t)(len >> 8), (uint8_t)len, 0x82,
		                 0x01, 0x01, 0x83, 0x02, (uint8_t)(fid >> 8), (uint8_t)fid};
		return answer(vc, r, fcp, sizeof(fcp), has_le, 0x9000);
	}
	return sw(r, 0, 0x6A82);
}

static size_t
do_verify(struct vcard *vc, const uint8_t *a, size_t n, size_t lc, uint8_t *r)
{
	const struct card_profile *p = &vc->prof;
	uint8_t want[24];
	size_t wlen = strlen(vc->pin);

	if (!vc->app_selected)
		return sw(r, 0, 0x6985);
	if (!p->has_pin || !vc->pin[0] || a[2] != 0 || a[3] != p->pin_ref)
		return sw(r, 0, 0x6A88);
	if (vc->tries == 0)
		return sw(r, 0, 0x6983);
	if (n == 4) /* no data: how many tries are left */
		return vc->verified ? sw(r, 0, 0x9000) : sw(r, 0, (uint16_t)(0x63C0 | vc->tries));
	memcpy(want, vc->pin, wlen);
	if (p->pin_pad_to && (size_t)p->pin_pad_to > wlen) {
		memset(want + wlen, p->pin_pad_byte, (size_t)p->pin_pad_to - wlen);
		wlen = (size_t)p->pin_pad_to;
	}
	bool match = lc == wlen && memcmp(a + 5, want, wlen) == 0;
	xwipe(want, sizeof(want));
	if (match) {
		vc->tries = vc->max_tries;
		vc->verified = true;
		return sw(r, 0, 0x9000);
	}
	vc->verified = false;
	vc->tries--;
	return vc->tries == 0 ? sw(r, 0, 0x6983) : sw(r, 0, (uint16_t)(0x63C0 | vc->tries));
}

static size_t
do_internal_auth(struct vcard *vc, const uint8_t *a, size_t lc, bool has_le, uint8_t *r)
{
	uint8_t sig[264];
	size_t slen = sizeof(sig);
	if (!vc->app_selected)
		return sw(r, 0, 0x6985);
	if (!vc->key || a[3] != vc->prof.auth_key_ref)
		return sw(r, 0, 0x6A88);
	if (lc < 8 || lc > 64)
		return sw(r, 0, 0x6700);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, vc->key) == 1 &&
	         EVP_DigestSign(md, sig, &slen, a + 5, lc) == 1 && slen <= 256;
	EVP_MD_CTX_free(md);
	if (!ok)
		return sw(r, 0, 0x6F00);
	return answer(vc, r, sig, slen, has_le, 0x9000);
}

int
vcard_apdu(struct vcard *vc, const uint8_t *a, size_t n, uint8_t *r, size_t *rlen)
{
	size_t lc = n > 5 ? a[4] : 0, le = 0;
	bool has_le = false;

	if (*rlen < 258)
		return KERR_INVAL;
	if (vc->garbage) { /* junk of varying length, ending in a random "status word" */
		size_t k = 1 + (vc->rng >> 8) % 40;
		for (size_t i = 0; i < k; i++) {
			vc->rng = vc->rng * 1103515245u + 12345u;
			r[i] = (uint8_t)(vc->rng >> 16);
		}
		*rlen = k;
		return 0;
	}
	if (n < 4 || (n > 5 && (lc == 0 || (n != 5 + lc && n != 6 + lc)))) {
		*rlen = sw(r, 0, 0x6700);
		return 0;
	}
	if (n == 5 || n == 6 + lc) {
		has_le = true;
		le = a[n - 1] ? a[n - 1] : 256;
	}
	if (a[1] != 0xC0)
		vc->pending_len = vc->pending_off = 0;
	if (a[0] != 0x00) {
		*rlen = sw(r, 0, 0x6E00);
		return 0;
	}
	switch (a[1]) {
	case 0xA4: /* SELECT */
		*rlen = do_select(vc, a, lc, has_le, r);
		return 0;
	case 0xB0: { /* READ BINARY */
		size_t off = (size_t)(a[2] & 0x7F) << 8 | a[3];
		const struct vfile *f = vc->sel >= 0 ? &vc->files[vc->sel] : NULL;
		if (!f) {
			*rlen = sw(r, 0, 0x6986);
		} else if (n != 5) {
			*rlen = sw(r, 0, 0x6700);
		} else if (off >= f->len) {
			*rlen = sw(r, 0, 0x6B00);
		} else {
			size_t k = f->len - off < le ? f->len - off : le;
			if (vc->wrong_len && k < 256)
				k++; /* one byte the reader did not ask for */
			if (off + k > sizeof(f->data))
				k = sizeof(f->data) - off;
			*rlen = answer(vc, r, f->data + off, k, true, k < le ? 0x6282 : 0x9000);
		}
		return 0;
	}
	case 0xC0: /* GET RESPONSE */
		*rlen = get_response(vc, r, has_le ? le : 256);
		return 0;
	case 0x20: /* VERIFY */
		*rlen = do_verify(vc, a, n, lc, r);
		return 0;
	case 0x88: /* INTERNAL AUTHENTICATE */
		*rlen = do_internal_auth(vc, a, lc, has_le, r);
		return 0;
	default:
		*rlen = sw(r, 0, 0x6D00);
		return 0;
	}
}

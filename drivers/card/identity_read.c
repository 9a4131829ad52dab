/*
 * identity_read.c - the identity read on a connected card: SELECT the profile's applet, then each
 * file holding identity fields (size from the FCI when given, else read to the end), READ BINARY,
 * and hand the bytes to card_identity_parse() (identity.c). Nothing read is logged.
 */
#include "identity.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "apdu.h"
#include "tlv.h"

#include <stdlib.h>
#include <string.h>

/* Reads one file of the profile into buf (cap p->files[i].max); *n = bytes. */
static int
read_file(struct card_dev *dev, const struct card_profile *p, int i, uint8_t *buf, size_t *n)
{
	const struct card_file *f = &p->files[i];
	size_t size = 0;
	int rc;

	*n = 0;
	if ((rc = apdu_select_fid_fci(dev, f->fid, &size)))
		return rc;
	if (size > f->max) {
		klog(KLOG_WARN, "card", "file %s claims %zu bytes, profile allows %zu", f->name,
		     size, f->max);
		return KERR_BADCARD;
	}
	if (size) {
		if ((rc = apdu_read_binary_n(dev, buf, size, p->chunk)))
			return rc;
		*n = size;
		return 0;
	}
	rc = apdu_read_binary(dev, buf, f->max, p->chunk, n);
	return rc == KERR_TOOBIG ? KERR_BADCARD : rc;
}

int
card_read_identity(struct card_dev *dev, const struct card_profile *p, struct card_identity *out)
{
	uint8_t *bufs[PROFILE_MAX_FILES] = {0};
	size_t lens[PROFILE_MAX_FILES] = {0};
	bool need[PROFILE_MAX_FILES] = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < CARD_F_COUNT_; i++)
		if (p->fields[i].defined)
			need[p->fields[i].file] = true;
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len))) {
		klog(KLOG_WARN, "card", "identity applet not selectable: %s", kerr_str(rc));
		goto out_free;
	}
	for (int i = 0; i < p->nfiles; i++) {
		if (!need[i])
			continue;
		bufs[i] = xmalloc(p->files[i].max);
		if ((rc = read_file(dev, p, i, bufs[i], &lens[i])))
			goto out_free;
	}
	rc = card_identity_parse(p, (const uint8_t *const *)bufs, lens, out);
	if (rc)
		klog(KLOG_WARN, "card", "identity data do not match profile %s", p->id);
out_free:
	for (int i = 0; i < p->nfiles; i++) {
		if (bufs[i])
			xwipe(bufs[i], p->files[i].max);
		free(bufs[i]);
	}
	return rc;
}

int
card_read_photo(struct card_dev *dev, const struct card_profile *p, uint8_t *buf, size_t cap,
                size_t *n)
{
	const uint8_t *v;
	size_t len = 0, vlen;
	uint8_t *file;
	int rc;

	*n = 0;
	if (p->photo_file < 0)
		return KERR_NOTSUP;
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len)))
		return rc;
	file = xmalloc(p->files[p->photo_file].max);
	if ((rc = read_file(dev, p, p->photo_file, file, &len)))
		goto out_free;
	v = file;
	vlen = len;
	for (int i = 0; i < p->photo_depth; i++) {
		struct tlv t;
		if ((rc = tlv_find(v, vlen, p->photo_tags[i], &t))) {
			rc = rc == KERR_NOTFOUND ? KERR_NOTFOUND : KERR_BADCARD;
			goto out_free;
		}
		v = t.val;
		vlen = t.len;
	}
	if (vlen > cap) {
		rc = KERR_TOOBIG;
		goto out_free;
	}
	memcpy(buf, v, vlen);
	*n = vlen;
out_free:
	xwipe(file, p->files[p->photo_file].max);
	free(file);
	return rc;
}

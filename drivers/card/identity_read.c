/*
 * identity_read.c - the identity read on a connected card: SELECT the profile's applet and
 * identity file, READ BINARY it, and hand the bytes to card_identity_parse() (identity.c).
 */
#include "identity.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "apdu.h"

#include <stdlib.h>
#include <string.h>

#define IDENTITY_FILE_MAX 4096

int
card_read_identity(struct card_dev *dev, const struct card_profile *p, struct card_identity *out)
{
	uint8_t *buf = xmalloc(IDENTITY_FILE_MAX);
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = apdu_select_aid(dev, p->aid, p->aid_len))) {
		klog(KLOG_WARN, "card", "identity applet not selectable: %s", kerr_str(rc));
		goto out_free;
	}
	if ((rc = apdu_select_fid(dev, p->identity_fid)))
		goto out_free;
	if ((rc = apdu_read_binary(dev, buf, IDENTITY_FILE_MAX, 0xE0, &n)))
		goto out_free;
	rc = card_identity_parse(p, buf, n, out);
	if (rc)
		klog(KLOG_WARN, "card", "identity file (%zu bytes) does not match profile %s", n,
		     p->id);
out_free:
	xwipe(buf, IDENTITY_FILE_MAX);
	free(buf);
	return rc;
}

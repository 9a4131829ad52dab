/*
 * bench_card_apdus.c - kiosk-bench: the identity read's APDU count against the profile's minimum
 * (1 SELECT applet + per file 1 SELECT + ceil(size / chunk) READ BINARY), and the read time with
 * the virtual card answering after a realistic T=0 delay (15 ms per APDU), plain and with a card
 * that answers in 61xx chunks (GET RESPONSE rounds).
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/config.h"
#include "../../drivers/card.h"
#include "../../drivers/card/apdu.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"

#include <stdio.h>
#include <string.h>

#define T0_DELAY_MS 15

static const struct card_ops *real;
static unsigned long count;

static int
counted(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen)
{
	count++;
	return real->transmit(dev, apdu, n, resp, rlen);
}

/* One read: APDUs in *n, microseconds returned. */
static double
one_read(struct card_dev *dev, const struct card_profile *p, unsigned long *n, int *rc)
{
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	struct card_identity id;
	card_connect(dev, atr, &alen);
	count = 0;
	double t0 = bench_now_us();
	*rc = card_read_identity(dev, p, &id);
	double us = bench_now_us() - t0;
	*n = count;
	card_identity_wipe(&id);
	card_disconnect(dev);
	return us;
}

void
bench_card_apdus(const struct kiosk_config *cfg)
{
	struct card_profiles set;
	struct card_dev dev;
	struct card_ops ops;
	enum card_event ev;
	const struct card_profile *p;
	unsigned long n;
	int rc;

	if (profile_load_dir(cfg->card_profiles, &set))
		return;
	p = profile_by_id(&set, "omn-demo-1");
	if (!p || card_open(&dev, cfg) || card_control(&dev, "insert 01-citizen")) {
		profile_set_free(&set);
		return;
	}
	card_wait(&dev, 100, &ev);
	real = dev.ops;
	ops = *real;
	ops.transmit = counted;
	dev.ops = &ops;

	/* the minimum: sizes from the FCI of each file the read needs */
	size_t sizes[PROFILE_MAX_FILES] = {0};
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	card_connect(&dev, atr, &alen);
	apdu_select_aid(&dev, p->aid, p->aid_len);
	for (int i = 0; i < CARD_F_COUNT_; i++) {
		int f = p->fields[i].file;
		if (p->fields[i].defined && !sizes[f])
			apdu_select_fid_fci(&dev, p->files[f].fid, &sizes[f]);
	}
	card_disconnect(&dev);
	int min = card_identity_min_apdus(p, sizes);

	one_read(&dev, p, &n, &rc);
	printf("identity APDUs   %lu APDUs for a read   profile %s minimum %d%s\n", n, p->id, min,
	       rc ? "  (READ FAILED)" : "");

	double fast = one_read(&dev, p, &n, &rc);
	card_control(&dev, "delay 15"); /* T0_DELAY_MS */
	double t0 = one_read(&dev, p, &n, &rc);
	printf("identity @T=0    %10.1f ms for %lu APDUs at %d ms each%s\n", t0 / 1000.0, n,
	       T0_DELAY_MS, rc ? "  (READ FAILED)" : "");
	bench_line("read 15ms/APDU", t0, "(same read, no delay)", fast);
	card_control(&dev, "behave chunk61 64");
	double t61 = one_read(&dev, p, &n, &rc);
	printf("identity @T=0    %10.1f ms for %lu APDUs with 61xx chunks of 64 bytes%s\n",
	       t61 / 1000.0, n, rc ? "  (READ FAILED)" : "");
	card_control(&dev, "behave normal");
	card_control(&dev, "delay 0");
	dev.ops = real;
	card_close(&dev);
	profile_set_free(&set);
}

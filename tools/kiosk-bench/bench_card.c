/*
 * bench_card.c - kiosk-bench: identity read through the card stack vs the virtual card answering
 * alone.
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/config.h"
#include "../../drivers/card.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/profile.h"
#include "../../drivers/card/vcard.h"

#include <stdio.h>
#include <string.h>

void
bench_identity(const struct kiosk_config *cfg)
{
	struct card_dev dev;
	struct card_identity id;
	enum card_event ev;
	uint8_t atr[CARD_ATR_MAX], r[CARD_RESP_MAX];
	const int n = 2000;
	struct card_profiles set;

	if (profile_load_dir(cfg->card_profiles, &set))
		return;
	const struct card_profile *prof = profile_by_id(&set, "omn-demo-1");
	if (!prof || card_open(&dev, cfg) || card_control(&dev, "insert 01-citizen")) {
		profile_set_free(&set);
		return;
	}
	card_wait(&dev, 100, &ev);
	int good = 0;
	double t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		size_t alen = sizeof(atr);
		card_connect(&dev, atr, &alen);
		good += card_read_identity(&dev, prof, &id) == 0;
		card_disconnect(&dev);
	}
	double stack = (bench_now_us() - t0) / n;
	if (good != n)
		printf("identity read: only %d of %d reads succeeded\n", good, n);
	card_identity_wipe(&id);
	card_close(&dev);

	struct vcard *vc;
	char path[700];
	snprintf(path, sizeof(path), "%s/01-citizen.card", cfg->card_sim_cards);
	int lrc = vcard_load(path, &set, &vc);
	profile_set_free(&set);
	if (lrc)
		return;
	const uint8_t sel[] = {0x00, 0xA4, 0x04, 0x0C, 0x09, 0xA0, 0x00,
	                       0x00, 0x00, 0x18, 0x52, 0x4F, 0x50, 0x01};
	const uint8_t ef[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01};
	const uint8_t rb[] = {0x00, 0xB0, 0x00, 0x00, 0xE0};
	t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		size_t k = sizeof(r);
		vcard_reset(vc);
		vcard_apdu(vc, sel, sizeof(sel), r, &k);
		k = sizeof(r);
		vcard_apdu(vc, ef, sizeof(ef), r, &k);
		k = sizeof(r);
		vcard_apdu(vc, rb, sizeof(rb), r, &k);
	}
	double raw = (bench_now_us() - t0) / n;
	vcard_free(vc);
	bench_line("identity read", stack, "(virtual card alone)", raw);
}

/*
 * kiosk-bench - `make bench`: speed figures of the kiosk's hot paths, each against a baseline
 * measured in the same run on the same machine (these machines are noisy: ratios travel, raw
 * times do not). Prints one line per figure; never fails on a time.
 *
 *   identity read   full read through the card stack (sim reader)  vs  the same APDUs answered
 *                   by the virtual card directly: the driver stack's overhead
 *   outbox commit   queue_enqueue() (WAL, synchronous=FULL)        vs  write()+fdatasync() of the
 *                   same payload to a plain file: the price of SQLite over a bare durable write
 *   receipt         layout + raster + ESC/POS encode (generic-80)  vs  the raster encode alone
 *   screen frame    welcome screen, cold (empty text cache)        vs  warm (steady screen)
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/config.h"
#include "../../drivers/clock.h"
#include "../../text/i18n.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct clock_dev bench_clock; /* system clock, for receipts' wall time */
struct i18n *bench_i18n;      /* NULL when build/locale has no en.mo: texts show as keys */

/* Measurement, not business time: the clock device's ms are too coarse for an APDU. */
double
bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

void
bench_line(const char *what, double us, const char *base, double base_us)
{
	printf("%-16s %10.2f us   baseline %-26s %10.2f us   ratio %6.2fx\n", what, us, base,
	       base_us, base_us > 0 ? us / base_us : 0.0);
}

int
main(int argc, char **argv)
{
	struct kiosk_config cfg;
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	config_defaults(&cfg, ".");
	clock_open_named(&bench_clock, "system", NULL);
	if (i18n_open_all(&bench_i18n, NULL) < 0)
		fprintf(stderr, "kiosk-bench: no catalogues (run make): texts show as keys\n");
	printf("kiosk-bench: every figure is the mean per operation; ratio = figure / baseline\n");
	bench_identity(&cfg);
	bench_card_apdus(&cfg);
	bench_outbox(dir);
	bench_receipt(&cfg);
	bench_receipt_wire(&cfg);
	bench_frame(&cfg);
	bench_ui_screens(&cfg, dir);
	bench_sync(dir, argv[0]);
	clock_close(&bench_clock);
	i18n_free(bench_i18n);
	return 0;
}

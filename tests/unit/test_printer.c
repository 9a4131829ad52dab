/*
 * test_printer.c - the printer class: profiles, wrappers, the file backend's exact bytes, the sim
 * backend's receipts (PNG read back and compared), its fault injection, and the usb backend's
 * behaviour with no printer attached.
 */
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../printing.h"
#include "../tap.h"

#include <sys/stat.h>

static void
set_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s);
}

static struct kiosk_config
make_cfg(const char *backend, const char *profile, const char *device)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	set_str(cfg.printer_backend, sizeof(cfg.printer_backend), backend);
	set_str(cfg.printer_profile, sizeof(cfg.printer_profile), profile);
	set_str(cfg.printer_device, sizeof(cfg.printer_device), device);
	return cfg;
}

static bool
exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static struct bitmap *
test_image(int w, int h)
{
	struct bitmap *bm = bitmap_new(w, h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			bm->px[y * w + x] = ((x / 16 + y / 16) % 2) ? 230 : (uint8_t)(x % 100);
	bitmap_fill(bm, 0, 0, w, 4, 255);
	return bm;
}

static void
test_profiles(void)
{
	const struct printer_profile *p = printer_profile_find("generic-58");
	ok(p && p->width_dots == 384 && p->dpi == 203, "generic-58: 384 dots, 203 dpi");
	p = printer_profile_find("generic-80");
	ok(p && p->width_dots == 576 && p->dpi == 203 && p->cutter, "generic-80: 576, 203, cutter");
	p = printer_profile_find("epson-tm-t88");
	ok(p && p->width_dots == 512 && p->dpi == 180 && p->usb_vid == 0x04b8 &&
	           p->usb_pid == 0x0202,
	   "epson-tm-t88: 512 dots, 180 dpi, 04b8:0202");
	ok(printer_profile_find("nope") == NULL && printer_profile_find(NULL) == NULL,
	   "unknown profile -> NULL");
	const char *names[] = {"generic-58", "generic-80", "epson-tm-t88"};
	int bad = 0;
	for (int i = 0; i < 3; i++) {
		p = printer_profile_find(names[i]);
		if (!p || p->width_dots % 8 || p->band_lines < 8 || p->band_lines > 2303)
			bad++;
	}
	is_int(bad, 0, "every profile: width a multiple of 8, band height 8..2303");
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Profiles are data: a site's own file adds models; bad files are refused whole. */
static void
test_profile_files(const char *dir)
{
	char path[400];
	snprintf(path, sizeof(path), "%s/site.ini", dir);
	write_text(path, "[citizen-ct-s651]\ndescription = Citizen, 640 dots\nwidth_dots = 640\n"
	                 "dpi = 203\nband_lines = 128\nusb_id = 1d90:2168\ncutter = yes\n"
	                 "status = no\n");
	is_int(printer_profiles_load(path), 1, "a site file with one profile loads");
	const struct printer_profile *p = printer_profile_find("citizen-ct-s651");
	ok(p && p->width_dots == 640 && p->band_lines == 128 && p->usb_vid == 0x1d90 &&
	           p->usb_pid == 0x2168 && p->cutter && !p->status,
	   "its values are read");
	ok(printer_profile_find("generic-80") != NULL, "the shipped profiles stay");

	const char *bad[] = {
	        "[x]\nwidth_dots = 577\ndpi = 203\nband_lines = 256\ncutter = no\nstatus = no\n",
	        "[x]\nwidth_dots = 576\ndpi = 203\nband_lines = 256\ncutter = maybe\nstatus = no\n",
	        "[x]\nwidth_dots = 576\ndpi = 203\nband_lines = 256\ncutter = no\n",
	        "[x]\nwidth_dots = 576\ndpi = 203\nband_lines = 256\ncutter = no\nstatus = no\n"
	        "colour = red\n",
	        "[x]\nwidth_dots = 576\ndpi = 203\nband_lines = 0\ncutter = no\nstatus = no\n",
	        "[x]\nwidth_dots = 576\ndpi = 203\nband_lines = 256\ncutter = no\nstatus = no\n"
	        "usb_id = 04b8\n",
	};
	int refused = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_text(path, bad[i]);
		refused += printer_profiles_load(path) == KERR_CONFIG;
	}
	is_int(refused, 6,
	       "width not a multiple of 8, bad bool, missing key, unknown key, band 0, "
	       "bad usb id: all refused");
	ok(printer_profile_find("x") == NULL, "nothing of a refused file is used");
	is_int(printer_profiles_load("/nonexistent/printers.ini"), KERR_NOTFOUND, "a missing file");

	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("sim", "generic-81", dir);
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "an unknown profile: KERR_CONFIG at open");
	cfg = make_cfg("sim", "citizen-ct-s651", dir);
	snprintf(path, sizeof(path), "%s/site.ini", dir);
	write_text(path, "[citizen-ct-s651]\nwidth_dots = 640\ndpi = 203\nband_lines = 128\n"
	                 "cutter = yes\nstatus = no\n");
	snprintf(cfg.printer_profiles, sizeof(cfg.printer_profiles), "%s", path);
	int rc = printer_open(&dev, &cfg);
	ok(rc == 0 && dev.profile && dev.profile->width_dots == 640,
	   "[printer] profiles names the file; the sim opens with its profile");
	struct printer_status st;
	if (rc == 0)
		is_int(printer_status(&dev, &st, 100), KERR_NOTSUP,
		       "a profile without status: status is not asked");
	printer_close(&dev);
}

static void
test_wrappers(void)
{
	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("laser", "generic-80", "/dev/null");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "unknown backend -> KERR_CONFIG");
	ok(dev.ops == NULL, "dev left closed");
	cfg = make_cfg("file", "generic-99", "/dev/null");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "unknown profile -> KERR_CONFIG");
	printer_close(&dev); /* closing a closed dev is harmless */
	uint8_t b = 0;
	is_int(printer_write(&dev, &b, 1, 100), KERR_STATE, "write on a closed dev -> KERR_STATE");
}

static void
test_file(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/out.escpos", dir);
	struct kiosk_config cfg = make_cfg("file", "generic-58", path);
	struct printer_dev dev;
	is_int(printer_open(&dev, &cfg), 0, "file backend opens");
	ok(dev.profile && dev.profile->width_dots == 384, "profile attached to the dev");
	struct bitmap *bm = test_image(300, 40);
	struct kbuf job;
	kbuf_init(&job, 1 << 20);
	escpos_encode(&job, dev.profile, bm);
	is_int(printer_write(&dev, job.data, job.len, 1000), 0, "write the job");
	is_int(printer_write(&dev, job.data, 0, 1000), 0, "a zero-length write is a no-op");
	struct printer_status st;
	is_int(printer_status(&dev, &st, 100), KERR_NOTSUP, "file: status -> KERR_NOTSUP");
	is_int(printer_control(&dev, "paper_out"), KERR_NOTSUP, "file: control -> KERR_NOTSUP");
	printer_close(&dev);

	FILE *f = fopen(path, "rb");
	uint8_t *got = malloc(job.len + 16);
	size_t n = f ? fread(got, 1, job.len + 16, f) : 0;
	if (f)
		fclose(f);
	ok(n == job.len && memcmp(got, job.data, n) == 0, "file holds exactly the bytes (%zu/%zu)",
	   n, job.len);
	/* Appends: a second job lands after the first. */
	printer_open(&dev, &cfg);
	printer_write(&dev, (const uint8_t *)"\x1b@", 2, 1000);
	printer_close(&dev);
	f = fopen(path, "rb");
	n = f ? fread(got, 1, job.len + 16, f) : 0;
	if (f)
		fclose(f);
	ok(n == job.len + 2 && got[job.len] == 0x1b, "second open appends");
	free(got);
	kbuf_free(&job);
	bitmap_free(bm);

	cfg = make_cfg("file", "generic-58", "/nonexistent-dir/x/out.escpos");
	ok(printer_open(&dev, &cfg) < 0, "file in a missing folder -> error");
}

static long
count_diff(const struct bitmap *a, const struct bitmap *b, int left, int rows)
{
	long bad = 0;
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < a->w; x++) {
			int sx = x - left;
			int want = sx >= 0 && sx < b->w && bitmap_get(b, sx, y) >= 128 ? 255 : 0;
			if (bitmap_get(a, x, y) != want)
				bad++;
		}
	return bad;
}

static void
test_sim(const char *dir)
{
	char sdir[512], png[600];
	snprintf(sdir, sizeof(sdir), "%s/sim/receipts", dir); /* created on open */
	struct kiosk_config cfg = make_cfg("sim", "generic-80", sdir);
	struct printer_dev dev;
	is_int(printer_open(&dev, &cfg), 0, "sim backend opens and creates its folder");
	struct printer_status st;
	is_int(printer_status(&dev, &st, 100), 0, "sim status");
	ok(st.online && !st.paper_out && !st.cover_open && !st.error, "sim starts ready");

	struct bitmap *bm = test_image(520, 300);
	struct kbuf job;
	kbuf_init(&job, 1 << 20);
	escpos_encode(&job, dev.profile, bm);
	/* Written in two pieces split inside a band: the sim waits for the rest. */
	is_int(printer_write(&dev, job.data, 1000, 1000), 0, "first part");
	snprintf(png, sizeof(png), "%s/receipt-0001.png", sdir);
	ok(!exists(png), "no receipt before the cut");
	is_int(printer_write(&dev, job.data + 1000, job.len - 1000, 1000), 0, "rest");
	ok(exists(png), "receipt-0001.png written at the cut");
	snprintf(png, sizeof(png), "%s/receipt-0001.escpos", sdir);
	ok(exists(png), "raw receipt-0001.escpos beside it");
	snprintf(png, sizeof(png), "%s/receipt-0001.png", sdir);
	struct bitmap *got = read_png(png);
	ok(got && got->w == 576 && got->h == 300 + ESCPOS_TAIL_FEED, "PNG is 576 x (300 + feed)");
	if (got)
		is_int(count_diff(got, bm, (576 - 520) / 2, 300), 0,
		       "PNG matches the thresholded image pixel for pixel");
	bitmap_free(got);

	/* Paper out before a job: status says so, the write is refused. */
	is_int(printer_control(&dev, "paper_out"), 0, "inject paper_out");
	is_int(printer_status(&dev, &st, 100), 0, "status with paper out");
	ok(st.paper_out && !st.online, "status: paper out, offline");
	is_int(printer_status_err(&st), KERR_PAPER, "-> KERR_PAPER");
	is_int(printer_write(&dev, job.data, job.len, 1000), KERR_PAPER, "write -> KERR_PAPER");
	is_int(printer_control(&dev, "ok"), 0, "clear faults");
	is_int(printer_control(&dev, "cover_open"), 0, "inject cover_open");
	printer_status(&dev, &st, 100);
	ok(st.cover_open, "status: cover open");
	is_int(printer_write(&dev, job.data, job.len, 1000), KERR_COVER, "write -> KERR_COVER");
	printer_control(&dev, "ok");

	/* fail_after N: N bytes go through, then the paper runs out. */
	is_int(printer_control(&dev, "fail_after 500"), 0, "inject fail_after 500");
	is_int(printer_write(&dev, job.data, 300, 1000), 0, "first 300 bytes taken");
	is_int(printer_write(&dev, job.data + 300, job.len - 300, 1000), KERR_PAPER,
	       "write fails with KERR_PAPER after 500 bytes");
	printer_status(&dev, &st, 100);
	ok(st.paper_out, "and the status then says paper out");
	snprintf(png, sizeof(png), "%s/receipt-0002.png", sdir);
	ok(!exists(png), "no receipt for the failed job");
	is_int(printer_control(&dev, "fail_after x"), KERR_INVAL, "bad fail_after -> KERR_INVAL");
	is_int(printer_control(&dev, "explode"), KERR_INVAL, "unknown control -> KERR_INVAL");
	printer_control(&dev, "unplug");
	is_int(printer_status(&dev, &st, 100), KERR_NODEV, "unplugged: status -> KERR_NODEV");
	printer_control(&dev, "ok");
	printer_control(&dev, "mute");
	is_int(printer_status(&dev, &st, 100), KERR_TIMEOUT, "mute: status -> KERR_TIMEOUT");
	printer_control(&dev, "ok");
	printer_close(&dev); /* the half job of fail_after is saved as an uncut tail */
	snprintf(png, sizeof(png), "%s/receipt-0002.escpos", sdir);
	ok(exists(png), "uncut tail saved at close");

	/* Numbering continues after a reopen. */
	printer_open(&dev, &cfg);
	printer_write(&dev, job.data, job.len, 1000);
	printer_close(&dev);
	snprintf(png, sizeof(png), "%s/receipt-0003.png", sdir);
	ok(exists(png), "a new run continues at receipt-0003");
	kbuf_free(&job);
	bitmap_free(bm);
}

static void
test_usb_absent(void)
{
	struct kiosk_config cfg = make_cfg("usb", "generic-80", "ffff:fffe");
	struct printer_dev dev;
	is_int(printer_open(&dev, &cfg), KERR_NODEV, "usb: no such printer -> KERR_NODEV");
	ok(dev.ops == NULL, "dev left closed");
	cfg = make_cfg("usb", "generic-80", "not-an-id");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "usb: bad device string -> KERR_CONFIG");
}

int
main(void)
{
	const char *dir = tap_tmpdir();
	test_profiles();
	test_profile_files(dir);
	test_wrappers();
	test_file(dir);
	test_sim(dir);
	test_usb_absent();
	return tap_done();
}

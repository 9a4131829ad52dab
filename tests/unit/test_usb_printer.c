/*
 * test_usb_printer.c - the "usb" printer backend through the real libusb against a USB printer
 * emulated by umockdev (the approach of libusb's own tests/umockdev.c): a fake printer in this
 * process answers libusb's usbfs ioctls, captures every bulk OUT byte exactly, answers DLE EOT on
 * bulk IN and GET_PORT_STATUS on endpoint 0, and injects faults: paper out before and during a
 * job, cover open, a stalled endpoint, a write that times out after part of it went out, a printer
 * that NAKs forever, garbage and missing status answers, unplug mid-job and replug, a usblp
 * driver attached or not, and a vendor-class Epson next to a printer-class device.
 *
 * The program re-executes itself with libumockdev-preload.so in LD_PRELOAD (what umockdev-wrapper
 * does), so tests/run-tests runs it like any other test.
 */
#define _GNU_SOURCE
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../tap.h"

#include <errno.h>
#include <linux/ioctl.h> /* before linux/usbdevice_fs.h */
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <umockdev.h>
#include <unistd.h>

#define CAP_MAX (1u << 20)

/* One emulated printer: what it got, what it will answer, which faults are armed. */
struct fake {
	pthread_mutex_t lock;
	const char *node, *syspath, *record;
	bool printer_class;
	UMockdevIoctlBase *handler;
	bool attached;
	uint8_t *out; /* every bulk OUT byte taken, in order */
	size_t out_len;
	uint8_t in[256]; /* bytes waiting for a bulk IN read */
	size_t in_len;
	GQueue pending_in, held_out, done, discarded; /* UMockdevIoctlData of URBs */
	uint8_t dle_state, dle_n;
	/* state */
	bool paper_out, cover_open, garbage, mute, unplugged;
	char driver[16];   /* "" = no kernel driver bound */
	long budget;       /* bytes taken before the printer stops taking any; < 0 = no limit */
	bool budget_paper; /* when the budget runs out, the paper has run out */
	long partial;      /* the next OUT URB: take this many, then NAK until discarded */
	int stall_next;    /* the next N OUT URBs stall (-EPIPE) */
	/* counters */
	int zlp, zero_flag, clear_halt, detach, attach, claim, ctrl, discards;
};

static UMockdevTestbed *tb;

static const char rec_class[] =
        "P: /devices/pci0000:00/usb1/1-1\n"
        "N: bus/usb/001/002\n"
        "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
        "E: BUSNUM=001\nE: DEVNUM=002\nE: DEVNAME=/dev/bus/usb/001/002\n"
        "E: PRODUCT=416/5011/100\n"
        "A: busnum=1\\n\nA: devnum=2\\n\nA: speed=12\\n\nA: bConfigurationValue=1\\n\n"
        "A: idVendor=0416\\n\nA: idProduct=5011\\n\n"
        "H: descriptors=120100020000004016041150000101020301"
        "09022000010100"
        "80fa"
        "090400000207010200"
        "07050102400000"
        "07058202400000\n";

/* An Epson TM in "USB vendor-defined class": interface class 0xff, matched by id only. */
static const char rec_epson[] =
        "P: /devices/pci0000:00/usb1/1-2\n"
        "N: bus/usb/001/003\n"
        "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
        "E: BUSNUM=001\nE: DEVNUM=003\nE: DEVNAME=/dev/bus/usb/001/003\n"
        "E: PRODUCT=4b8/202/100\n"
        "A: busnum=1\\n\nA: devnum=3\\n\nA: speed=12\\n\nA: bConfigurationValue=1\\n\n"
        "A: idVendor=04b8\\n\nA: idProduct=0202\\n\n"
        "H: descriptors=12010002000000"
        "40b8040202000101020301"
        "09022000010100"
        "80fa"
        "090400000"
        "2ff000000"
        "07050102400000"
        "07058202400000\n";

static struct fake fk_class = {.node = "/dev/bus/usb/001/002",
                               .syspath = "/sys/devices/pci0000:00/usb1/1-1",
                               .record = rec_class,
                               .printer_class = true};
static struct fake fk_epson = {.node = "/dev/bus/usb/001/003",
                               .syspath = "/sys/devices/pci0000:00/usb1/1-2",
                               .record = rec_epson,
                               .printer_class = false};

/* The reply byte of a real-time DLE EOT n query (Epson bit patterns). Lock held. */
static uint8_t
reply(const struct fake *f, uint8_t n)
{
	if (f->garbage)
		return 0xff;
	bool offline = f->paper_out || f->cover_open;
	switch (n) {
	case 1:
		return (uint8_t)(0x16 | (offline ? 0x08 : 0));
	case 2:
		return (uint8_t)(0x12 | (f->cover_open ? 0x04 : 0) | (f->paper_out ? 0x20 : 0));
	case 3:
		return 0x12;
	case 4:
		return (uint8_t)(0x12 | (f->paper_out ? 0x60 : 0));
	}
	return 0xff;
}

/* Hands queued IN bytes to waiting IN URBs. Lock held. */
static void
fill_in(struct fake *f)
{
	while (f->in_len && !g_queue_is_empty(&f->pending_in)) {
		UMockdevIoctlData *u = g_queue_pop_head(&f->pending_in);
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
		size_t n = f->in_len < (size_t)urb->buffer_length ? f->in_len
		                                                  : (size_t)urb->buffer_length;
		memcpy(urb->buffer, f->in, n);
		memmove(f->in, f->in + n, f->in_len - n);
		f->in_len -= n;
		urb->actual_length = (int)n;
		urb->status = 0;
		g_queue_push_tail(&f->done, u);
	}
}

/* The printer takes bytes: capture, and answer the DLE EOT queries in them. Lock held. */
static void
take(struct fake *f, const uint8_t *d, size_t n)
{
	if (f->out_len + n <= CAP_MAX) {
		memcpy(f->out + f->out_len, d, n);
		f->out_len += n;
	}
	for (size_t i = 0; i < n; i++) {
		if (f->dle_state == 2) {
			if (!f->mute && f->in_len < sizeof(f->in))
				f->in[f->in_len++] = reply(f, d[i]);
			f->dle_state = 0;
		} else if (f->dle_state == 1) {
			f->dle_state = d[i] == 0x04 ? 2 : 0;
		} else if (d[i] == 0x10) {
			f->dle_state = 1;
		}
	}
}

/* A control request; returns the data length or -errno (-EPIPE = STALL). Lock held. */
static int
control(struct fake *f, uint8_t *buf, int len)
{
	f->ctrl++;
	uint8_t type = buf[0], req = buf[1];
	int wlen = buf[6] | buf[7] << 8;
	if (type == 0xa1 && req == 1 && f->printer_class && wlen >= 1 && len >= 9) {
		uint8_t port = 0x18;
		if (f->paper_out)
			port = 0x30;
		if (f->cover_open)
			port = 0x90;
		buf[8] = port;
		return 1;
	}
	return -EPIPE;
}

static void
complete_ok(UMockdevIoctlClient *c)
{
	umockdev_ioctl_client_complete(c, 0, 0);
}

static gboolean
on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, struct fake *f)
{
	(void)h;
	gulong req = umockdev_ioctl_client_get_request(c);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
	gboolean handled = TRUE;

	pthread_mutex_lock(&f->lock);
	switch (req) {
	case USBDEVFS_GET_CAPABILITIES: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
		*(guint32 *)d->data = USBDEVFS_CAP_BULK_SCATTER_GATHER |
		                      USBDEVFS_CAP_BULK_CONTINUATION |
		                      USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
		                      USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
		umockdev_ioctl_data_unref(d);
		complete_ok(c);
		break;
	}
	case USBDEVFS_CLAIMINTERFACE:
		f->claim++;
		complete_ok(c);
		break;
	case USBDEVFS_CLEAR_HALT:
		f->clear_halt++;
		complete_ok(c);
		break;
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_RESET:
	case USBDEVFS_RESETEP:
	case USBDEVFS_SETINTERFACE:
	case USBDEVFS_SETCONFIGURATION:
	case USBDEVFS_DISCONNECT_CLAIM:
		complete_ok(c);
		break;
	case USBDEVFS_GETDRIVER: {
		if (!f->driver[0]) {
			umockdev_ioctl_client_complete(c, -1, ENODATA);
			break;
		}
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(
		        arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
		struct usbdevfs_getdriver *g = (struct usbdevfs_getdriver *)d->data;
		snprintf(g->driver, sizeof(g->driver), "%s", f->driver);
		umockdev_ioctl_data_unref(d);
		complete_ok(c);
		break;
	}
	case USBDEVFS_IOCTL: {
		UMockdevIoctlData *d =
		        umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
		struct usbdevfs_ioctl *io = (struct usbdevfs_ioctl *)d->data;
		if (io->ioctl_code == (int)USBDEVFS_DISCONNECT && f->driver[0]) {
			f->detach++;
			f->driver[0] = 0;
			complete_ok(c);
		} else if (io->ioctl_code == (int)USBDEVFS_CONNECT && !f->driver[0]) {
			f->attach++;
			snprintf(f->driver, sizeof(f->driver), "usblp");
			complete_ok(c);
		} else {
			umockdev_ioctl_client_complete(c, -1, ENODATA);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_SUBMITURB: {
		if (f->unplugged) {
			umockdev_ioctl_client_complete(c, -1, ENODEV);
			break;
		}
		UMockdevIoctlData *u =
		        umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
		UMockdevIoctlData *b = umockdev_ioctl_data_resolve(
		        u, offsetof(struct usbdevfs_urb, buffer), (gsize)urb->buffer_length, NULL);
		bool out = !(urb->endpoint & 0x80);
		urb->status = 0;
		urb->actual_length = 0;
		if (urb->type == USBDEVFS_URB_TYPE_BULK && out) {
			if (urb->buffer_length == 0)
				f->zlp++;
			if (urb->flags & USBDEVFS_URB_ZERO_PACKET)
				f->zero_flag++;
			if (f->stall_next > 0) {
				f->stall_next--;
				urb->status = -EPIPE;
				g_queue_push_tail(&f->done, u);
				goto submitted;
			}
			long want = urb->buffer_length, n = want;
			if (f->budget >= 0 && n > f->budget)
				n = f->budget;
			if (f->partial >= 0 && n > f->partial)
				n = f->partial;
			f->partial = -1;
			take(f, b->data, (size_t)n);
			if (f->budget >= 0) {
				f->budget -= n;
				if (f->budget == 0 && f->budget_paper)
					f->paper_out = true;
			}
			urb->actual_length = (int)n;
			if (n == want)
				g_queue_push_tail(&f->done, u);
			else
				g_queue_push_tail(&f->held_out, u); /* NAK until discarded */
			fill_in(f);
		} else if (urb->type == USBDEVFS_URB_TYPE_BULK) {
			g_queue_push_tail(&f->pending_in, u);
			fill_in(f);
		} else if (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->buffer_length >= 8) {
			int r = control(f, b->data, urb->buffer_length);
			urb->actual_length = r < 0 ? 0 : r;
			urb->status = r < 0 ? r : 0;
			g_queue_push_tail(&f->done, u);
		} else {
			umockdev_ioctl_data_unref(b);
			umockdev_ioctl_data_unref(u);
			umockdev_ioctl_client_complete(c, -1, EINVAL);
			break;
		}
	submitted:
		umockdev_ioctl_data_unref(b);
		complete_ok(c);
		break;
	}
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY: {
		UMockdevIoctlData *u = g_queue_pop_head(&f->discarded);
		if (!u)
			u = g_queue_pop_head(&f->done);
		if (!u) {
			umockdev_ioctl_client_complete(c, -1, f->unplugged ? ENODEV : EAGAIN);
			break;
		}
		UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
		umockdev_ioctl_data_set_ptr(p, 0, u);
		umockdev_ioctl_data_unref(p);
		umockdev_ioctl_data_unref(u);
		complete_ok(c);
		break;
	}
	case USBDEVFS_DISCARDURB: {
		gulong addr = (gulong) * (void **)arg->data;
		GQueue *qs[] = {&f->held_out, &f->pending_in};
		bool found = false;
		for (int i = 0; i < 2 && !found; i++) {
			for (GList *l = qs[i]->head; l; l = l->next) {
				UMockdevIoctlData *u = l->data;
				if (u->client_addr != addr)
					continue;
				g_queue_delete_link(qs[i], l);
				((struct usbdevfs_urb *)u->data)->status = -ENOENT;
				g_queue_push_tail(&f->discarded, u);
				found = true;
				break;
			}
		}
		f->discards += found;
		if (found)
			complete_ok(c);
		else
			umockdev_ioctl_client_complete(c, -1, EINVAL);
		break;
	}
	default:
		handled = FALSE;
	}
	pthread_mutex_unlock(&f->lock);
	return handled;
}

static void
fake_reset(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	f->out_len = f->in_len = 0;
	f->paper_out = f->cover_open = f->garbage = f->mute = false;
	f->budget = -1;
	f->budget_paper = false;
	f->partial = -1;
	f->stall_next = 0;
	f->zlp = f->zero_flag = f->clear_halt = f->detach = f->attach = f->claim = 0;
	f->ctrl = f->discards = 0;
	pthread_mutex_unlock(&f->lock);
}

static void
drop_queue(GQueue *q)
{
	UMockdevIoctlData *u;
	while ((u = g_queue_pop_head(q)))
		umockdev_ioctl_data_unref(u);
}

static void
plug(struct fake *f)
{
	GError *err = NULL;
	if (!f->out) {
		pthread_mutex_init(&f->lock, NULL);
		f->out = malloc(CAP_MAX);
		g_queue_init(&f->pending_in);
		g_queue_init(&f->held_out);
		g_queue_init(&f->done);
		g_queue_init(&f->discarded);
	}
	pthread_mutex_lock(&f->lock);
	f->unplugged = false;
	pthread_mutex_unlock(&f->lock);
	if (!f->handler) {
		f->handler = umockdev_ioctl_base_new();
		g_signal_connect(f->handler, "handle-ioctl", G_CALLBACK(on_ioctl), f);
	}
	/* the handler goes on the node before the device appears (libusb opens it at once) */
	if (!f->attached)
		f->attached = umockdev_testbed_attach_ioctl(tb, f->node, f->handler, NULL);
	pthread_mutex_lock(&f->lock);
	drop_queue(&f->held_out);
	drop_queue(&f->pending_in);
	drop_queue(&f->done);
	drop_queue(&f->discarded);
	pthread_mutex_unlock(&f->lock);
	if (!umockdev_testbed_add_from_string(tb, f->record, &err)) {
		printf("# add device: %s\n", err ? err->message : "?");
		g_clear_error(&err);
	}
}

static void
unplug(struct fake *f)
{
	/* As the kernel does: URBs in flight complete with -ENODEV, later calls fail. */
	pthread_mutex_lock(&f->lock);
	f->unplugged = true;
	GQueue *qs[] = {&f->held_out, &f->pending_in};
	for (int i = 0; i < 2; i++) {
		UMockdevIoctlData *u;
		while ((u = g_queue_pop_head(qs[i]))) {
			((struct usbdevfs_urb *)u->data)->status = -ENODEV;
			g_queue_push_tail(&f->done, u);
		}
	}
	pthread_mutex_unlock(&f->lock);
	umockdev_testbed_uevent(tb, f->syspath, "remove");
	umockdev_testbed_remove_device(tb, f->syspath);
}

static size_t
captured(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	size_t n = f->out_len;
	pthread_mutex_unlock(&f->lock);
	return n;
}

static bool
captured_is(struct fake *f, const uint8_t *d, size_t n)
{
	pthread_mutex_lock(&f->lock);
	bool same = f->out_len == n && memcmp(f->out, d, n) == 0;
	pthread_mutex_unlock(&f->lock);
	return same;
}

static struct kiosk_config
make_cfg(const char *profile, const char *device)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.printer_backend, sizeof(cfg.printer_backend), "usb");
	snprintf(cfg.printer_profile, sizeof(cfg.printer_profile), "%s", profile);
	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "%s", device);
	return cfg;
}

/* A real receipt-sized job: ESC @, raster bands (with real-time pairs to scrub), cut. */
static void
make_job(struct kbuf *job, const struct printer_profile *p, int rows)
{
	struct bitmap *bm = bitmap_new(p->width_dots, rows);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < p->width_dots; x++)
			bm->px[y * p->width_dots + x] =
			        (uint8_t)(((x * 7 + y * 13) % 11) < 4 ? 255 : 0);
	kbuf_init(job, 1u << 20);
	escpos_encode(job, p, bm);
	bitmap_free(bm);
}

struct writer {
	struct printer_dev *dev;
	const struct kbuf *job;
	int timeout_ms, rc;
};

static void *
write_thread(void *arg)
{
	struct writer *w = arg;
	w->rc = printer_write(w->dev, w->job->data, w->job->len, w->timeout_ms);
	return NULL;
}

static void
test_open_and_print(void)
{
	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("generic-80", "auto");
	fake_reset(&fk_class);
	int rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "printer-class 0416:5011 found by class and opened");
	is_int(fk_class.claim, 1, "interface claimed once");
	is_int(fk_class.detach, 0, "no kernel driver bound: nothing detached");
	if (rc < 0)
		return;
	struct kbuf job;
	make_job(&job, dev.profile, 700);
	ok(job.len > 3 * 4096, "a job of %zu bytes (several 4 KiB chunks)", job.len);
	rc = printer_write(&dev, job.data, job.len, 2000);
	is_int(rc, 0, "job written");
	ok(captured_is(&fk_class, job.data, job.len), "the printer got exactly the job's bytes");
	is_int(fk_class.zlp, 0, "never a zero-length bulk write");
	is_int(fk_class.zero_flag, 0, "never a ZLP flag on a transfer");

	struct printer_status st;
	fake_reset(&fk_class);
	rc = printer_status(&dev, &st, 300);
	is_int(rc, 0, "status query answered");
	ok(st.online && !st.paper_out && !st.cover_open && !st.error, "status: ready");
	ok(captured(&fk_class) == 12, "four DLE EOT queries sent (%zu bytes)", captured(&fk_class));

	fake_reset(&fk_class);
	fk_class.paper_out = true;
	rc = printer_status(&dev, &st, 300);
	ok(rc == 0 && st.paper_out && !st.online, "paper out before a job: seen by DLE EOT");
	is_int(printer_status_err(&st), KERR_PAPER, "paper out -> KERR_PAPER");

	fake_reset(&fk_class);
	fk_class.cover_open = true;
	rc = printer_status(&dev, &st, 300);
	ok(rc == 0 && st.cover_open, "cover open: seen by DLE EOT");
	is_int(printer_status_err(&st), KERR_COVER, "cover open -> KERR_COVER");

	/* A write timeout after part of a transfer went out: go on from the transferred count. */
	fake_reset(&fk_class);
	fk_class.partial = 1000;
	rc = printer_write(&dev, job.data, job.len, 3000);
	is_int(rc, 0, "write with a partial transfer then a timeout completes");
	ok(fk_class.discards >= 1, "the timed-out transfer was cancelled (%d)", fk_class.discards);
	ok(captured_is(&fk_class, job.data, job.len),
	   "bytes after a partial transfer: exact, none repeated, none lost");

	/* A stalled endpoint: clear_halt and go on. */
	fake_reset(&fk_class);
	fk_class.stall_next = 1;
	rc = printer_write(&dev, job.data, job.len, 2000);
	is_int(rc, 0, "write through one stall");
	is_int(fk_class.clear_halt, 1, "the halt was cleared once");
	ok(captured_is(&fk_class, job.data, job.len), "bytes after a stall: exact");

	fake_reset(&fk_class);
	fk_class.stall_next = 5;
	rc = printer_write(&dev, job.data, job.len, 2000);
	is_int(rc, KERR_PRINTER, "an endpoint that keeps stalling: KERR_PRINTER");
	is_int(captured(&fk_class), 0, "nothing taken");

	/* Paper runs out mid-job: the printer stops taking data; port status says why. */
	fake_reset(&fk_class);
	fk_class.budget = 5000;
	fk_class.budget_paper = true;
	rc = printer_write(&dev, job.data, job.len, 3000);
	is_int(rc, KERR_PAPER, "paper out during the job: KERR_PAPER from the write");
	ok(captured_is(&fk_class, job.data, 5000), "the first 5000 bytes went out, once");
	ok(fk_class.ctrl >= 1, "GET_PORT_STATUS asked while bulk OUT was blocked");

	/* Cover opened mid-job. */
	fake_reset(&fk_class);
	fk_class.budget = 4096;
	fk_class.cover_open = false;
	rc = printer_write(&dev, job.data, 100, 2000);
	is_int(rc, 0, "a small write within the budget");
	pthread_mutex_lock(&fk_class.lock);
	fk_class.cover_open = true;
	pthread_mutex_unlock(&fk_class.lock);
	rc = printer_write(&dev, job.data, job.len, 2000);
	is_int(rc, KERR_COVER, "cover open during the job: KERR_COVER");

	/* A printer that is only busy (takes nothing, reports no fault) gets the whole timeout. */
	fake_reset(&fk_class);
	fk_class.budget = 0;
	rc = printer_write(&dev, job.data, job.len, 600);
	is_int(rc, KERR_TIMEOUT, "a printer that takes nothing: KERR_TIMEOUT");

	/* Garbage and silence on the status channel: the class port status answers instead. */
	fake_reset(&fk_class);
	fk_class.garbage = true;
	fk_class.paper_out = true;
	rc = printer_status(&dev, &st, 200);
	ok(rc == 0 && st.paper_out, "garbage DLE EOT answers: port status says paper out");
	fake_reset(&fk_class);
	fk_class.mute = true;
	rc = printer_status(&dev, &st, 200);
	ok(rc == 0 && st.online && !st.paper_out, "no DLE EOT answer: port status says ready");

	kbuf_free(&job);
	printer_close(&dev);
}

static void
test_ids_and_driver(void)
{
	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("generic-80", "0416:5011");
	fake_reset(&fk_class);
	snprintf(fk_class.driver, sizeof(fk_class.driver), "usblp");
	int rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "found by VID:PID");
	is_int(fk_class.detach, 1, "usblp was bound: detached once");
	printer_close(&dev);
	is_int(fk_class.attach, 1, "usblp re-attached at close");

	cfg = make_cfg("generic-80", "0416:9999");
	is_int(printer_open(&dev, &cfg), KERR_NODEV, "an absent VID:PID: KERR_NODEV");
	cfg = make_cfg("generic-80", "printer");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "a malformed device: KERR_CONFIG");
	cfg = make_cfg("no-such-profile", "auto");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "an unknown profile: KERR_CONFIG");
	snprintf(fk_class.driver, sizeof(fk_class.driver), "%s", "");
}

static void
test_unplug_replug(void)
{
	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("generic-80", "auto");
	fake_reset(&fk_class);
	int rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "opened for the unplug test");
	if (rc < 0)
		return;
	struct kbuf job;
	make_job(&job, dev.profile, 700);
	fk_class.budget = 3000; /* the printer stalls there: the job is in flight */
	struct writer w = {.dev = &dev, .job = &job, .timeout_ms = 10000};
	pthread_t th;
	pthread_create(&th, NULL, write_thread, &w);
	for (int i = 0; i < 400 && captured(&fk_class) < 3000; i++)
		usleep(5000);
	is_int(captured(&fk_class), 3000, "mid-job: 3000 bytes taken");
	unplug(&fk_class);
	pthread_join(th, NULL);
	is_int(w.rc, KERR_NODEV, "unplug mid-job: the write fails with KERR_NODEV");
	struct printer_status st;
	is_int(printer_status(&dev, &st, 200), KERR_NODEV, "and so does the status afterwards");
	printer_close(&dev);
	is_int(printer_open(&dev, &cfg), KERR_NODEV, "unplugged: open finds no printer");

	fake_reset(&fk_class);
	plug(&fk_class);
	rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "replugged: opened again");
	if (rc == 0) {
		rc = printer_write(&dev, job.data, job.len, 2000);
		ok(rc == 0 && captured_is(&fk_class, job.data, job.len),
		   "replugged: the whole job printed again, exactly");
		printer_close(&dev);
	}
	kbuf_free(&job);
}

static void
test_vendor_class(void)
{
	unplug(&fk_class);
	fake_reset(&fk_epson);
	plug(&fk_epson);
	struct printer_dev dev;
	struct kiosk_config cfg = make_cfg("generic-80", "auto");
	is_int(printer_open(&dev, &cfg), KERR_NODEV,
	       "a vendor-class Epson is not taken for a printer by class");
	cfg = make_cfg("epson-tm-t88", "auto");
	int rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "epson-tm-t88 profile: 04b8:0202 found by its ids");
	if (rc < 0)
		return;
	struct kbuf job;
	make_job(&job, dev.profile, 600);
	rc = printer_write(&dev, job.data, job.len, 2000);
	ok(rc == 0 && captured_is(&fk_epson, job.data, job.len), "vendor class: exact bytes");
	struct printer_status st;
	fake_reset(&fk_epson);
	fk_epson.paper_out = true;
	rc = printer_status(&dev, &st, 200);
	ok(rc == 0 && st.paper_out, "vendor class: paper out by DLE EOT");
	fake_reset(&fk_epson);
	fk_epson.garbage = true;
	is_int(printer_status(&dev, &st, 200), KERR_PROTO,
	       "vendor class, garbage status: KERR_PROTO (no port status to fall back on)");
	is_int(fk_epson.ctrl, 0, "no class request sent to a vendor-class device");
	fake_reset(&fk_epson);
	fk_epson.budget = 2000;
	fk_epson.budget_paper = true;
	rc = printer_write(&dev, job.data, job.len, 600);
	is_int(rc, KERR_TIMEOUT, "vendor class, paper out mid-job: the write times out");
	fk_epson.budget = -1;
	rc = printer_status(&dev, &st, 200);
	ok(rc == 0 && st.paper_out, "... and the status query then says why");
	kbuf_free(&job);
	printer_close(&dev);
}

int
main(int argc, char **argv)
{
	(void)argc;
	const char *pre = getenv("LD_PRELOAD");
	if (!pre || !strstr(pre, "libumockdev-preload")) {
		char buf[1024];
		snprintf(buf, sizeof(buf), "libumockdev-preload.so.0%s%s", pre ? ":" : "",
		         pre ? pre : "");
		setenv("LD_PRELOAD", buf, 1);
		const char *asan = getenv("ASAN_OPTIONS");
		snprintf(buf, sizeof(buf), "%s%sverify_asan_link_order=0", asan ? asan : "",
		         asan ? ":" : "");
		setenv("ASAN_OPTIONS", buf, 1);
		/* argv[0], not /proc/self/exe: under valgrind that is valgrind's own tool binary */
		execv(strchr(argv[0], '/') ? argv[0] : "/proc/self/exe", argv);
		perror("re-exec under umockdev");
		return 1;
	}
	tb = umockdev_testbed_new();
	if (!tb || !umockdev_in_mock_environment()) {
		ok(0, "umockdev test bed (is libumockdev-preload.so installed?)");
		return tap_done();
	}
	plug(&fk_class);
	test_open_and_print();
	test_ids_and_driver();
	test_unplug_replug();
	test_vendor_class();
	unplug(&fk_epson);
	g_clear_object(&fk_class.handler);
	g_clear_object(&fk_epson.handler);
	g_clear_object(&tb);
	free(fk_class.out);
	free(fk_epson.out);
	return tap_done();
}

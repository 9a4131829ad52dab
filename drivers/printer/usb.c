/*
 * printer/usb.c - the "usb" printer backend: libusb-1.0 bulk transfers to a USB receipt printer.
 *
 * Start at usb_open(). Finding the printer ([printer] device): "VID:PID" in hex, or "auto" = the
 * profile's VID:PID when it has one (Epson TMs in vendor class 0xff: they are matched by id, never
 * by class), else the first interface of class 7 (printer). The kernel's usblp driver is detached
 * only where it is attached (and re-attached at close); the interface stays claimed until close.
 *
 * Writes (usb_write()) go out in 4 KiB chunks with a short per-chunk timeout and continue from
 * the transferred count: a timeout may come after part of a chunk went out, and those bytes are
 * never sent again. A printer that takes nothing (it NAKs while its buffer is full, or stops when
 * the paper runs out or the cover opens) is asked for its class port status over endpoint 0,
 * which works while the bulk pipe is blocked: paper empty ends the write with KERR_PAPER, an
 * error with KERR_PRINTER; a printer that is only busy gets the caller's whole timeout. A stall
 * (LIBUSB_ERROR_PIPE) gets clear_halt and one retry. A zero-length write is never sent.
 *
 * Status (usb_status()): stale IN bytes are drained, then DLE EOT n on bulk OUT and a bulk IN
 * read (64-byte multiple) per n; when that gets no answer or garbage, printer-class devices fall
 * back to GET_PORT_STATUS. Hotplug: where libusb has it, a DEVICE_LEFT callback marks the handle
 * gone, so every later call fails fast with KERR_NODEV; the print worker closes the device and
 * opens it again (a fresh enumeration) once the printer is back.
 *
 * LIBUSB_ERROR_* is mapped to KERR_* in one place, usb_err(), which logs libusb's text once.
 * Tested against a umockdev-emulated printer: tests/unit/test_usb_printer.c.
 */
#include "../printer.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "escpos.h"

#include <libusb.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define USB_CHUNK              4096 /* a multiple of every wMaxPacketSize */
#define USB_CHUNK_TIMEOUT_MS   500  /* per bulk transfer; the caller's timeout bounds the total */
#define USB_DEFAULT_TIMEOUT_MS 5000
#define USB_CTRL_TIMEOUT_MS    500

/* USB printer class (usblp.c, IEEE 1284 port status). */
#define PRN_GET_PORT_STATUS 1
#define PORT_NOT_ERROR      0x08
#define PORT_SELECTED       0x10
#define PORT_PAPER_EMPTY    0x20
#define PORT_COVER_OPEN     0x80 /* vendor bit some printers set (as PAPPL reads it) */

struct usb_priv {
	libusb_context *ctx;
	libusb_device_handle *h;
	libusb_hotplug_callback_handle hp;
	bool hp_registered;
	atomic_bool gone; /* DEVICE_LEFT seen: the handle is dead */
	int iface;
	bool printer_class;    /* interface class 7: has GET_PORT_STATUS */
	uint8_t ep_out, ep_in; /* ep_in 0: no status channel */
	bool claimed, reattach;
};

static int
usb_err(int r, const char *what)
{
	int rc;
	switch (r) {
	case LIBUSB_SUCCESS:
		return 0;
	case LIBUSB_ERROR_NO_DEVICE:
	case LIBUSB_ERROR_NOT_FOUND:
		rc = KERR_NODEV;
		break;
	case LIBUSB_ERROR_TIMEOUT:
		rc = KERR_TIMEOUT;
		break;
	case LIBUSB_ERROR_BUSY:
		rc = KERR_BUSY;
		break;
	case LIBUSB_ERROR_ACCESS:
		rc = KERR_NODEV; /* no permission: a udev rule is missing */
		break;
	case LIBUSB_ERROR_NO_MEM:
		rc = KERR_NOMEM;
		break;
	case LIBUSB_ERROR_NOT_SUPPORTED:
		rc = KERR_NOTSUP;
		break;
	case LIBUSB_ERROR_PIPE:
	case LIBUSB_ERROR_OVERFLOW:
		rc = KERR_PRINTER;
		break;
	default:
		rc = KERR_IO;
	}
	klog(KLOG_ERR, "printer", "usb: %s: %s", what, libusb_error_name(r));
	return rc;
}

/* "auto", or "VID:PID" in hex. */
static int
parse_ids(const char *dev, uint16_t *vid, uint16_t *pid)
{
	*vid = *pid = 0;
	if (strcmp(dev, "auto") == 0)
		return 0;
	return printer_parse_usb_id(dev, vid, pid) < 0 ? KERR_CONFIG : 0;
}

/*
 * Picks the interface: class 7 only when by_class; by id, a printer-class interface is preferred
 * and any interface with a bulk OUT endpoint (vendor class) will do. Fills iface/ep_out/ep_in;
 * false when the configuration has none.
 */
static bool
pick_interface(const struct libusb_config_descriptor *cfg, bool by_class, struct usb_priv *u)
{
	bool found = false;
	for (int pass = 0; pass < 2 && !found; pass++) {
		bool want_printer = pass == 0;
		if (by_class && !want_printer)
			break;
		for (int i = 0; i < cfg->bNumInterfaces && !found; i++) {
			const struct libusb_interface *itf = &cfg->interface[i];
			for (int a = 0; a < itf->num_altsetting && !found; a++) {
				const struct libusb_interface_descriptor *d = &itf->altsetting[a];
				bool is_printer = d->bInterfaceClass == LIBUSB_CLASS_PRINTER;
				if (want_printer != is_printer)
					continue;
				uint8_t out = 0, in = 0;
				for (int e = 0; e < d->bNumEndpoints; e++) {
					const struct libusb_endpoint_descriptor *ep =
					        &d->endpoint[e];
					if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
						continue;
					if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
						if (!in)
							in = ep->bEndpointAddress;
					} else if (!out) {
						out = ep->bEndpointAddress;
					}
				}
				/* protocol 1 (unidirectional) has no status channel */
				if (is_printer && d->bInterfaceProtocol == 1)
					in = 0;
				if (out) {
					u->iface = d->bInterfaceNumber;
					u->printer_class = is_printer;
					u->ep_out = out;
					u->ep_in = in;
					found = true;
				}
			}
		}
	}
	return found;
}

static libusb_device *
find_device(struct usb_priv *u, libusb_device **list, ssize_t n, uint16_t vid, uint16_t pid)
{
	for (ssize_t i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		if (libusb_get_device_descriptor(list[i], &dd) < 0)
			continue;
		bool by_ids = vid != 0;
		if (by_ids && (dd.idVendor != vid || dd.idProduct != pid))
			continue;
		struct libusb_config_descriptor *cfg = NULL;
		if (libusb_get_active_config_descriptor(list[i], &cfg) < 0 &&
		    libusb_get_config_descriptor(list[i], 0, &cfg) < 0)
			continue;
		bool ok = pick_interface(cfg, !by_ids, u);
		libusb_free_config_descriptor(cfg);
		if (ok)
			return list[i];
	}
	return NULL;
}

/* Runs on libusb's event handling, inside our own transfers: only marks the handle dead. */
static int LIBUSB_CALL
on_hotplug(libusb_context *ctx, libusb_device *d, libusb_hotplug_event ev, void *arg)
{
	(void)ctx;
	struct usb_priv *u = arg;
	if (ev == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT && u->h && libusb_get_device(u->h) == d)
		atomic_store(&u->gone, true);
	return 0;
}

static int
usb_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	struct usb_priv *u = xcalloc(1, sizeof(*u));
	atomic_init(&u->gone, false);
	dev->priv = u;
	uint16_t vid, pid;
	/* kiosk.conf resolves [printer] device like a path ("./auto"): the ids are its last part */
	const char *ids = strrchr(cfg->printer_device, '/');
	ids = ids ? ids + 1 : cfg->printer_device;
	if (parse_ids(ids, &vid, &pid) < 0) {
		klog(KLOG_ERR, "printer", "usb: [printer] device must be 'auto' or VID:PID in hex");
		return KERR_CONFIG;
	}
	if (!vid && dev->profile && dev->profile->usb_vid) {
		vid = dev->profile->usb_vid;
		pid = dev->profile->usb_pid;
	}
	int r = libusb_init(&u->ctx);
	if (r < 0) {
		u->ctx = NULL;
		usb_err(r, "libusb_init");
		return KERR_NODEV;
	}
	libusb_device **list = NULL;
	ssize_t n = libusb_get_device_list(u->ctx, &list);
	if (n < 0)
		return usb_err((int)n, "listing devices");
	libusb_device *d = find_device(u, list, n, vid, pid);
	struct libusb_device_descriptor dd = {0};
	if (d) {
		libusb_get_device_descriptor(d, &dd);
		r = libusb_open(d, &u->h);
	}
	libusb_free_device_list(list, 1);
	if (!d) {
		if (vid)
			klog(KLOG_ERR, "printer", "usb: no printer %04x:%04x found", vid, pid);
		else
			klog(KLOG_ERR, "printer", "usb: no USB printer-class device found");
		return KERR_NODEV;
	}
	if (r < 0) {
		u->h = NULL;
		return usb_err(r, "opening the printer");
	}
	if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
		r = libusb_hotplug_register_callback(
		        u->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, dd.idVendor, dd.idProduct,
		        LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, u, &u->hp);
		u->hp_registered = r == LIBUSB_SUCCESS;
	}
	/* 1: a kernel driver (usblp) has it; 0: none; < 0: cannot tell (then do not touch it) */
	if (libusb_kernel_driver_active(u->h, u->iface) == 1) {
		r = libusb_detach_kernel_driver(u->h, u->iface);
		if (r < 0)
			return usb_err(r, "detaching usblp");
		u->reattach = true;
	}
	r = libusb_claim_interface(u->h, u->iface);
	if (r < 0)
		return usb_err(r, "claiming the interface");
	u->claimed = true;
	klog(KLOG_INFO, "printer",
	     "usb: printer %04x:%04x, %s interface %d (out 0x%02x, in 0x%02x)", dd.idVendor,
	     dd.idProduct, u->printer_class ? "printer-class" : "vendor-class", u->iface, u->ep_out,
	     u->ep_in);
	return 0;
}

static void
usb_close(struct printer_dev *dev)
{
	struct usb_priv *u = dev->priv;
	if (!u)
		return;
	if (u->hp_registered)
		libusb_hotplug_deregister_callback(u->ctx, u->hp);
	if (u->h) {
		bool gone = atomic_load(&u->gone);
		if (u->claimed && !gone)
			libusb_release_interface(u->h, u->iface);
		if (u->reattach && !gone)
			libusb_attach_kernel_driver(u->h, u->iface);
		libusb_close(u->h);
	}
	if (u->ctx)
		libusb_exit(u->ctx);
	free(u);
	dev->priv = NULL;
}

/*
 * Class GET_PORT_STATUS over endpoint 0 (works while bulk OUT is blocked). Fills *port; 0,
 * KERR_NOTSUP for a vendor-class interface, or the mapped libusb error.
 */
static int
port_status(struct usb_priv *u, uint8_t *port)
{
	if (!u->printer_class)
		return KERR_NOTSUP;
	unsigned char b = 0;
	int r = libusb_control_transfer(
	        u->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
	        PRN_GET_PORT_STATUS, 0, (uint16_t)u->iface, &b, 1, USB_CTRL_TIMEOUT_MS);
	if (r == 1) {
		*port = b;
		return 0;
	}
	if (r == LIBUSB_ERROR_PIPE)
		libusb_clear_halt(u->h, 0); /* a stalled control request clears itself; be sure */
	return r < 0 ? usb_err(r, "GET_PORT_STATUS") : KERR_PROTO;
}

/* What a port status byte says about a blocked write: 0 = only busy, else a KERR_*. */
static int
port_err(uint8_t port)
{
	if (port & PORT_COVER_OPEN)
		return KERR_COVER;
	if (port & PORT_PAPER_EMPTY)
		return KERR_PAPER;
	if (!(port & PORT_NOT_ERROR))
		return KERR_PRINTER;
	return 0;
}

static int
usb_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	struct usb_priv *u = dev->priv;
	int total = timeout_ms > 0 ? timeout_ms : USB_DEFAULT_TIMEOUT_MS;
	unsigned int t = total < USB_CHUNK_TIMEOUT_MS ? (unsigned int)total : USB_CHUNK_TIMEOUT_MS;
	int max_stalls = total / (int)t; /* chunk timeouts in a row with nothing taken */
	size_t off = 0;
	int stalls = 0;
	bool pipe_retried = false;
	while (off < n) {
		if (atomic_load(&u->gone))
			return KERR_NODEV;
		int len = n - off > USB_CHUNK ? USB_CHUNK : (int)(n - off); /* never 0 */
		int done = 0;
		int r = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)data + off, len,
		                             &done, t);
		if (done > 0) {
			off += (size_t)done; /* never resend bytes the printer took */
			stalls = 0;
			pipe_retried = false;
		}
		if (r == LIBUSB_SUCCESS || (r == LIBUSB_ERROR_TIMEOUT && done > 0))
			continue; /* slow, not stuck: go on from the offset */
		if (r == LIBUSB_ERROR_TIMEOUT) {
			uint8_t port;
			int prc = port_status(u, &port);
			if (prc == 0 && (prc = port_err(port)) < 0) {
				klog(KLOG_WARN, "printer",
				     "usb: printer stopped after %zu of %zu bytes: %s", off, n,
				     kerr_name(prc));
				return prc;
			}
			if (prc == KERR_NODEV)
				return prc;
			if (++stalls < max_stalls)
				continue;
			klog(KLOG_WARN, "printer",
			     "usb: printer took nothing for %d ms (%zu of %zu)", total, off, n);
			return KERR_TIMEOUT;
		}
		if (r == LIBUSB_ERROR_PIPE && !pipe_retried) {
			pipe_retried = true;
			klog(KLOG_WARN, "printer", "usb: bulk OUT stalled; clearing the halt");
			int cr = libusb_clear_halt(u->h, u->ep_out);
			if (cr < 0)
				return usb_err(cr, "clear halt");
			continue;
		}
		return usb_err(r, "bulk write");
	}
	return 0;
}

/*
 * Reads IN until a status byte arrives. KERR_TIMEOUT when nothing comes, KERR_PROTO when only
 * bytes that are no status reply came (garbage, ASB, XON/XOFF).
 */
static int
read_status_byte(struct usb_priv *u, unsigned int t, uint8_t *out)
{
	unsigned char buf[64]; /* a multiple of wMaxPacketSize: no LIBUSB_ERROR_OVERFLOW */
	bool junk = false;
	for (int tries = 0; tries < 4; tries++) {
		int got = 0;
		int r = libusb_bulk_transfer(u->h, u->ep_in, buf, sizeof(buf), &got, t);
		if (r < 0 && r != LIBUSB_ERROR_TIMEOUT)
			return usb_err(r, "status read");
		/* The last status-shaped byte is the newest answer; ASB and XON/XOFF are skipped.
		 */
		for (int i = got - 1; i >= 0; i--) {
			if (escpos_is_status_byte(buf[i])) {
				*out = buf[i];
				return 0;
			}
		}
		junk = junk || got > 0;
		if (r == LIBUSB_ERROR_TIMEOUT)
			break;
	}
	return junk ? KERR_PROTO : KERR_TIMEOUT;
}

static int
escpos_query(struct printer_dev *dev, struct printer_status *st, unsigned int t)
{
	struct usb_priv *u = dev->priv;
	unsigned char junk[64];
	int got;
	/* Drain stale replies (a late answer to an earlier query would be read as this one's). */
	for (int i = 0; i < 8; i++) {
		got = 0;
		int r = libusb_bulk_transfer(u->h, u->ep_in, junk, sizeof(junk), &got, 10);
		if (r == LIBUSB_ERROR_NO_DEVICE)
			return KERR_NODEV;
		if (r < 0 || got == 0)
			break;
	}
	memset(st, 0, sizeof(*st));
	st->online = true;
	for (int n = ESCPOS_ST_PRINTER; n <= ESCPOS_ST_PAPER; n++) {
		uint8_t q[3], b = 0;
		escpos_status_query((enum escpos_status_kind)n, q);
		int rc = usb_write(dev, q, sizeof(q), (int)t);
		if (rc == 0)
			rc = read_status_byte(u, t, &b);
		if (rc == 0)
			rc = escpos_status_parse((enum escpos_status_kind)n, b, st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
usb_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms)
{
	struct usb_priv *u = dev->priv;
	if (atomic_load(&u->gone))
		return KERR_NODEV;
	unsigned int t = timeout_ms > 0 ? (unsigned int)timeout_ms : 1000;
	int rc = u->ep_in ? escpos_query(dev, st, t) : KERR_NOTSUP;
	if (rc == 0 || rc == KERR_NODEV || !u->printer_class)
		goto out;
	/* No (sane) answer on the bulk channel: the class port status still tells paper/error. */
	uint8_t port;
	int prc = port_status(u, &port);
	if (prc < 0)
		goto out;
	klog(KLOG_WARN, "printer", "usb: DLE EOT %s; using the port status 0x%02x",
	     rc == KERR_PROTO ? "answered garbage" : "unanswered", port);
	memset(st, 0, sizeof(*st));
	st->online = (port & PORT_SELECTED) && (port & PORT_NOT_ERROR);
	st->paper_out = port & PORT_PAPER_EMPTY;
	st->cover_open = port & PORT_COVER_OPEN;
	st->error = !(port & PORT_NOT_ERROR) && !st->paper_out && !st->cover_open;
	rc = 0;
out:
	if (rc < 0 && rc != KERR_NOTSUP)
		klog(KLOG_WARN, "printer", "usb: status query failed: %s", kerr_name(rc));
	return rc;
}

const struct printer_ops printer_usb_ops = {
        .name = "usb",
        .open = usb_open,
        .close = usb_close,
        .write = usb_write,
        .status = usb_status,
        .control = NULL,
};

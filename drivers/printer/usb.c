/*
 * printer/usb.c - the "usb" printer backend: libusb-1.0 bulk transfers to a USB receipt printer.
 *
 * Finding the printer ([printer] device): "VID:PID" in hex, or "auto" = the profile's VID:PID
 * when it has one (Epson TMs in vendor class), else the first interface of class 7 (printer).
 * The kernel's usblp driver is detached only where it is attached; the interface stays claimed
 * until close. Writes go out in chunks with a finite timeout and continue from the transferred
 * count (a timeout may come after part of a chunk went out); a zero-length write is never sent.
 * Status: DLE EOT n on bulk OUT, then a bulk IN read (64-byte multiple) with a timeout.
 * LIBUSB_ERROR_* is mapped to KERR_* in one place, usb_err(), which logs libusb's text once.
 *
 * Not yet here (see docs/printing.md): hotplug, class GET_PORT_STATUS, SOFT_RESET recovery,
 * the umockdev test.
 */
#include "../printer.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "escpos.h"

#include <libusb.h>
#include <stdlib.h>
#include <string.h>

#define USB_CHUNK              4096
#define USB_DEFAULT_TIMEOUT_MS 5000
#define USB_MAX_STALLS         3 /* chunks in a row that time out with nothing taken */

struct usb_priv {
	libusb_context *ctx;
	libusb_device_handle *h;
	int iface;
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
	if (!dev[0] || strcmp(dev, "auto") == 0)
		return 0;
	char *end;
	unsigned long v = strtoul(dev, &end, 16);
	if (end == dev || *end != ':' || v > 0xffff)
		return KERR_CONFIG;
	const char *q = end + 1;
	unsigned long p = strtoul(q, &end, 16);
	if (end == q || *end || p > 0xffff)
		return KERR_CONFIG;
	*vid = (uint16_t)v;
	*pid = (uint16_t)p;
	return 0;
}

/*
 * Picks the interface: class 7 when by_class, else the first with a bulk OUT endpoint. Fills
 * iface/ep_out/ep_in; false when the configuration has none.
 */
static bool
pick_interface(const struct libusb_config_descriptor *cfg, bool by_class, struct usb_priv *u)
{
	for (int i = 0; i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface *itf = &cfg->interface[i];
		for (int a = 0; a < itf->num_altsetting; a++) {
			const struct libusb_interface_descriptor *d = &itf->altsetting[a];
			if (by_class && d->bInterfaceClass != LIBUSB_CLASS_PRINTER)
				continue;
			uint8_t out = 0, in = 0;
			for (int e = 0; e < d->bNumEndpoints; e++) {
				const struct libusb_endpoint_descriptor *ep = &d->endpoint[e];
				if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
					continue;
				if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
					if (!in)
						in = ep->bEndpointAddress;
				} else if (!out) {
					out = ep->bEndpointAddress;
				}
			}
			if (out) {
				u->iface = d->bInterfaceNumber;
				u->ep_out = out;
				u->ep_in = in;
				return true;
			}
		}
	}
	return false;
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

static int
usb_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	struct usb_priv *u = xcalloc(1, sizeof(*u));
	dev->priv = u;
	uint16_t vid, pid;
	if (parse_ids(cfg->printer_device, &vid, &pid) < 0) {
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
	if (d)
		r = libusb_open(d, &u->h);
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
	klog(KLOG_INFO, "printer", "usb: printer on interface %d (out 0x%02x, in 0x%02x)", u->iface,
	     u->ep_out, u->ep_in);
	return 0;
}

static void
usb_close(struct printer_dev *dev)
{
	struct usb_priv *u = dev->priv;
	if (!u)
		return;
	if (u->h) {
		if (u->claimed)
			libusb_release_interface(u->h, u->iface);
		if (u->reattach)
			libusb_attach_kernel_driver(u->h, u->iface);
		libusb_close(u->h);
	}
	if (u->ctx)
		libusb_exit(u->ctx);
	free(u);
	dev->priv = NULL;
}

static int
usb_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	struct usb_priv *u = dev->priv;
	unsigned int t = timeout_ms > 0 ? (unsigned int)timeout_ms : USB_DEFAULT_TIMEOUT_MS;
	size_t off = 0;
	int stalls = 0, pipes = 0;
	while (off < n) {
		int len = n - off > USB_CHUNK ? USB_CHUNK : (int)(n - off);
		int done = 0;
		int r = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)data + off, len,
		                             &done, t);
		if (done > 0) {
			off += (size_t)done;
			stalls = 0;
		}
		if (r == LIBUSB_SUCCESS)
			continue;
		if (r == LIBUSB_ERROR_TIMEOUT && done > 0)
			continue; /* the printer is slow, not stuck: keep the offset and go on */
		if (r == LIBUSB_ERROR_TIMEOUT && ++stalls < USB_MAX_STALLS)
			continue;
		if (r == LIBUSB_ERROR_PIPE && pipes++ == 0) {
			libusb_clear_halt(u->h, u->ep_out);
			continue;
		}
		return usb_err(r, "bulk write");
	}
	return 0;
}

/* Reads IN until a status byte arrives; KERR_TIMEOUT when none does. */
static int
read_status_byte(struct usb_priv *u, unsigned int t, uint8_t *out)
{
	unsigned char buf[64]; /* a multiple of wMaxPacketSize: no LIBUSB_ERROR_OVERFLOW */
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
		if (r == LIBUSB_ERROR_TIMEOUT)
			break;
	}
	klog(KLOG_WARN, "printer", "usb: no answer to a status query");
	return KERR_TIMEOUT;
}

static int
usb_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms)
{
	struct usb_priv *u = dev->priv;
	if (!u->ep_in)
		return KERR_NOTSUP;
	unsigned int t = timeout_ms > 0 ? (unsigned int)timeout_ms : 1000;
	unsigned char junk[64];
	int got;
	/* Drain stale replies (a late answer to an earlier query would be read as this one's). */
	for (int i = 0; i < 8; i++)
		if (libusb_bulk_transfer(u->h, u->ep_in, junk, sizeof(junk), &got, 10) < 0 ||
		    got == 0)
			break;
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

const struct printer_ops printer_usb_ops = {
        .name = "usb",
        .open = usb_open,
        .close = usb_close,
        .write = usb_write,
        .status = usb_status,
        .control = NULL,
};

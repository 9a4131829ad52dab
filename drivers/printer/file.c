/*
 * printer/file.c - the "file" printer backend: appends the raw ESC/POS bytes to the file named by
 * [printer] device (a capture file, or a character device such as /dev/usb/lp0). No status
 * channel: status is KERR_NOTSUP, so the print worker prints without checking the paper.
 */
#include "../printer.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct file_priv {
	int fd;
};

static int
file_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	struct file_priv *f = xcalloc(1, sizeof(*f));
	f->fd = -1;
	dev->priv = f;
	if (!cfg->printer_device[0]) {
		klog(KLOG_ERR, "printer", "file backend: [printer] device is empty");
		return KERR_CONFIG;
	}
	f->fd = open(cfg->printer_device, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		int e = errno;
		klog(KLOG_ERR, "printer", "cannot open %s: %s", cfg->printer_device, strerror(e));
		return e == ENOENT || e == ENXIO || e == ENODEV ? KERR_NODEV : KERR_IO;
	}
	return 0;
}

static void
file_close(struct printer_dev *dev)
{
	struct file_priv *f = dev->priv;
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
	dev->priv = NULL;
}

static int
file_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	(void)timeout_ms; /* a regular file does not block */
	struct file_priv *f = dev->priv;
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(f->fd, data + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			klog(KLOG_ERR, "printer", "file backend write failed: %s",
			     w < 0 ? strerror(e) : "no progress");
			return w < 0 && (e == ENODEV || e == ENXIO) ? KERR_NODEV : KERR_IO;
		}
		off += (size_t)w;
	}
	return 0;
}

const struct printer_ops printer_file_ops = {
        .name = "file",
        .open = file_open,
        .close = file_close,
        .write = file_write,
        .status = NULL,
        .control = NULL,
};

/*
 * printer.c - the printer class wrappers (see printer.h) and the table of printer profiles.
 *
 * Callers use these wrappers, never dev->ops->x: they are the one place that checks arguments,
 * turns a missing optional op into KERR_NOTSUP and logs open failures. The profile table is data:
 * add a printer model by adding a row (width and dpi from escpos-printer-db or the vendor's PPD).
 */
#include "printer.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "registry.h"

#include <string.h>

/*
 * Band height 256 rows: Epson's own raster filter uses 256, ReceiptLine 512+, cheap printers show
 * trouble with very large GS v 0 blocks (docs/printing.md). 256 rows x 72 bytes = 18 KiB.
 */
static const struct printer_profile profiles[] = {
        {"generic-58", 384, 203, 256, 0, 0, false, true},
        {"generic-80", 576, 203, 256, 0, 0, true, true},
        {"epson-tm-t88", 512, 180, 256, 0x04b8, 0x0202, true, true},
};

const struct printer_profile *
printer_profile_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

int
printer_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	memset(dev, 0, sizeof(*dev));
	const struct printer_ops *ops = registry_printer(cfg->printer_backend);
	if (!ops) {
		klog(KLOG_ERR, "printer", "no printer backend called '%s'", cfg->printer_backend);
		return KERR_CONFIG;
	}
	const struct printer_profile *p = printer_profile_find(cfg->printer_profile);
	if (!p) {
		klog(KLOG_ERR, "printer", "no printer profile called '%s'", cfg->printer_profile);
		return KERR_CONFIG;
	}
	dev->ops = ops;
	dev->profile = p;
	int rc = ops->open(dev, cfg);
	if (rc < 0) {
		klog(KLOG_WARN, "printer", "%s printer (%s) did not open: %s", ops->name, p->name,
		     kerr_str(rc));
		ops->close(dev);
		memset(dev, 0, sizeof(*dev));
	}
	return rc;
}

void
printer_close(struct printer_dev *dev)
{
	if (!dev)
		return;
	if (dev->ops)
		dev->ops->close(dev);
	memset(dev, 0, sizeof(*dev));
}

int
printer_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	if (!dev->ops)
		return KERR_STATE;
	if (n == 0)
		return 0; /* never a zero-length write: a ZLP can wedge a printer mid-job */
	if (!data)
		return KERR_INVAL;
	return dev->ops->write(dev, data, n, timeout_ms);
}

int
printer_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms)
{
	if (!dev->ops)
		return KERR_STATE;
	if (!dev->ops->status || (dev->profile && !dev->profile->status))
		return KERR_NOTSUP;
	memset(st, 0, sizeof(*st));
	return dev->ops->status(dev, st, timeout_ms);
}

int
printer_control(struct printer_dev *dev, const char *cmd)
{
	if (!dev->ops)
		return KERR_STATE;
	if (!dev->ops->control)
		return KERR_NOTSUP;
	if (!cmd)
		return KERR_INVAL;
	return dev->ops->control(dev, cmd);
}

/*
 * Cover first: with the cover open most printers also report the paper sensor, and the fix
 * (close the cover) comes before the refill. Near-end is a warning, not a reason to stop.
 */
int
printer_status_err(const struct printer_status *st)
{
	if (st->cover_open)
		return KERR_COVER;
	if (st->paper_out)
		return KERR_PAPER;
	if (st->error || !st->online)
		return KERR_PRINTER;
	return 0;
}

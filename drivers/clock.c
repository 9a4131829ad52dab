/*
 * clock.c - wrappers of the clock class (see clock.h) and Oman time formatting (the calendar
 * arithmetic is common/date.c's).
 */
#include "clock.h"

#include "../common/config.h"
#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "registry.h"

#include <stdio.h>
#include <string.h>

int
clock_open_named(struct clock_dev *dev, const char *name, const struct kiosk_config *cfg)
{
	memset(dev, 0, sizeof(*dev));
	const struct clock_ops *ops = registry_clock(name);
	if (!ops) {
		klog(KLOG_ERR, "clock", "no clock backend called '%s'", name);
		return KERR_CONFIG;
	}
	dev->ops = ops;
	int rc = ops->open(dev, cfg);
	if (rc < 0) {
		ops->close(dev);
		dev->ops = NULL;
	}
	return rc;
}

int
clock_open(struct clock_dev *dev, const struct kiosk_config *cfg)
{
	return clock_open_named(dev, cfg->clock_backend, cfg);
}

void
clock_close(struct clock_dev *dev)
{
	if (dev->ops)
		dev->ops->close(dev);
	dev->ops = NULL;
	dev->priv = NULL;
}

int64_t
clock_wall_ms(struct clock_dev *dev)
{
	return dev->ops->wall_ms(dev);
}

int64_t
clock_mono_ms(struct clock_dev *dev)
{
	return dev->ops->mono_ms(dev);
}

int
clock_advance(struct clock_dev *dev, int64_t ms)
{
	if (!dev->ops->advance)
		return KERR_NOTSUP;
	return dev->ops->advance(dev, ms);
}

void
clock_format_oman(int64_t wall_ms, char *out, unsigned long size)
{
	struct civil_date d;
	date_oman(wall_ms, &d); /* Gulf Standard Time, UTC+4, no DST: common/date.h */
	int rem = date_oman_seconds(wall_ms);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+04:00", d.y, d.m, d.d, rem / 3600,
	         rem / 60 % 60, rem % 60);
}

/*
 * clock.c - wrappers of the clock class (see clock.h) and Oman time formatting.
 */
#include "clock.h"

#include "../common/config.h"
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

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm; no time zone tables). */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void
clock_format_oman(int64_t wall_ms, char *out, unsigned long size)
{
	int64_t s = wall_ms / 1000 + 4 * 3600; /* Gulf Standard Time, UTC+4, no DST */
	int64_t days = s / 86400, rem = s % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+04:00", y, m, d, (int)(rem / 3600),
	         (int)(rem / 60 % 60), (int)(rem % 60));
}

/*
 * printer.c - the printer class wrappers (see printer.h) and the printer profiles.
 *
 * Callers use these wrappers, never dev->ops->x: they are the one place that checks arguments,
 * turns a missing optional op into KERR_NOTSUP and logs open failures. Profiles are data: an INI
 * file (drivers/printer/profiles/printers.ini, [printer] profiles) read with inih into a small
 * table that only grows, so a profile pointer stays valid. Add a printer model by adding a
 * section (width and dpi from escpos-printer-db or the vendor's PPD).
 */
#include "printer.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/kparse.h"
#include "../common/xalloc.h"
#include "registry.h"

#include <ini.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct loaded {
	struct printer_profile p;
	char name[32];
	bool have[6]; /* width, dpi, band, cutter, status, usb_id */
};

static pthread_mutex_t plock = PTHREAD_MUTEX_INITIALIZER;
static struct loaded table[PRINTER_PROFILES_MAX];
static int ntable;
static bool tried_default;

struct load_ctx {
	const char *path;
	struct loaded tmp[PRINTER_PROFILES_MAX];
	int n;
	int err_line; /* first bad line, 0 = none */
	int line;
};

static bool
parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
		*out = false;
	else
		return false;
	return true;
}

int
printer_parse_usb_id(const char *s, uint16_t *vid, uint16_t *pid)
{
	char v[8];
	unsigned long long a, b;
	const char *colon = strchr(s, ':');

	*vid = *pid = 0;
	if (!s[0])
		return 0;
	if (!colon || (size_t)(colon - s) >= sizeof(v))
		return KERR_INVAL;
	memcpy(v, s, (size_t)(colon - s));
	v[colon - s] = '\0';
	if (kparse_ull(v, 16, 0xffff, &a) < 0 || a == 0 ||
	    kparse_ull(colon + 1, 16, 0xffff, &b) < 0)
		return KERR_INVAL;
	*vid = (uint16_t)a;
	*pid = (uint16_t)b;
	return 0;
}

static int
on_key(void *user, const char *section, const char *key, const char *value)
{
	struct load_ctx *c = user;
	struct loaded *l = NULL;
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->tmp[i].name, section) == 0)
			l = &c->tmp[i];
	if (!l) {
		if (c->n == PRINTER_PROFILES_MAX || strlen(section) >= sizeof(l->name) ||
		    !section[0]) {
			klog(KLOG_ERR, "printer", "%s: section [%s]: too many or a bad name",
			     c->path, section);
			return 0;
		}
		l = &c->tmp[c->n++];
		snprintf(l->name, sizeof(l->name), "%s", section);
	}
	bool ok = true;
	if (strcmp(key, "width_dots") == 0) {
		ok = kparse_int(value, 64, 2048, &l->p.width_dots) == 0 && l->p.width_dots % 8 == 0;
		l->have[0] = ok;
	} else if (strcmp(key, "dpi") == 0) {
		ok = l->have[1] = kparse_int(value, 100, 600, &l->p.dpi) == 0;
	} else if (strcmp(key, "band_lines") == 0) {
		ok = l->have[2] = kparse_int(value, 8, 2303, &l->p.band_lines) == 0;
	} else if (strcmp(key, "cutter") == 0) {
		ok = l->have[3] = parse_bool(value, &l->p.cutter);
	} else if (strcmp(key, "status") == 0) {
		ok = l->have[4] = parse_bool(value, &l->p.status);
	} else if (strcmp(key, "usb_id") == 0) {
		ok = l->have[5] = printer_parse_usb_id(value, &l->p.usb_vid, &l->p.usb_pid) == 0;
	} else if (strcmp(key, "description") != 0) {
		klog(KLOG_ERR, "printer", "%s: [%s] unknown key '%s'", c->path, section, key);
		return 0;
	}
	if (!ok)
		klog(KLOG_ERR, "printer", "%s: [%s] %s: bad value '%s'", c->path, section, key,
		     value);
	return ok;
}

int
printer_profiles_load(const char *path)
{
	struct load_ctx *c = xcalloc(1, sizeof(*c));
	c->path = path;
	int rc = ini_parse(path, on_key, c);
	if (rc == -1) {
		klog(KLOG_ERR, "printer", "cannot read printer profiles %s", path);
		rc = KERR_NOTFOUND;
		goto out;
	}
	if (rc != 0) {
		klog(KLOG_ERR, "printer", "%s:%d: bad printer profile line", path, rc);
		rc = KERR_CONFIG;
		goto out;
	}
	for (int i = 0; i < c->n; i++) {
		for (int k = 0; k < 5; k++) { /* usb_id may be left out */
			if (!c->tmp[i].have[k]) {
				klog(KLOG_ERR, "printer",
				     "%s: [%s] needs width_dots, dpi, band_lines, cutter and "
				     "status",
				     path, c->tmp[i].name);
				rc = KERR_CONFIG;
				goto out;
			}
		}
	}
	pthread_mutex_lock(&plock);
	for (int i = 0; i < c->n; i++) {
		struct loaded *l = NULL;
		for (int j = 0; j < ntable; j++)
			if (strcmp(table[j].name, c->tmp[i].name) == 0)
				l = &table[j];
		if (!l && ntable == PRINTER_PROFILES_MAX)
			break;
		if (!l)
			l = &table[ntable++];
		*l = c->tmp[i];
		l->p.name = l->name;
	}
	pthread_mutex_unlock(&plock);
	rc = c->n;
out:
	free(c);
	return rc;
}

const struct printer_profile *
printer_profile_find(const char *name)
{
	const struct printer_profile *p = NULL;
	pthread_mutex_lock(&plock);
	bool load = !ntable && !tried_default;
	tried_default = true;
	pthread_mutex_unlock(&plock);
	if (load)
		printer_profiles_load(PRINTER_PROFILES_DEFAULT);
	pthread_mutex_lock(&plock);
	for (int i = 0; name && i < ntable; i++)
		if (strcmp(table[i].name, name) == 0)
			p = &table[i].p;
	pthread_mutex_unlock(&plock);
	return p;
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
	if (cfg->printer_profiles[0] && printer_profiles_load(cfg->printer_profiles) < 0)
		return KERR_CONFIG;
	const struct printer_profile *p = printer_profile_find(cfg->printer_profile);
	if (!p) {
		klog(KLOG_ERR, "printer", "no printer profile called '%s' (profiles: %s)",
		     cfg->printer_profile,
		     cfg->printer_profiles[0] ? cfg->printer_profiles : PRINTER_PROFILES_DEFAULT);
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

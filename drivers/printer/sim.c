/*
 * printer/sim.c - the "sim" printer backend: a virtual printer in the process.
 *
 * It keeps the bytes of the current job; at every cut (and at close, for an uncut tail) it
 * decodes them with escpos_decode() and writes <device>/receipt-NNNN.png plus the raw
 * receipt-NNNN.escpos beside it (device is a folder, created if missing; numbering continues
 * after the files already there). Status queries are answered through the real protocol code:
 * the DLE EOT query bytes are "sent", the reply byte comes from the simulated state
 * (escpos_status_reply()) and is parsed with escpos_status_parse(), as the usb backend does.
 *
 * Fault injection (printer_control(), thread-safe, any thread): "paper_out", "cover_open",
 * "near_end", "error", "offline", "unplug", "mute" (status queries time out), "garbage" (status
 * replies are no status bytes: KERR_PROTO), "fail_after N"
 * (N more bytes are taken, then the paper runs out and the write fails with KERR_PAPER), "ok".
 * The same commands, one per line, can come from another process: a file <device>/sim-control
 * is read (and removed) before each write and status query, so scripts and integration tests can
 * take the paper out of a running kiosk.
 */
#include "../printer.h"

#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/kparse.h"
#include "../../common/xalloc.h"
#include "escpos.h"
#include "escpos_decode.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIM_JOB_MAX (16u << 20) /* bytes without a cut before the job is dropped */

struct sim_priv {
	pthread_mutex_t lock;
	char dir[CFG_PATH_MAX];
	int width;
	struct kbuf job;
	int seq; /* number of the next receipt file */
	struct printer_status st;
	long fail_after; /* < 0: off */
	bool unplugged, mute, garbage;
};

static int
mkdir_p(const char *path)
{
	char tmp[CFG_PATH_MAX];
	size_t len = strlen(path);
	if (len == 0 || len >= sizeof(tmp))
		return KERR_CONFIG;
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return KERR_IO;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return KERR_IO;
	return 0;
}

/* The next free receipt number: one past the highest receipt-NNNN.* already in dir. */
static int
next_seq(const char *dir)
{
	int max = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 1;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "receipt-", 8) != 0)
			continue;
		char *end;
		long v = strtol(e->d_name + 8, &end, 10);
		if (end != e->d_name + 8 && *end == '.' && v > max && v < 1000000)
			max = (int)v;
	}
	closedir(d);
	return max + 1;
}

static int
write_file(const char *path, const uint8_t *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		klog(KLOG_ERR, "printer", "sim: cannot write %s: %s", path, strerror(errno));
		return KERR_IO;
	}
	size_t w = fwrite(data, 1, n, f);
	if (fclose(f) != 0 || w != n)
		return KERR_IO;
	return 0;
}

/* Saves one receipt: the raw bytes, and the PNG when the page has paper. Lock held. */
static void
save_receipt(struct sim_priv *s, const uint8_t *raw, size_t n, const struct bitmap *bm)
{
	char path[CFG_PATH_MAX + 32];
	int seq = s->seq++;
	snprintf(path, sizeof(path), "%s/receipt-%04d.escpos", s->dir, seq);
	write_file(path, raw, n);
	if (!bm)
		return;
	snprintf(path, sizeof(path), "%s/receipt-%04d.png", s->dir, seq);
	if (bitmap_write_png(bm, path) == 0)
		klog(KLOG_INFO, "printer", "sim: printed receipt-%04d.png (%dx%d dots)", seq, bm->w,
		     bm->h);
}

/* Cuts off and saves every complete receipt in the job buffer. Lock held. */
static void
process_job(struct sim_priv *s)
{
	struct escpos_decode_opts o = {.width_dots = s->width, .stop_at_cut = true};
	while (s->job.len > 0) {
		struct escpos_page pg;
		int rc = escpos_decode(s->job.data, s->job.len, &o, &pg);
		if (rc == 0 && !pg.cut)
			return; /* no cut yet: wait for more bytes */
		if (rc < 0 && pg.truncated)
			return; /* a command is split across writes */
		if (rc < 0) {
			klog(KLOG_WARN, "printer",
			     "sim: undecodable data at byte %zu (%s); job dropped", pg.consumed,
			     kerr_str(rc));
			save_receipt(s, s->job.data, s->job.len, NULL);
			kbuf_reset(&s->job);
			return;
		}
		save_receipt(s, s->job.data, pg.consumed, pg.bm);
		bitmap_free(pg.bm);
		size_t rest = s->job.len - pg.consumed;
		memmove(s->job.data, s->job.data + pg.consumed, rest);
		s->job.len = rest;
		s->job.data[rest] = 0;
	}
}

static int
sim_open(struct printer_dev *dev, const struct kiosk_config *cfg)
{
	struct sim_priv *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	kbuf_init(&s->job, SIM_JOB_MAX);
	s->st.online = true;
	s->fail_after = -1;
	s->width = dev->profile ? dev->profile->width_dots : 576;
	dev->priv = s;
	if (!cfg->printer_device[0] || strlen(cfg->printer_device) >= sizeof(s->dir)) {
		klog(KLOG_ERR, "printer", "sim: [printer] device must name a folder");
		return KERR_CONFIG;
	}
	memcpy(s->dir, cfg->printer_device, strlen(cfg->printer_device) + 1);
	int rc = mkdir_p(s->dir);
	if (rc < 0) {
		klog(KLOG_ERR, "printer", "sim: cannot create %s: %s", s->dir, strerror(errno));
		return rc;
	}
	s->seq = next_seq(s->dir);
	return 0;
}

static void
sim_close(struct printer_dev *dev)
{
	struct sim_priv *s = dev->priv;
	if (!s)
		return;
	if (s->job.len > 0) { /* an uncut tail: print what is there, as a printer would */
		struct escpos_decode_opts o = {.width_dots = s->width};
		struct escpos_page pg;
		int rc = escpos_decode(s->job.data, s->job.len, &o, &pg);
		if (rc < 0)
			klog(KLOG_WARN, "printer", "sim: uncut tail undecodable (%s)",
			     kerr_str(rc));
		save_receipt(s, s->job.data, s->job.len, rc == 0 ? pg.bm : NULL);
		bitmap_free(pg.bm);
	}
	kbuf_free(&s->job);
	pthread_mutex_destroy(&s->lock);
	free(s);
	dev->priv = NULL;
}

/* The state a write meets, as a KERR_* (0 = the printer takes data). Lock held. */
static int
state_err(const struct sim_priv *s)
{
	if (s->unplugged)
		return KERR_NODEV;
	int rc = printer_status_err(&s->st);
	if (rc == KERR_PRINTER && !s->st.error)
		return KERR_TIMEOUT; /* offline: a real printer stops taking data */
	return rc;
}

static int sim_control(struct printer_dev *dev, const char *cmd);

/* Applies and removes <dir>/sim-control when there is one. */
static void
poll_control_file(struct printer_dev *dev)
{
	struct sim_priv *s = dev->priv;
	char path[CFG_PATH_MAX + 16], buf[512];
	snprintf(path, sizeof(path), "%s/sim-control", s->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\r\n")] = 0;
		if (buf[0] && buf[0] != '#') {
			klog(KLOG_INFO, "printer", "sim: control '%s' from sim-control", buf);
			sim_control(dev, buf);
		}
	}
	fclose(f);
	unlink(path);
}

static int
sim_write(struct printer_dev *dev, const uint8_t *data, size_t n, int timeout_ms)
{
	(void)timeout_ms;
	struct sim_priv *s = dev->priv;
	poll_control_file(dev);
	pthread_mutex_lock(&s->lock);
	int rc = state_err(s);
	if (rc < 0)
		goto out;
	size_t take = n;
	if (s->fail_after >= 0 && (size_t)s->fail_after < n) {
		take = (size_t)s->fail_after;
		rc = KERR_PAPER;
	}
	if (s->fail_after >= 0)
		s->fail_after -= (long)take;
	if (take > 0 && kbuf_add(&s->job, data, take) < 0) {
		klog(KLOG_WARN, "printer", "sim: job over %u bytes without a cut; dropped",
		     SIM_JOB_MAX);
		kbuf_init(&s->job, SIM_JOB_MAX);
		rc = KERR_PRINTER;
		goto out;
	}
	process_job(s);
	if (rc == KERR_PAPER) {
		s->st.paper_out = true;
		s->fail_after = -1;
	}
out:
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static int
sim_status(struct printer_dev *dev, struct printer_status *st, int timeout_ms)
{
	(void)timeout_ms;
	struct sim_priv *s = dev->priv;
	int rc = 0;
	poll_control_file(dev);
	pthread_mutex_lock(&s->lock);
	if (s->unplugged) {
		rc = KERR_NODEV;
		goto out;
	}
	if (s->mute) {
		rc = KERR_TIMEOUT;
		goto out;
	}
	memset(st, 0, sizeof(*st));
	st->online = true;
	for (int n = ESCPOS_ST_PRINTER; n <= ESCPOS_ST_PAPER && rc == 0; n++) {
		uint8_t q[3];
		escpos_status_query((enum escpos_status_kind)n, q);
		uint8_t reply =
		        s->garbage ? 0xff
		                   : escpos_status_reply((enum escpos_status_kind)q[2], &s->st);
		rc = escpos_status_parse((enum escpos_status_kind)n, reply, st);
	}
out:
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static int
sim_control(struct printer_dev *dev, const char *cmd)
{
	struct sim_priv *s = dev->priv;
	int rc = 0;
	pthread_mutex_lock(&s->lock);
	if (strcmp(cmd, "paper_out") == 0) {
		s->st.paper_out = true;
	} else if (strcmp(cmd, "cover_open") == 0) {
		s->st.cover_open = true;
	} else if (strcmp(cmd, "near_end") == 0) {
		s->st.paper_near_end = true;
	} else if (strcmp(cmd, "error") == 0) {
		s->st.error = true;
	} else if (strcmp(cmd, "offline") == 0) {
		s->st.online = false;
	} else if (strcmp(cmd, "unplug") == 0) {
		s->unplugged = true;
	} else if (strcmp(cmd, "mute") == 0) {
		s->mute = true;
	} else if (strcmp(cmd, "garbage") == 0) {
		s->garbage = true;
	} else if (strcmp(cmd, "ok") == 0) {
		memset(&s->st, 0, sizeof(s->st));
		s->st.online = true;
		s->fail_after = -1;
		s->unplugged = s->mute = s->garbage = false;
	} else if (strncmp(cmd, "fail_after ", 11) == 0) {
		long long v;
		rc = kparse_ll(cmd + 11, 0, LONG_MAX, &v);
		if (rc == 0)
			s->fail_after = (long)v;
	} else {
		rc = KERR_INVAL;
	}
	pthread_mutex_unlock(&s->lock);
	if (rc < 0)
		klog(KLOG_WARN, "printer", "sim: rejected control '%s'", cmd);
	return rc;
}

const struct printer_ops printer_sim_ops = {
        .name = "sim",
        .open = sim_open,
        .close = sim_close,
        .write = sim_write,
        .status = sim_status,
        .control = sim_control,
};

/*
 * card/sim.c - the "sim" card backend: a simulated reader holding the demo card images of
 * [card] sim_cards, answered in process by vcard.c. Cards are inserted and removed with
 * card_control() from any thread ("insert [NAME|INDEX]", "remove", "fail_after N": the card is
 * pulled out after N more APDUs; "behave SWITCH": a vcard_behave() switch on the inserted card;
 * "delay MS": each APDU takes MS longer, like a slow T=0 reader).
 * A card pulled out during a session (by "remove" or fail_after) fails every later exchange of
 * that session with KERR_REMOVED, even once a card is back, like a stale PC/SC handle.
 * Card images are laid out per the profiles in [card] profiles. Events wait on a condition
 * variable, so wait() costs nothing.
 */
#define _DEFAULT_SOURCE
#include "../card.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/kparse.h"
#include "../../common/xalloc.h"
#include "profile.h"
#include "vcard.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIM_MAX_CARDS 32 /* assets/demo-cards/ holds 21 */
#define SIM_EVQ       8

struct sim_reader {
	pthread_mutex_t lock;
	struct card_profiles profiles;
	pthread_cond_t cond;
	struct vcard *cards[SIM_MAX_CARDS];
	char names[SIM_MAX_CARDS][64];
	int ncards;
	int inserted; /* index, -1 = empty */
	bool powered;
	bool pulled; /* the card left since card_connect(): the session's exchanges are "removed" */
	long fail_after; /* -1 = off */
	enum card_event evq[SIM_EVQ];
	int nev;
	bool cancelled;
	unsigned long apdus;
	int delay_ms; /* per APDU, like a slow T=0 reader */
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
load_cards(struct sim_reader *s, const char *dir)
{
	char *files[SIM_MAX_CARDS];
	int n = 0, rc = 0;
	struct dirent *de;
	DIR *d = opendir(dir);
	if (!d) {
		klog(KLOG_ERR, "card", "sim: cannot open demo card folder %s: %s", dir,
		     strerror(errno));
		return KERR_CONFIG;
	}
	bool more = false;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".card") != 0)
			continue;
		if (n == SIM_MAX_CARDS) {
			more = true;
			break;
		}
		files[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (more) /* readdir() order: which ones are left out is not defined */
		klog(KLOG_WARN, "card", "sim: more than %d card images in %s; some left out",
		     SIM_MAX_CARDS, dir);
	qsort(files, (size_t)n, sizeof(files[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (rc == 0 && (rc = vcard_load(path, &s->profiles, &s->cards[s->ncards])) == 0) {
			snprintf(s->names[s->ncards], sizeof(s->names[0]), "%.*s",
			         (int)(strlen(files[i]) - 5), files[i]);
			s->ncards++;
		}
		free(files[i]);
	}
	if (rc)
		return KERR_CONFIG;
	if (s->ncards == 0) {
		klog(KLOG_ERR, "card", "sim: no *.card images in %s", dir);
		return KERR_CONFIG;
	}
	klog(KLOG_INFO, "card", "sim reader ready with %d demo cards", s->ncards);
	return 0;
}

static void
push_event(struct sim_reader *s, enum card_event ev)
{
	if (s->nev < SIM_EVQ)
		s->evq[s->nev++] = ev;
	pthread_cond_broadcast(&s->cond);
}

static int
sim_open(struct card_dev *dev, const struct kiosk_config *cfg)
{
	struct sim_reader *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	s->inserted = -1;
	s->fail_after = -1;
	dev->priv = s;
	int rc = profile_load_dir(cfg->card_profiles, &s->profiles);
	return rc ? rc : load_cards(s, cfg->card_sim_cards);
}

static void
sim_close(struct card_dev *dev)
{
	struct sim_reader *s = dev->priv;
	if (!s)
		return;
	for (int i = 0; i < s->ncards; i++)
		vcard_free(s->cards[i]);
	profile_set_free(&s->profiles);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	dev->priv = NULL;
}

static int
sim_wait(struct card_dev *dev, int timeout_ms, enum card_event *out)
{
	struct sim_reader *s = dev->priv;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	while (!s->nev && !s->cancelled)
		if (pthread_cond_timedwait(&s->cond, &s->lock, &until) == ETIMEDOUT)
			break;
	*out = CARD_EV_NONE;
	if (s->nev) {
		*out = s->evq[0];
		memmove(s->evq, s->evq + 1, (size_t)(--s->nev) * sizeof(s->evq[0]));
	}
	s->cancelled = false;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

static int
sim_connect(struct card_dev *dev, uint8_t *atr, size_t *atr_len)
{
	struct sim_reader *s = dev->priv;
	int rc = KERR_NOCARD;
	pthread_mutex_lock(&s->lock);
	if (s->inserted >= 0) {
		vcard_reset(s->cards[s->inserted]);
		rc = vcard_atr(s->cards[s->inserted], atr, atr_len);
		s->powered = rc == 0;
		s->pulled = false;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static void
sim_disconnect(struct card_dev *dev)
{
	struct sim_reader *s = dev->priv;
	pthread_mutex_lock(&s->lock);
	s->powered = false;
	pthread_mutex_unlock(&s->lock);
}

static int
sim_transmit(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen)
{
	struct sim_reader *s = dev->priv;
	int rc, delay = 0;
	pthread_mutex_lock(&s->lock);
	if (s->inserted < 0 || s->pulled) { /* gone, or gone and back: a new card, not this one */
		rc = KERR_REMOVED;
		goto out_unlock;
	}
	if (!s->powered) {
		rc = KERR_STATE;
		goto out_unlock;
	}
	if (s->fail_after == 0) { /* the card is pulled out now */
		s->inserted = -1;
		s->powered = false;
		s->pulled = true;
		s->fail_after = -1;
		push_event(s, CARD_EV_REMOVED);
		rc = KERR_REMOVED;
		goto out_unlock;
	}
	if (s->fail_after > 0)
		s->fail_after--;
	s->apdus++;
	rc = vcard_apdu(s->cards[s->inserted], apdu, n, resp, rlen);
	delay = s->delay_ms;
out_unlock:
	pthread_mutex_unlock(&s->lock);
	if (rc == 0 && delay > 0) {
		struct timespec ts = {delay / 1000, (long)(delay % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	return rc;
}

static int
find_card(struct sim_reader *s, const char *arg)
{
	if (!arg || !*arg)
		return 0;
	for (int i = 0; i < s->ncards; i++)
		if (strcmp(s->names[i], arg) == 0 || strcmp(vcard_label(s->cards[i]), arg) == 0)
			return i;
	int idx;
	if (kparse_int(arg, 1, s->ncards, &idx) == 0)
		return idx - 1;
	return -1;
}

static int
sim_control(struct card_dev *dev, const char *cmd)
{
	struct sim_reader *s = dev->priv;
	int rc = 0;
	pthread_mutex_lock(&s->lock);
	if (strncmp(cmd, "insert", 6) == 0 && (cmd[6] == 0 || cmd[6] == ' ')) {
		int idx = find_card(s, cmd[6] ? cmd + 7 : NULL);
		if (idx < 0) {
			rc = KERR_NOTFOUND;
		} else if (s->inserted >= 0) {
			rc = KERR_BUSY;
		} else {
			s->inserted = idx;
			s->powered = false;
			push_event(s, CARD_EV_INSERTED);
		}
	} else if (strcmp(cmd, "remove") == 0) {
		if (s->inserted >= 0) {
			s->inserted = -1;
			s->powered = false;
			s->pulled = true;
			push_event(s, CARD_EV_REMOVED);
		}
	} else if (strncmp(cmd, "fail_after ", 11) == 0) {
		s->fail_after = strtol(cmd + 11, NULL, 10);
	} else if (strncmp(cmd, "delay ", 6) == 0) {
		s->delay_ms = (int)strtol(cmd + 6, NULL, 10);
	} else if (strncmp(cmd, "behave ", 7) == 0) {
		rc = KERR_NOCARD;
		if (s->inserted >= 0)
			rc = vcard_behave(s->cards[s->inserted], cmd + 7);
	} else {
		rc = KERR_INVAL;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static void
sim_cancel(struct card_dev *dev)
{
	struct sim_reader *s = dev->priv;
	pthread_mutex_lock(&s->lock);
	s->cancelled = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

const struct card_ops card_sim_ops = {
        .name = "sim",
        .open = sim_open,
        .close = sim_close,
        .wait = sim_wait,
        .connect = sim_connect,
        .disconnect = sim_disconnect,
        .transmit = sim_transmit,
        .control = sim_control,
        .cancel = sim_cancel,
};

/*
 * card/pcsc.c - the "pcsc" card backend over pcsclite (winscard API).
 *
 * wait() watches the configured reader (or every reader) plus the PnP notification pseudo-reader
 * with SCardGetStatusChange, so insertion, removal and reader hotplug arrive as events without
 * polling; when pcscd goes away the context is re-established on the next wait. PC/SC codes are
 * mapped to KERR_* once, in pcsc_err(), which also logs pcsclite's text. APDU bytes never logged.
 * An exchange that fails because the card was pulled out is KERR_REMOVED, told apart from a bad
 * card (KERR_BADCARD) by asking the reader whether a card is still there: pcsc_card_gone().
 */
#include "../card.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <winscard.h>

#define PNP_READER  "\\\\?PnP?\\Notification"
#define MAX_READERS 8
/* After a failed exchange: how long to wait for pcscd to notice that the card was removed. */
#define GONE_WAIT_MS 1500

struct pcsc {
	SCARDCONTEXT ctx;
	bool have_ctx;
	SCARDHANDLE card;
	bool connected;
	DWORD proto;
	char want[CFG_STR_MAX]; /* configured reader name, "" = first with a card */
	char reader[256];       /* reader in use */
	SCARD_READERSTATE rs[MAX_READERS + 1];
	char names[MAX_READERS][256];
	int nreaders;
	bool present;
	DWORD pnp_state; /* the PnP pseudo-reader's known state, kept across waits */
	LONG last_rv;    /* last error logged */
};

/* Maps a PC/SC code to KERR_* and logs pcsclite's text, once per code in a row (pcscd being
 * down for an hour must not write a line every retry). */
static int
pcsc_err(struct pcsc *p, LONG rv, const char *what)
{
	int e;
	switch (rv) {
	case SCARD_S_SUCCESS:
		return 0;
	case SCARD_E_TIMEOUT:
		return KERR_TIMEOUT;
	case SCARD_E_NO_SMARTCARD:
		e = KERR_NOCARD;
		break;
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_RESET_CARD:
	case SCARD_W_UNPOWERED_CARD:
		e = KERR_REMOVED;
		break;
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
	case SCARD_F_COMM_ERROR: /* "RPC transport error": pcscd went away */
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_UNKNOWN_READER:
		e = KERR_NODEV;
		break;
	case SCARD_E_SHARING_VIOLATION:
		e = KERR_BUSY;
		break;
	case SCARD_W_UNRESPONSIVE_CARD:
	case SCARD_W_UNSUPPORTED_CARD:
	case SCARD_E_PROTO_MISMATCH:
		e = KERR_BADCARD;
		break;
	case SCARD_E_INSUFFICIENT_BUFFER:
		e = KERR_TOOBIG;
		break;
	case SCARD_E_CANCELLED:
		return KERR_TIMEOUT;
	default:
		e = KERR_IO;
		break;
	}
	if (rv != p->last_rv)
		klog(KLOG_WARN, "card", "%s: %s (0x%lx)", what, pcsc_stringify_error(rv),
		     (unsigned long)rv);
	p->last_rv = rv;
	return e;
}

static void
drop_context(struct pcsc *p)
{
	if (p->connected)
		SCardDisconnect(p->card, SCARD_LEAVE_CARD);
	p->connected = false;
	if (p->have_ctx)
		SCardReleaseContext(p->ctx);
	p->have_ctx = false;
	p->nreaders = 0;
	p->present = false; /* a card still there after a restart is a new insertion */
	p->pnp_state = SCARD_STATE_UNAWARE;
}

static int
ensure_context(struct pcsc *p)
{
	if (p->have_ctx && SCardIsValidContext(p->ctx) == SCARD_S_SUCCESS)
		return 0;
	drop_context(p);
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &p->ctx);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(p, rv, "SCardEstablishContext");
	p->have_ctx = true;
	return 0;
}

/* Refreshes the list of readers we watch (all, or just the configured one). */
static int
list_readers(struct pcsc *p)
{
	char buf[4096];
	DWORD len = sizeof(buf);
	LONG rv = SCardListReaders(p->ctx, NULL, buf, &len);
	int n = 0;
	if (rv == SCARD_E_NO_READERS_AVAILABLE)
		len = 0;
	else if (rv != SCARD_S_SUCCESS)
		return pcsc_err(p, rv, "SCardListReaders");
	for (char *r = buf; len && *r && n < MAX_READERS; r += strlen(r) + 1) {
		if (p->want[0] && strcmp(p->want, r) != 0)
			continue;
		/* a reader keeps its known state only if the same name stays at the same slot */
		if (!(n < p->nreaders && strncmp(p->names[n], r, sizeof(p->names[0]) - 1) == 0)) {
			memset(&p->rs[n], 0, sizeof(p->rs[n]));
			p->rs[n].dwCurrentState = SCARD_STATE_UNAWARE;
			snprintf(p->names[n], sizeof(p->names[0]), "%.255s", r);
		}
		p->rs[n].szReader = p->names[n];
		n++;
	}
	if (n != p->nreaders)
		klog(KLOG_INFO, "card", "%d reader(s) available", n);
	p->nreaders = n;
	memset(&p->rs[n], 0, sizeof(p->rs[n]));
	p->rs[n].szReader = PNP_READER;
	p->rs[n].dwCurrentState = p->pnp_state;
	return 0;
}

static int
pcsc_open(struct card_dev *dev, const struct kiosk_config *cfg)
{
	struct pcsc *p = xcalloc(1, sizeof(*p));
	dev->priv = p;
	snprintf(p->want, sizeof(p->want), "%s", cfg->card_reader);
	/* pcscd may start after us: a missing service is a state the monitor retries, not fatal */
	if (ensure_context(p) == 0)
		list_readers(p);
	return 0;
}

static void
pcsc_close(struct card_dev *dev)
{
	struct pcsc *p = dev->priv;
	if (!p)
		return;
	drop_context(p);
	free(p);
	dev->priv = NULL;
}

static int
pcsc_wait(struct card_dev *dev, int timeout_ms, enum card_event *out)
{
	struct pcsc *p = dev->priv;
	int rc;
	*out = CARD_EV_NONE;
	int before = p->have_ctx ? p->nreaders : -1;
	if ((rc = ensure_context(p)) || (rc = list_readers(p))) {
		drop_context(p); /* pcscd restarted or gone: a new context next time */
		return rc;
	}
	if (before >= 0 && p->nreaders != before) { /* hotplug, seen by the PnP reader */
		if (p->present && p->nreaders < before) {
			bool still = false;
			for (int i = 0; i < p->nreaders; i++)
				still |= strcmp(p->names[i], p->reader) == 0;
			if (!still) { /* the reader left with the card in it */
				p->present = false;
				*out = CARD_EV_REMOVED;
				return 0;
			}
		}
		*out = p->nreaders < before ? CARD_EV_READER_GONE : CARD_EV_READER_ADDED;
		return 0;
	}
	LONG rv = SCardGetStatusChange(p->ctx, (DWORD)timeout_ms, p->rs, (DWORD)p->nreaders + 1);
	if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED)
		return 0;
	if (rv == SCARD_S_SUCCESS)
		p->last_rv = SCARD_S_SUCCESS;
	if (rv != SCARD_S_SUCCESS) {
		rc = pcsc_err(p, rv, "SCardGetStatusChange");
		drop_context(p); /* pcscd restarted, reader gone: start over next time */
		return rc;
	}
	p->pnp_state = p->rs[p->nreaders].dwEventState & ~SCARD_STATE_CHANGED;
	/* (a reader change is reported by the next wait, which re-reads the list) */
	bool any = false;
	int first = -1;
	for (int i = 0; i < p->nreaders; i++) {
		p->rs[i].dwCurrentState = p->rs[i].dwEventState & ~SCARD_STATE_CHANGED;
		if (p->rs[i].dwEventState & SCARD_STATE_PRESENT) {
			any = true;
			if (first < 0)
				first = i;
		}
	}
	if (any && !p->present) {
		snprintf(p->reader, sizeof(p->reader), "%s", p->names[first]);
		*out = CARD_EV_INSERTED;
	} else if (!any && p->present) {
		*out = CARD_EV_REMOVED;
	}
	p->present = any;
	return 0;
}

static int
pcsc_connect(struct card_dev *dev, uint8_t *atr, size_t *atr_len)
{
	struct pcsc *p = dev->priv;
	char name[256];
	DWORD namelen = sizeof(name), state, proto, alen = (DWORD)*atr_len;
	int rc;
	if ((rc = ensure_context(p)))
		return rc;
	if (p->connected)
		SCardDisconnect(p->card, SCARD_LEAVE_CARD);
	p->connected = false;
	LONG rv = SCardConnect(p->ctx, p->reader, SCARD_SHARE_SHARED,
	                       SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &p->card, &p->proto);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(p, rv, "SCardConnect");
	p->connected = true;
	rv = SCardStatus(p->card, name, &namelen, &state, &proto, atr, &alen);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_err(p, rv, "SCardStatus");
	*atr_len = alen;
	return 0;
}

static void
pcsc_disconnect(struct card_dev *dev)
{
	struct pcsc *p = dev->priv;
	if (p->connected)
		SCardDisconnect(p->card, SCARD_RESET_CARD);
	p->connected = false;
}

/* Does our card handle say the card left (or was reset)? Any other failure of the question
 * (pcscd gone, say) is not an answer. */
static bool
handle_gone(struct pcsc *p)
{
	char name[256];
	uint8_t atr[CARD_ATR_MAX];
	DWORD namelen = sizeof(name), state = 0, proto = 0, alen = sizeof(atr);
	LONG rv = SCardStatus(p->card, name, &namelen, &state, &proto, atr, &alen);
	return rv == SCARD_W_REMOVED_CARD || rv == SCARD_W_RESET_CARD ||
	       (rv == SCARD_S_SUCCESS && !(state & SCARD_PRESENT));
}

static long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* a timeout, not business time */
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * After an exchange failed: was the card pulled out? The reader answers that, not the failure
 * itself (a card pulled in the middle of an APDU may give "unresponsive", a transport error or a
 * short answer, like a broken card). pcscd learns of a removal at its next presence poll (about
 * 0.4 s), so unless the handle already says so, the reader's state is watched up to GONE_WAIT_MS
 * for "empty". Uses its own reader state, so wait()'s known states are not disturbed.
 */
static bool
pcsc_card_gone(struct pcsc *p)
{
	SCARD_READERSTATE rs = {.szReader = p->reader, .dwCurrentState = SCARD_STATE_UNAWARE};
	long until = mono_ms() + GONE_WAIT_MS;
	for (;;) {
		if (handle_gone(p))
			return true;
		long left = until - mono_ms();
		if (left <= 0)
			return false;
		LONG rv = SCardGetStatusChange(p->ctx, (DWORD)left, &rs, 1);
		if (rv != SCARD_S_SUCCESS) /* timeout: still there; or cancelled, pcscd gone */
			return false;
		if (rs.dwEventState & SCARD_STATE_EMPTY)
			return true;
		rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
	}
}

static int
pcsc_transmit(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen)
{
	struct pcsc *p = dev->priv;
	DWORD len = (DWORD)*rlen;
	if (!p->connected)
		return KERR_STATE;
	const SCARD_IO_REQUEST *pci = p->proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
	LONG rv = SCardTransmit(p->card, pci, apdu, (DWORD)n, NULL, resp, &len);
	if (rv == SCARD_S_SUCCESS && len >= 2) {
		*rlen = len;
		return 0;
	}
	/* no answer, or one without SW1 SW2: removed, or a bad card? */
	int rc = rv == SCARD_S_SUCCESS ? KERR_BADCARD : pcsc_err(p, rv, "SCardTransmit");
	if ((rc == KERR_BADCARD || rc == KERR_IO) && pcsc_card_gone(p)) {
		klog(KLOG_INFO, "card", "the card left the reader during an exchange");
		rc = KERR_REMOVED;
	}
	return rc;
}

static void
pcsc_cancel(struct card_dev *dev)
{
	struct pcsc *p = dev->priv;
	if (p && p->have_ctx)
		SCardCancel(p->ctx);
}

const struct card_ops card_pcsc_ops = {
        .name = "pcsc",
        .open = pcsc_open,
        .close = pcsc_close,
        .wait = pcsc_wait,
        .connect = pcsc_connect,
        .disconnect = pcsc_disconnect,
        .transmit = pcsc_transmit,
        .cancel = pcsc_cancel,
};

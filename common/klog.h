/*
 * klog.h - the one logging call. Lines go to stderr (journald picks them up under systemd).
 *
 * Never log personal data: no civil numbers, names, PINs, tokens, card bytes or APDU payloads.
 * Log once, where a library error is mapped to a KERR_* code. Identical consecutive messages
 * from one component are folded into "(repeated N times)". Thread-safe.
 */
#ifndef KIOSK_KLOG_H
#define KIOSK_KLOG_H

enum klog_level {
	KLOG_ERR = 0,
	KLOG_WARN = 1,
	KLOG_INFO = 2,
	KLOG_DEBUG = 3,
};

/* Messages above this level are dropped. Default KLOG_INFO, or $KIOSK_LOG (err|warn|info|debug). */
void klog_set_level(enum klog_level level);

void klog(enum klog_level level, const char *component, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif

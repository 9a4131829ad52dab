/*
 * registry.h - maps a backend name from kiosk.conf to its ops table (after SDL's bootstrap[]).
 * Each lookup returns NULL for an unknown name; the tables are static const.
 */
#ifndef KIOSK_REGISTRY_H
#define KIOSK_REGISTRY_H

struct card_ops;
struct printer_ops;
struct net_ops;
struct clock_ops;

const struct card_ops *registry_card(const char *name);
const struct printer_ops *registry_printer(const char *name);
const struct net_ops *registry_net(const char *name);
const struct clock_ops *registry_clock(const char *name);

#endif

/*
 * ports.h - the step engine's ports (app/engine/engine.h) wired to the running kiosk's
 * workers, outbox and clock (struct kiosk, app/kiosk.h). Main thread.
 */
#ifndef KIOSK_PORTS_H
#define KIOSK_PORTS_H

#include "engine/engine.h"

struct kiosk;
struct kiosk_config;

/* The ports for k (borrowed: k outlives the engine). */
void ports_init(struct engine_ports *p, struct kiosk *k);

/* The engine's settings from kiosk.conf. */
void ports_engine_config(struct engine_config *ec, const struct kiosk_config *cfg);

#endif

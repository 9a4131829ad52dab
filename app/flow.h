/*
 * flow.h - the screen state machine: what each input, card note, print result and sync note does
 * to the session and to the view. Main thread only. See docs/flow.md for the diagram.
 */
#ifndef KIOSK_FLOW_H
#define KIOSK_FLOW_H

#include "../ui/ui.h"

struct kiosk;
struct card_note;
struct print_result;
struct sync_note;

void flow_init(struct kiosk *k);
void flow_on_action(struct kiosk *k, enum ui_action a);
void flow_on_input(struct kiosk *k); /* any touch: the person is still there */
/* A PIN keypad digit (UI_ACT_PIN_DIGIT's ev.digit): kept in k->s.pin, never in the view. */
void flow_on_pin_digit(struct kiosk *k, int digit);
void flow_on_card(struct kiosk *k, const struct card_note *n);
void flow_on_printed(struct kiosk *k, const struct print_result *r);
void flow_on_sync(struct kiosk *k, const struct sync_note *n);
void flow_tick(struct kiosk *k); /* idle warning and timeout */
/* Ends the session: wipes the holder's data from memory and the view, back to the attract screen.
 */
void flow_end_session(struct kiosk *k);
/* Enters or leaves out-of-service (storage unusable): ends any session; while out of service the
 * screen says so and no card starts a session. */
void flow_set_out_of_service(struct kiosk *k, bool out);

const char *flow_screen_name(enum ui_screen s); /* "attract", "welcome", ... */

#endif

/*
 * events.h - codes of the events worker threads post to the main loop with ui_post().
 * The data pointer's type and owner are given per code; the main loop frees it after handling.
 */
#ifndef KIOSK_EVENTS_H
#define KIOSK_EVENTS_H

enum app_event {
	APP_EV_QUIT = 1, /* data NULL: shut down (posted by the signal handler thread) */
	APP_EV_CARD,     /* struct card_note * (app/cardmon.h), free with cardmon_note_free() */
	APP_EV_PRINTED,  /* struct print_result * (app/print.h), free with free() */
	APP_EV_SYNC,     /* struct sync_note * (app/sync.h), free with free() */
	APP_EV_ANSWER,   /* struct query_answer * (app/backend/query.h), free with
	                    query_answer_free() (it wipes the body: personal data) */
};

#endif

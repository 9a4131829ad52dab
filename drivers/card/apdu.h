/*
 * apdu.h - ISO 7816-4 command helpers over card_transmit(): short APDUs, GET RESPONSE for 61xx,
 * re-send with the right Le for 6Cxx, chunked READ BINARY, and status words mapped to KERR_*.
 * Used by the card worker's thread only (whoever owns the card_dev).
 */
#ifndef KIOSK_APDU_H
#define KIOSK_APDU_H

#include <stddef.h>
#include <stdint.h>

struct card_dev;

/*
 * Sends CLA INS P1 P2 [Lc data] [Le] (le < 0: no Le; le 0..256) and collects the answer, following
 * 61xx with GET RESPONSE and 6Cxx with a re-send. Data goes to resp (cap *rlen, in/out; SW not
 * included); *sw gets the final status word. Returns 0 when an answer arrived (whatever the SW),
 * KERR_TOOBIG when the answer exceeds the cap, transport errors as the backend gave them.
 */
int apdu_cmd(struct card_dev *dev, uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2,
             const uint8_t *data, size_t lc, int le, uint8_t *resp, size_t *rlen, uint16_t *sw);

/* Maps a status word to KERR_*: 9000 -> 0, 6A82 -> KERR_NOTFOUND, 63Cx -> KERR_PIN, 6983 ->
 * KERR_BLOCKED, 6982 -> KERR_CARD (security status), others -> KERR_CARD. */
int apdu_sw_err(uint16_t sw);

/* SELECT by DF name (AID), then returns 0 or apdu_sw_err(). */
int apdu_select_aid(struct card_dev *dev, const uint8_t *aid, size_t aid_len);
/* SELECT an EF by its 2-byte file id under the current DF. */
int apdu_select_fid(struct card_dev *dev, uint16_t fid);
/* SELECT an EF asking for its FCI (P2=00): *size = the file size from tag 80 or 81 of the FCP,
 * 0 when the card gives none. A malformed FCI is KERR_BADCARD. */
int apdu_select_fid_fci(struct card_dev *dev, uint16_t fid, size_t *size);
/* READ BINARY of exactly size bytes of the selected EF, in chunks; a short file is KERR_BADCARD. */
int apdu_read_binary_n(struct card_dev *dev, uint8_t *buf, size_t size, size_t chunk);
/* READ BINARY of the selected EF from offset 0 in chunks of up to chunk bytes until the file ends
 * (6B00 / short answer) or cap is reached (KERR_TOOBIG). *n = bytes read. */
int apdu_read_binary(struct card_dev *dev, uint8_t *buf, size_t cap, size_t chunk, size_t *n);

#endif

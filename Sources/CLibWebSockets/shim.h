#ifndef ATELIER_CLIBWEBSOCKETS_SHIM_H
#define ATELIER_CLIBWEBSOCKETS_SHIM_H

/* The system libwebsockets headers, plus `static inline` wrappers for what
 * Swift cannot import directly (ternary macros, function-like macros). */
#include <libwebsockets.h>

/** Headroom lws needs before every payload it writes (LWS_PRE). */
static inline size_t atelier_lws_pre(void) { return LWS_PRE; }

/** Closes a connection at the next service iteration, from the service
 * thread, without waiting for it to become writeable. */
static inline void atelier_lws_kill_async(struct lws *wsi) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
}

/** Gives a connection `secs` seconds to finish its closing handshake, then drops it. */
static inline void atelier_lws_close_within(struct lws *wsi, int secs) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, secs);
}

/** Whether the current WebSocket message is complete after this chunk. */
static inline int atelier_lws_message_is_complete(struct lws *wsi) {
    return lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0;
}

/** Whether this chunk starts a new WebSocket message. */
static inline int atelier_lws_message_starts(struct lws *wsi) {
    return lws_is_first_fragment(wsi);
}

#endif

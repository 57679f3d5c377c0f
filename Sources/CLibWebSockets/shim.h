#ifndef ATELIER_CLIBWEBSOCKETS_SHIM_H
#define ATELIER_CLIBWEBSOCKETS_SHIM_H

/* The system libwebsockets headers, plus `static inline` wrappers for what
 * Swift cannot import directly (ternary macros, function-like macros). */
#include <libwebsockets.h>
#include <ev.h>
#include <stdlib.h>

/** A new libev loop (epoll on Linux) for lws to run on as a "foreign" loop: waiting costs
 * O(ready sockets) instead of a poll() over every socket. */
static inline void *atelier_ev_loop_new(void) { return ev_loop_new(EVFLAG_AUTO); }

/** Runs the loop until something happened (blocks once); nonzero while watchers remain. */
static inline int atelier_ev_run_once(void *loop) { return ev_run((struct ev_loop *)loop, EVRUN_ONCE); }

/** Runs what is ready without blocking. */
static inline int atelier_ev_run_nowait(void *loop) { return ev_run((struct ev_loop *)loop, EVRUN_NOWAIT); }

/** Frees a loop made by atelier_ev_loop_new. */
static inline void atelier_ev_loop_destroy(void *loop) { ev_loop_destroy((struct ev_loop *)loop); }

/** A repeating libev timer that wakes lws' service every `seconds`. The libev event lib of
 * lws 4.1 re-arms its own timer only after socket activity (and `ev_timer_start` on an
 * active timer changes nothing), so a timer lws schedules in between (a keep-alive ping, a
 * close timeout) could wait for traffic; a wake-up makes lws service whatever is due. */
typedef struct {
    ev_timer timer;
    struct lws_context *context;
} atelier_ev_kick;

static inline void atelier_ev_kick_fired(struct ev_loop *loop, ev_timer *timer, int revents) {
    (void)loop;
    (void)revents;
    lws_cancel_service(((atelier_ev_kick *)timer)->context);
}

static inline atelier_ev_kick *atelier_ev_kick_start(void *loop, struct lws_context *context, double seconds) {
    atelier_ev_kick *kick = (atelier_ev_kick *)calloc(1, sizeof *kick);
    if (!kick) return NULL;
    kick->context = context;
    ev_timer_init(&kick->timer, atelier_ev_kick_fired, seconds, seconds);
    ev_timer_start((struct ev_loop *)loop, &kick->timer);
    return kick;
}

static inline void atelier_ev_kick_stop(void *loop, atelier_ev_kick *kick) {
    if (!kick) return;
    ev_timer_stop((struct ev_loop *)loop, &kick->timer);
    free(kick);
}

/** The backend libev chose ("epoll", "poll", ...), for the log. */
static inline const char *atelier_ev_backend_name(void *loop) {
    switch (ev_backend((struct ev_loop *)loop)) {
    case EVBACKEND_EPOLL: return "epoll";
    case EVBACKEND_POLL: return "poll";
    case EVBACKEND_SELECT: return "select";
    default: return "other";
    }
}

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

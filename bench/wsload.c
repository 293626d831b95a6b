/*
 * wsload.c - a small, fast WebSocket (RFC 6455) load generator.
 *
 * Single file, C11 + Linux (epoll), non-blocking sockets, one event loop per
 * thread (default one thread). Built and run by bench/run.
 *
 *   wsload echo      -u ws://127.0.0.1:9001/ -c 100 -s 64 -d 5 -w 2 [-p 1] [-b] [-v]
 *   wsload broadcast -u ws://127.0.0.1:9001/ -c 1000 -s 64 -d 5 -w 2 [-p 8] [-r RATE]
 *   wsload connect   -u ws://127.0.0.1:9001/ -c 32 -d 5 -w 2
 *   wsload idle      -u ws://127.0.0.1:9001/ -c 10000 -d 5 [-A 4]
 *
 * wss:// URLs speak TLS through OpenSSL (1.2 or 1.3, -T pins one): no certificate
 * verification (loopback only) and no session resumption, so connect mode
 * measures full handshakes.
 *
 * The last line printed on stdout is always machine readable:
 *   RESULT mode=... key=value ...
 *
 * Safety: only loopback targets (127.0.0.0/8, ::1) are accepted; every run is
 * bounded in time (setup timeout + warm-up + duration + close grace) and an
 * alarm() hard limit ends the process if anything hangs.
 *
 * Build: cc -O2 -o wsload wsload.c -lpthread -lm -lssl -lcrypto
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define WSLOAD_VERSION "1.0"

/* ------------------------------------------------------------------------ */
/* small utilities                                                          */
/* ------------------------------------------------------------------------ */

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline uint64_t rnd64(uint64_t *s) { /* xorshift64* */
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static uint64_t seed64(void) {
    uint64_t s = 0;
    if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s) s = now_ns() ^ ((uint64_t)getpid() << 32);
    return s ? s : 0x9E3779B97F4A7C15ull;
}

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wsload: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

/* ---- SHA-1 (for Sec-WebSocket-Accept) ---- */
static inline uint32_t rol32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_block(uint32_t h[5], const uint8_t *p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol32(a, 5) + f + e + k + w[i];
        e = d; d = c; c = rol32(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

static void sha1(const uint8_t *data, size_t len, uint8_t out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t i = 0;
    for (; i + 64 <= len; i += 64) sha1_block(h, data + i);
    uint8_t blk[128];
    size_t rem = len - i;
    memset(blk, 0, sizeof blk);
    memcpy(blk, data + i, rem);
    blk[rem] = 0x80;
    size_t tot = (rem + 9 <= 64) ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int j = 0; j < 8; j++) blk[tot - 1 - j] = (uint8_t)(bits >> (8 * j));
    sha1_block(h, blk);
    if (tot == 128) sha1_block(h, blk + 64);
    for (int j = 0; j < 5; j++) {
        out[4 * j] = (uint8_t)(h[j] >> 24); out[4 * j + 1] = (uint8_t)(h[j] >> 16);
        out[4 * j + 2] = (uint8_t)(h[j] >> 8); out[4 * j + 3] = (uint8_t)h[j];
    }
}

static void base64(const uint8_t *in, size_t n, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = t[(v >> 18) & 63];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = (i + 1 < n) ? t[(v >> 6) & 63] : '=';
        out[o++] = (i + 2 < n) ? t[v & 63] : '=';
    }
    out[o] = 0;
}

static void ws_accept_for(const char *key, char out[29]) {
    static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    uint8_t buf[64], dig[20];
    size_t kl = strlen(key);
    memcpy(buf, key, kl);
    memcpy(buf + kl, guid, 36);
    sha1(buf, kl + 36, dig);
    base64(dig, 20, out);
}

/* ---- latency histogram: log-linear, 128 sub-buckets per power of two (<0.8% error), ns ---- */
#define H_SUB 7
#define H_N ((64 - H_SUB) * (1 << H_SUB) + (2 << H_SUB))
typedef struct {
    uint64_t c[H_N];
    uint64_t n, max, min;
    double sum;
} hist;

static inline int h_idx(uint64_t v) {
    if (v < (2u << H_SUB)) return (int)v;
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - H_SUB;
    return (shift << H_SUB) + (int)(v >> shift);
}
static inline void h_add(hist *h, uint64_t v) {
    h->c[h_idx(v)]++;
    h->n++;
    h->sum += (double)v;
    if (v > h->max) h->max = v;
    if (!h->min || v < h->min) h->min = v;
}
static double h_mid(int idx) {
    if (idx < (2 << H_SUB)) return idx + 0.5;
    int shift = (idx >> H_SUB) - 1;
    uint64_t m = (uint64_t)idx - ((uint64_t)shift << H_SUB);
    double lo = (double)(m << shift), hi = (double)((m + 1) << shift);
    return (lo + hi) / 2;
}
static double h_pct(const hist *h, double q) { /* returns ns */
    if (!h->n) return 0;
    uint64_t target = (uint64_t)ceil(q * (double)h->n);
    if (target < 1) target = 1;
    uint64_t cum = 0;
    for (int i = 0; i < H_N; i++) {
        cum += h->c[i];
        if (cum >= target) {
            double v = h_mid(i);
            return v > (double)h->max ? (double)h->max : v;
        }
    }
    return (double)h->max;
}
static void h_merge(hist *a, const hist *b) {
    for (int i = 0; i < H_N; i++) a->c[i] += b->c[i];
    a->n += b->n;
    a->sum += b->sum;
    if (b->max > a->max) a->max = b->max;
    if (b->min && (!a->min || b->min < a->min)) a->min = b->min;
}

/* ---- /proc sampling of the server process (-P PID) and of ourselves ---- */
static int proc_cpu_ticks(int pid, uint64_t *ticks) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long ut = 0, st = 0;
    /* after ") ": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
    *ticks = ut + st;
    return 0;
}
static long proc_status_kb(int pid, const char *field) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, field, fl) && line[fl] == ':') { v = atol(line + fl + 1); break; }
    }
    fclose(f);
    return v;
}
/* whole-machine CPU from /proc/stat (ticks): busy = user+nice+system+irq+softirq+steal */
static int sys_cpu_ticks(uint64_t *busy, uint64_t *steal) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long u = 0, n = 0, sy = 0, id = 0, io = 0, irq = 0, si = 0, st = 0;
    int r = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &u, &n, &sy, &id, &io, &irq, &si, &st);
    fclose(f);
    if (r < 4) return -1;
    *busy = u + n + sy + irq + si + st;
    *steal = st;
    return 0;
}
static double self_cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* ------------------------------------------------------------------------ */
/* configuration and shared state                                           */
/* ------------------------------------------------------------------------ */

enum { MODE_ECHO, MODE_BCAST, MODE_CONNECT, MODE_IDLE };
static const char *mode_names[] = {"echo", "broadcast", "connect", "idle"};

static struct {
    int mode;
    char host[256], path[512];
    int port;
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int conns, size, pipeline, binary, verify, threads, nsrc, concurrency, srv_pid, quiet;
    int tls, tls_ver, sni; /* wss://; -T (0: negotiate); host is a name, so it goes in SNI */
    double dur, warm, rate, setup_timeout;
} O;

/* pre-built request pieces and frames */
static char req_pre[1024], req_post[64];
static size_t req_pre_len, req_post_len;

#define POOL 16
static uint8_t *frame_pool[POOL]; /* echo: pre-masked frames, each with its own random mask key */
static size_t frame_len, frame_hdr;
static uint8_t *payload_tmpl;     /* unmasked payload (for -v) */

static int clk_tck;
static uint64_t t_prog_start;

/* cross-thread phase control */
static atomic_int g_open_total;     /* connections open (setup barrier) */
static atomic_int g_failed_total;   /* connections that gave up during setup */
static _Atomic uint64_t g_start_ns; /* traffic start (after setup) */
static atomic_int g_abort;

/* measurement window (absolute ns), valid once g_start_ns set */
static uint64_t win_start(uint64_t s) { return s + (uint64_t)(O.warm * 1e9); }
static uint64_t win_end(uint64_t s) { return s + (uint64_t)((O.warm + O.dur) * 1e9); }

/* ------------------------------------------------------------------------ */
/* connections                                                              */
/* ------------------------------------------------------------------------ */

enum { ST_FREE = 0, ST_CONNECTING, ST_TLS, ST_HANDSHAKE, ST_OPEN, ST_CLOSING, ST_DONE };
enum { ROLE_NORMAL = 0, ROLE_SENDER = 1 };

#define HS_REQ 1024
#define HS_BUF 4096

typedef struct {
    uint8_t *b;
    size_t head, tail, cap;
} obuf;

typedef struct conn {
    int fd;
    uint8_t st, role, ep_out, close_sent, close_rcvd, rxst, hgot, hneed;
    uint8_t opcode, fin, msg_op, ctl_len, ctl_off, bad_msg, in_msg;
    uint16_t hs_len, hs_off, hs_rlen;
    int tries;
    char *hs; /* handshake buffer: request [0,HS_REQ), response [HS_REQ,HS_BUF) */
    uint64_t plen, pgot, moff;
    uint8_t hdr[14];
    uint8_t pfx[32];
    uint8_t ctlrx[125];
    uint8_t ctl[140];
    char key[25];
    uint32_t out_frames, out_off, out_seq;
    uint32_t inflight, ts_head;
    uint64_t *ts, ts1;
    uint64_t t0;
    obuf *ob;
    SSL *ssl;          /* wss:// only; NULL keeps every plain path as it was */
    uint8_t *tls_wbuf; /* bytes handed to an SSL_write that has not completed yet */
    uint16_t tls_woff, tls_wpend;
    uint8_t tls_rw;    /* TLS_RD_WANTS_OUT | TLS_WR_WANTS_IN */
    int tls_rend;      /* end of stream found after data it returned: -1 EOF, else an errno */
} conn;

#define SEC_SLOTS 600
typedef struct worker {
    int id, ep;
    pthread_t th;
    conn *c;
    int nc;            /* number of connection slots */
    int next_start;    /* next slot index to start during setup */
    int connecting;    /* in CONNECTING/HANDSHAKE */
    int open_local, failed_local;
    int conc;          /* max connecting at once */
    int src_rr;
    uint8_t *scratch;
    size_t scratch_sz;
    uint8_t *tls_gather; /* one TLS record's worth of queued frames, made contiguous for SSL_write */
    uint64_t rng;
    int started, closing, finished;
    uint64_t close_deadline, next_scan, ws_, we_;
    /* stats (measurement window) */
    hist h;            /* echo rtt / delivery latency / handshake latency */
    uint64_t msgs, bytes, deliveries, handshakes, cycles;
    uint64_t sec[SEC_SLOTS]; /* primary metric per 1-s slot of the window (spread/noise indicator) */
    /* errors and counters (whole run) */
    uint64_t err_connect, err_handshake, err_proto, err_lost, err_len, err_content, err_unexpected;
    uint64_t server_close, close_timeout, clean_close, pings, late;
    uint64_t all_msgs; /* including warm-up */
} worker;

static worker *W;

/* broadcast bookkeeping (single worker) */
#define RING (1u << 16)
typedef struct { uint64_t seq, sent; uint32_t got; uint8_t done; } bmsg;
static bmsg *ring;
static uint64_t b_next, b_oldest, b_sent_total, b_lost, b_skipped;
static int b_receivers;
static conn *b_sender;
static uint64_t b_next_due;
static uint8_t *b_filler; /* unmasked payload template for the sender */

static void ep_set(worker *w, conn *c, uint32_t ev, int op) {
    struct epoll_event e = {.events = ev, .data.ptr = c};
    if (epoll_ctl(w->ep, op, c->fd, &e) < 0 && op != EPOLL_CTL_DEL) die("epoll_ctl: %s", strerror(errno));
}

static void conn_reset_rx(conn *c) {
    c->rxst = 0; c->hgot = 0; c->hneed = 2; c->plen = c->pgot = c->moff = 0; c->in_msg = 0; c->bad_msg = 0;
}

/* being set up: counted in w->connecting and bounded by the setup timeout */
static inline int st_setup(int st) { return st == ST_CONNECTING || st == ST_TLS || st == ST_HANDSHAKE; }

/* ------------------------------------------------------------------------ */
/* TLS (wss://)                                                             */
/* ------------------------------------------------------------------------ */

#define TLS_REC 16384 /* the plaintext of one full record */
enum { TLS_RD_WANTS_OUT = 1, TLS_WR_WANTS_IN = 2 }; /* conn.tls_rw */

static SSL_CTX *tls_ctx;       /* one for all threads: OpenSSL makes sharing it safe */
static atomic_int tls_noted;   /* 0, 1 while tls_desc is written, 2 once it is valid */
static char tls_desc[96];      /* protocol/cipher of the first connection through TLS */

static void tls_init(void) {
    tls_ctx = SSL_CTX_new(TLS_client_method());
    if (!tls_ctx) die("SSL_CTX_new failed");
    int lo = O.tls_ver ? O.tls_ver : TLS1_2_VERSION, hi = O.tls_ver ? O.tls_ver : TLS1_3_VERSION;
    if (!SSL_CTX_set_min_proto_version(tls_ctx, lo) || !SSL_CTX_set_max_proto_version(tls_ctx, hi))
        die("cannot limit TLS versions");
    SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL); /* loopback only: the server is our own */
    /* no resumption: every connection in connect mode pays for a full handshake */
    SSL_CTX_set_session_cache_mode(tls_ctx, SSL_SESS_CACHE_OFF);
    uint64_t op = SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION; /* no renegotiation: SSL_write never waits to read */
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    op |= SSL_OP_IGNORE_UNEXPECTED_EOF; /* a server closing TCP without close_notify just ends the stream */
#endif
    SSL_CTX_set_options(tls_ctx, op);
    /* idle holds thousands of connections: give their buffers back between records */
    SSL_CTX_set_mode(tls_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                  (O.mode == MODE_IDLE ? SSL_MODE_RELEASE_BUFFERS : 0));
    SSL_CTX_set_read_ahead(tls_ctx, 1); /* one recv for several records, not two per record */
    /* TLS 1.3 suites in Chromium's order, so each server chooses as it would for a browser */
    if (!SSL_CTX_set_ciphersuites(tls_ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"))
        die("cannot set the TLS 1.3 cipher suites");
    static const unsigned char alpn[] = "\x08http/1.1";
    if (SSL_CTX_set_alpn_protos(tls_ctx, alpn, sizeof alpn - 1)) die("cannot set ALPN");
}

static void tls_note(conn *c) {
    int expect = 0;
    if (!atomic_compare_exchange_strong(&tls_noted, &expect, 1)) return;
    snprintf(tls_desc, sizeof tls_desc, "%s/%s", SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
    atomic_store(&tls_noted, 2);
}

/* a failed call's errno for the recv/writev-like callers: never EAGAIN or EINTR, which they would retry */
static int tls_errno(int e) {
    int en = errno;
    if (e != SSL_ERROR_SYSCALL || !en || en == EAGAIN || en == EINTR) en = e == SSL_ERROR_SYSCALL ? ECONNRESET : EPROTO;
    ERR_clear_error(); /* SSL_get_error reads the thread's queue: leave it empty for the next call */
    return en;
}

/* how a failed SSL_read ends the stream: -1 for EOF (close_notify or a bare FIN), else an errno */
static int tls_end(int e) {
    if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && !errno)) { ERR_clear_error(); return -1; }
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
    if (e == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        ERR_clear_error();
        return -1;
    }
#endif
    return tls_errno(e);
}

/* SSL_write has to read first (rare): wait for input only, tls_recv re-arms output */
static void tls_want_in(worker *w, conn *c) {
    c->tls_rw |= TLS_WR_WANTS_IN;
    ep_set(w, c, EPOLLIN, EPOLL_CTL_MOD);
    c->ep_out = 1; /* keeps conn_flush from arming EPOLLOUT, which would spin until the input comes */
}

/* SSL_read has to write first (a post-handshake reply, rare): read again once writable */
static void tls_want_out(worker *w, conn *c) {
    c->tls_rw |= TLS_RD_WANTS_OUT;
    if (!c->ep_out) { ep_set(w, c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD); c->ep_out = 1; }
}

static ssize_t tls_write_failed(worker *w, conn *c, int r) {
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ) tls_want_in(w, c);
    errno = e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ ? EAGAIN : tls_errno(e);
    return -1;
}

/* writev for a TLS connection: one SSL_write per record, until all is written or the socket is full */
static ssize_t tls_write(worker *w, conn *c, const struct iovec *iov, int k) {
    c->tls_rw &= (uint8_t)~TLS_WR_WANTS_IN;
    while (c->tls_wpend) { /* an unfinished SSL_write is retried with the same bytes before anything new */
        int r = SSL_write(c->ssl, c->tls_wbuf + c->tls_woff, c->tls_wpend);
        if (r <= 0) return tls_write_failed(w, c, r);
        c->tls_woff += (uint16_t)r;
        c->tls_wpend -= (uint16_t)r;
    }
    size_t done = 0, off = 0; /* off: into iov[0] */
    for (;;) {
        while (k && off >= iov[0].iov_len) { off -= iov[0].iov_len; iov++; k--; }
        if (!k) return (ssize_t)done;
        const uint8_t *p = (const uint8_t *)iov[0].iov_base + off;
        size_t n = iov[0].iov_len - off;
        if (n >= TLS_REC) n = TLS_REC;
        else if (k > 1) { /* small frames share a record */
            memcpy(w->tls_gather, p, n);
            for (int i = 1; i < k && n < TLS_REC; i++) {
                size_t t = iov[i].iov_len < TLS_REC - n ? iov[i].iov_len : TLS_REC - n;
                memcpy(w->tls_gather + n, iov[i].iov_base, t);
                n += t;
            }
            p = w->tls_gather;
        }
        int r = SSL_write(c->ssl, p, (int)n);
        if (r > 0) { done += (size_t)r; off += (size_t)r; continue; }
        int e = SSL_get_error(c->ssl, r);
        if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) { errno = tls_errno(e); return -1; }
        /* OpenSSL may have sealed these bytes into a record already and must be given them again, unchanged.
         * The queues they came from do not keep them so: a pong or close goes ahead of whole frames and
         * start_close drops frames. So they leave the queues now (reported written); the retry uses a copy. */
        if (!c->tls_wbuf && !(c->tls_wbuf = malloc(TLS_REC))) die("out of memory");
        memcpy(c->tls_wbuf, p, n);
        c->tls_woff = 0;
        c->tls_wpend = (uint16_t)n;
        if (e == SSL_ERROR_WANT_READ) tls_want_in(w, c);
        return (ssize_t)(done + n);
    }
}

/* recv for a TLS connection: reads until OpenSSL wants the socket again or buf is full, because epoll
 * only sees the socket and OpenSSL may hold records it has already read */
static ssize_t tls_recv(worker *w, conn *c, uint8_t *buf, size_t n) {
    if (c->tls_rw) {
        /* what a waiting SSL_write needed may arrive now: let it retry once writable */
        if (c->tls_rw & TLS_WR_WANTS_IN) ep_set(w, c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
        c->tls_rw = 0;
    }
    if (c->tls_rend) {
        if (c->tls_rend < 0) return 0;
        errno = c->tls_rend;
        return -1;
    }
    size_t got = 0;
    while (got < n) {
        errno = 0; /* a FIN without close_notify is SSL_ERROR_SYSCALL with errno untouched */
        int r = SSL_read(c->ssl, buf + got, (int)(n - got));
        if (r > 0) { got += (size_t)r; continue; }
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_WANT_READ) break; /* also after records without data (TLS 1.3 session tickets) */
        if (e == SSL_ERROR_WANT_WRITE) { tls_want_out(w, c); break; }
        int end = tls_end(e);
        if (got) { c->tls_rend = end; break; } /* the data first, the end on the next call */
        if (end < 0) return 0;
        errno = end;
        return -1;
    }
    if (got) return (ssize_t)got;
    errno = EAGAIN;
    return -1;
}

/* OpenSSL holds input epoll cannot see, or tls_recv has an end of stream to report */
static inline int io_buffered(conn *c) { return c->ssl && (c->tls_rend || SSL_has_pending(c->ssl)); }

/* the socket I/O of every state past connect: like recv / writev, TLS or not */
static inline ssize_t io_recv(worker *w, conn *c, uint8_t *buf, size_t n) {
    if (c->ssl) return tls_recv(w, c, buf, n);
    return recv(c->fd, buf, n, MSG_DONTWAIT);
}
static inline ssize_t io_write(worker *w, conn *c, const struct iovec *iov, int k) {
    if (c->ssl) return tls_write(w, c, iov, k);
    return k == 1 ? send(c->fd, iov[0].iov_base, iov[0].iov_len, MSG_NOSIGNAL | MSG_DONTWAIT) : writev(c->fd, iov, k);
}

static void conn_release(worker *w, conn *c) {
    if (c->fd >= 0) close(c->fd); /* closing the fd also removes it from epoll */
    c->fd = -1;
    if (c->hs) { free(c->hs); c->hs = NULL; }
    if (c->ssl) { /* no close_notify: the server has closed already, or we give up on it */
        SSL_free(c->ssl);
        c->ssl = NULL;
        free(c->tls_wbuf);
        c->tls_wbuf = NULL;
        c->tls_woff = c->tls_wpend = 0;
        c->tls_rw = 0;
        c->tls_rend = 0;
    }
    if (st_setup(c->st)) w->connecting--;
    c->st = ST_DONE;
    c->ep_out = 0;
    c->out_frames = c->out_off = 0;
    c->ctl_len = c->ctl_off = 0;
    c->inflight = c->ts_head = 0;
    if (c->ob) c->ob->head = c->ob->tail = 0;
}

/* masked control frame into c->ctl (for pool-fed connections) or the sender's obuf */
static void ob_put(obuf *o, const uint8_t *p, size_t n) {
    if (o->tail + n > o->cap) {
        if (o->head) { memmove(o->b, o->b + o->head, o->tail - o->head); o->tail -= o->head; o->head = 0; }
        if (o->tail + n > o->cap) {
            size_t nc = o->cap ? o->cap * 2 : 65536;
            while (nc < o->tail + n) nc *= 2;
            o->b = realloc(o->b, nc);
            if (!o->b) die("out of memory");
            o->cap = nc;
        }
    }
    memcpy(o->b + o->tail, p, n);
    o->tail += n;
}

static void queue_ctl(worker *w, conn *c, uint8_t opcode, const uint8_t *pl, size_t n) {
    uint8_t f[140];
    if (n > 125) n = 125;
    uint32_t k = (uint32_t)rnd64(&w->rng);
    uint8_t *mk = (uint8_t *)&k;
    f[0] = 0x80 | opcode;
    f[1] = 0x80 | (uint8_t)n;
    memcpy(f + 2, mk, 4);
    for (size_t i = 0; i < n; i++) f[6 + i] = pl[i] ^ mk[i & 3];
    if (c->ob) { ob_put(c->ob, f, 6 + n); return; }
    if (c->ctl_len) { /* one pending control frame at a time; a close supersedes a pong */
        if (opcode != 0x8) return;
        if (c->ctl_off) return; /* already partially written: leave it */
    }
    memcpy(c->ctl, f, 6 + n);
    c->ctl_len = (uint8_t)(6 + n);
    c->ctl_off = 0;
}

/* write whatever is pending; returns -1 if the connection failed */
static int conn_flush(worker *w, conn *c) {
    for (;;) {
        struct iovec iov[64];
        uint8_t kind[64];
        int k = 0;
        size_t total = 0;
        uint32_t nf = c->out_frames, j = 0;
        if (nf && c->out_off) {
            iov[k].iov_base = frame_pool[c->out_seq % POOL] + c->out_off;
            iov[k].iov_len = frame_len - c->out_off;
            kind[k++] = 0;
            j = 1;
        }
        if (c->ctl_len > c->ctl_off) {
            iov[k].iov_base = c->ctl + c->ctl_off;
            iov[k].iov_len = (size_t)(c->ctl_len - c->ctl_off);
            kind[k++] = 1;
        }
        for (; j < nf && k < 63; j++) {
            iov[k].iov_base = frame_pool[(c->out_seq + j) % POOL];
            iov[k].iov_len = frame_len;
            kind[k++] = 0;
        }
        if (c->ob && c->ob->tail > c->ob->head && k < 64) {
            iov[k].iov_base = c->ob->b + c->ob->head;
            iov[k].iov_len = c->ob->tail - c->ob->head;
            kind[k++] = 2;
        }
        if (k == 0 && !c->tls_wpend) { /* TLS: bytes already taken off the queues may still be unsent */
            if (c->ep_out) { ep_set(w, c, EPOLLIN, EPOLL_CTL_MOD); c->ep_out = 0; }
            return 0;
        }
        for (int i = 0; i < k; i++) total += iov[i].iov_len;
        ssize_t r = io_write(w, c, iov, k);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                if (!c->ep_out) { ep_set(w, c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD); c->ep_out = 1; }
                return 0;
            }
            return -1;
        }
        size_t left = (size_t)r;
        for (int i = 0; i < k && left; i++) {
            size_t take = left < iov[i].iov_len ? left : iov[i].iov_len;
            left -= take;
            if (kind[i] == 0) {
                if (take == iov[i].iov_len) { c->out_frames--; c->out_seq++; c->out_off = 0; }
                else c->out_off += (uint32_t)take;
            } else if (kind[i] == 1) {
                c->ctl_off += (uint8_t)take;
                if (c->ctl_off == c->ctl_len) c->ctl_off = c->ctl_len = 0;
            } else {
                c->ob->head += take;
                if (c->ob->head == c->ob->tail) c->ob->head = c->ob->tail = 0;
            }
        }
        if ((size_t)r < total) {
            if (!c->ep_out) { ep_set(w, c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD); c->ep_out = 1; }
            return 0;
        }
    }
}

static void queue_echo_frames(conn *c, uint32_t n, uint64_t now) {
    for (uint32_t i = 0; i < n; i++) {
        c->ts[(c->ts_head + c->inflight) % (uint32_t)O.pipeline] = now;
        c->inflight++;
    }
    c->out_frames += n;
}

static void start_close(worker *w, conn *c, uint64_t now) {
    if (c->st != ST_OPEN) return;
    uint8_t code[2] = {0x03, 0xE8}; /* 1000 normal closure */
    c->out_frames = c->out_frames && c->out_off ? 1 : 0; /* finish a partial frame, drop the rest */
    queue_ctl(w, c, 0x8, code, 2);
    c->close_sent = 1;
    c->st = ST_CLOSING;
    c->t0 = now;
}

/* ---- connection setup ---- */
static void gen_key(worker *w, conn *c) {
    uint8_t k[16];
    uint64_t a = rnd64(&w->rng), b = rnd64(&w->rng);
    memcpy(k, &a, 8);
    memcpy(k + 8, &b, 8);
    base64(k, 16, c->key);
}

static int conn_start(worker *w, conn *c, uint64_t now) {
    /* reset per-connection state, keeping the slot's allocations and identity */
    uint8_t role = c->role;
    int tries = c->tries;
    uint64_t *ts = c->ts;
    obuf *ob = c->ob;
    memset(c, 0, sizeof *c);
    c->role = role; c->tries = tries; c->ob = ob;
    c->fd = -1;
    int fd = socket(O.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { w->err_connect++; return -1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (O.addr.ss_family == AF_INET && O.nsrc > 1) {
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = 0};
        src.sin_addr.s_addr = htonl(0x7F000001u + (uint32_t)(w->src_rr++ % O.nsrc));
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) { close(fd); w->err_connect++; return -1; }
    }
    c->fd = fd;
    c->st = ST_CONNECTING;
    c->t0 = now;
    c->ts = ts ? ts : &c->ts1;
    conn_reset_rx(c);
    w->connecting++;
    int r = connect(fd, (struct sockaddr *)&O.addr, O.addrlen);
    if (r < 0 && errno != EINPROGRESS) {
        w->err_connect++;
        conn_release(w, c);
        return -1;
    }
    ep_set(w, c, EPOLLOUT | EPOLLIN, EPOLL_CTL_ADD);
    c->ep_out = 1;
    return 0;
}

static int conn_send_handshake(worker *w, conn *c) {
    if (!c->hs) {
        c->hs = malloc(HS_BUF);
        if (!c->hs) die("out of memory");
        gen_key(w, c);
        int n = snprintf(c->hs, HS_REQ, "%s%s%s", req_pre, c->key, req_post);
        c->hs_len = (uint16_t)n;
        c->hs_off = 0;
        c->hs_rlen = 0;
    }
    while (c->hs_off < c->hs_len || c->tls_wpend) {
        struct iovec v = {.iov_base = c->hs + c->hs_off, .iov_len = (size_t)(c->hs_len - c->hs_off)};
        ssize_t r = io_write(w, c, &v, 1);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return 0;
            return -1;
        }
        c->hs_off += (uint16_t)r;
    }
    ep_set(w, c, EPOLLIN, EPOLL_CTL_MOD);
    c->ep_out = 0;
    c->st = ST_HANDSHAKE;
    return 0;
}

/* TCP is up: the TLS handshake comes before the upgrade request */
static int tls_begin(worker *w, conn *c) {
    c->st = ST_TLS;
    c->ssl = SSL_new(tls_ctx);
    if (c->ssl && SSL_set_fd(c->ssl, c->fd) && (!O.sni || SSL_set_tlsext_host_name(c->ssl, O.host))) {
        SSL_set_connect_state(c->ssl);
        return 0;
    }
    if (!O.quiet && w->err_handshake < 3) fprintf(stderr, "wsload: cannot set up a TLS connection\n");
    ERR_clear_error();
    return -1;
}

/* advances the TLS handshake, then sends the upgrade request; -1: the connection failed */
static int tls_step(worker *w, conn *c) {
    if (!SSL_is_init_finished(c->ssl)) {
        errno = 0;
        int r = SSL_connect(c->ssl);
        if (r <= 0) {
            int e = SSL_get_error(c->ssl, r);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                uint8_t out = e == SSL_ERROR_WANT_WRITE;
                ep_set(w, c, out ? EPOLLOUT : EPOLLIN, EPOLL_CTL_MOD);
                c->ep_out = out;
                return 0;
            }
            if (!O.quiet && w->err_handshake < 3) {
                char msg[256];
                unsigned long ec = ERR_peek_error();
                ERR_error_string_n(ec, msg, sizeof msg);
                const char *why = ec ? msg : e != SSL_ERROR_SYSCALL ? "?" : errno ? strerror(errno) : "connection closed";
                fprintf(stderr, "wsload: TLS handshake failed: %s\n", why);
            }
            ERR_clear_error();
            return -1;
        }
        tls_note(c);
    }
    if (conn_send_handshake(w, c) < 0) return -1;
    if (c->st == ST_TLS && !(c->tls_rw & TLS_WR_WANTS_IN)) { /* the request is not all out */
        ep_set(w, c, EPOLLOUT, EPOLL_CTL_MOD);
        c->ep_out = 1;
    }
    return 0;
}

/* header value lookup in the (NUL terminated) response head */
static const char *hdr_find(const char *head, const char *name, size_t *vlen) {
    size_t nl = strlen(name);
    const char *p = strstr(head, "\r\n");
    while (p && p[2]) {
        p += 2;
        const char *e = strstr(p, "\r\n");
        if (!e) break;
        if ((size_t)(e - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (v < e && (*v == ' ' || *v == '\t')) v++;
            const char *ve = e;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            *vlen = (size_t)(ve - v);
            return v;
        }
        p = e;
    }
    return NULL;
}

static int has_token(const char *v, size_t n, const char *tok) {
    size_t tl = strlen(tok);
    for (size_t i = 0; i + tl <= n; i++) {
        if (!strncasecmp(v + i, tok, tl) && (i == 0 || v[i - 1] == ',' || v[i - 1] == ' ') &&
            (i + tl == n || v[i + tl] == ',' || v[i + tl] == ' '))
            return 1;
    }
    return 0;
}

/* returns 0 on valid 101 with correct accept; -1 otherwise */
static int verify_handshake(conn *c, char *head) {
    if (strncmp(head, "HTTP/1.1 101", 12) != 0) return -1;
    size_t n;
    const char *v = hdr_find(head, "Upgrade", &n);
    if (!v || n != 9 || strncasecmp(v, "websocket", 9)) return -1;
    v = hdr_find(head, "Connection", &n);
    if (!v || !has_token(v, n, "upgrade")) return -1;
    char acc[29];
    ws_accept_for(c->key, acc);
    v = hdr_find(head, "Sec-WebSocket-Accept", &n);
    if (!v || n != 28 || memcmp(v, acc, 28)) return -1;
    if (hdr_find(head, "Sec-WebSocket-Extensions", &n) && n > 0) return -1; /* we offered none */
    if (hdr_find(head, "Sec-WebSocket-Protocol", &n) && n > 0) return -1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* protocol handling                                                        */
/* ------------------------------------------------------------------------ */

static void bcast_on_delivery(worker *w, conn *c, uint64_t now);
static void on_open(worker *w, conn *c, uint64_t now);

static inline int in_window(worker *w, uint64_t now) { return w->started && now >= w->ws_ && now < w->we_; }
static inline void sec_add(worker *w, uint64_t now) {
    uint64_t i = (now - w->ws_) / 1000000000ull;
    if (i < SEC_SLOTS) w->sec[i]++;
}

static void on_message(worker *w, conn *c, uint64_t now) {
    uint64_t len = c->moff;
    int op = c->msg_op;
    w->all_msgs++;
    if (c->st != ST_OPEN) return; /* closing: ignore late data */
    switch (O.mode) {
    case MODE_ECHO: {
        if (!c->inflight) { w->err_unexpected++; return; }
        uint64_t t = c->ts[c->ts_head];
        c->ts_head = (c->ts_head + 1) % (uint32_t)O.pipeline;
        c->inflight--;
        if (len != (uint64_t)O.size || op != (O.binary ? 2 : 1)) w->err_len++;
        if (c->bad_msg) w->err_content++;
        if (in_window(w, now)) {
            w->msgs++;
            w->bytes += len;
            h_add(&w->h, now - t);
            sec_add(w, now);
        }
        if (!w->closing) queue_echo_frames(c, 1, now);
        break;
    }
    case MODE_BCAST:
        if (c->role == ROLE_SENDER) return;
        if (len != (uint64_t)O.size || op != (O.binary ? 2 : 1)) w->err_len++;
        bcast_on_delivery(w, c, now);
        break;
    default:
        w->err_unexpected++; /* nobody should send us data in connect/idle mode */
        break;
    }
}

static void on_control(worker *w, conn *c, uint64_t now) {
    (void)now;
    switch (c->opcode) {
    case 0x9: /* ping -> pong with same payload */
        w->pings++;
        if (!c->close_sent) queue_ctl(w, c, 0xA, c->ctlrx, (size_t)c->plen);
        break;
    case 0xA: break;
    case 0x8:
        c->close_rcvd = 1;
        if (!c->close_sent) {
            /* server-initiated close: echo the status code, then wait for EOF */
            if (O.mode != MODE_CONNECT) w->server_close++;
            uint8_t code[2] = {0x03, 0xE8};
            if (c->plen >= 2) { code[0] = c->ctlrx[0]; code[1] = c->ctlrx[1]; }
            c->out_frames = c->out_frames && c->out_off ? 1 : 0;
            queue_ctl(w, c, 0x8, code, 2);
            c->close_sent = 1;
            if (c->st == ST_OPEN) { c->st = ST_CLOSING; c->t0 = now; }
        }
        break;
    default: w->err_proto++; break;
    }
}

/* feed received bytes of an OPEN/CLOSING connection to the frame parser; -1 on protocol error */
static int ws_parse(worker *w, conn *c, const uint8_t *p, size_t n, uint64_t now) {
    while (n) {
        if (c->rxst == 0) { /* header */
            size_t take = c->hneed - c->hgot;
            if (take > n) take = n;
            memcpy(c->hdr + c->hgot, p, take);
            c->hgot += (uint8_t)take;
            p += take;
            n -= take;
            if (c->hgot < c->hneed) return 0;
            if (c->hneed == 2) {
                if (c->hdr[1] & 0x80) return -1;          /* server frames must not be masked */
                if (c->hdr[0] & 0x70) return -1;          /* no extensions negotiated: RSV must be 0 */
                uint8_t l7 = c->hdr[1] & 0x7F;
                if (l7 == 126) { c->hneed = 4; continue; }
                if (l7 == 127) { c->hneed = 10; continue; }
            }
            uint8_t l7 = c->hdr[1] & 0x7F;
            if (l7 == 126) c->plen = (uint64_t)c->hdr[2] << 8 | c->hdr[3];
            else if (l7 == 127) { c->plen = 0; for (int i = 0; i < 8; i++) c->plen = c->plen << 8 | c->hdr[2 + i]; }
            else c->plen = l7;
            c->opcode = c->hdr[0] & 0x0F;
            c->fin = c->hdr[0] >> 7;
            c->pgot = 0;
            if (c->opcode >= 0x8) {
                if (c->plen > 125 || !c->fin) return -1;
            } else if (c->opcode == 0) {
                if (!c->in_msg) return -1;
            } else {
                if (c->in_msg) return -1;
                c->in_msg = 1;
                c->msg_op = c->opcode;
                c->moff = 0;
                c->bad_msg = 0;
            }
            c->rxst = 1;
        }
        /* payload */
        size_t take = (size_t)((c->plen - c->pgot) < n ? (c->plen - c->pgot) : n);
        if (take) {
            if (c->opcode >= 0x8) {
                memcpy(c->ctlrx + c->pgot, p, take);
            } else {
                if (c->moff < sizeof c->pfx) {
                    size_t k = sizeof c->pfx - c->moff;
                    if (k > take) k = take;
                    memcpy(c->pfx + c->moff, p, k);
                }
                if (O.verify && O.mode == MODE_ECHO && !c->bad_msg) {
                    if (c->moff + take > (uint64_t)O.size || memcmp(p, payload_tmpl + c->moff, take)) c->bad_msg = 1;
                }
                c->moff += take;
            }
            c->pgot += take;
            p += take;
            n -= take;
        }
        if (c->pgot == c->plen) {
            if (c->opcode >= 0x8) on_control(w, c, now);
            else if (c->fin) { c->in_msg = 0; on_message(w, c, now); }
            c->rxst = 0;
            c->hgot = 0;
            c->hneed = 2;
        }
    }
    return 0;
}

static void conn_failed(worker *w, conn *c, int during_setup);

static void conn_eof(worker *w, conn *c, uint64_t now) {
    (void)now;
    if (c->st == ST_CLOSING) {
        w->clean_close++;
        if (O.mode == MODE_CONNECT && w->started && now >= w->ws_ && now < w->we_) w->cycles++;
        conn_release(w, c);
    } else {
        conn_failed(w, c, c->st != ST_OPEN);
    }
}

static void conn_failed(worker *w, conn *c, int during_setup) {
    if (during_setup) {
        if (c->st == ST_CONNECTING) w->err_connect++;
        else w->err_handshake++;
    } else {
        w->err_lost++;
    }
    int st = c->st;
    conn_release(w, c);
    if (O.mode != MODE_CONNECT && (st == ST_OPEN || st == ST_CLOSING)) {
        /* lost after open; stays closed */
        if (O.mode == MODE_BCAST && c->role == ROLE_NORMAL) b_receivers--;
        return;
    }
    if (O.mode != MODE_CONNECT && during_setup) {
        c->tries++;
        if (c->tries < 5 && !w->started) {
            c->st = ST_FREE; /* retried by setup_progress() */
        } else {
            w->failed_local++;
            atomic_fetch_add(&g_failed_total, 1);
        }
    }
}

static void handle_handshake_bytes(worker *w, conn *c, const uint8_t *p, size_t n, uint64_t now) {
    size_t room = HS_BUF - HS_REQ - 1 - c->hs_rlen;
    size_t take = n < room ? n : room;
    char *resp = c->hs + HS_REQ;
    memcpy(resp + c->hs_rlen, p, take);
    c->hs_rlen += (uint16_t)take;
    resp[c->hs_rlen] = 0;
    char *end = strstr(resp, "\r\n\r\n");
    if (!end) {
        if (take < n || c->hs_rlen >= HS_BUF - HS_REQ - 1) conn_failed(w, c, 1);
        return;
    }
    size_t headlen = (size_t)(end - resp) + 4;
    end[2] = 0; /* terminate after the last header line's CRLF */
    if (verify_handshake(c, resp) < 0) {
        if (!O.quiet && w->err_handshake < 3) {
            fprintf(stderr, "wsload: bad handshake response:\n%s\n", resp);
        }
        conn_failed(w, c, 1);
        return;
    }
    /* bytes after the head (already in resp) plus the rest of p */
    size_t extra_in_resp = c->hs_rlen - headlen;
    uint8_t extra[HS_BUF];
    memcpy(extra, resp + headlen, extra_in_resp);
    free(c->hs);
    c->hs = NULL;
    w->connecting--;
    c->st = ST_OPEN;
    on_open(w, c, now);
    if (c->fd < 0) return;
    if (extra_in_resp && ws_parse(w, c, extra, extra_in_resp, now) < 0) { w->err_proto++; conn_failed(w, c, 0); return; }
    if (take < n && ws_parse(w, c, p + take, n - take, now) < 0) { w->err_proto++; conn_failed(w, c, 0); return; }
}

static void on_open(worker *w, conn *c, uint64_t now) {
    switch (O.mode) {
    case MODE_CONNECT:
        if (in_window(w, now)) { w->handshakes++; h_add(&w->h, now - c->t0); sec_add(w, now); }
        start_close(w, c, now);
        if (conn_flush(w, c) < 0) conn_failed(w, c, 0);
        break;
    default:
        w->open_local++;
        if (O.mode == MODE_IDLE) h_add(&w->h, now - c->t0); /* idle: handshake latency during setup */
        atomic_fetch_add(&g_open_total, 1);
        break;
    }
}

static void conn_readable(worker *w, conn *c) {
    /* TLS: input OpenSSL has taken off the socket must be read now, epoll will not report it again */
    for (int iter = 0; iter < 8 || io_buffered(c); iter++) {
        ssize_t r = io_recv(w, c, w->scratch, w->scratch_sz);
        if (r > 0) {
            uint64_t now = now_ns();
            if (c->st == ST_HANDSHAKE) {
                handle_handshake_bytes(w, c, w->scratch, (size_t)r, now);
            } else if (c->st == ST_OPEN || c->st == ST_CLOSING) {
                if (ws_parse(w, c, w->scratch, (size_t)r, now) < 0) {
                    w->err_proto++;
                    conn_failed(w, c, 0);
                }
            }
            if (c->fd < 0) return;
            if ((size_t)r < w->scratch_sz && !io_buffered(c)) break;
            continue;
        }
        if (r == 0) { conn_eof(w, c, now_ns()); return; }
        if (errno == EINTR) continue;
        if (errno == EAGAIN) break;
        conn_failed(w, c, st_setup(c->st));
        return;
    }
    if (c->fd >= 0 && (c->out_frames || c->ctl_len || (c->ob && c->ob->tail > c->ob->head)) && !c->ep_out) {
        if (conn_flush(w, c) < 0) conn_failed(w, c, 0);
    }
}

static void conn_event(worker *w, conn *c, uint32_t ev) {
    if (c->fd < 0) return;
    if (c->st == ST_CONNECTING) {
        if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
            int err = 0;
            socklen_t el = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
            if (err || (ev & (EPOLLERR | EPOLLHUP))) { conn_failed(w, c, 1); return; }
            if (O.tls) {
                if (tls_begin(w, c) < 0 || tls_step(w, c) < 0) conn_failed(w, c, 1);
                return;
            }
            if (conn_send_handshake(w, c) < 0) { conn_failed(w, c, 1); return; }
        }
        return;
    }
    if (c->st == ST_TLS) {
        if (tls_step(w, c) < 0) conn_failed(w, c, 1);
        return;
    }
    if (c->st == ST_HANDSHAKE && c->hs_off < c->hs_len && (ev & EPOLLOUT)) {
        if (conn_send_handshake(w, c) < 0) { conn_failed(w, c, 1); return; }
    }
    if ((ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) || ((ev & EPOLLOUT) && (c->tls_rw & TLS_RD_WANTS_OUT))) {
        conn_readable(w, c);
        if (c->fd < 0) return;
    }
    if ((ev & EPOLLOUT) && (c->st == ST_OPEN || c->st == ST_CLOSING)) {
        if (conn_flush(w, c) < 0) conn_failed(w, c, 0);
    } else if ((ev & EPOLLOUT) && c->st == ST_HANDSHAKE && c->ep_out && !c->tls_rw) {
        /* armed for an SSL_read that has run since; nothing else writes before the upgrade */
        ep_set(w, c, EPOLLIN, EPOLL_CTL_MOD);
        c->ep_out = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* broadcast                                                                */
/* ------------------------------------------------------------------------ */

static inline int hexval(uint8_t ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    return -1;
}
static int parse_hex64(const uint8_t *p, uint64_t *out) {
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        int h = hexval(p[i]);
        if (h < 0) return -1;
        v = v << 4 | (uint64_t)h;
    }
    *out = v;
    return 0;
}

static void bcast_on_delivery(worker *w, conn *c, uint64_t now) {
    uint64_t seq, ts;
    if (c->moff < 32) { w->err_len++; return; }
    if (O.binary) { memcpy(&seq, c->pfx, 8); memcpy(&ts, c->pfx + 8, 8); }
    else if (parse_hex64(c->pfx, &seq) || parse_hex64(c->pfx + 16, &ts)) { w->err_content++; return; }
    int meas = in_window(w, now);
    if (meas) {
        w->deliveries++;
        w->bytes += c->moff;
        sec_add(w, now);
        h_add(&w->h, now - ts);
    }
    bmsg *m = &ring[seq & (RING - 1)];
    if (m->seq != seq || m->done) { w->late++; return; }
    if (++m->got >= (uint32_t)b_receivers) {
        m->done = 1;
        if (meas) w->msgs++;
        while (b_oldest < b_next && ring[b_oldest & (RING - 1)].done) b_oldest++;
    }
}

static void bcast_send_one(worker *w, uint64_t now) {
    uint64_t seq = b_next++;
    bmsg *m = &ring[seq & (RING - 1)];
    m->seq = seq; m->sent = now; m->got = 0; m->done = 0;
    size_t S = (size_t)O.size;
    uint8_t hdr[14];
    size_t hl;
    hdr[0] = 0x80 | (O.binary ? 2 : 1);
    if (S < 126) { hdr[1] = 0x80 | (uint8_t)S; hl = 2; }
    else if (S < 65536) { hdr[1] = 0x80 | 126; hdr[2] = (uint8_t)(S >> 8); hdr[3] = (uint8_t)S; hl = 4; }
    else { hdr[1] = 0x80 | 127; for (int i = 0; i < 8; i++) hdr[2 + i] = (uint8_t)((uint64_t)S >> (56 - 8 * i)); hl = 10; }
    uint32_t key = (uint32_t)rnd64(&w->rng);
    memcpy(hdr + hl, &key, 4);
    hl += 4;
    obuf *o = b_sender->ob;
    ob_put(o, hdr, hl);
    ob_put(o, b_filler, S);
    uint8_t *pl = o->b + o->tail - S; /* the last S bytes: an ob_put that made room moved what came before */
    if (O.binary) { memcpy(pl, &seq, 8); memcpy(pl + 8, &now, 8); }
    else {
        static const char hx[] = "0123456789abcdef";
        for (int i = 0; i < 16; i++) pl[i] = (uint8_t)hx[(seq >> (60 - 4 * i)) & 15];
        for (int i = 0; i < 16; i++) pl[16 + i] = (uint8_t)hx[(now >> (60 - 4 * i)) & 15];
    }
    const uint8_t *mk = (const uint8_t *)&key;
    for (size_t i = 0; i < S; i++) pl[i] ^= mk[i & 3];
    b_sent_total++;
}

static void bcast_pump(worker *w, uint64_t now) {
    if (!b_sender || b_sender->st != ST_OPEN || w->closing) return;
    /* expire messages that never reached everyone (5 s) so the window cannot stall forever */
    while (b_oldest < b_next) {
        bmsg *m = &ring[b_oldest & (RING - 1)];
        if (m->done) { b_oldest++; continue; }
        if (now - m->sent > 5000000000ull) { m->done = 1; b_lost++; b_oldest++; continue; }
        break;
    }
    int sent = 0;
    if (O.rate > 0) {
        while (b_next_due <= now) {
            if (b_next - b_oldest < (uint64_t)O.pipeline) { bcast_send_one(w, now); sent = 1; }
            else b_skipped++;
            b_next_due += (uint64_t)(1e9 / O.rate);
        }
    } else {
        while (b_next - b_oldest < (uint64_t)O.pipeline) { bcast_send_one(w, now); sent = 1; }
    }
    if (sent && !b_sender->ep_out && conn_flush(w, b_sender) < 0) conn_failed(w, b_sender, 0);
}

/* ------------------------------------------------------------------------ */
/* worker loop                                                              */
/* ------------------------------------------------------------------------ */

static void setup_progress(worker *w, uint64_t now) {
    if (O.mode == MODE_CONNECT) return;
    while (w->connecting < w->conc) {
        /* find next slot needing a (re)start */
        int i = -1;
        while (w->next_start < w->nc) {
            if (w->c[w->next_start].st == ST_FREE) { i = w->next_start++; break; }
            w->next_start++;
        }
        if (i < 0) {
            /* retry pass for failed-but-retryable slots */
            for (int k = 0; k < w->nc; k++) if (w->c[k].st == ST_FREE) { i = k; break; }
            if (i < 0) return;
        }
        if (conn_start(w, &w->c[i], now) < 0) {
            conn_failed(w, &w->c[i], 1);
            if (w->c[i].st == ST_FREE && w->connecting == 0) return; /* avoid a hot loop on instant failures */
        }
    }
}

static void scan_timeouts(worker *w, uint64_t now) {
    for (int i = 0; i < w->nc; i++) {
        conn *c = &w->c[i];
        if (st_setup(c->st) && now - c->t0 > 10000000000ull) conn_failed(w, c, 1);
        else if (c->st == ST_CLOSING && now - c->t0 > 1000000000ull) {
            w->close_timeout++;
            if (O.mode == MODE_CONNECT && in_window(w, now)) w->cycles++;
            conn_release(w, c);
        }
    }
}

static void begin_traffic(worker *w, uint64_t now) {
    w->started = 1;
    uint64_t s = atomic_load(&g_start_ns);
    w->ws_ = win_start(s);
    w->we_ = win_end(s);
    if (O.mode == MODE_ECHO) {
        for (int i = 0; i < w->nc; i++) {
            conn *c = &w->c[i];
            if (c->st != ST_OPEN) continue;
            queue_echo_frames(c, (uint32_t)O.pipeline, now);
            if (conn_flush(w, c) < 0) conn_failed(w, c, 0);
        }
    } else if (O.mode == MODE_BCAST) {
        b_next_due = now;
    }
}

static void begin_closing(worker *w, uint64_t now) {
    w->closing = 1;
    w->close_deadline = now + 2000000000ull;
    for (int i = 0; i < w->nc; i++) {
        conn *c = &w->c[i];
        if (c->st == ST_OPEN) {
            start_close(w, c, now);
            if (conn_flush(w, c) < 0) conn_release(w, c);
        } else if (st_setup(c->st)) {
            conn_release(w, c);
        }
    }
}

static int live_conns(worker *w) {
    int n = 0;
    for (int i = 0; i < w->nc; i++) if (w->c[i].fd >= 0) n++;
    return n;
}

static void *worker_main(void *arg) {
    worker *w = arg;
    struct epoll_event evs[1024];
    uint64_t total = (uint64_t)O.conns + (O.mode == MODE_BCAST ? 1 : 0);
    uint64_t setup_deadline = t_prog_start + (uint64_t)(O.setup_timeout * 1e9);
    for (;;) {
        uint64_t now = now_ns();
        if (atomic_load(&g_abort)) break;
        int timeout_ms = 10;
        if (O.mode == MODE_CONNECT) {
            if (!w->started) {
                w->started = 1;
                w->ws_ = win_start(atomic_load(&g_start_ns));
                w->we_ = win_end(atomic_load(&g_start_ns));
            }
            if (!w->closing) {
                if (now >= w->we_) begin_closing(w, now);
                else {
                    for (int i = 0; i < w->nc; i++) {
                        conn *c = &w->c[i];
                        if (c->fd < 0 && conn_start(w, c, now) < 0) { c->fd = -1; c->st = ST_DONE; }
                    }
                }
            }
        } else if (!w->started) {
            uint64_t s = atomic_load(&g_start_ns);
            if (s) {
                begin_traffic(w, now);
                if (live_conns(w) == 0) break; /* every connection failed: nothing to measure */
            }
            else {
                if ((uint64_t)(atomic_load(&g_open_total) + atomic_load(&g_failed_total)) >= total) {
                    uint64_t expect = 0;
                    atomic_compare_exchange_strong(&g_start_ns, &expect, now);
                    continue;
                }
                if (now > setup_deadline) { atomic_store(&g_abort, 1); break; }
                setup_progress(w, now);
            }
        } else if (!w->closing) {
            uint64_t hold_end = w->we_;
            if (now >= hold_end) begin_closing(w, now);
            else if (O.mode == MODE_BCAST) {
                bcast_pump(w, now);
                if (O.rate > 0) timeout_ms = 1;
            }
        }
        if (w->closing) {
            if (now >= w->close_deadline || live_conns(w) == 0) {
                for (int i = 0; i < w->nc; i++) {
                    if (w->c[i].fd >= 0) {
                        if (w->c[i].st == ST_CLOSING) w->close_timeout++;
                        conn_release(w, &w->c[i]);
                    }
                }
                break;
            }
            timeout_ms = 5;
        }
        if (now >= w->next_scan) {
            scan_timeouts(w, now);
            w->next_scan = now + 100000000ull;
        }
        int n = epoll_wait(w->ep, evs, 1024, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; i++) conn_event(w, (conn *)evs[i].data.ptr, evs[i].events);
    }
    w->finished = 1;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* main                                                                     */
/* ------------------------------------------------------------------------ */

static void usage(void) {
    fprintf(stderr,
        "wsload " WSLOAD_VERSION " - WebSocket load generator (loopback only)\n"
        "usage: wsload MODE [options]\n"
        "modes:\n"
        "  echo       C connections, each keeps P messages in flight; reports msgs/s, MB/s, RTT percentiles\n"
        "  broadcast  C receivers + 1 sender; the server must send every message to all clients;\n"
        "             reports deliveries/s and delivery latency (send timestamp is in the payload)\n"
        "  connect    C parallel loops of connect + handshake + close handshake; reports handshakes/s\n"
        "  idle       open C connections, hold them D seconds; with -P reports server RSS per connection\n"
        "options:\n"
        "  -u URL   ws://host:port/path or wss://host:port/path (default ws://127.0.0.1:9001/)\n"
        "  -T V     wss: TLS version 1.2 or 1.3 only (default: negotiate, at least 1.2)\n"
        "  -c N     connections / receivers / parallel connect loops (default 1)\n"
        "  -s B     payload bytes (default 64; broadcast needs >= 32)\n"
        "  -p N     echo: messages in flight per connection (default 1);\n"
        "           broadcast: max messages not yet delivered to all receivers (default 8)\n"
        "  -r R     broadcast: send R msgs/s instead of full rate (still capped by -p)\n"
        "  -b       binary frames (default text)\n"
        "  -v       echo: verify echoed payload content (length and opcode are always checked)\n"
        "  -d S     measured duration / idle hold seconds (default 5)\n"
        "  -w S     warm-up seconds before measuring (default 2; not used by idle)\n"
        "  -t N     threads (default 1; broadcast supports 1 only)\n"
        "  -A N     source addresses 127.0.0.1..127.0.0.N (IPv4 only; default 1)\n"
        "  -C N     max connections being set up at once (default 256)\n"
        "  -S S     setup timeout seconds (default 60)\n"
        "  -P PID   sample this server process: CPU%% during the window, RSS\n"
        "  -q       quiet\n");
    exit(2);
}

static void parse_url(const char *u) {
    if (!strncmp(u, "wss://", 6)) O.tls = 1;
    else if (strncmp(u, "ws://", 5)) die("only ws:// and wss:// URLs are supported");
    const char *h = u + 5 + O.tls, *hend, *p;
    if (*h == '[') {
        hend = strchr(h, ']');
        if (!hend) die("bad URL");
        snprintf(O.host, sizeof O.host, "%.*s", (int)(hend - h - 1), h + 1);
        p = hend + 1;
    } else {
        hend = h + strcspn(h, ":/");
        snprintf(O.host, sizeof O.host, "%.*s", (int)(hend - h), h);
        p = hend;
    }
    O.port = O.tls ? 443 : 80;
    if (*p == ':') { O.port = atoi(p + 1); p += 1 + strspn(p + 1, "0123456789"); }
    snprintf(O.path, sizeof O.path, "%s", *p == '/' ? p : "/");
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    char ps[16];
    snprintf(ps, sizeof ps, "%d", O.port);
    int r = getaddrinfo(O.host, ps, &hints, &res);
    if (r) die("resolve %s: %s", O.host, gai_strerror(r));
    memcpy(&O.addr, res->ai_addr, res->ai_addrlen);
    O.addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    int loop = 0;
    if (O.addr.ss_family == AF_INET) loop = (ntohl(((struct sockaddr_in *)&O.addr)->sin_addr.s_addr) >> 24) == 127;
    else if (O.addr.ss_family == AF_INET6) loop = IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&O.addr)->sin6_addr);
    if (!loop) die("refusing non-loopback target %s (only 127.0.0.0/8 and ::1 are allowed)", O.host);
    struct in6_addr ip;
    O.sni = inet_pton(AF_INET, O.host, &ip) != 1 && inet_pton(AF_INET6, O.host, &ip) != 1; /* SNI is for names */
}

static void build_frames(void) {
    uint64_t rs = seed64();
    size_t S = (size_t)O.size;
    payload_tmpl = malloc(S ? S : 1);
    for (size_t i = 0; i < S; i++) {
        uint64_t r = rnd64(&rs);
        payload_tmpl[i] = O.binary ? (uint8_t)r : (uint8_t)('a' + r % 26);
    }
    uint8_t hdr[10];
    hdr[0] = 0x80 | (O.binary ? 2 : 1);
    if (S < 126) { hdr[1] = 0x80 | (uint8_t)S; frame_hdr = 2; }
    else if (S < 65536) { hdr[1] = 0x80 | 126; hdr[2] = (uint8_t)(S >> 8); hdr[3] = (uint8_t)S; frame_hdr = 4; }
    else { hdr[1] = 0x80 | 127; for (int i = 0; i < 8; i++) hdr[2 + i] = (uint8_t)((uint64_t)S >> (56 - 8 * i)); frame_hdr = 10; }
    frame_len = frame_hdr + 4 + S;
    for (int f = 0; f < POOL; f++) {
        uint8_t *b = malloc(frame_len);
        if (!b) die("out of memory");
        memcpy(b, hdr, frame_hdr);
        uint32_t key = (uint32_t)rnd64(&rs);
        if (!key) key = 0x5a5a5a5a;
        memcpy(b + frame_hdr, &key, 4);
        const uint8_t *mk = (const uint8_t *)&key;
        for (size_t i = 0; i < S; i++) b[frame_hdr + 4 + i] = payload_tmpl[i] ^ mk[i & 3];
        frame_pool[f] = b;
    }
    b_filler = malloc(S ? S : 1);
    for (size_t i = 0; i < S; i++) b_filler[i] = O.binary ? (uint8_t)i : (uint8_t)('A' + i % 26);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    const char *m = argv[1];
    if (!strcmp(m, "echo")) O.mode = MODE_ECHO;
    else if (!strcmp(m, "broadcast") || !strcmp(m, "bcast")) O.mode = MODE_BCAST;
    else if (!strcmp(m, "connect")) O.mode = MODE_CONNECT;
    else if (!strcmp(m, "idle")) O.mode = MODE_IDLE;
    else usage();
    const char *url = "ws://127.0.0.1:9001/";
    O.conns = 1; O.size = 64; O.pipeline = 0; O.dur = 5; O.warm = 2; O.threads = 1; O.nsrc = 1;
    O.concurrency = 256; O.setup_timeout = 60;
    int opt;
    optind = 2;
    const char *tls_ver = NULL;
    while ((opt = getopt(argc, argv, "u:c:s:p:r:bvd:w:t:A:C:S:P:T:qh")) != -1) {
        switch (opt) {
        case 'u': url = optarg; break;
        case 'c': O.conns = atoi(optarg); break;
        case 's': O.size = atoi(optarg); break;
        case 'p': O.pipeline = atoi(optarg); break;
        case 'r': O.rate = atof(optarg); break;
        case 'b': O.binary = 1; break;
        case 'v': O.verify = 1; break;
        case 'd': O.dur = atof(optarg); break;
        case 'w': O.warm = atof(optarg); break;
        case 't': O.threads = atoi(optarg); break;
        case 'A': O.nsrc = atoi(optarg); break;
        case 'C': O.concurrency = atoi(optarg); break;
        case 'S': O.setup_timeout = atof(optarg); break;
        case 'P': O.srv_pid = atoi(optarg); break;
        case 'T': tls_ver = optarg; break;
        case 'q': O.quiet = 1; break;
        default: usage();
        }
    }
    if (O.pipeline <= 0) O.pipeline = O.mode == MODE_BCAST ? 8 : 1;
    if (O.conns < 1 || O.size < 0 || O.threads < 1 || O.nsrc < 1 || O.concurrency < 1 || O.dur <= 0 || O.warm < 0)
        die("bad arguments");
    if (O.mode == MODE_IDLE) O.warm = 0;
    if (O.mode == MODE_BCAST) {
        if (O.threads != 1) die("broadcast mode supports -t 1 only");
        if (O.size < 32) die("broadcast needs -s >= 32 (seq + timestamp are carried in the payload)");
        if ((unsigned)O.pipeline > RING / 2) die("-p too large");
    }
    if (O.threads > O.conns) O.threads = O.conns;
    parse_url(url);
    if (tls_ver) {
        if (!O.tls) die("-T needs a wss:// URL");
        if (!strcmp(tls_ver, "1.2")) O.tls_ver = TLS1_2_VERSION;
        else if (!strcmp(tls_ver, "1.3")) O.tls_ver = TLS1_3_VERSION;
        else die("-T takes 1.2 or 1.3");
    }
    if (O.tls) tls_init();

    signal(SIGPIPE, SIG_IGN);
    clk_tck = (int)sysconf(_SC_CLK_TCK);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        uint64_t need = (uint64_t)O.conns + 64;
        if (O.mode != MODE_CONNECT && need > rl.rlim_cur)
            die("-c %d needs %" PRIu64 " file descriptors, limit is %llu", O.conns, need, (unsigned long long)rl.rlim_cur);
    }
    /* hard time bound for the whole process */
    unsigned hard = (unsigned)(O.setup_timeout + O.warm + O.dur + 20);
    alarm(hard);

    /* request template */
    char hosthdr[300];
    if (O.addr.ss_family == AF_INET6) snprintf(hosthdr, sizeof hosthdr, "[%s]:%d", O.host, O.port);
    else snprintf(hosthdr, sizeof hosthdr, "%s:%d", O.host, O.port);
    req_pre_len = (size_t)snprintf(req_pre, sizeof req_pre,
        "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ", O.path, hosthdr);
    req_post_len = (size_t)snprintf(req_post, sizeof req_post, "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    if (req_pre_len + 24 + req_post_len >= HS_REQ) die("path too long");
    build_frames();

    /* server baseline */
    long rss_base = -1;
    if (O.srv_pid) {
        rss_base = proc_status_kb(O.srv_pid, "VmRSS");
        if (rss_base < 0) die("cannot read /proc/%d/status", O.srv_pid);
    }

    /* workers and connections */
    int nconn_total = O.conns + (O.mode == MODE_BCAST ? 1 : 0);
    W = calloc((size_t)O.threads, sizeof(worker));
    if (O.mode == MODE_BCAST) {
        ring = calloc(RING, sizeof(bmsg));
        b_receivers = O.conns;
    }
    int assigned = 0;
    for (int t = 0; t < O.threads; t++) {
        worker *w = &W[t];
        w->id = t;
        w->ep = epoll_create1(EPOLL_CLOEXEC);
        w->nc = nconn_total / O.threads + (t < nconn_total % O.threads ? 1 : 0);
        w->c = calloc((size_t)w->nc, sizeof(conn));
        for (int i = 0; i < w->nc; i++) {
            w->c[i].fd = -1;
            w->c[i].st = O.mode == MODE_CONNECT ? ST_DONE : ST_FREE;
            if (O.pipeline > 1 && O.mode == MODE_ECHO) w->c[i].ts = calloc((size_t)O.pipeline, sizeof(uint64_t));
        }
        assigned += w->nc;
        w->conc = O.concurrency / O.threads;
        if (w->conc < 1) w->conc = 1;
        w->scratch_sz = 256 * 1024;
        w->scratch = malloc(w->scratch_sz);
        if (O.tls && !(w->tls_gather = malloc(TLS_REC))) die("out of memory");
        w->rng = seed64() ^ ((uint64_t)t << 48);
        w->src_rr = t;
    }
    if (O.mode == MODE_BCAST) {
        b_sender = &W[0].c[0];
        b_sender->role = ROLE_SENDER;
        b_sender->ob = calloc(1, sizeof(obuf));
    }
    (void)assigned;

    t_prog_start = now_ns();
    if (O.mode == MODE_CONNECT) atomic_store(&g_start_ns, t_prog_start);
    for (int t = 1; t < O.threads; t++) pthread_create(&W[t].th, NULL, worker_main, &W[t]);

    /* thread 0 runs inline; the main thread also samples the server at window edges */
    /* (sampling happens from worker 0 via a light hook: we run worker 0 in a thread too and poll here) */
    pthread_create(&W[0].th, NULL, worker_main, &W[0]);

    uint64_t s_ticks0 = 0, s_ticks1 = 0, t_s0 = 0, t_s1 = 0, m_busy0 = 0, m_busy1 = 0, m_st0 = 0, m_st1 = 0;
    double c_cpu0 = 0, c_cpu1 = 0;
    long rss_win = -1, rss_peak_hold = -1;
    int sampled0 = 0, sampled1 = 0, ready_printed = 0;
    uint64_t t_open_all = 0;
    for (;;) {
        int done = 1;
        for (int t = 0; t < O.threads; t++) if (!W[t].finished) done = 0;
        if (done) break;
        uint64_t now = now_ns();
        uint64_t s = atomic_load(&g_start_ns);
        if (s && !t_open_all) {
            t_open_all = s;
            if (!O.quiet && O.mode != MODE_CONNECT) {
                fprintf(stderr, "wsload: %d/%d connections open in %.2f s (%d failed); %s\n", atomic_load(&g_open_total),
                        nconn_total, (s - t_prog_start) / 1e9, atomic_load(&g_failed_total),
                        O.mode == MODE_IDLE ? "holding" : "warming up");
            }
            if (O.mode == MODE_IDLE && !ready_printed) { ready_printed = 1; }
        }
        if (s) {
            uint64_t ws = win_start(s), we = win_end(s);
            if (!sampled0 && now >= ws) {
                sampled0 = 1;
                t_s0 = now;
                c_cpu0 = self_cpu_s();
                if (O.srv_pid) proc_cpu_ticks(O.srv_pid, &s_ticks0);
                sys_cpu_ticks(&m_busy0, &m_st0);
            }
            if (sampled0 && !sampled1 && O.srv_pid && O.mode == MODE_IDLE) {
                long r = proc_status_kb(O.srv_pid, "VmRSS");
                if (r > rss_peak_hold) rss_peak_hold = r;
            }
            if (sampled0 && !sampled1 && now >= we - 5000000ull) {
                sampled1 = 1;
                t_s1 = now;
                c_cpu1 = self_cpu_s();
                sys_cpu_ticks(&m_busy1, &m_st1);
                if (O.srv_pid) {
                    proc_cpu_ticks(O.srv_pid, &s_ticks1);
                    rss_win = proc_status_kb(O.srv_pid, "VmRSS");
                }
            }
        }
        long sleep_ns = O.mode == MODE_IDLE ? 100000000L : 2000000L;
        if (s && sampled0 && !sampled1) {
            int64_t until = (int64_t)(win_end(s) - 5000000ull) - (int64_t)now_ns();
            if (until > 0 && until < sleep_ns) sleep_ns = (long)until;
        }
        struct timespec ts = {0, sleep_ns};
        nanosleep(&ts, NULL);
    }
    for (int t = 0; t < O.threads; t++) pthread_join(W[t].th, NULL);

    /* aggregate */
    worker A;
    memset(&A, 0, sizeof A);
    for (int t = 0; t < O.threads; t++) {
        worker *w = &W[t];
        h_merge(&A.h, &w->h);
#define ADD(f) A.f += w->f
        ADD(msgs); ADD(bytes); ADD(deliveries); ADD(handshakes); ADD(cycles); ADD(err_connect); ADD(err_handshake);
        ADD(err_proto); ADD(err_lost); ADD(err_len); ADD(err_content); ADD(err_unexpected); ADD(server_close);
        ADD(close_timeout); ADD(clean_close); ADD(pings); ADD(late); ADD(all_msgs); ADD(open_local); ADD(failed_local);
#undef ADD
        for (int i = 0; i < SEC_SLOTS; i++) A.sec[i] += w->sec[i];
    }
    /* spread of the primary metric over whole 1-s slots of the measured window */
    int nsec = (int)O.dur;
    if (nsec > SEC_SLOTS) nsec = SEC_SLOTS;
    uint64_t srt[SEC_SLOTS];
    for (int i = 0; i < nsec; i++) {
        uint64_t v = A.sec[i];
        int j = i;
        while (j > 0 && srt[j - 1] > v) { srt[j] = srt[j - 1]; j--; }
        srt[j] = v;
    }
    double win = sampled1 ? (t_s1 - t_s0) / 1e9 : O.dur;
    double dur = O.dur;
    double srv_cpu = -1, cli_cpu = -1, other_cpu = -1, steal_cpu = -1;
    if (sampled1) {
        cli_cpu = 100.0 * (c_cpu1 - c_cpu0) / win;
        if (O.srv_pid) srv_cpu = 100.0 * (double)(s_ticks1 - s_ticks0) / clk_tck / win;
        double busy = 100.0 * (double)(m_busy1 - m_busy0) / clk_tck / win;
        steal_cpu = 100.0 * (double)(m_st1 - m_st0) / clk_tck / win;
        /* CPU used on the machine by anything but the server and wsload (noise indicator) */
        other_cpu = busy - cli_cpu - (srv_cpu > 0 ? srv_cpu : 0);
        if (other_cpu < 0) other_cpu = 0;
    }
    long hwm = O.srv_pid ? proc_status_kb(O.srv_pid, "VmHWM") : -1;
    uint64_t errors = A.err_connect + A.err_handshake + A.err_proto + A.err_lost + A.err_len + A.err_content + A.err_unexpected;
    const char *status = atomic_load(&g_abort) ? "setup_timeout" : "ok";
    int failed_setup = atomic_load(&g_failed_total);
    if (O.mode != MODE_CONNECT && O.mode != MODE_IDLE && failed_setup) status = "setup_failed";

    char res[2048];
    size_t rl_ = 0;
#define R(...) rl_ += (size_t)snprintf(res + rl_, sizeof res - rl_, __VA_ARGS__)
    R("RESULT mode=%s conns=%d size=%d", mode_names[O.mode], O.conns, O.size);
    double p50 = h_pct(&A.h, 0.50) / 1e3, p90 = h_pct(&A.h, 0.90) / 1e3, p99 = h_pct(&A.h, 0.99) / 1e3,
           p999 = h_pct(&A.h, 0.999) / 1e3, mx = A.h.max / 1e3;
    switch (O.mode) {
    case MODE_ECHO: {
        double rate = A.msgs / dur;
        R(" pipeline=%d binary=%d dur_s=%.2f msgs=%" PRIu64 " msgs_per_s=%.0f mb_per_s=%.2f", O.pipeline, O.binary, dur,
          A.msgs, rate, A.bytes / dur / 1e6);
        R(" p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f rate=%.0f", p50, p90, p99, p999, mx, rate);
        if (!O.quiet)
            printf("echo: %d conns x %d B, pipeline %d: %.0f msgs/s, %.2f MB/s (payload, one direction)\n"
                   "rtt us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
                   O.conns, O.size, O.pipeline, rate, A.bytes / dur / 1e6, p50, p90, p99, p999, mx);
        break;
    }
    case MODE_BCAST: {
        double rate = A.deliveries / dur;
        R(" window=%d target_rate=%.0f dur_s=%.2f msgs_per_s=%.0f deliveries=%" PRIu64 " deliveries_per_s=%.0f mb_per_s=%.2f",
          O.pipeline, O.rate, dur, A.msgs / dur, A.deliveries, rate, A.bytes / dur / 1e6);
        R(" p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f lost=%" PRIu64 " skipped=%" PRIu64 " rate=%.0f",
          p50, p90, p99, p999, mx, b_lost, b_skipped, rate);
        if (!O.quiet)
            printf("broadcast: 1 sender -> %d receivers, %d B: %.0f msgs/s fully delivered, %.0f deliveries/s, %.2f MB/s\n"
                   "delivery latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f (lost %" PRIu64 ", skipped %" PRIu64 ")\n",
                   O.conns, O.size, A.msgs / dur, rate, A.bytes / dur / 1e6, p50, p90, p99, p999, mx, b_lost, b_skipped);
        break;
    }
    case MODE_CONNECT: {
        double rate = A.handshakes / dur;
        R(" dur_s=%.2f handshakes=%" PRIu64 " conns_per_s=%.0f cycles_per_s=%.0f", dur, A.handshakes, rate, A.cycles / dur);
        R(" p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f close_timeouts=%" PRIu64 " rate=%.0f", p50, p90, p99,
          p999, mx, A.close_timeout, rate);
        if (!O.quiet)
            printf("connect: %d parallel loops: %.0f handshakes/s, %.0f full open+close cycles/s\n"
                   "handshake latency us: p50 %.1f  p99 %.1f  max %.1f (close timeouts %" PRIu64 ")\n",
                   O.conns, rate, A.cycles / dur, p50, p99, mx, A.close_timeout);
        break;
    }
    case MODE_IDLE: {
        int open = atomic_load(&g_open_total);
        double open_s = t_open_all ? (t_open_all - t_prog_start) / 1e9 : -1;
        R(" open=%d failed=%d open_s=%.2f open_per_s=%.0f hold_s=%.1f", open, failed_setup, open_s,
          open_s > 0 ? open / open_s : 0, dur);
        long rss_hold = rss_peak_hold;
        if (O.srv_pid && rss_hold > 0 && open > 0) {
            R(" srv_rss_base_kb=%ld srv_rss_hold_kb=%ld rss_per_conn_b=%.0f", rss_base, rss_hold,
              (rss_hold - rss_base) * 1024.0 / open);
            if (!O.quiet)
                printf("idle: %d/%d open in %.2f s; server RSS %ld kB -> %ld kB = %.0f bytes/connection\n", open,
                       O.conns, open_s, rss_base, rss_hold, (rss_hold - rss_base) * 1024.0 / open);
        } else if (!O.quiet) {
            printf("idle: %d/%d open in %.2f s\n", open, O.conns, open_s);
        }
        R(" hs_p50_us=%.1f hs_p99_us=%.1f rate=0", p50, p99);
        break;
    }
    }
    if (O.mode != MODE_IDLE && nsec >= 1)
        R(" rate_min=%" PRIu64 " rate_med=%" PRIu64 " rate_max=%" PRIu64, srt[0], srt[nsec / 2], srt[nsec - 1]);
    if (srv_cpu >= 0) R(" srv_cpu_pct=%.1f", srv_cpu);
    if (cli_cpu >= 0) R(" cli_cpu_pct=%.1f other_cpu_pct=%.1f steal_pct=%.1f", cli_cpu, other_cpu, steal_cpu);
    if (O.srv_pid) R(" srv_rss_kb=%ld srv_hwm_kb=%ld", rss_win, hwm);
    R(" tls=%s", !O.tls ? "none" : atomic_load(&tls_noted) == 2 ? tls_desc : "unknown");
    R(" errors=%" PRIu64 " err_connect=%" PRIu64 " err_handshake=%" PRIu64 " err_lost=%" PRIu64 " err_len=%" PRIu64
      " err_content=%" PRIu64 " err_proto=%" PRIu64 " server_close=%" PRIu64 " pings=%" PRIu64 " status=%s",
      errors, A.err_connect, A.err_handshake, A.err_lost, A.err_len, A.err_content, A.err_proto, A.server_close, A.pings,
      status);
#undef R
    if (!O.quiet && cli_cpu >= 0) {
        if (srv_cpu >= 0) printf("cpu during window: server %.1f%%, ", srv_cpu);
        else printf("cpu during window: ");
        printf("wsload %.1f%%, everything else %.1f%% (steal %.1f%%)\n", cli_cpu, other_cpu, steal_cpu);
    }
    printf("%s\n", res);
    fflush(stdout);
    return strcmp(status, "ok") ? 1 : 0;
}

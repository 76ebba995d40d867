/*
 * wsload: bin/bench's load generator for plain (uncompressed) WebSocket traffic, written in C so
 * that on one core it is never the ceiling of the server it measures.
 *
 * One thread, level-triggered epoll, non-blocking sockets. Every frame it sends is encoded once
 * at start-up (masked with a fixed key; the servers under test must unmask, not judge the key),
 * and every reply is checked byte for byte against what was sent as it streams in, without
 * being copied or buffered whole. Three modes:
 *
 *   wsload echo       PORT PATH PAYLOAD_FILE text|binary CONNECTIONS IN_FLIGHT WARMUP_MS MEASURE_MS
 *   wsload latency    PORT PATH CONNECTIONS RATE WARMUP_MS MEASURE_MS
 *   wsload handshakes PORT PATH CONCURRENCY WARMUP_MS MEASURE_MS
 *
 * The server is at 127.0.0.1:PORT. Echo and handshakes print "window start" when the warm-up is
 * over (the caller reads the server's CPU time then) and, when the window closes,
 *   window end count=N seconds=S cpu=C mismatches=M
 * where cpu is this process's own CPU seconds in the window. Latency prints
 *   latency p50=NS p99=NS p999=NS max=NS recorded=N expected=N mismatches=M
 * Exit status 0 whatever was measured; 2 on bad arguments; 1 if the server could not be reached.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_BUFFER (256 * 1024)
#define MAX_EVENTS 512
/* RFC 6455's own example key and its accept value: a fixed key costs the servers nothing to check. */
#define KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
#define LATENCY_CHECK 0x5DEECE66DULL

static const unsigned char MASK[4] = {0x37, 0xfa, 0x21, 0x3d};
static unsigned char read_buffer[READ_BUFFER];
static int port;
static const char *path;
static long long mismatches;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* ---- frames ---------------------------------------------------------------------------------- */

/* Writes a masked client frame (FIN set) of `length` payload bytes into `out`; returns its size. */
static size_t encode_frame(unsigned char *out, int opcode, const unsigned char *payload, size_t length) {
    size_t at = 0;
    out[at++] = 0x80 | opcode;
    if (length < 126) {
        out[at++] = 0x80 | length;
    } else if (length < 65536) {
        out[at++] = 0x80 | 126;
        out[at++] = length >> 8;
        out[at++] = length & 0xff;
    } else {
        out[at++] = 0x80 | 127;
        for (int i = 7; i >= 0; i--) {
            out[at++] = (length >> (8 * i)) & 0xff;
        }
    }
    memcpy(out + at, MASK, 4);
    at += 4;
    for (size_t i = 0; i < length; i++) {
        out[at + i] = payload[i] ^ MASK[i & 3];
    }
    return at + length;
}

/*
 * A server's reply stream, parsed as it arrives: frame headers (unmasked, as servers send),
 * data split over any number of reads and over fragments. The payload goes to `on_payload`;
 * a complete message to `on_message`. Pings and pongs are skipped; a close or a malformed
 * header is a mismatch that ends the connection.
 */
typedef struct conn conn_t;
struct conn {
    int fd;
    unsigned char header[14];
    int header_have;
    uint64_t payload_left;
    uint64_t message_at; /* bytes of the current message seen so far */
    int in_message;
    int fin;
    int control;
    int out_armed; /* EPOLLOUT asked for */
    size_t owed;     /* echo: bytes still to write */
    size_t sent_at;  /* echo: where in one frame the next write starts */
    unsigned char small[32]; /* latency: the reply being read */
    /* handshakes */
    int state;
    size_t have;
    long long deadline;
    char response[1024];
};

typedef void (*payload_fn)(conn_t *c, const unsigned char *data, size_t n);
typedef void (*message_fn)(conn_t *c);

/* The header's length once its first two bytes are in; 0 if they are not yet. */
static int header_length(const conn_t *c) {
    if (c->header_have < 2) {
        return 0;
    }
    int len = c->header[1] & 0x7f;
    return 2 + (len == 126 ? 2 : len == 127 ? 8 : 0);
}

/* Parses `n` bytes of replies; returns -1 when the stream can no longer be followed. */
static int consume(conn_t *c, const unsigned char *data, size_t n, int expected_opcode, payload_fn on_payload,
                   message_fn on_message) {
    size_t at = 0;
    while (at < n) {
        if (c->payload_left == 0 && (c->header_have < 2 || c->header_have < header_length(c))) {
            int need = c->header_have < 2 ? 2 : header_length(c);
            while (c->header_have < need && at < n) {
                c->header[c->header_have++] = data[at++];
            }
            if (c->header_have < need || (need == 2 && header_length(c) > 2)) {
                continue; /* more header to come, in this read or the next */
            }
            unsigned char b0 = c->header[0];
            int opcode = b0 & 0x0f;
            uint64_t len = c->header[1] & 0x7f;
            if (len == 126) {
                len = (uint64_t) c->header[2] << 8 | c->header[3];
            } else if (len == 127) {
                len = 0;
                for (int i = 2; i < 10; i++) {
                    len = len << 8 | c->header[i];
                }
            }
            c->header_have = 0;
            c->fin = b0 >> 7;
            c->control = opcode >= 8;
            if ((b0 & 0x70) || (c->header[1] & 0x80) || opcode == 8 || (opcode >= 3 && opcode <= 7) || opcode > 10
                || (!c->control && (opcode == 0) != c->in_message)
                || (!c->control && opcode != 0 && opcode != expected_opcode)) {
                mismatches++; /* RSV bits, a masked reply, a close, an opcode out of place */
                return -1;
            }
            if (!c->control) {
                c->in_message = 1;
            }
            c->payload_left = len;
            if (len > 0) {
                continue;
            }
        } else {
            size_t take = n - at < c->payload_left ? n - at : (size_t) c->payload_left;
            if (!c->control) {
                on_payload(c, data + at, take);
                c->message_at += take;
            }
            c->payload_left -= take;
            at += take;
            if (c->payload_left > 0) {
                continue;
            }
        }
        if (!c->control && c->fin) {
            on_message(c);
            c->in_message = 0;
            c->message_at = 0;
        }
    }
    return 0;
}

/* ---- connections ----------------------------------------------------------------------------- */

static struct sockaddr_in server_address(void) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int request(char *out, size_t size) {
    return snprintf(out, size,
                    "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: " KEY "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                    path, port);
}

/* Whether a complete response head accepts the upgrade: status 101 and the right accept value. */
static int accepted(const char *head) {
    if (strncmp(head, "HTTP/1.1 101", 12) != 0) {
        return 0;
    }
    for (const char *line = strstr(head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "sec-websocket-accept:", 21) == 0) {
            const char *v = line + 23;
            while (*v == ' ') {
                v++;
            }
            return strncmp(v, ACCEPT "\r\n", strlen(ACCEPT) + 2) == 0;
        }
    }
    return 0;
}

static void set_nodelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Opens and upgrades one connection, blocking; then makes it non-blocking. */
static int open_upgraded(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = server_address();
    if (fd < 0 || connect(fd, (struct sockaddr *) &a, sizeof a) != 0) {
        die("connect");
    }
    set_nodelay(fd);
    char buf[1024];
    int len = request(buf, sizeof buf);
    if (write(fd, buf, len) != len) {
        die("write upgrade request");
    }
    size_t have = 0;
    for (;;) {
        ssize_t r = read(fd, buf + have, sizeof buf - 1 - have);
        if (r <= 0) {
            fprintf(stderr, "wsload: the server closed the connection during the upgrade\n");
            exit(1);
        }
        have += r;
        buf[have] = 0;
        char *end = strstr(buf, "\r\n\r\n");
        if (end) {
            if (!accepted(buf) || end + 4 != buf + have) {
                fprintf(stderr, "wsload: upgrade refused or garbled:\n%s\n", buf);
                exit(1);
            }
            break;
        }
        if (have == sizeof buf - 1) {
            fprintf(stderr, "wsload: response head too long\n");
            exit(1);
        }
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void watch(int epoll, conn_t *c, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.ptr = c};
    if (epoll_ctl(epoll, op, c->fd, &e) != 0) {
        die("epoll_ctl");
    }
}

static void arm_out(int epoll, conn_t *c, int on) {
    if (c->out_armed != on) {
        c->out_armed = on;
        watch(epoll, c, EPOLLIN | (on ? EPOLLOUT : 0), EPOLL_CTL_MOD);
    }
}

/* ---- the measurement window ------------------------------------------------------------------ */

typedef struct {
    long long start_ns, end_ns, start_count;
    double start_cpu;
    int open;
} window_t;

/* Moves the window along at `now`: opens it after the warm-up; returns 1 once it has closed. */
static int window_step(window_t *w, long long now, long long count) {
    if (!w->open && now >= w->start_ns) {
        w->open = 1;
        w->start_count = count;
        w->start_cpu = cpu_seconds();
        w->start_ns = now;
        printf("window start\n");
        fflush(stdout);
    } else if (w->open && now >= w->end_ns) {
        printf("window end count=%lld seconds=%.6f cpu=%.6f mismatches=%lld\n", count - w->start_count,
               (now - w->start_ns) / 1e9, cpu_seconds() - w->start_cpu, mismatches);
        fflush(stdout);
        return 1;
    }
    return 0;
}

static window_t window_after(long long warmup_ms, long long measure_ms) {
    window_t w = {0};
    w.start_ns = now_ns() + warmup_ms * 1000000LL;
    w.end_ns = w.start_ns + measure_ms * 1000000LL;
    return w;
}

/* ---- echo ------------------------------------------------------------------------------------ */

static const unsigned char *echo_expected;
static size_t echo_size;
static long long echo_count;

static void echo_payload(conn_t *c, const unsigned char *data, size_t n) {
    if (c->message_at + n > echo_size || memcmp(data, echo_expected + c->message_at, n) != 0) {
        mismatches++;
    }
}

static void echo_message(conn_t *c) {
    if (c->message_at != echo_size) {
        mismatches++;
    }
    echo_count++;
}

/*
 * Writes what a connection owes from `frames` (IN_FLIGHT + 1 copies of the frame back to back,
 * so any run of owed frames starting inside the first copy is one contiguous slice).
 */
static void echo_flush(int epoll, conn_t *c, const unsigned char *frames, size_t frame_size) {
    while (c->owed > 0) {
        ssize_t w = write(c->fd, frames + c->sent_at, c->owed);
        if (w < 0) {
            if (errno == EAGAIN) {
                arm_out(epoll, c, 1);
                return;
            }
            fprintf(stderr, "wsload: a connection failed: %s\n", strerror(errno));
            mismatches++;
            close(c->fd);
            c->owed = 0;
            return;
        }
        c->owed -= w;
        c->sent_at = (c->sent_at + w) % frame_size;
    }
    arm_out(epoll, c, 0);
}

static int run_echo(int argc, char **argv) {
    if (argc != 10) {
        return 2;
    }
    FILE *f = fopen(argv[4], "rb");
    if (!f) {
        die(argv[4]);
    }
    fseek(f, 0, SEEK_END);
    echo_size = ftell(f);
    rewind(f);
    unsigned char *payload = malloc(echo_size + 1);
    if (fread(payload, 1, echo_size, f) != echo_size) {
        die("read payload");
    }
    fclose(f);
    echo_expected = payload;
    int opcode = strcmp(argv[5], "binary") == 0 ? 2 : 1;
    int connections = atoi(argv[6]);
    int in_flight = atoi(argv[7]);
    unsigned char *one = malloc(14 + echo_size);
    size_t frame_size = encode_frame(one, opcode, payload, echo_size);
    unsigned char *frames = malloc(frame_size * (in_flight + 1));
    for (int i = 0; i <= in_flight; i++) {
        memcpy(frames + i * frame_size, one, frame_size);
    }
    int epoll = epoll_create1(0);
    conn_t *conns = calloc(connections, sizeof(conn_t));
    for (int i = 0; i < connections; i++) {
        conns[i].fd = open_upgraded();
        watch(epoll, &conns[i], EPOLLIN, EPOLL_CTL_ADD);
    }
    for (int i = 0; i < connections; i++) {
        conns[i].owed = frame_size * in_flight;
        echo_flush(epoll, &conns[i], frames, frame_size);
    }
    window_t window = window_after(atoll(argv[8]), atoll(argv[9]));
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(epoll, events, MAX_EVENTS, 100);
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                ssize_t r = read(c->fd, read_buffer, READ_BUFFER);
                if (r <= 0) {
                    if (r < 0 && errno == EAGAIN) {
                        continue;
                    }
                    fprintf(stderr, "wsload: the server closed a connection\n");
                    mismatches++;
                    close(c->fd);
                    continue;
                }
                long long before = echo_count;
                if (consume(c, read_buffer, r, opcode, echo_payload, echo_message) < 0) {
                    close(c->fd);
                    continue;
                }
                c->owed += (echo_count - before) * frame_size;
            }
            if (c->owed > 0) {
                echo_flush(epoll, c, frames, frame_size);
            }
        }
        if (window_step(&window, now_ns(), echo_count)) {
            return 0;
        }
    }
}

/* ---- latency --------------------------------------------------------------------------------- */

static long long *latencies;
static long long recorded, latency_from, latency_to;

static void latency_payload(conn_t *c, const unsigned char *data, size_t n) {
    if (c->message_at + n <= sizeof c->small) {
        memcpy(c->small + c->message_at, data, n);
    }
}

static unsigned long long reverse_bits(unsigned long long v) {
    unsigned long long r = 0;
    for (int i = 0; i < 64; i++) {
        r = r << 1 | ((v >> i) & 1);
    }
    return r;
}

/* The message that names its due time, with a check that a corrupted echo fails (as the Java scenario did). */
static void latency_encode(unsigned char *out, unsigned long long due) {
    char text[33];
    snprintf(text, sizeof text, "%016llx%016llx", due, reverse_bits(due) ^ LATENCY_CHECK);
    memcpy(out, text, 32);
}

static void latency_message(conn_t *c) {
    long long now = now_ns();
    unsigned long long due, check;
    char text[33];
    memcpy(text, c->small, 32);
    text[32] = 0;
    if (c->message_at != 32 || sscanf(text, "%16llx%16llx", &due, &check) != 2
        || check != (reverse_bits(due) ^ LATENCY_CHECK)) {
        mismatches++;
        return;
    }
    if ((long long) due >= latency_from && (long long) due < latency_to) {
        latencies[recorded++] = now - (long long) due;
    }
}

static int compare_longs(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static long long percentile(double p) {
    if (recorded == 0) {
        return 0;
    }
    long long at = (long long) (p / 100.0 * recorded + 0.5);
    return latencies[at < 1 ? 0 : at > recorded ? recorded - 1 : at - 1];
}

static int run_latency(int argc, char **argv) {
    if (argc != 8) {
        return 2;
    }
    int connections = atoi(argv[4]);
    long long rate = atoll(argv[5]);
    long long warmup = atoll(argv[6]) * 1000000LL, measure = atoll(argv[7]) * 1000000LL;
    int epoll = epoll_create1(0);
    conn_t *conns = calloc(connections, sizeof(conn_t));
    for (int i = 0; i < connections; i++) {
        conns[i].fd = open_upgraded();
        watch(epoll, &conns[i], EPOLLIN, EPOLL_CTL_ADD);
    }
    long long interval = 1000000000LL / rate;
    long long start = now_ns() + 100000000LL;
    latency_from = start + warmup;
    latency_to = latency_from + measure;
    long long expected = measure / interval;
    latencies = malloc(sizeof(long long) * (expected + 16));
    struct epoll_event events[MAX_EVENTS];
    long long next = 0, stop = latency_to + 1000000000LL; /* a second for the last replies */
    for (;;) {
        long long now = now_ns();
        /* Every message due by now goes out, late ones in a burst: each is timed from when it was due. */
        for (long long due = start + next * interval; due <= now && due < latency_to;
             next++, due = start + next * interval) {
            unsigned char text[32], frame[64];
            latency_encode(text, due);
            size_t size = encode_frame(frame, 1, text, 32);
            if (write(conns[next % connections].fd, frame, size) != (ssize_t) size) {
                mismatches++; /* 38 bytes that a socket with its buffer free cannot take: a stalled peer */
            }
        }
        if (now >= stop) {
            break;
        }
        long long until = start + next * interval < latency_to ? start + next * interval : stop;
        long long wait = until > now ? until - now : 0;
        struct timespec timeout = {.tv_sec = wait / 1000000000LL, .tv_nsec = wait % 1000000000LL};
        int n = epoll_pwait2(epoll, events, MAX_EVENTS, &timeout, NULL);
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            ssize_t r = read(c->fd, read_buffer, READ_BUFFER);
            if (r > 0 && consume(c, read_buffer, r, 1, latency_payload, latency_message) == 0) {
                continue;
            }
            if (r < 0 && errno == EAGAIN) {
                continue;
            }
            mismatches++;
            epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
        }
    }
    qsort(latencies, recorded, sizeof(long long), compare_longs);
    printf("latency p50=%lld p99=%lld p999=%lld max=%lld recorded=%lld expected=%lld mismatches=%lld\n",
           percentile(50), percentile(99), percentile(99.9), recorded ? latencies[recorded - 1] : 0, recorded,
           expected, mismatches);
    return 0;
}

/* ---- handshakes ------------------------------------------------------------------------------ */

enum { CONNECTING, UPGRADING, CLOSING, DRAINING };
static const unsigned char CLOSE_REPLY[4] = {0x88, 0x02, 0x03, 0xe8};
static long long handshakes, failed_handshakes;

/* Sends the upgrade request; 0 if the socket cannot take it yet (still connecting), -1 on failure. */
static int send_upgrade(conn_t *c) {
    char buf[512];
    int size = request(buf, sizeof buf);
    ssize_t w = write(c->fd, buf, size);
    return w == size ? 1 : w < 0 && errno == EAGAIN ? 0 : -1;
}

/*
 * Starts a cycle with as few system calls as the kernel allows (every one here is paid on the
 * generator's core): no TCP_NODELAY (each write follows an acknowledged one, so Nagle never
 * holds it), and on loopback the connection is usually established before connect() returns,
 * so the request goes out at once rather than after a wait for writability.
 */
static void start_cycle(int epoll, conn_t *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        die("socket");
    }
    struct sockaddr_in a = server_address();
    if (connect(c->fd, (struct sockaddr *) &a, sizeof a) != 0 && errno != EINPROGRESS) {
        die("connect");
    }
    c->have = 0;
    c->deadline = now_ns() + 2000000000LL;
    int sent = send_upgrade(c);
    c->state = sent == 1 ? UPGRADING : CONNECTING;
    c->out_armed = c->state == CONNECTING;
    watch(epoll, c, EPOLLIN | EPOLLRDHUP | (c->out_armed ? EPOLLOUT : 0), EPOLL_CTL_ADD);
    if (sent < 0) {
        c->deadline = 0; /* failed: the deadline check ends the cycle */
    }
}

/* Ends one cycle (counted as done or failed) and starts the next at once, so the load stays constant. */
static void end_cycle(int epoll, conn_t *c, int ok) {
    (ok ? &handshakes : &failed_handshakes)[0]++;
    close(c->fd); /* closing also takes it out of the epoll set */
    start_cycle(epoll, c);
}

static void handshake_step(int epoll, conn_t *c, uint32_t events) {
    if (c->state == CONNECTING) {
        if (events & (EPOLLERR | EPOLLHUP)) {
            end_cycle(epoll, c, 0);
            return;
        }
        if (!(events & EPOLLOUT)) {
            return;
        }
        if (send_upgrade(c) != 1) {
            end_cycle(epoll, c, 0);
            return;
        }
        c->state = UPGRADING;
        c->out_armed = 0;
        watch(epoll, c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD);
        return;
    }
    ssize_t r = read(c->fd, c->response + c->have, sizeof c->response - 1 - c->have);
    if (r < 0 && errno == EAGAIN) {
        return;
    }
    if (r <= 0) {
        end_cycle(epoll, c, c->state == DRAINING && r == 0);
        return;
    }
    c->have += r;
    c->response[c->have] = 0;
    if (c->state == UPGRADING) {
        char *end = strstr(c->response, "\r\n\r\n");
        if (!end) {
            if (c->have == sizeof c->response - 1) {
                end_cycle(epoll, c, 0);
            }
            return;
        }
        if (!accepted(c->response) || end + 4 != c->response + c->have) {
            end_cycle(epoll, c, 0);
            return;
        }
        unsigned char code[2] = {0x03, 0xe8}, frame[16];
        size_t size = encode_frame(frame, 8, code, 2);
        if (write(c->fd, frame, size) != (ssize_t) size) {
            end_cycle(epoll, c, 0);
            return;
        }
        c->state = CLOSING;
        c->have = 0;
    } else if (c->state == CLOSING && c->have >= 4) {
        if (c->have != 4 || memcmp(c->response, CLOSE_REPLY, 4) != 0) {
            end_cycle(epoll, c, 0);
            return;
        }
        /* The server closes the TCP connection first (RFC 6455 §7.1.1): if its FIN came with the
           close frame, the cycle is done without another read. */
        if (events & EPOLLRDHUP) {
            end_cycle(epoll, c, 1);
        } else {
            c->state = DRAINING;
        }
    } else if (c->state == DRAINING) {
        end_cycle(epoll, c, 0); /* bytes after the close frame */
    }
}

static int run_handshakes(int argc, char **argv) {
    if (argc != 7) {
        return 2;
    }
    int concurrency = atoi(argv[4]);
    int epoll = epoll_create1(0);
    conn_t *conns = calloc(concurrency, sizeof(conn_t));
    for (int i = 0; i < concurrency; i++) {
        start_cycle(epoll, &conns[i]);
    }
    window_t window = window_after(atoll(argv[5]), atoll(argv[6]));
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(epoll, events, MAX_EVENTS, 100);
        for (int i = 0; i < n; i++) {
            handshake_step(epoll, events[i].data.ptr, events[i].events);
        }
        long long now = now_ns();
        for (int i = 0; i < concurrency; i++) {
            if (now > conns[i].deadline) {
                end_cycle(epoll, &conns[i], 0); /* a server that never finished the cycle */
            }
        }
        mismatches = failed_handshakes;
        if (window_step(&window, now, handshakes)) {
            return 0;
        }
    }
}

int main(int argc, char **argv) {
    int status = 2;
    signal(SIGPIPE, SIG_IGN); /* a server that drops a connection is reported, not fatal */
    if (argc >= 3) {
        port = atoi(argv[2]);
        path = argc > 3 ? argv[3] : "/";
        if (strcmp(argv[1], "echo") == 0) {
            status = run_echo(argc, argv);
        } else if (strcmp(argv[1], "latency") == 0) {
            status = run_latency(argc, argv);
        } else if (strcmp(argv[1], "handshakes") == 0) {
            status = run_handshakes(argc, argv);
        }
    }
    if (status == 2) {
        fprintf(stderr, "usage: wsload echo PORT PATH PAYLOAD_FILE text|binary CONNECTIONS IN_FLIGHT WARMUP_MS "
                        "MEASURE_MS\n       wsload latency PORT PATH CONNECTIONS RATE WARMUP_MS MEASURE_MS\n"
                        "       wsload handshakes PORT PATH CONCURRENCY WARMUP_MS MEASURE_MS\n");
    }
    return status;
}

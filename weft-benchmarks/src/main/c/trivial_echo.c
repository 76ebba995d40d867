/*
 * trivial-echo: the least a WebSocket echo server can do, in C, as a yardstick for bin/bench.
 *
 * One thread on epoll. Upgrades any request that carries a Sec-WebSocket-Key (no other check),
 * then echoes every data frame unmasked as its bytes arrive (one read, then one write of all
 * that read produced), answers a ping with a pong, drops pongs, echoes a close frame and closes
 * after the peer's FIN. No UTF-8 check, no limits, no extensions. Not a server to use: it shows
 * what a server costs that adds nothing to the kernel's work, so that the Java yardstick's own
 * cost, and the load generator's ceiling, can be told apart.
 *
 * Usage: trivial-echo [PORT]; prints "listening PORT" once it accepts connections.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_SIZE 65536
#define MAX_HEAD 8192
#define MAX_EVENTS 256

typedef struct {
    int fd;
    int upgraded;
    int closing;          /* the peer's close frame was echoed: wait for its FIN */
    size_t head_have;
    char head[MAX_HEAD + 1];
    unsigned char hdr[14]; /* the frame header being read */
    int hdr_have;
    int in_frame;         /* reading a payload */
    int emit;             /* whether the payload is echoed (not for a pong) */
    int opcode;
    uint64_t remaining;
    uint64_t at;          /* payload bytes seen, for the mask's phase */
    unsigned char *pending; /* output the socket did not take; reading waits until it has */
    size_t pending_len, pending_at;
} conn_t;

static unsigned char in_buf[READ_SIZE];
static unsigned char out_buf[READ_SIZE + 64];
static int epoll_fd;

/* ---- SHA-1 and base64, for Sec-WebSocket-Accept (RFC 6455 §4.2.2) ---- */

static uint32_t rol(uint32_t v, int n) {
    return (v << n) | (v >> (32 - n));
}

static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    unsigned char *m = calloc(total, 1);
    memcpy(m, msg, len);
    m[len] = 0x80;
    uint64_t bits = (uint64_t) len * 8;
    for (int i = 0; i < 8; i++) {
        m[total - 1 - i] = (unsigned char) (bits >> (8 * i));
    }
    for (size_t chunk = 0; chunk < total; chunk += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++) {
            const unsigned char *p = m + chunk + 4 * i;
            w[i] = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
        }
        for (int i = 16; i < 80; i++) {
            w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rol(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    free(m);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = h[i] >> 24;
        out[4 * i + 1] = h[i] >> 16;
        out[4 * i + 2] = h[i] >> 8;
        out[4 * i + 3] = h[i];
    }
}

static void base64(const unsigned char *in, size_t len, char *out) {
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t) in[i] << 16 | (i + 1 < len ? (uint32_t) in[i + 1] << 8 : 0)
                     | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = table[(v >> 18) & 63];
        out[o++] = table[(v >> 12) & 63];
        out[o++] = i + 1 < len ? table[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? table[v & 63] : '=';
    }
    out[o] = 0;
}

/* ---- connections ---- */

static void watch(conn_t *c, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.ptr = c};
    epoll_ctl(epoll_fd, op, c->fd, &e);
}

static void drop(conn_t *c) {
    close(c->fd); /* also leaves the epoll set */
    free(c->pending);
    free(c);
}

/* Writes what was produced; keeps what the socket did not take and stops reading until it has. Returns 0 if dropped. */
static int send_out(conn_t *c, const unsigned char *data, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(c->fd, data + done, len - done);
        if (w < 0) {
            if (errno == EAGAIN) {
                c->pending = malloc(len - done);
                memcpy(c->pending, data + done, len - done);
                c->pending_len = len - done;
                c->pending_at = 0;
                watch(c, EPOLLOUT, EPOLL_CTL_MOD);
                return 1;
            }
            drop(c);
            return 0;
        }
        done += (size_t) w;
    }
    return 1;
}

/* The socket takes more: writes what was kept; reading resumes once all of it is out. Returns 0 if dropped. */
static int drain_pending(conn_t *c) {
    while (c->pending_at < c->pending_len) {
        ssize_t w = write(c->fd, c->pending + c->pending_at, c->pending_len - c->pending_at);
        if (w < 0) {
            if (errno == EAGAIN) {
                return 1;
            }
            drop(c);
            return 0;
        }
        c->pending_at += (size_t) w;
    }
    free(c->pending);
    c->pending = NULL;
    watch(c, EPOLLIN, EPOLL_CTL_MOD);
    return 1;
}

/* Answers the upgrade once the request head is complete; returns the bytes after it, or -1 while incomplete, -2 if dropped. */
static long upgrade(conn_t *c, const unsigned char *data, size_t n) {
    size_t take = n < MAX_HEAD - c->head_have ? n : MAX_HEAD - c->head_have;
    memcpy(c->head + c->head_have, data, take);
    c->head_have += take;
    c->head[c->head_have] = 0;
    char *end = strstr(c->head, "\r\n\r\n");
    if (!end) {
        if (c->head_have == MAX_HEAD) {
            drop(c);
            return -2;
        }
        return -1;
    }
    char *key = strcasestr(c->head, "\r\nSec-WebSocket-Key:");
    if (!key) {
        static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (write(c->fd, bad, sizeof bad - 1) < 0) {
            /* dropped below either way */
        }
        drop(c);
        return -2;
    }
    key += 20;
    while (*key == ' ') {
        key++;
    }
    char joined[128];
    int k = 0;
    while (key[k] && key[k] != '\r' && key[k] != ' ' && k < 60) {
        joined[k] = key[k];
        k++;
    }
    memcpy(joined + k, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
    unsigned char digest[20];
    sha1((unsigned char *) joined, (size_t) k + 36, digest);
    char accept[32];
    base64(digest, 20, accept);
    char response[256];
    int len = snprintf(response, sizeof response, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                                  "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
    if (!send_out(c, (unsigned char *) response, (size_t) len)) {
        return -2;
    }
    c->upgraded = 1;
    size_t head_len = (size_t) (end + 4 - c->head);
    return (long) (head_len - (c->head_have - take)); /* where the frames start in this read */
}

/* Writes an unmasked header for a frame of `len` bytes; returns its size. */
static size_t put_header(unsigned char *o, int first, uint64_t len) {
    o[0] = (unsigned char) first;
    if (len < 126) {
        o[1] = (unsigned char) len;
        return 2;
    }
    if (len <= 0xFFFF) {
        o[1] = 126;
        o[2] = (unsigned char) (len >> 8);
        o[3] = (unsigned char) len;
        return 4;
    }
    o[1] = 127;
    for (int i = 0; i < 8; i++) {
        o[2 + i] = (unsigned char) (len >> (56 - 8 * i));
    }
    return 10;
}

/* Copies n payload bytes unmasked with `key`, the first of them at payload offset `at`: eight at a time. */
static void unmask(unsigned char *to, const unsigned char *from, size_t n, const unsigned char key[4], uint64_t at) {
    unsigned char rotated[8];
    for (int j = 0; j < 8; j++) {
        rotated[j] = key[(at + j) & 3];
    }
    uint64_t mask;
    memcpy(&mask, rotated, 8);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        uint64_t v;
        memcpy(&v, from + j, 8);
        v ^= mask;
        memcpy(to + j, &v, 8);
    }
    for (; j < n; j++) {
        to[j] = from[j] ^ rotated[j & 7];
    }
}

/* Echoes the frames in data[0..n): returns the output's size, or -1 on a protocol error (the connection is dropped). */
static long echo(conn_t *c, const unsigned char *data, size_t n) {
    size_t i = 0, o = 0;
    while (i < n) {
        if (!c->in_frame) {
            int need = 2;
            if (c->hdr_have >= 2) {
                int len7 = c->hdr[1] & 0x7F;
                need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
            }
            while (c->hdr_have < need && i < n) {
                c->hdr[c->hdr_have++] = data[i++];
                if (c->hdr_have == 2) {
                    if (!(c->hdr[1] & 0x80)) {
                        return -1; /* a client's frames are masked */
                    }
                    int len7 = c->hdr[1] & 0x7F;
                    need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
                }
            }
            if (c->hdr_have < need) {
                break;
            }
            int len7 = c->hdr[1] & 0x7F;
            uint64_t len = (uint64_t) len7;
            int at = 2;
            if (len7 == 126) {
                len = (uint64_t) c->hdr[2] << 8 | c->hdr[3];
                at = 4;
            } else if (len7 == 127) {
                len = 0;
                for (int b = 0; b < 8; b++) {
                    len = len << 8 | c->hdr[2 + b];
                }
                at = 10;
            }
            c->opcode = c->hdr[0] & 0x0F;
            c->emit = c->opcode != 0xA;
            if (c->emit) {
                int first = c->opcode == 0x9 ? 0x8A : (c->hdr[0] & 0x8F); /* a ping is answered with a pong */
                o += put_header(out_buf + o, first, len);
            }
            c->remaining = len;
            c->at = 0;
            memcpy(c->hdr, c->hdr + at, 4); /* keep the mask key at the front */
            c->in_frame = 1;
        }
        size_t m = (size_t) (c->remaining < n - i ? c->remaining : n - i);
        if (c->emit) {
            unmask(out_buf + o, data + i, m, c->hdr, c->at);
            o += m;
        }
        i += m;
        c->at += m;
        c->remaining -= m;
        if (c->remaining == 0) {
            c->in_frame = 0;
            c->hdr_have = 0;
            if (c->opcode == 0x8) {
                c->closing = 1;
                break; /* nothing after a close frame counts */
            }
        }
    }
    return (long) o;
}

static void on_readable(conn_t *c) {
    ssize_t r = read(c->fd, in_buf, READ_SIZE);
    if (r < 0 && errno == EAGAIN) {
        return;
    }
    if (r <= 0) {
        drop(c);
        return;
    }
    if (c->closing) {
        return; /* after our close frame: the peer's bytes are dropped until its FIN */
    }
    size_t from = 0;
    if (!c->upgraded) {
        long start = upgrade(c, in_buf, (size_t) r);
        if (start < 0) {
            return;
        }
        from = (size_t) start;
    }
    long produced = echo(c, in_buf + from, (size_t) r - from);
    if (produced < 0) {
        drop(c);
        return;
    }
    if (produced > 0 && !send_out(c, out_buf, (size_t) produced)) {
        return;
    }
    if (c->closing) {
        shutdown(c->fd, SHUT_WR); /* our FIN follows the close frame; theirs ends the connection */
    }
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *) &address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("trivial-echo: listen");
        return 1;
    }
    socklen_t size = sizeof address;
    getsockname(listener, (struct sockaddr *) &address, &size);
    epoll_fd = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &e);
    printf("listening %d\n", ntohs(address.sin_port));
    fflush(stdout);
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(epoll_fd, events, MAX_EVENTS, -1);
        for (int i = 0; i < n; i++) {
            conn_t *c = events[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn_t *fresh = calloc(1, sizeof *fresh);
                    fresh->fd = fd;
                    watch(fresh, EPOLLIN, EPOLL_CTL_ADD);
                }
                continue;
            }
            if (c->pending) {
                drain_pending(c);
            } else {
                on_readable(c);
            }
        }
    }
}

/*
 * A C client for the pqlattice secure channel (docs/channel.md): connects over TCP
 * to the Rust echo server, pins the server's fingerprint, runs the handshake,
 * sends a message, checks that the echo is the same bytes, and closes the channel.
 *
 *   terminal 1:  cargo run --release --example channel_server --features channel
 *                (prints "server fingerprint: xxxx-xxxx-..." and "tcp listening on ...")
 *   terminal 2:  cc -std=c99 -O2 -Iffi/include examples/c/channel_client.c \
 *                   target/release/libpqlattice.a -lpthread -ldl -lm -o channel_client
 *                ./channel_client 127.0.0.1 7878 xxxx-xxxx-... "hello from C"
 *
 * usage: channel_client HOST PORT SERVER_FINGERPRINT [MESSAGE]
 *
 * Exit status 0 if the handshake succeeded with the pinned server and the echo
 * matched, 1 otherwise (a wrong fingerprint fails with PQL_ERR_CHANNEL_PEER_MISMATCH),
 * 2 for a usage error. The client's identity is generated for this run (the server
 * example accepts any authenticated client unless started with --allow).
 *
 * Transport: each handshake message and record is one frame, a 4-byte big-endian
 * length (1 to PQL_CHANNEL_MAX_RECORD_BYTES) followed by the bytes (the framing of
 * the Rust `Connection`, src/channel/transport.rs).
 */
#define _POSIX_C_SOURCE 200112L
#include <pqlattice.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

/* Sends all n bytes; 0 on success. */
static int send_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t k = send(fd, p, n, 0);
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Receives exactly n bytes; 0 on success. */
static int recv_all(int fd, uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t k = recv(fd, p, n, 0);
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Writes one frame. */
static int write_frame(int fd, const uint8_t *p, size_t n) {
    uint8_t len[4];
    if (n == 0 || n > PQL_CHANNEL_MAX_RECORD_BYTES) return -1;
    len[0] = (uint8_t)(n >> 24);
    len[1] = (uint8_t)(n >> 16);
    len[2] = (uint8_t)(n >> 8);
    len[3] = (uint8_t)n;
    return send_all(fd, len, 4) == 0 && send_all(fd, p, n) == 0 ? 0 : -1;
}

/* Reads one frame into buf (cap bytes); its length goes to *n. A length of 0 or
 * above cap is refused before the body is read. */
static int read_frame(int fd, uint8_t *buf, size_t cap, size_t *n) {
    uint8_t len[4];
    unsigned long v;
    if (recv_all(fd, len, 4) != 0) return -1;
    v = (unsigned long)len[0] << 24 | (unsigned long)len[1] << 16 | (unsigned long)len[2] << 8 |
        (unsigned long)len[3];
    if (v == 0 || v > cap) return -1;
    *n = (size_t)v;
    return recv_all(fd, buf, *n);
}

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints, *res, *ai;
    int fd = -1;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* Prints a failed call and returns 1. */
static int fail(const char *what, int rc) {
    fprintf(stderr, "channel_client: %s: %s (%d)\n", what, pql_error_string(rc), rc);
    return 1;
}

/* Runs the client on a connected socket; returns the exit status. */
static int run(int fd, const uint8_t server_id[PQL_CHANNEL_PEER_ID_BYTES], const char *message) {
    static uint8_t buf[PQL_CHANNEL_MAX_RECORD_BYTES], plain[PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES];
    pql_channel_identity *me = NULL;
    pql_channel_handshake *hs = NULL;
    pql_channel_session *s = NULL;
    char fp[PQL_CHANNEL_FINGERPRINT_BYTES];
    size_t n, msg_len = strlen(message), sizes[3] = {0, 0, 0}, i = 0;
    int rc, step = 0, kind = 0, status = 1;

    if ((rc = pql_channel_identity_generate(&me)) != PQL_OK) return fail("identity", rc);
    if ((rc = pql_channel_identity_fingerprint(me, fp, sizeof fp)) != PQL_OK) {
        status = fail("fingerprint", rc);
        goto out;
    }
    printf("client fingerprint: %s\n", fp);
    rc = pql_channel_handshake_initiator(&hs, me, PQL_CHANNEL_POLICY_PINNED, server_id,
                                         PQL_CHANNEL_PEER_ID_BYTES);
    if (rc != PQL_OK) {
        status = fail("handshake", rc);
        goto out;
    }
    /* The handshake: write, read, write (the state machine says which). */
    for (;;) {
        if ((rc = pql_channel_handshake_next_step(hs, &step)) != PQL_OK) {
            status = fail("handshake step", rc);
            goto out;
        }
        if (step == PQL_CHANNEL_STEP_DONE) break;
        if (step == PQL_CHANNEL_STEP_WRITE) {
            rc = pql_channel_handshake_write_message(hs, buf, sizeof buf, &n);
            if (rc != PQL_OK) {
                status = fail("writing a handshake message", rc);
                goto out;
            }
            if (write_frame(fd, buf, n) != 0) {
                fprintf(stderr, "channel_client: connection lost during the handshake\n");
                goto out;
            }
        } else if (step == PQL_CHANNEL_STEP_READ) {
            if (read_frame(fd, buf, PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES, &n) != 0) {
                fprintf(stderr, "channel_client: connection lost during the handshake\n");
                goto out;
            }
            rc = pql_channel_handshake_read_message(hs, buf, n);
            if (rc != PQL_OK) {
                status = fail("the server's handshake message", rc);
                goto out;
            }
        } else {
            fprintf(stderr, "channel_client: the handshake failed\n");
            goto out;
        }
        if (i < 3) sizes[i++] = n;
    }
    if ((rc = pql_channel_handshake_into_session(hs, &s)) != PQL_OK) {
        status = fail("session", rc);
        goto out;
    }
    printf("handshake done with the pinned server (messages of %zu, %zu and %zu bytes)\n",
           sizes[0], sizes[1], sizes[2]);

    /* One message and its echo. */
    rc = pql_channel_session_seal(s, buf, sizeof buf, &n, (const uint8_t *)message, msg_len);
    if (rc != PQL_OK) {
        status = fail("seal", rc);
        goto out;
    }
    if (write_frame(fd, buf, n) != 0 || read_frame(fd, buf, sizeof buf, &n) != 0) {
        fprintf(stderr, "channel_client: connection lost\n");
        goto out;
    }
    rc = pql_channel_session_open(s, plain, sizeof plain, &n, &kind, buf, n);
    if (rc != PQL_OK) {
        status = fail("open", rc);
        goto out;
    }
    if (kind != PQL_CHANNEL_RECEIVED_DATA || n != msg_len || memcmp(plain, message, n) != 0) {
        fprintf(stderr, "channel_client: the echo differs from the message sent\n");
        goto out;
    }
    printf("sent %zu bytes, echo received and identical\n", msg_len);

    /* Orderly close: ours, then the server's. */
    if ((rc = pql_channel_session_close(s, buf, PQL_CHANNEL_RECORD_OVERHEAD_BYTES)) != PQL_OK) {
        status = fail("close", rc);
        goto out;
    }
    if (write_frame(fd, buf, PQL_CHANNEL_RECORD_OVERHEAD_BYTES) != 0 ||
        read_frame(fd, buf, sizeof buf, &n) != 0) {
        fprintf(stderr, "channel_client: connection lost before the server's close\n");
        goto out;
    }
    rc = pql_channel_session_open(s, plain, sizeof plain, &n, &kind, buf, n);
    if (rc != PQL_OK) {
        status = fail("open", rc);
        goto out;
    }
    if (kind != PQL_CHANNEL_RECEIVED_CLOSE) {
        fprintf(stderr, "channel_client: expected the server's close\n");
        goto out;
    }
    printf("channel closed by both sides\n");
    status = 0;
out:
    pql_channel_session_free(s);
    pql_channel_handshake_free(hs);
    pql_channel_identity_free(me);
    return status;
}

int main(int argc, char **argv) {
    uint8_t server_id[PQL_CHANNEL_PEER_ID_BYTES];
    int fd, rc, status;
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: %s HOST PORT SERVER_FINGERPRINT [MESSAGE]\n", argv[0]);
        return 2;
    }
    rc = pql_channel_peer_id_from_fingerprint(server_id, sizeof server_id, argv[3],
                                              strlen(argv[3]));
    if (rc != PQL_OK) {
        fail("SERVER_FINGERPRINT", rc);
        return 2;
    }
    fd = connect_to(argv[1], argv[2]);
    if (fd < 0) {
        fprintf(stderr, "channel_client: cannot connect to %s port %s\n", argv[1], argv[2]);
        return 1;
    }
    status = run(fd, server_id, argc == 5 ? argv[4] : "hello from C");
    close(fd);
    return status;
}

package dev.weft.internal.transport;

import dev.weft.WebSocketConnectException;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection's stage while a SOCKS5 proxy opens its tunnel (RFC 1928): the greeting
 * offers no authentication and, with credentials, username/password (RFC 1929); then
 * {@code CONNECT} to the server, by name unless it is an address. Every answer is checked as it
 * arrives (a wrong version, a method not offered, a refusal, bytes after the reply), each failing
 * the connect with {@link WebSocketConnectException.Reason#PROXY} and what the proxy said; the
 * handshake timer covers a proxy that says nothing.
 */
final class Socks5Stage implements Tunnel.Stage {
    private static final int VERSION = 5;
    private static final int NO_AUTH = 0;
    private static final int USER_PASSWORD = 2;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;

    /** What the stage waits for. */
    private enum Step { METHOD, AUTH, REPLY, DONE }

    private final TcpConnection tcp;
    private final Socks5Tunnel proxy;
    private final String host;
    private final int port;
    private final CompletableFuture<?> result;
    private final Runnable onTunnel;
    private final Timer timeout;
    /** The proxy's answer so far (its longest, a reply with a 255-byte name, fits). */
    private final ByteBuffer answer = ByteBuffer.allocate(4 + 1 + 255 + 2);
    private Step step = Step.METHOD;

    Socks5Stage(TcpConnection tcp, Socks5Tunnel proxy, String host, int port, CompletableFuture<?> result,
                Runnable onTunnel, Timer timeout) {
        this.tcp = tcp;
        this.proxy = proxy;
        this.host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        this.port = port;
        this.result = result;
        this.onTunnel = onTunnel;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        byte[] greeting = proxy.username() == null
                ? new byte[] {VERSION, 1, NO_AUTH}
                : new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD};
        send(greeting);
    }

    @Override
    public void onBytes(ByteBuffer in) {
        while (in.hasRemaining() && step != Step.DONE) {
            int want = needed();
            int take = Math.min(want - answer.position(), in.remaining());
            answer.put(answer.position(), in, in.position(), take);
            answer.position(answer.position() + take);
            in.position(in.position() + take);
            if (answer.position() == needed() && !handle()) {
                return;
            }
        }
        if (step == Step.DONE && in.hasRemaining()) {
            fail("the proxy sent bytes after opening the tunnel", 0);
        }
    }

    /** How many bytes the answer awaited has, as far as its first bytes tell. */
    private int needed() {
        return switch (step) {
            case METHOD, AUTH -> 2;
            case REPLY -> {
                if (answer.position() < 5) {
                    yield 5;
                }
                int type = answer.get(3) & 0xff;
                yield 4 + switch (type) {
                    case 1 -> 4;
                    case 4 -> 16;
                    case 3 -> 1 + (answer.get(4) & 0xff);
                    default -> 1; // checked in handle()
                } + 2;
            }
            case DONE -> 0;
        };
    }

    /** A whole answer arrived; false if the connect failed on it (or waits for more of it). */
    private boolean handle() {
        switch (step) {
            case METHOD -> {
                int version = answer.get(0) & 0xff;
                int method = answer.get(1) & 0xff;
                if (version != VERSION) {
                    return fail("the proxy answered SOCKS version " + version + ", not 5", 0);
                }
                if (method == NO_ACCEPTABLE_METHOD) {
                    return fail("the proxy accepts none of the offered authentication methods"
                            + (proxy.username() == null ? " (it may want a username and password)" : ""), 0);
                }
                if (method == USER_PASSWORD && proxy.username() != null) {
                    answer.clear();
                    step = Step.AUTH;
                    sendCredentials();
                    return true;
                }
                if (method != NO_AUTH) {
                    return fail("the proxy chose authentication method " + method + ", which was not offered", 0);
                }
                answer.clear();
                step = Step.REPLY;
                sendConnect();
                return true;
            }
            case AUTH -> {
                if ((answer.get(1) & 0xff) != 0) {
                    return fail("the proxy refused the username and password (status " + (answer.get(1) & 0xff) + ")", 0);
                }
                answer.clear();
                step = Step.REPLY;
                sendConnect();
                return true;
            }
            case REPLY -> {
                if (answer.position() == 5 && needed() > 5) {
                    return true; // the address length is known now: read on
                }
                int version = answer.get(0) & 0xff;
                int reply = answer.get(1) & 0xff;
                int type = answer.get(3) & 0xff;
                if (version != VERSION) {
                    return fail("the proxy answered SOCKS version " + version + ", not 5", 0);
                }
                if (reply != 0) {
                    return fail("the proxy refused a tunnel to " + host + ":" + port + ": " + replyText(reply), reply);
                }
                if (type != 1 && type != 3 && type != 4) {
                    return fail("the proxy's reply has address type " + type, 0);
                }
                step = Step.DONE; // the handshake timer keeps running: TLS and the upgrade come next
                Tunnel.handOn(tcp, onTunnel);
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    private void sendCredentials() {
        byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
        byte[] pass = proxy.password().getBytes(StandardCharsets.UTF_8);
        if (user.length > 255 || pass.length > 255) {
            fail("a SOCKS5 username or password is at most 255 bytes", 0);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(3 + user.length + pass.length);
        b.put((byte) 1).put((byte) user.length).put(user).put((byte) pass.length).put(pass);
        send(b.array());
    }

    private void sendConnect() {
        byte[] address;
        byte type;
        if (isAddressLiteral(host)) {
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (java.net.UnknownHostException e) {
                fail("not an address: " + host, 0);
                return;
            }
            type = (byte) (address.length == 4 ? 1 : 4);
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                fail("a host name for SOCKS5 is at most 255 bytes", 0);
                return;
            }
            address = new byte[1 + name.length];
            address[0] = (byte) name.length;
            System.arraycopy(name, 0, address, 1, name.length);
            type = 3; // the proxy resolves the name
        }
        ByteBuffer b = ByteBuffer.allocate(4 + address.length + 2);
        b.put((byte) VERSION).put((byte) 1).put((byte) 0).put(type).put(address).putShort((short) port);
        send(b.array());
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static String replyText(int reply) {
        return switch (reply) {
            case 1 -> "general failure";
            case 2 -> "not allowed by its rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "reply " + reply;
        };
    }

    private void send(byte[] bytes) {
        tcp.write(ByteBuffer.wrap(bytes), false);
    }

    private boolean fail(String message, int status) {
        step = Step.DONE;
        timeout.cancel();
        result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.PROXY,
                "SOCKS5 proxy " + proxy.proxyHost() + ":" + proxy.proxyPort() + ": " + message, status, null, null));
        tcp.close(null);
        return false;
    }

    @Override
    public void onEof() {
        if (step != Step.DONE) {
            fail("the proxy closed the connection before the tunnel was open", 0);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        timeout.cancel();
        if (!result.isDone()) {
            result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.IO,
                    "connection to SOCKS5 proxy " + proxy.proxyHost() + ":" + proxy.proxyPort()
                            + " lost before the tunnel to " + host + ":" + port + " opened", 0, null, cause));
        }
    }
}

package dev.weft.cli;

import dev.weft.ForwardingListener;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.protocol.handshake.ExtensionHeader;

import java.io.PrintStream;

/** Wraps a listener, printing one line when a connection opens, closes or fails. */
final class LoggingListener extends ForwardingListener {
    private final PrintStream out;

    LoggingListener(WebSocketListener inner, PrintStream out) {
        super(inner);
        this.out = out;
    }

    @Override
    public void onOpen(WebSocket ws) {
        print("open  " + ws.path() + " " + address(ws.remoteAddress())
                + (ws.subprotocol() == null ? "" : " protocol=" + ws.subprotocol())
                + (ws.extensions().isEmpty() ? "" : " extensions=" + ExtensionHeader.format(ws.extensions())));
        super.onOpen(ws);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        print("close " + ws.path() + " " + address(ws.remoteAddress()) + " code=" + code
                + (reason.isEmpty() ? "" : " reason=" + reason) + (clean ? "" : " (unclean)"));
        super.onClose(ws, code, reason, clean);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        print("error " + address(ws.remoteAddress()) + " " + error.getMessage());
        super.onError(ws, error);
    }

    /** {@code 127.0.0.1:8080} or {@code [::1]:8080}, as people write addresses (not {@code /127.0.0.1:8080}). */
    static String address(java.net.InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        return dev.weft.internal.transport.Addresses.shown(a);
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}

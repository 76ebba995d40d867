package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;
import org.junit.jupiter.api.Test;

import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

import static org.assertj.core.api.Assertions.assertThat;

/** What weft sets on each connection's socket, as configured (the same call serves server and client sockets). */
class SocketOptionsTest {
    @Test
    void defaultsAreNoDelayOnKeepAliveOffAndTheKernelsSendBuffer() throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            int kernelDefault = ch.getOption(StandardSocketOptions.SO_SNDBUF);
            TcpConnection.setSocketOptions(ch, WebSocketConfig.defaults());
            assertThat(ch.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(ch.getOption(StandardSocketOptions.SO_KEEPALIVE)).isFalse();
            assertThat(ch.getOption(StandardSocketOptions.SO_SNDBUF)).isEqualTo(kernelDefault);
        }
    }

    @Test
    void eachOptionIsSetAsConfigured() throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            TcpConnection.setSocketOptions(ch, WebSocketConfig.builder().tcpNoDelay(false).tcpKeepAlive(true)
                    .socketSendBuffer(32 << 10).build());
            assertThat(ch.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();
            assertThat(ch.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            // Linux doubles what it is asked for, to leave room for its bookkeeping.
            assertThat(ch.getOption(StandardSocketOptions.SO_SNDBUF)).isBetween(32 << 10, 64 << 10);
        }
    }
}

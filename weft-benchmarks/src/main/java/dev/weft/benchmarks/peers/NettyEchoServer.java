package dev.weft.benchmarks.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;

/**
 * Netty 4.2's websocketx echo server, written the way its examples recommend (echoes retained
 * frames, flushes once per read batch, {@link ChannelGroup} for broadcast), on one event-loop
 * thread, on Netty's native epoll transport (NIO where it cannot load). Keeps the contract in
 * {@link ServerArgs}.
 */
public final class NettyEchoServer {
    private static final AttributeKey<Boolean> SUBSCRIBER = AttributeKey.valueOf("subscriber");

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerArgs options = ServerArgs.parse(args);
        // Native epoll, as Netty runs in production on Linux; NIO only where epoll cannot load.
        boolean epoll = io.netty.channel.epoll.Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        System.err.println("netty transport: " + (epoll ? "native epoll" : "NIO (" + io.netty.channel.epoll.Epoll.unavailabilityCause() + ")"));
        ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel ch = new ServerBootstrap().group(group)
                    .channel(epoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                            if (options.deflate()) {
                                c.pipeline().addLast(new WebSocketServerCompressionHandler(0));
                            }
                            c.pipeline().addLast(new WebSocketServerProtocolHandler("/", null, true, 64 << 20, false, true),
                                    new Echo(subscribers));
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", options.port())).sync().channel();
            ServerArgs.announce(((InetSocketAddress) ch.localAddress()).getPort());
            ch.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Sends every text and binary frame back, or to every subscriber on /broadcast. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ChannelGroup subscribers;

        Echo(ChannelGroup subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete done
                    && done.requestUri().equals("/broadcast")) {
                ctx.channel().attr(SUBSCRIBER).set(true);
                subscribers.add(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            if (Boolean.TRUE.equals(ctx.channel().attr(SUBSCRIBER).get())) {
                subscribers.writeAndFlush(frame.retain());
            } else {
                ctx.write(frame.retain());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}

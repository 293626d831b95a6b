package dev.ippo.bench.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Netty 4.1's bench server, the way its own examples build one: HTTP codec, request
 * aggregator, {@link WebSocketServerProtocolHandler} (no compression handler, so no
 * permessage-deflate), a frame aggregator so whole messages are echoed, then a handler that
 * writes each message and flushes once per read batch. One event loop thread does both
 * accepting and I/O. Broadcast goes through a {@link ChannelGroup}, which shares one frame
 * buffer among all receivers.
 *
 * <p>With {@code tls DIR} an {@code SslHandler} comes first, from the PEM files there, through
 * the JDK's {@code SSLEngine} or through OpenSSL (BoringSSL, {@code netty-tcnative}), as an
 * application chooses with {@link SslProvider}.
 *
 * <p>{@link NettyEpollServer}, {@link NettyNioServer} and {@link NettyOpenSslServer} are its
 * entry points.
 * Handlers run on the one loop thread.
 */
final class NettyServer {
  private NettyServer() {}

  static void run(String name, String[] args, boolean epoll, SslProvider provider)
      throws Exception {
    BenchArgs a = BenchArgs.parse(name, args);
    SslContext tls = a.tls() == null ? null
        : SslContextBuilder.forServer(a.tls().certificate().toFile(), a.tls().key().toFile())
            .sslProvider(provider)
            .protocols("TLSv1.3", "TLSv1.2")
            .build();
    EventLoopGroup loop = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ChannelGroup everyone = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
        .websocketPath("/")
        .maxFramePayloadLength(BenchArgs.MAX_MESSAGE)
        .allowExtensions(false)
        .build();
    boolean broadcast = a.mode() == BenchArgs.Mode.BROADCAST;
    Channel server = new ServerBootstrap()
        .group(loop)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            if (tls != null) {
              p.addLast(tls.newHandler(ch.alloc()));
            }
            p.addLast(new HttpServerCodec());
            p.addLast(new HttpObjectAggregator(8192));
            p.addLast(new WebSocketServerProtocolHandler(config));
            p.addLast(new WebSocketFrameAggregator(BenchArgs.MAX_MESSAGE));
            p.addLast(broadcast ? new Broadcaster(everyone) : new Echoer());
          }
        })
        .bind(BenchArgs.HOST, a.port())
        .sync()
        .channel();
    a.announce(((java.net.InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }

  /** Writes every text or binary message back; flushes once per read batch. */
  private static final class Echoer extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
        ctx.write(frame.retain());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  /** Joins the group once the handshake is done; writes every message to the whole group. */
  private static final class Broadcaster extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ChannelGroup everyone;

    Broadcaster(ChannelGroup everyone) {
      this.everyone = everyone;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        everyone.add(ctx.channel());
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
        // The group writes a retained duplicate to each channel and releases this reference.
        everyone.write(frame.retain());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      everyone.flush();
    }
  }
}

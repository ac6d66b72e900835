package dev.konfig.gateway.system;

import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

import dev.konfig.platform.web.ProblemResponseWriter;
import dev.konfig.platform.web.Problems;

/**
 * Requests the gateway refuses before any of its code runs still get a problem answer.
 * Reactor Netty answers a request line longer than {@code server.netty.max-initial-line-length}
 * with 414 and headers larger than {@code server.max-http-request-header-size} with 431 (and a
 * request it cannot parse at all with 400), each without a body and before Spring sees the
 * request; Spring Security's firewall answers {@code //}, {@code ;} or encoded percent signs in
 * a path with a bare 400. Both now answer problem+json through the platform's writer.
 */
@Configuration(proxyBeanMethods = false)
class HttpServerLimitsConfiguration {

	@Bean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemResponseWriter problems) {
		return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST,
				"The request's path or headers are not accepted");
	}

	@Bean
	NettyServerCustomizer problemDecodingFailures(ProblemResponseWriter problems) {
		Map<Integer, byte[]> bodies = Map.of(400, body(problems, HttpStatus.BAD_REQUEST, "The request is malformed"),
				414, body(problems, HttpStatus.URI_TOO_LONG, "The request's URL is longer than the gateway accepts"),
				431, body(problems, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
						"The request's headers are larger than the gateway accepts"));
		ChannelHandler handler = new DecodingFailureProblems(bodies);
		return server -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "konfig.decodingFailureProblems", handler);
			}
		});
	}

	private static byte[] body(ProblemResponseWriter problems, HttpStatus status, String detail) {
		return problems.encode(Problems.of(status, detail, null, java.util.List.of()));
	}

	/**
	 * Gives the bodiless answers Reactor Netty writes for requests it could not decode a problem
	 * body. Answers from the application always carry a content type, so they pass untouched.
	 */
	@ChannelHandler.Sharable
	static final class DecodingFailureProblems extends ChannelOutboundHandlerAdapter {

		private final Map<Integer, byte[]> bodies;

		DecodingFailureProblems(Map<Integer, byte[]> bodies) {
			this.bodies = bodies;
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof FullHttpResponse response && !response.content().isReadable()
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
				byte[] body = this.bodies.get(response.status().code());
				if (body != null) {
					FullHttpResponse problem = new DefaultFullHttpResponse(response.protocolVersion(),
							HttpResponseStatus.valueOf(response.status().code()), Unpooled.wrappedBuffer(body));
					problem.headers().set(response.headers());
					problem.headers().set(HttpHeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON.toString());
					problem.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
					response.release();
					super.write(ctx, problem, promise);
					return;
				}
			}
			super.write(ctx, msg, promise);
		}

	}

}

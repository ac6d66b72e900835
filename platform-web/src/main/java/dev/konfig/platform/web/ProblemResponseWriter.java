package dev.konfig.platform.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Writes a problem as the whole response from places that sit before any controller
 * (security entry points, gateway filters), with the application's own JSON codec.
 */
public class ProblemResponseWriter {

	private static final ResolvableType PROBLEM_TYPE = ResolvableType.forClass(ProblemDetail.class);

	private final List<HttpMessageWriter<?>> writers;

	public ProblemResponseWriter(ServerCodecConfigurer codecs) {
		this.writers = codecs.getWriters();
	}

	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
		return write(exchange, Problems.of(status, detail, exchange.getRequest().getPath().value(), List.of()));
	}

	/**
	 * The problem as the bytes {@link #write} would send, for the few answers made below the
	 * web layer (the HTTP server refusing a request it cannot parse), where no exchange exists.
	 */
	@SuppressWarnings("unchecked")
	public byte[] encode(ProblemDetail problem) {
		for (HttpMessageWriter<?> writer : this.writers) {
			if (writer.canWrite(PROBLEM_TYPE, Problems.PROBLEM_JSON)
					&& writer instanceof EncoderHttpMessageWriter<?> encoderWriter) {
				DataBuffer buffer = ((Encoder<ProblemDetail>) encoderWriter.getEncoder()).encodeValue(problem,
						DefaultDataBufferFactory.sharedInstance, PROBLEM_TYPE, Problems.PROBLEM_JSON, Map.of());
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			}
		}
		throw new IllegalStateException("No JSON encoder for problem details");
	}

	@SuppressWarnings("unchecked")
	public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.empty();
		}
		exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		for (HttpMessageWriter<?> writer : this.writers) {
			if (writer.canWrite(PROBLEM_TYPE, Problems.PROBLEM_JSON)) {
				return ((HttpMessageWriter<ProblemDetail>) writer).write(Mono.just(problem), PROBLEM_TYPE,
						Problems.PROBLEM_JSON, exchange.getResponse(), Map.of());
			}
		}
		return Mono.error(new IllegalStateException("No JSON writer for problem details"));
	}

}

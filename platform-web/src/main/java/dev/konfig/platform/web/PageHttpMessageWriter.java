package dev.konfig.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.lang.Nullable;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Writes a {@link Page} the way the suite's lists look on the wire: the items as a JSON array
 * (what konfig's clients read: {@code for ns in response.json()}), and the next page, when there
 * is one, in a {@code Link: <...?cursor=...>; rel="next"} header (RFC 8288, as GitHub and GitLab
 * do). The link is the request's own path and query with {@code cursor} replaced and
 * {@code skip} dropped, origin-relative so it is right behind the gateway too. The array itself
 * is written by the application's own JSON writer, so naming and views stay the service's.
 */
class PageHttpMessageWriter implements HttpMessageWriter<Page<?>> {

	static final String NEXT = "next";

	private static final List<MediaType> MEDIA_TYPES = List.of(MediaType.APPLICATION_JSON);

	private final Supplier<List<HttpMessageWriter<?>>> writers;

	private volatile List<HttpMessageWriter<?>> resolved;

	/** @param writers every writer of the application, looked up once on first use */
	PageHttpMessageWriter(Supplier<List<HttpMessageWriter<?>>> writers) {
		this.writers = writers;
	}

	@Override
	public List<MediaType> getWritableMediaTypes() {
		return MEDIA_TYPES;
	}

	@Override
	public boolean canWrite(ResolvableType elementType, @Nullable MediaType mediaType) {
		return Page.class.isAssignableFrom(elementType.toClass())
				&& (mediaType == null || MediaType.APPLICATION_JSON.isCompatibleWith(mediaType));
	}

	@Override
	public Mono<Void> write(Publisher<? extends Page<?>> pages, ResolvableType elementType,
			@Nullable MediaType mediaType, ReactiveHttpOutputMessage message, Map<String, Object> hints) {
		return Mono.from(pages).flatMap(page -> writeItems(page, elementType, mediaType, message, hints, null));
	}

	@Override
	public Mono<Void> write(Publisher<? extends Page<?>> pages, ResolvableType actualType, ResolvableType elementType,
			@Nullable MediaType mediaType, ServerHttpRequest request, ServerHttpResponse response,
			Map<String, Object> hints) {
		return Mono.from(pages).flatMap(page -> {
			if (page.nextCursor() != null) {
				response.getHeaders().add(HttpHeaders.LINK, nextLink(request, page.nextCursor()));
			}
			return writeItems(page, elementType, mediaType, response, hints, request);
		});
	}

	/**
	 * {@code <path?query with the next cursor>; rel="next"}. The request's path and query are
	 * taken as they arrived, already encoded, so only the cursor is encoded here: encoding the
	 * whole again would turn a client's {@code %20} into {@code %2520}.
	 */
	static String nextLink(ServerHttpRequest request, String cursor) {
		String next = UriComponentsBuilder.fromUri(request.getURI())
			.scheme(null)
			.host(null)
			.port(null)
			.replaceQueryParam("skip")
			.replaceQueryParam("cursor", UriUtils.encodeQueryParam(cursor, StandardCharsets.UTF_8))
			.build(true)
			.toUriString();
		return "<" + next + ">; rel=\"" + NEXT + "\"";
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Mono<Void> writeItems(Page<?> page, ResolvableType pageType, @Nullable MediaType mediaType,
			ReactiveHttpOutputMessage message, Map<String, Object> hints, @Nullable ServerHttpRequest request) {
		ResolvableType item = pageType.as(Page.class).getGeneric(0);
		ResolvableType listType = ResolvableType.forClassWithGenerics(List.class,
				item.resolve() != null ? item : ResolvableType.forClass(Object.class));
		MediaType type = (mediaType != null && !mediaType.isWildcardType() && !mediaType.isWildcardSubtype())
				? mediaType : MediaType.APPLICATION_JSON;
		HttpMessageWriter writer = arrayWriter(listType, type);
		Mono<List<?>> body = Mono.just(page.items());
		if (request != null && message instanceof ServerHttpResponse response) {
			return writer.write(body, listType, listType, type, request, response, hints);
		}
		return writer.write(body, listType, type, message, hints);
	}

	private HttpMessageWriter<?> arrayWriter(ResolvableType listType, MediaType mediaType) {
		List<HttpMessageWriter<?>> all = this.resolved;
		if (all == null) {
			all = this.writers.get().stream().filter(writer -> !(writer instanceof PageHttpMessageWriter)).toList();
			this.resolved = all;
		}
		return all.stream()
			.filter(writer -> writer.canWrite(listType, mediaType))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No JSON writer for a list of " + listType));
	}

}

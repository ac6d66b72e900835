import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady reads and writes through the gateway for bench/failover.sh, with the figures the
 * failover checks need: failed reads, failed writes (503s apart), and at the end whether every
 * acknowledged write is present exactly once.
 *
 * java bench/FailoverLoad.java GATEWAY_URLS TOKEN NAMESPACE SECONDS|until:FILE [WORKERS]
 *
 * With until:FILE the load runs until that file exists.
 *
 * GATEWAY_URLS may list several gateways (comma separated); like a load balancer in front of
 * them, a request whose connection is refused goes to the next one.
 */
public class FailoverLoad {

	public static void main(String[] args) throws Exception {
		List<String> gateways = List.of(args[0].split(","));
		String token = args[1];
		String namespace = args[2];
		java.nio.file.Path stopFile = args[3].startsWith("until:") ? java.nio.file.Path.of(args[3].substring(6)) : null;
		long seconds = (stopFile != null) ? 86400 : Long.parseLong(args[3]);
		int workers = (args.length > 4) ? Integer.parseInt(args[4]) : 8;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		AtomicLong reads = new AtomicLong();
		AtomicLong readFailures = new AtomicLong();
		AtomicLong writes = new AtomicLong();
		AtomicLong writeFailures = new AtomicLong();
		AtomicLong writeRefusals = new AtomicLong();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		Set<String> acknowledged = new ConcurrentSkipListSet<>();
		AtomicInteger next = new AtomicInteger();
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		String prefix = "k" + Long.toString(System.nanoTime(), 36);
		Thread[] threads = new Thread[workers];
		for (int w = 0; w < workers; w++) {
			int worker = w;
			threads[w] = new Thread(() -> {
				int i = 0;
				while (System.nanoTime() < end && (stopFile == null || !java.nio.file.Files.exists(stopFile))) {
					boolean write = (i++ % 4 == 0);
					try {
						if (write) {
							String key = prefix + "_" + worker + "_" + i;
							String body = "{\"key\":\"" + key + "\",\"value\":" + i + ",\"value_type\":\"number\"}";
							int status = send(http, gateways, next, "POST", "/api/v1/namespaces/" + namespace + "/configs",
									token, body);
							writes.incrementAndGet();
							statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
							if (status == 201) {
								acknowledged.add(key);
							}
							else if (status == 503) {
								writeRefusals.incrementAndGet();
							}
							else {
								writeFailures.incrementAndGet();
							}
						}
						else {
							int status = send(http, gateways, next, "GET", "/api/v1/namespaces/" + namespace + "/values",
									token, null);
							reads.incrementAndGet();
							statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
							if (status != 200) {
								readFailures.incrementAndGet();
							}
						}
					}
					catch (Exception ex) {
						(write ? writeFailures : readFailures).incrementAndGet();
						(write ? writes : reads).incrementAndGet();
						statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
					}
				}
			});
			threads[w].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		// Every acknowledged write present exactly once: keys are unique, so present means once.
		String values = http.send(request(gateways.get(0), "GET", "/api/v1/namespaces/" + namespace + "/values", token, null),
				HttpResponse.BodyHandlers.ofString()).body();
		long missing = acknowledged.stream().filter(key -> !values.contains("\"" + key + "\"")).count();
		long total = reads.get() + writes.get();
		long failed = readFailures.get() + writeFailures.get() + writeRefusals.get();
		System.out.printf("requests %d (reads %d, writes %d); failed %d = %.3f %% (failed reads %d, failed writes %d, writes refused with 503 %d)%n",
				total, reads.get(), writes.get(), failed, 100.0 * failed / Math.max(1, total), readFailures.get(),
				writeFailures.get(), writeRefusals.get());
		System.out.printf("acknowledged writes %d, missing afterwards %d; statuses %s%n", acknowledged.size(), missing,
				statuses);
		System.exit((missing == 0) ? 0 : 1);
	}

	private static int send(HttpClient http, List<String> gateways, AtomicInteger next, String method, String path,
			String token, String body) throws IOException, InterruptedException {
		int start = Math.floorMod(next.getAndIncrement(), gateways.size());
		IOException last = null;
		for (int n = 0; n < gateways.size(); n++) {
			String gateway = gateways.get((start + n) % gateways.size());
			try {
				return http.send(request(gateway, method, path, token, body), HttpResponse.BodyHandlers.discarding())
					.statusCode();
			}
			catch (ConnectException | HttpConnectTimeoutException refused) {
				last = refused;
			}
		}
		throw last;
	}

	private static HttpRequest request(String gateway, String method, String path, String token, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token);
		if (body != null) {
			// Every write carries a key of its own (the same body is the same write), so a write cut by a
			// dying replica is repeated by the gateway on another one and still happens once.
			builder.header("Content-Type", "application/json")
				.header("Idempotency-Key", "write-" + java.util.UUID.nameUUIDFromBytes(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return builder.build();
	}

}

package dev.konfig.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One service of the suite running as its own operating-system process, from the jar the
 * build produced, exactly as an operator would run it.
 */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Path jar;

	private final int port;

	private final Path log;

	private final Map<String, String> environment;

	private Process process;

	ServiceProcess(String name, Path jar, int port, Path log, Map<String, String> environment) {
		this.name = name;
		this.jar = jar;
		this.port = port;
		this.log = log;
		this.environment = environment;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	synchronized void start() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		if (!Files.isRegularFile(this.jar)) {
			throw new IllegalStateException(this.jar + " is missing: package the modules before the end-to-end tests");
		}
		Files.createDirectories(this.log.getParent());
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-jar", this.jar.toString()));
		builder.environment().putAll(this.environment);
		builder.environment().put("SERVER_PORT", Integer.toString(this.port));
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		this.process = builder.start();
	}

	void awaitReady(Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<String> response = HTTP.send(probe, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("UP")) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " was not ready within " + timeout + ":\n" + tail());
	}

	synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** kill -9: the process ends at once, its connections reset, nothing drained. */
	synchronized void kill() throws InterruptedException {
		if (this.process != null) {
			this.process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}

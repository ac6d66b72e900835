package dev.konfig.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser against the real suite: the console module's Playwright
 * script ({@code console/e2e/console.e2e.mjs}, playwright-core driving the machine's chromium)
 * registers, works through configs, API keys, files, printers, gang sheets and print jobs, reads
 * the audit trail, and checks {@code /admin} for an owner and for a platform admin, with axe-core
 * on the main pages. Its screenshots go to {@code docs/console/}. The script's output is echoed;
 * its exit status decides.
 */
class ConsoleBrowserEndToEndTests {

	private static final long TIMEOUT_MINUTES = 10;

	@Test
	void theConsoleWorksInARealBrowserAgainstTheSuite() throws Exception {
		Path root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		Path console = root.resolve("console");
		assertThat(console.resolve("node_modules/playwright-core")).as("the console module's npm ci ran").isDirectory();
		// Registers the platform admin named in KONFIG_AUTH_PLATFORM_ADMINS (the script signs in as it).
		String admin = Accounts.platformAdminToken();
		// Secure cookies need a secure context: http://localhost is one, http://127.0.0.1 is not for every browser.
		String gateway = Suite.get().gatewayUrl().replace("127.0.0.1", "localhost");

		ProcessBuilder builder = new ProcessBuilder("node", "e2e/console.e2e.mjs").directory(console.toFile())
			.redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.put("KONFIG_GATEWAY_URL", gateway);
		env.put("KONFIG_PLATFORM_ADMIN_EMAIL", Suite.PLATFORM_ADMIN_EMAIL);
		env.put("KONFIG_PLATFORM_ADMIN_PASSWORD", Accounts.PASSWORD);
		env.put("KONFIG_CONSOLE_SCREENSHOTS", root.resolve("docs/console").toString());
		env.put("KONFIG_CONSOLE_GANG_SHEETS", gangSheetApiDeployed(admin) ? "run" : "skip");
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		Thread echo = new Thread(() -> echo(process, output));
		echo.start();
		boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		echo.join(TimeUnit.SECONDS.toMillis(10));
		Files.createDirectories(root.resolve("e2e-tests/target/e2e-logs"));
		Files.writeString(root.resolve("e2e-tests/target/e2e-logs/console-browser.log"), output);

		assertThat(finished).as("the browser tests finish within %d minutes:%n%s", TIMEOUT_MINUTES, output).isTrue();
		assertThat(process.exitValue()).as("the browser tests' exit status:%n%s", output).isZero();
		assertThat(output).contains("console browser tests: passed").doesNotContain("FAIL ");
	}

	/**
	 * The gang-sheet API (print-service spec §5) is built on another branch: its steps run once
	 * print-service answers its preview path (anything but 404), and are skipped with that reason
	 * before.
	 */
	private static boolean gangSheetApiDeployed(String token) {
		int status = Accounts.call(token, HttpMethod.POST, "/api/v1/gang-sheets/preview", Map.of("items", java.util.List.of()))
			.returnResult(String.class)
			.getStatus()
			.value();
		return status != 404;
	}

	private static void echo(Process process, StringBuilder output) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				System.out.println("[console] " + line);
				synchronized (output) {
					output.append(line).append('\n');
				}
			}
		}
		catch (IOException ex) {
			synchronized (output) {
				output.append("reading the output failed: ").append(ex).append('\n');
			}
		}
	}

}

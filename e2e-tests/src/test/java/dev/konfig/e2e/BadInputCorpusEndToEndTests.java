package dev.konfig.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.konfig.e2e.ApiRequests.Call;
import dev.konfig.e2e.ApiRequests.Caller;
import dev.konfig.e2e.ApiRequests.Request;
import dev.konfig.e2e.ApiRequests.Rule;
import dev.konfig.e2e.Http.Answer;
import dev.konfig.e2e.OpenApiOperations.Operation;
import dev.konfig.e2e.OpenApiOperations.Parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input for every documented operation, sent through the gateway by the organization's
 * owner (who may do everything, so the input itself is what is judged): each body property,
 * path segment, query parameter and precondition header of the operation's working request is
 * replaced in turn by NUL and control characters, unpaired surrogates, a 1 MB string,
 * 10,000-deep nesting, values of the wrong JSON type, numbers beyond any range, invalid UUIDs
 * and path traversal, and the whole body by what is not JSON at all.
 *
 * <p>
 * No answer may be a 5xx; every refusal is a problem+json; a refused request changes no row
 * and appends no event anywhere. An accepted one (a name may well be "../x") is fine.
 */
class BadInputCorpusEndToEndTests extends DocumentedOperationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PLACEHOLDER = "\"__hostile_value__\"";

	private static final String MEGABYTE = "x".repeat(1024 * 1024);

	/** JSON text put where a property's value goes. */
	private static final Map<String, String> VALUES = values();

	/** Encoded text put where a path segment or query value goes. */
	private static final List<String> SEGMENTS = List.of("%00", "a%00b", "%01%1F%7F", "..", "..%2F..%2Fetc%2Fpasswd",
			"%2e%2e%2f%2e%2e%2f", "%252e%252e%252f", "..%5C..%5Cwindows", "not-a-uuid",
			"00000000-0000-0000-0000-00000000000g", "%ED%A0%80", "%FF%FE", "-1", "1e400", "NaN",
			"99999999999999999999999999", "%22%3E%3Cscript%3E", "x".repeat(10_000));

	/** Precondition and cursor header values. */
	private static final List<String> HEADERS = List.of("x", "\"", "W/", "*, \"1\"", "\"99999999999999999999999999\"",
			"\"-1\"", "W/\"1\", garbage", "\"" + "9".repeat(5000) + "\"");

	/** Whole bodies that are not the JSON object an operation takes. */
	private static final Map<String, String> BODIES = Map.of("not JSON", "not json", "truncated", "{\"a\":",
			"an array", "[]", "a string", "\"text\"", "trailing garbage", "{} x", "10,000-deep nesting",
			"[".repeat(10_000) + "]".repeat(10_000), "a NUL byte outside strings", "{\u0000}", "a number", "1e400");

	@Test
	void theCorpusHasAtLeastAThousandCases() {
		int cases = ruledOperations().mapToInt(operation -> cases(operation, working(operation)).size())
			.sum();
		assertThat(cases).isGreaterThanOrEqualTo(1000);
	}

	@TestFactory
	Stream<DynamicTest> noHostileInputGetsA5xxOrChangesAnything() {
		return eachOperation(this::check);
	}

	/** One hostile request. */
	record Case(String what, String path, Map<String, String> headers, String body) {
	}

	private void check(Operation operation, Rule rule) {
		List<String> wrong = new ArrayList<>();
		Request working = working(operation);
		List<Case> cases = cases(operation, working);
		Map<String, String> before = SuiteState.quietSnapshot();
		int accepted = 0;
		for (int i = 0; i < cases.size(); i++) {
			Case hostile = cases.get(i);
			if (this.fixtures.renewDue()) {
				before = SuiteState.quietSnapshot();
			}
			Map<String, String> headers = new LinkedHashMap<>(this.fixtures.credentials(Caller.OWNER));
			headers.putAll(working.headers());
			headers.putAll(hostile.headers());
			Answer answer;
			try {
				answer = Http.send(operation.method(), hostile.path(), headers, hostile.body());
			}
			catch (IllegalStateException ex) {
				wrong.add(hostile.what() + ": no answer (" + ex.getMessage() + ")");
				continue;
			}
			if (answer.status() >= 500) {
				wrong.add(hostile.what() + ": " + answer);
			}
			else if (answer.status() >= 400) {
				if (!answer.isProblem()) {
					wrong.add(hostile.what() + ": the refusal is not a problem+json: " + answer);
				}
				Map<String, String> after = SuiteState.quietSnapshot();
				Set<String> changes = SuiteState.changes(before, after);
				if (rule.auditsRefusals()) {
					changes.removeIf(SuiteState::auditOnly);
				}
				if (!changes.isEmpty()) {
					wrong.add(hostile.what() + ": refused with " + answer.status() + ", yet changed " + changes);
				}
				before = after;
			}
			else {
				// Accepted: the state moved on, and the next cases start from a fresh working request.
				accepted++;
				working = working(operation);
				List<Case> fresh = cases(operation, working);
				cases = new ArrayList<>(cases.subList(0, i + 1));
				cases.addAll(fresh.subList(i + 1, fresh.size()));
				before = SuiteState.quietSnapshot();
			}
		}
		if (!wrong.isEmpty()) {
			fail(operation.id() + ": " + wrong.size() + " of " + cases.size() + " cases (" + accepted + " accepted)\n  "
					+ String.join("\n  ", wrong.stream().map(line -> line.length() > 400 ? line.substring(0, 400) : line).toList()));
		}
	}

	private Request working(Operation operation) {
		return this.rules.get(operation.id()).request().apply(new Call(Caller.OWNER, this.fixtures));
	}

	/** Every hostile variation of the working request. */
	private List<Case> cases(Operation operation, Request working) {
		List<Case> cases = new ArrayList<>();
		String path = working.path();
		String query = "";
		int mark = path.indexOf('?');
		if (mark >= 0) {
			query = path.substring(mark + 1);
			path = path.substring(0, mark);
		}
		String[] template = operation.path().split("/");
		String[] segments = path.split("/");
		for (int i = 0; i < template.length && i < segments.length; i++) {
			if (template[i].startsWith("{")) {
				for (String value : SEGMENTS) {
					String[] changed = segments.clone();
					changed[i] = value;
					cases.add(new Case("path " + template[i] + "=" + shown(value), String.join("/", changed)
							+ (query.isEmpty() ? "" : "?" + query), Map.of(), working.body()));
				}
			}
		}
		for (Parameter parameter : operation.parameters()) {
			if (parameter.in().equals("query")) {
				for (String value : SEGMENTS) {
					cases.add(new Case("query " + parameter.name() + "=" + shown(value),
							path + "?" + withQuery(query, parameter.name(), value), Map.of(), working.body()));
				}
			}
			else if (parameter.in().equals("header")) {
				for (String value : HEADERS) {
					cases.add(new Case("header " + parameter.name() + ": " + shown(value), working.path(),
							Map.of(parameter.name(), value), working.body()));
				}
			}
		}
		if (operation.hasBody() && working.body() != null && working.json()) {
			Map<String, Object> body = JSON.readValue(working.body(), Map.class);
			Set<String> properties = new LinkedHashSet<>(body.keySet());
			properties.addAll(OpenApiOperations.propertyNames(operation.bodySchema()));
			for (String property : properties) {
				for (Map.Entry<String, String> value : VALUES.entrySet()) {
					Map<String, Object> changed = new LinkedHashMap<>(body);
					changed.put(property, "__hostile_value__");
					cases.add(new Case(property + " = " + value.getKey(), working.path(), Map.of(),
							JSON.writeValueAsString(changed).replace(PLACEHOLDER, value.getValue())));
				}
			}
			BODIES.forEach((what, text) -> cases.add(new Case("body: " + what, working.path(), Map.of(), text)));
		}
		return cases;
	}

	private static String withQuery(String query, String name, String value) {
		List<String> parts = new ArrayList<>();
		for (String part : query.split("&")) {
			if (!part.isEmpty() && !part.startsWith(name + "=")) {
				parts.add(part);
			}
		}
		parts.add(name + "=" + value);
		return String.join("&", parts);
	}

	private static Map<String, String> values() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("NUL", "\"a\\u0000b\"");
		values.put("control characters", "\"\\u0001\\u0007\\u001b[31m\\u007f\"");
		values.put("unpaired high surrogate", "\"\\ud800\"");
		values.put("unpaired low surrogate", "\"x\\udc00y\"");
		values.put("1 MB string", "\"" + MEGABYTE + "\"");
		values.put("10,000-deep arrays", "[".repeat(10_000) + "]".repeat(10_000));
		values.put("10,000-deep objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
		values.put("number", "12345");
		values.put("boolean", "true");
		values.put("object", "{}");
		values.put("array", "[\"a\"]");
		values.put("null", "null");
		values.put("1e400", "1e400");
		values.put("-1e400", "-1e400");
		values.put("huge integer", "123456789012345678901234567890123456789");
		values.put("NaN", "NaN");
		values.put("Infinity", "Infinity");
		values.put("invalid UUID", "\"not-a-uuid\"");
		values.put("almost a UUID", "\"00000000-0000-0000-0000-00000000000g\"");
		values.put("path traversal", "\"../../../../etc/passwd\"");
		values.put("encoded traversal", "\"..%2F..%2Fetc%2Fpasswd\"");
		values.put("empty string", "\"\"");
		return values;
	}

	private static String shown(String value) {
		return (value.length() > 40) ? value.substring(0, 12) + "...(" + value.length() + " chars)" : value;
	}

}

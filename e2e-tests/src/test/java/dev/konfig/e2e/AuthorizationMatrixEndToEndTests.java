package dev.konfig.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import dev.konfig.e2e.ApiRequests.Call;
import dev.konfig.e2e.ApiRequests.Caller;
import dev.konfig.e2e.ApiRequests.Request;
import dev.konfig.e2e.ApiRequests.Rule;
import dev.konfig.e2e.Http.Answer;
import dev.konfig.e2e.OpenApiOperations.Operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Who may call what, for every operation the gateway documents: each operation is called
 * through the gateway by ten callers, from the organization's owner to someone with no
 * credential at all, and each answer is held to the rule written for that operation below.
 * Where the call is refused, nothing in any service's tables changed and no event was appended.
 *
 * <p>
 * The operations come from the OpenAPI documents: an endpoint added to any service and not
 * given a rule here fails {@link #everyDocumentedOperationHasARule()}, so none goes unchecked.
 */
class AuthorizationMatrixEndToEndTests extends DocumentedOperationTests {

	@Test
	void everyDocumentedOperationHasARule() {
		Set<String> documented = new TreeSet<>();
		OpenApiOperations.all().forEach(operation -> documented.add(operation.id()));
		assertThat(documented).as("operations documented but given no rule in ApiRequests.rules()").isSubsetOf(this.rules.keySet());
		assertThat(this.rules.keySet()).as("rules for operations no longer documented").isSubsetOf(documented);
	}

	@TestFactory
	Stream<DynamicTest> everyOperationAnswersEachCallerAsItsRuleSays() {
		return eachOperation(this::check);
	}

	private void check(Operation operation, Rule rule) {
		List<String> wrong = new ArrayList<>();
		for (Caller caller : Caller.values()) {
			Request request = rule.request().apply(new Call(caller, this.fixtures));
			int expected = rule.expected(caller);
			this.fixtures.renewDue();
			Map<String, String> before = (expected != 0) ? SuiteState.quietSnapshot() : null;
			Map<String, String> headers = new java.util.LinkedHashMap<>(this.fixtures.credentials(caller));
			headers.putAll(request.headers());
			Answer answer = Http.send(operation.method(), request.path(), headers, request.body());
			if (expected == 0) {
				if (answer.status() < 200 || answer.status() > 299) {
					wrong.add(caller + ": expected success, got " + answer);
				}
				else if (caller == Caller.OTHER_OWNER && !rule.isPublic()) {
					this.fixtures.markers().stream()
						.filter(marker -> answer.body().contains(marker))
						.forEach(marker -> wrong.add(caller + ": the answer shows the other organization's " + marker));
				}
				continue;
			}
			if (answer.status() != expected) {
				wrong.add(caller + ": expected " + expected + ", got " + answer);
			}
			else if (!answer.isProblem()) {
				wrong.add(caller + ": the refusal is not a problem+json: " + answer);
			}
			Map<String, String> after = SuiteState.quietSnapshot();
			if (!after.equals(before)) {
				wrong.add(caller + ": refused, yet changed " + SuiteState.changes(before, after));
			}
		}
		if (!wrong.isEmpty()) {
			fail(operation.id() + " (" + request(rule) + ")\n  " + String.join("\n  ", wrong));
		}
	}

	private String request(Rule rule) {
		return rule.isPublic() ? "public"
				: "users: " + rule.users() + ", keys: " + rule.keyScope() + (rule.scoped() ? ", scoped" : ", own");
	}

}

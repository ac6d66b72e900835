package dev.konfig.e2e;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestInstance;

import dev.konfig.e2e.ApiRequests.Fixtures;
import dev.konfig.e2e.ApiRequests.Rule;
import dev.konfig.e2e.OpenApiOperations.Operation;

/**
 * Tests run over every operation the gateway documents, each with its rule from
 * {@link ApiRequests#rules()} and fixtures of their own (an organization of every role).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DocumentedOperationTests {

	protected final Map<String, Rule> rules = ApiRequests.rules();

	protected Fixtures fixtures;

	@BeforeAll
	void createFixtures() {
		this.fixtures = new Fixtures();
	}

	/** The documented operations that have a rule (the matrix fails for those that have none). */
	protected Stream<Operation> ruledOperations() {
		return OpenApiOperations.all().stream().filter(operation -> this.rules.containsKey(operation.id()));
	}

	/** One dynamic test per ruled operation, named after it. */
	protected Stream<DynamicTest> eachOperation(BiConsumer<Operation, Rule> check) {
		return ruledOperations().map(operation -> DynamicTest.dynamicTest(operation.id(),
				() -> check.accept(operation, this.rules.get(operation.id()))));
	}

}

package dev.konfig.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.konfig.file.archfixture.Violations;
import dev.konfig.platform.archfixture.NamesAService;
import dev.konfig.print.archfixture.PrintJob;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The suite's boundaries, checked on every module's compiled main classes: services never
 * import each other, platform libraries never know a service, and no service grows its own copy
 * of a platform piece (page type, outbound client, circuit breaker settings, LISTEN loop, ETag
 * parsing). Each rule is also shown to catch a violation, on fixtures committing one each.
 *
 * <p>The classes come from each module's {@code target/classes}, which the reactor build of the
 * modules produces before this module runs (the end-to-end tests need their jars anyway).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTests {

	/** Every service's root package, the ones still to be written included. */
	static final List<String> SERVICES = List.of("auth", "tenant", "config", "audit", "gateway", "file", "print");

	static final String PLATFORM = "dev.konfig.platform..";

	static final ArchRule SERVICES_DO_NOT_IMPORT_EACH_OTHER = CompositeArchRule
		.of(SERVICES.stream().map(ArchitectureTests::importsNoOtherService).toList())
		.as("no service imports another service's code")
		.allowEmptyShould(true);

	static final ArchRule PLATFORM_KNOWS_NO_SERVICE = noClasses().that()
		.resideInAPackage(PLATFORM)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(servicePackages())
		.as("platform code names no service")
		.allowEmptyShould(true);

	static final ArchRule NO_OWN_PAGE_TYPE = noClasses().that()
		.resideInAnyPackage(servicePackages())
		.should()
		.haveSimpleNameEndingWith("Page")
		.orShould(havePageShape())
		.as("no service defines its own page type (use platform-web's Page and PageRequest)")
		.allowEmptyShould(true);

	static final ArchRule NO_OWN_OUTBOUND_CLIENT = noClasses().that().resideOutsideOfPackage(PLATFORM)
		.should()
		.callCodeUnitWhere(target("org.springframework.web.reactive.function.client.WebClient", "builder", "create")
			.or(target("reactor.netty.http.client.HttpClient", "create"))
			.or(target("org.springframework.http.client.reactive.ReactorClientHttpConnector", "<init>")))
		.as("no service builds its own WebClient or HTTP connector (use the platform's client factory)")
		.allowEmptyShould(true);

	static final ArchRule NO_OWN_CIRCUIT_BREAKER_SETTINGS = noClasses().that().resideOutsideOfPackage(PLATFORM)
		.should()
		.callCodeUnitWhere(target("io.github.resilience4j.circuitbreaker.CircuitBreakerConfig", "custom"))
		.as("no service sets up its own circuit breakers (use the platform's client factory)")
		.allowEmptyShould(true);

	static final ArchRule NO_OWN_LISTEN_LOOP = noClasses().that().resideOutsideOfPackage(PLATFORM)
		.should()
		.callCodeUnitWhere(target("io.r2dbc.postgresql.api.PostgresqlConnection", "getNotifications"))
		.as("no service holds its own LISTEN connection (use the platform's notification listener)")
		.allowEmptyShould(true);

	static final ArchRule NO_OWN_ETAG_PARSING = noClasses().that()
		.resideOutsideOfPackage(PLATFORM)
		.should()
		.haveNameMatching(".*(EntityTag|ETag|Etag)[^.]*")
		.as("no service parses ETags itself (use platform-web's EntityTags)")
		.allowEmptyShould(true);

	/** Rules may find nothing to check (no file-service yet); the import itself is checked to be complete. */
	private JavaClasses suite;

	@BeforeAll
	void importEveryModulesMainClasses() throws Exception {
		Path root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		List<Path> modules;
		try (Stream<Path> children = Files.list(root)) {
			modules = children.filter(dir -> Files.isDirectory(dir.resolve("src/main/java/dev/konfig")))
				.map(dir -> dir.resolve("target/classes"))
				.sorted()
				.toList();
		}
		for (Path classes : modules) {
			assertThat(classes.resolve("dev/konfig")).as("%s: compile the modules before this test", classes)
				.isDirectory();
		}
		this.suite = new ClassFileImporter().importPaths(modules);
		for (String module : List.of("platform", "auth", "tenant", "config", "audit", "gateway")) {
			assertThat(this.suite.stream().anyMatch(type -> type.getPackageName().startsWith("dev.konfig." + module)))
				.as("classes of %s were imported", module)
				.isTrue();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void theSuiteKeepsItsBoundaries(String name, ArchRule rule, Class<?> violation) {
		rule.check(this.suite);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rules")
	void eachRuleCatchesAViolation(String name, ArchRule rule, Class<?> violation) {
		JavaClasses offending = new ClassFileImporter().importClasses(violation, PrintJob.class);
		assertThatThrownBy(() -> rule.check(offending)).isInstanceOf(AssertionError.class)
			.hasMessageContaining(violation.getSimpleName());
		assertThatNoException().isThrownBy(() -> rule.check(new ClassFileImporter().importClasses(PrintJob.class)));
	}

	static Stream<Arguments> rules() {
		return Stream.of(
				Arguments.of("services do not import each other", SERVICES_DO_NOT_IMPORT_EACH_OTHER,
						Violations.ImportsAnotherService.class),
				Arguments.of("platform knows no service", PLATFORM_KNOWS_NO_SERVICE, NamesAService.class),
				Arguments.of("no own page type by name", NO_OWN_PAGE_TYPE, Violations.FilePage.class),
				Arguments.of("no own page type by shape", NO_OWN_PAGE_TYPE, Violations.FileListing.class),
				Arguments.of("no own outbound client", NO_OWN_OUTBOUND_CLIENT, Violations.OwnWebClient.class),
				Arguments.of("no own circuit breaker settings", NO_OWN_CIRCUIT_BREAKER_SETTINGS,
						Violations.OwnCircuitBreaker.class),
				Arguments.of("no own LISTEN loop", NO_OWN_LISTEN_LOOP, Violations.OwnListener.class),
				Arguments.of("no own ETag parsing", NO_OWN_ETAG_PARSING, Violations.FileEntityTags.class));
	}

	private static ArchRule importsNoOtherService(String service) {
		String[] others = SERVICES.stream()
			.filter(other -> !other.equals(service))
			.map(other -> "dev.konfig." + other + "..")
			.toArray(String[]::new);
		// Services still to be written have no classes yet: an empty check is no failure.
		return noClasses().that()
			.resideInAPackage("dev.konfig." + service + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(others)
			.allowEmptyShould(true);
	}

	private static String[] servicePackages() {
		return SERVICES.stream().map(service -> "dev.konfig." + service + "..").toArray(String[]::new);
	}

	private static DescribedPredicate<JavaCall<?>> target(String owner, String... names) {
		List<String> methods = Arrays.asList(names);
		return DescribedPredicate.describe(owner + "#" + methods,
				call -> call.getTargetOwner().getName().equals(owner) && methods.contains(call.getName()));
	}

	/** A type with the fields of a page: {@code items} and {@code nextCursor}. */
	private static ArchCondition<JavaClass> havePageShape() {
		return new ArchCondition<>("have the shape of a page (items and nextCursor)") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				Set<String> fields = new java.util.HashSet<>();
				for (JavaField field : type.getFields()) {
					fields.add(field.getName());
				}
				boolean page = fields.contains("items") && fields.contains("nextCursor");
				events.add(new SimpleConditionEvent(type, page,
						type.getName() + (page ? " has" : " does not have") + " items and nextCursor"));
			}

		};
	}

}

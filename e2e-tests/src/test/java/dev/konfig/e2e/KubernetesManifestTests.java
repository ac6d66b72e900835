package dev.konfig.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps deploy/kubernetes honest against the modules, as {@link ComposeFileTests} does for
 * Compose: every manifest parses as Kubernetes objects (fabric8's model), every deployable module
 * of the reactor has its Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler, on
 * its own port, probed on readiness and liveness, with resources, and given only variables its
 * application.yml reads, from ConfigMaps and Secrets that exist. A new module fails here until its
 * manifest is written.
 */
class KubernetesManifestTests {

	private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Deployment", Deployment.class,
			"Service", Service.class, "PodDisruptionBudget", PodDisruptionBudget.class, "HorizontalPodAutoscaler",
			HorizontalPodAutoscaler.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
			"PersistentVolumeClaim", PersistentVolumeClaim.class);

	private static Path directory;

	private static Map<String, ComposeFileTests.Module> modules;

	private static final List<HasMetadata> objects = new ArrayList<>();

	@BeforeAll
	static void readManifests() throws IOException {
		Path root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		directory = root.resolve("deploy/kubernetes");
		modules = ComposeFileTests.deployableModules(root);
		ObjectMapper json = JsonMapper.builder().build();
		YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
		for (Path file : manifests()) {
			try (var parser = yaml.createParser(file.toFile())) {
				for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
					String kind = document.path("kind").asText();
					assertThat(KINDS).as("%s: kind %s", file.getFileName(), kind).containsKey(kind);
					objects.add(json.treeToValue(document, KINDS.get(kind)));
				}
			}
		}
	}

	@Test
	void theKustomizationListsEveryManifest() throws IOException {
		JsonNode kustomization = new YAMLMapper().readTree(directory.resolve("kustomization.yaml").toFile());
		Set<String> listed = new TreeSet<>();
		kustomization.path("resources").forEach(resource -> listed.add(resource.asText()));
		Set<String> files = new TreeSet<>();
		manifests().forEach(file -> files.add(file.getFileName().toString()));
		assertThat(listed).isEqualTo(files);
	}

	@Test
	void everyDeployableModuleHasItsObjectsAndNothingElseIsDeployed() {
		assertThat(modules).isNotEmpty();
		assertThat(names(Deployment.class)).isEqualTo(modules.keySet());
		assertThat(names(Service.class)).isEqualTo(modules.keySet());
		assertThat(names(PodDisruptionBudget.class)).isEqualTo(modules.keySet());
		assertThat(names(HorizontalPodAutoscaler.class)).isEqualTo(modules.keySet());
	}

	@Test
	void containersListenAndAreProbedOnTheModulesPort() {
		SoftAssertions softly = new SoftAssertions();
		for (Deployment deployment : all(Deployment.class)) {
			String name = deployment.getMetadata().getName();
			ComposeFileTests.Module module = modules.get(name);
			if (module == null) {
				continue;
			}
			Container container = container(deployment);
			int port = Integer.parseInt(module.defaultPort());
			softly.assertThat(container.getPorts()).as("%s: container port", name)
				.anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
			softly.assertThat(env(container)).as("%s: SERVER_PORT", name).containsEntry("SERVER_PORT", String.valueOf(port));
			softly.assertThat(path(container.getReadinessProbe())).as("%s: readiness probe", name)
				.isEqualTo("/actuator/health/readiness");
			softly.assertThat(path(container.getLivenessProbe())).as("%s: liveness probe", name)
				.isEqualTo("/actuator/health/liveness");
			softly.assertThat(container.getResources().getRequests()).as("%s: requests", name).containsKeys("cpu", "memory");
			softly.assertThat(container.getResources().getLimits()).as("%s: memory limit", name).containsKey("memory");
			Service service = one(Service.class, name);
			softly.assertThat(service.getSpec().getPorts()).as("%s: service port", name)
				.anySatisfy(p -> assertThat(p.getPort()).isEqualTo(port));
			softly.assertThat(service.getSpec().getSelector()).as("%s: service selects its pods", name)
				.isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
			if (!name.equals("gateway")) {
				softly.assertThat(service.getSpec().getClusterIP()).as("%s: headless, so peers see every pod", name)
					.isEqualTo("None");
			}
		}
		softly.assertAll();
	}

	@Test
	void rolloutsKeepAReplicaServingAndAutoscalingTargetsTheDeployment() {
		SoftAssertions softly = new SoftAssertions();
		for (Deployment deployment : all(Deployment.class)) {
			String name = deployment.getMetadata().getName();
			softly.assertThat(deployment.getSpec().getReplicas()).as("%s: replicas", name).isGreaterThanOrEqualTo(2);
			softly.assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
				.as("%s: maxUnavailable", name).isZero();
			softly.assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
				.as("%s: grace period covers the drain delay and graceful shutdown", name).isGreaterThanOrEqualTo(35);
			PodDisruptionBudget budget = one(PodDisruptionBudget.class, name);
			softly.assertThat(budget.getSpec().getSelector().getMatchLabels()).as("%s: budget selector", name)
				.isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
			HorizontalPodAutoscaler autoscaler = one(HorizontalPodAutoscaler.class, name);
			softly.assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).as("%s: autoscaler target", name)
				.isEqualTo(name);
			softly.assertThat(autoscaler.getSpec().getMinReplicas()).as("%s: min replicas", name).isGreaterThanOrEqualTo(2);
		}
		softly.assertAll();
	}

	@Test
	void containersGetOnlyVariablesTheirServiceReadsFromObjectsThatExist() {
		Map<String, Set<String>> configKeys = new HashMap<>();
		all(ConfigMap.class).forEach(map -> configKeys.put(map.getMetadata().getName(), map.getData().keySet()));
		Map<String, Set<String>> secretKeys = new HashMap<>();
		all(Secret.class).forEach(secret -> secretKeys.put(secret.getMetadata().getName(), secret.getStringData().keySet()));
		SoftAssertions softly = new SoftAssertions();
		for (Deployment deployment : all(Deployment.class)) {
			String name = deployment.getMetadata().getName();
			ComposeFileTests.Module module = modules.get(name);
			if (module == null) {
				continue;
			}
			for (EnvVar variable : container(deployment).getEnv()) {
				if (!PLATFORM_VARIABLES.contains(variable.getName())) {
					softly.assertThat(module.text()).as("%s/src/main/resources/application.yml reads %s", name,
							variable.getName()).contains("${" + variable.getName());
				}
				if (variable.getValueFrom() == null) {
					continue;
				}
				if (variable.getValueFrom().getConfigMapKeyRef() != null) {
					var ref = variable.getValueFrom().getConfigMapKeyRef();
					softly.assertThat(configKeys.getOrDefault(ref.getName(), Set.of())).as("%s: %s from ConfigMap %s", name,
							variable.getName(), ref.getName()).contains(ref.getKey());
				}
				if (variable.getValueFrom().getSecretKeyRef() != null) {
					var ref = variable.getValueFrom().getSecretKeyRef();
					softly.assertThat(secretKeys.getOrDefault(ref.getName(), Set.of())).as("%s: %s from Secret %s", name,
							variable.getName(), ref.getName()).contains(ref.getKey());
				}
			}
		}
		softly.assertAll();
	}

	private static List<Path> manifests() throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(file -> file.toString().endsWith(".yaml"))
				.filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.toList();
		}
	}

	private static <T extends HasMetadata> List<T> all(Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T extends HasMetadata> T one(Class<T> type, String name) {
		return all(type).stream()
			.filter(object -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
	}

	private static Set<String> names(Class<? extends HasMetadata> type) {
		Set<String> names = new TreeSet<>();
		all(type).forEach(object -> names.add(object.getMetadata().getName()));
		return names;
	}

	private static Container container(Deployment deployment) {
		return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	private static Map<String, String> env(Container container) {
		Map<String, String> values = new HashMap<>();
		container.getEnv().forEach(variable -> values.put(variable.getName(), variable.getValue()));
		return values;
	}

	private static String path(Probe probe) {
		return (probe != null && probe.getHttpGet() != null) ? probe.getHttpGet().getPath() : null;
	}

}

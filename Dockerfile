# syntax=docker/dockerfile:1.7
# One image recipe for every service of the suite:
#   docker build --build-arg MODULE=auth-service -t konfig/auth-service .
# docker-compose.yml builds each service with its own MODULE.

ARG MODULE=

# --- build: compile the module and the platform libraries it needs, with the Maven wrapper ---
FROM eclipse-temurin:25-jdk AS build
ARG MODULE
RUN test -n "$MODULE" || { echo "--build-arg MODULE=<service module> is required" >&2; exit 1; }
WORKDIR /workspace
COPY . .
# The Maven repository (and the wrapper's Maven) live in a BuildKit cache that survives builds;
# "locked" because compose builds several services at once and Maven's local repository is
# not safe for concurrent writers.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -q -DskipTests -pl "$MODULE" -am package \
 && cp "$MODULE/target/$MODULE.jar" /workspace/app.jar \
 && java -Djarmode=tools -jar /workspace/app.jar extract --layers --launcher --destination /workspace/extracted

# --- runtime: a JRE, the jar's layers from least to most often changed, a non-root user ---
# (/var/lib/konfig/files is file-service's storage root: a named volume mounted there starts
# with this directory's owner, so the non-root user can write it.)
FROM eclipse-temurin:25-jre
ARG MODULE
LABEL org.opencontainers.image.title="konfig-$MODULE"
RUN groupadd --system konfig && useradd --system --gid konfig --home-dir /app --no-create-home konfig \
 && mkdir -p /var/lib/konfig/files && chown -R konfig:konfig /var/lib/konfig
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY docker/healthcheck /usr/local/bin/healthcheck
USER konfig
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the
# orchestrator restarts it instead of leaving a half-working JVM. JAVA_TOOL_OPTIONS adds flags.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]

# syntax=docker/dockerfile:1.7
# One image recipe for every service of the suite:
#   docker build --build-arg MODULE=auth-service -t konfig/auth-service .
# docker-compose.yml builds each service with its own MODULE.

ARG MODULE=

# --- console: the web console's build (the gateway serves it), with Node from its own image ---
# (the JDK image's distribution has no Node recent enough for Vite; Maven then skips npm)
FROM node:22-bookworm-slim AS console
WORKDIR /console
COPY console/package.json console/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY console/ ./
RUN npm run build

# --- build: compile the module and the platform libraries it needs, with the Maven wrapper ---
FROM eclipse-temurin:25-jdk AS build
ARG MODULE
RUN test -n "$MODULE" || { echo "--build-arg MODULE=<service module> is required" >&2; exit 1; }
WORKDIR /workspace
COPY . .
COPY --from=console /console/target/classes/konfig-console console/target/classes/konfig-console
# The Maven repository (and the wrapper's Maven) live in a BuildKit cache that survives builds;
# "locked" because compose builds several services at once and Maven's local repository is
# not safe for concurrent writers.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -q -DskipTests -Dnpm.skip=true -pl "$MODULE" -am package \
 && cp "$MODULE/target/$MODULE.jar" /workspace/app.jar \
 && java -Djarmode=tools -jar /workspace/app.jar extract --layers --destination /workspace/extracted

# --- runtime: a JRE, the jar's layers from least to most often changed, a non-root user ---
# (plain jars: app.jar and lib/, which the AOT cache needs; no nested-jar launcher)
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
# JDK 25's AOT cache (classes loaded and linked, method profiles), from a training run that stops
# once the application context is refreshed. There is no database while the image is built, so
# the run skips the migrations; if the service still cannot refresh without one, the image is
# built without a cache and starts as before (-XX:AOTCache only warns when the file is missing).
RUN java -XX:+UseSerialGC -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh \
      -Dspring.flyway.enabled=false -Dserver.port=0 -jar /app/app.jar >/tmp/aot-training.log 2>&1 \
    || echo "no AOT cache for $MODULE (training run failed)"; rm -f /tmp/aot-training.log
USER konfig
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the
# orchestrator restarts it instead of leaving a half-working JVM. The serial collector suits the
# one or two cores a service gets (docs/benchmarks.md). JAVA_TOOL_OPTIONS adds flags.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]

# Parley in a container: build with Maven + Node, run on a slim JRE as a non-root user, data on a volume.
#   docker build -t parley .
#   docker run -d --name parley -p 8080:8080 -p 1883:1883 -p 8000:8000 -v parley-data:/data parley
#   TLS: add -e PARLEY_TLS=auto (or pem with PARLEY_TLS_CERT/PARLEY_TLS_KEY) -p 8443:8443 -p 8883:8883 -p 8884:8884
# See docs/deploy.md (systemd, reverse proxy). Not built on the development machines (no Docker engine there).

FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
# mvn package builds the browser client (npm ci + esbuild), so the build stage needs Node 20 as well.
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version
WORKDIR /src
# The server's own build is server.pom.xml (pom.xml aggregates it with parley-testing, which the image does not need).
COPY pom.xml server.pom.xml ./
RUN mvn -B -q -f server.pom.xml dependency:go-offline
COPY web web
COPY src src
RUN mvn -B -q -f server.pom.xml -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /data parley && mkdir -p /data && chown parley /data && chmod 700 /data
COPY --from=build /src/target/parley.jar /opt/parley/parley.jar
USER parley
WORKDIR /data
# mDNS from a bridged container would advertise the container's address, which nobody on the LAN can reach:
# discovery is off here; turn it on (PARLEY_DISCOVERY=true) only with --network host.
ENV PARLEY_DATA_DIR=/data \
    PARLEY_DISCOVERY=false
VOLUME ["/data"]
# 8080 web client + REST API, 1883 MQTT, 8000 MQTT over WebSocket (/mqtt);
# with PARLEY_TLS=auto|pem also 8443 HTTPS, 8883 MQTT over TLS, 8884 MQTT over secure WebSocket (/mqtt).
EXPOSE 8080 1883 8000 8443 8883 8884
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/api/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/parley/parley.jar"]

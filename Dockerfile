# Parley in a container: build with Maven, run on a slim JRE as a non-root user, data on a volume.
#   docker build -t parley .
#   docker run -p 8080:8080 -p 1883:1883 -p 8000:8000 -v parley-data:/data parley
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY web web
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /data parley && mkdir -p /data && chown parley /data
COPY --from=build /src/target/parley.jar /opt/parley/parley.jar
USER parley
WORKDIR /data
ENV PARLEY_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080 1883 8000 8883
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/api/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/parley/parley.jar"]

# The Paynotify server as a container image, from the jar the build made:
#   ./mvnw -B -pl paynotify-server -am package -DskipTests
#   docker build -t paynotify/paynotify-server .
# See docs/operations.md ("Running in production") for the settings and compose.yaml for two nodes.

# Split the executable jar into its layers (the libraries change seldom, the application often),
# so an image rebuilt after a code change reuses the library layers.
FROM eclipse-temurin:25-jre AS layers
WORKDIR /build
ARG JAR_FILE=paynotify-server/target/paynotify-server-exec.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:25-jre
# A fixed numeric id, so Kubernetes' runAsNonRoot can check it without knowing the name.
RUN groupadd --system --gid 10001 paynotify \
    && useradd --system --uid 10001 --gid paynotify --home-dir /app --shell /usr/sbin/nologin paynotify \
    && mkdir -p /data \
    && chown paynotify:paynotify /data
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001

# The embedded H2 database and any generated API token or master key live here unless
# SPRING_DATASOURCE_URL points at PostgreSQL or MySQL; give PAYNOTIFY_MASTER_KEY in production.
ENV PAYNOTIFY_DATA_DIR=/data
VOLUME /data
EXPOSE 8080

# bash's /dev/tcp, because the base image is not promised to carry curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]

package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files at the top of the repository, read as Docker, Compose and systemd would read
 * them (no Docker engine runs here): what each must hold for a node to run safely.
 */
class DeploymentFilesTest {
  /**
   * The build's executable jar: {@code finalName} plus the repackage classifier, see this module's
   * pom.
   */
  static final String EXEC_JAR = "paynotify-server/target/paynotify-server-exec.jar";

  static final List<String> LAYERS =
      List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
  static final Path ROOT = Path.of("..");

  @Nested
  class Dockerfile {
    final List<Instruction> instructions = DockerInstructions.parse(ROOT.resolve("Dockerfile"));
    final List<Instruction> runtime = DockerInstructions.lastStage(instructions);

    @Test
    void buildsFromTheJarTheBuildMakes() {
      var jar = DockerInstructions.first(instructions, "ARG").args();
      var ignore =
          read(ROOT.resolve(".dockerignore"))
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .toList();

      assertThat(jar).isEqualTo("JAR_FILE=" + EXEC_JAR);
      assertThat(ignore)
          .as("the build context holds the jar alone")
          .containsExactly("*", "!" + EXEC_JAR);
    }

    @Test
    void splitsTheJarIntoBootsLayersAndCopiesThemLeastChangingFirst() {
      var extract =
          DockerInstructions.all(instructions, "RUN").stream()
              .map(Instruction::args)
              .filter(args -> args.contains("-Djarmode=tools"))
              .toList();
      var copies = DockerInstructions.all(runtime, "COPY").stream().map(Instruction::args).toList();

      assertThat(extract).singleElement().asString().contains("extract --layers --launcher");
      assertThat(DockerInstructions.copiedLayers(runtime)).containsExactlyElementsOf(LAYERS);
      assertThat(copies).allSatisfy(args -> assertThat(args).startsWith("--from="));
    }

    @Test
    void runsAsAnUnprivilegedUserThroughTheLauncher() {
      var user = DockerInstructions.first(runtime, "USER").args();
      var entrypoint = DockerInstructions.first(runtime, "ENTRYPOINT").args();

      assertThat(user.split(":")[0]).isNotIn("root", "0").matches("[1-9][0-9]*");
      assertThat(runtime.indexOf(DockerInstructions.first(runtime, "USER")))
          .isLessThan(runtime.indexOf(DockerInstructions.first(runtime, "ENTRYPOINT")));
      assertThat(entrypoint)
          .startsWith("[\"java\"")
          .contains("\"org.springframework.boot.loader.launch.JarLauncher\"");
      assertThat(DockerInstructions.first(runtime, "FROM").args()).startsWith("eclipse-temurin:25");
    }

    @Test
    void exposesThePortAndKeepsTheDataDirectoryOnAVolume() {
      assertThat(DockerInstructions.first(runtime, "EXPOSE").args()).isEqualTo("8080");
      assertThat(DockerInstructions.first(runtime, "ENV").args())
          .isEqualTo("PAYNOTIFY_DATA_DIR=/data");
      assertThat(DockerInstructions.first(runtime, "VOLUME").args()).isEqualTo("/data");
      assertThat(DockerInstructions.first(runtime, "HEALTHCHECK").args())
          .contains("/actuator/health/liveness");
    }
  }

  @Nested
  class Compose {
    final Map<String, Object> compose = yaml(ROOT.resolve("compose.yaml"));
    final Map<String, Object> services = map(compose.get("services"));

    @Test
    void runsTwoNodesOnOnePostgresDatabase() {
      var nodes = nodes();
      var postgres = map(services.get("postgres"));

      assertThat(nodes).hasSize(2);
      assertThat((String) postgres.get("image")).startsWith("postgres:");
      assertThat(nodes.values())
          .allSatisfy(
              node ->
                  assertThat(environment(node).get("SPRING_DATASOURCE_URL"))
                      .isEqualTo("jdbc:postgresql://postgres:5432/paynotify"));
      assertThat(nodes.values().stream().map(node -> node.get("ports")).distinct()).hasSize(2);
    }

    @Test
    void givesBothNodesTheSameMasterKeyFromOutsideTheFile() {
      var keys =
          nodes().values().stream()
              .map(node -> environment(node).get("PAYNOTIFY_MASTER_KEY"))
              .distinct()
              .toList();

      assertThat(keys).singleElement().asString().matches("\\$\\{PAYNOTIFY_MASTER_KEY:\\?[^}]+}");
    }

    @Test
    void writesNoSecretIntoTheFile() {
      var secretNames = Pattern.compile(".*(KEY|TOKEN|PASSWORD|SECRET).*");
      var secrets = new ArrayList<String>();
      services
          .values()
          .forEach(
              service ->
                  environment(map(service))
                      .forEach(
                          (name, value) -> {
                            if (secretNames.matcher(name).matches()) {
                              secrets.add(name + "=" + value);
                            }
                          }));

      assertThat(secrets)
          .hasSizeGreaterThanOrEqualTo(7)
          .allSatisfy(secret -> assertThat(secret).matches("[A-Z_]+=\\$\\{[A-Z_]+:\\?[^}]+}"));
    }

    @Test
    void startsTheNodesOnceTheDatabaseAnswers() {
      var healthcheck = map(map(services.get("postgres")).get("healthcheck"));

      assertThat(healthcheck.get("test").toString()).contains("pg_isready");
      assertThat(nodes().values())
          .allSatisfy(
              node ->
                  assertThat(map(map(node.get("depends_on")).get("postgres")).get("condition"))
                      .isEqualTo("service_healthy"));
    }

    private Map<String, Map<String, Object>> nodes() {
      var nodes = new LinkedHashMap<String, Map<String, Object>>();
      services.forEach(
          (name, service) -> {
            if (map(service).containsKey("build")) {
              nodes.put(name, map(service));
            }
          });
      return nodes;
    }

    private static Map<String, Object> environment(Map<String, Object> service) {
      return service.containsKey("environment") ? map(service.get("environment")) : Map.of();
    }
  }

  @Nested
  class SystemdUnit {
    final Map<String, Map<String, List<String>>> unit =
        ini(ROOT.resolve("deploy/systemd/paynotify.service"));
    final Map<String, List<String>> service = unit.get("Service");

    @Test
    void startsTheJarAsAnUnprivilegedUserAndRestartsItWhenItFails() {
      assertThat(service.get("User")).singleElement().isNotIn("root", "0");
      assertThat(service.get("ExecStart"))
          .singleElement()
          .asString()
          .startsWith("/usr/bin/java ")
          .contains(" -jar /opt/paynotify/paynotify-server.jar");
      assertThat(service.get("Restart")).containsExactly("on-failure");
      assertThat(service.get("SuccessExitStatus")).containsExactly("143");
      assertThat(unit.get("Install").get("WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void takesTheSecretsFromAnEnvironmentFileAndKeepsDataInItsStateDirectory() {
      assertThat(service.get("EnvironmentFile")).containsExactly("/etc/paynotify/paynotify.env");
      assertThat(service.get("Environment"))
          .containsExactly("PAYNOTIFY_DATA_DIR=/var/lib/paynotify");
      assertThat(service.get("StateDirectory")).containsExactly("paynotify");
      assertThat(service.get("ProtectSystem")).containsExactly("strict");
    }
  }

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String args) {}

  static final class DockerInstructions {
    static List<Instruction> parse(Path dockerfile) {
      var instructions = new ArrayList<Instruction>();
      var pending = new StringBuilder();
      for (var line : DeploymentFilesTest.read(dockerfile).lines().toList()) {
        var stripped = line.strip();
        if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
          continue;
        }
        if (stripped.endsWith("\\")) {
          pending.append(stripped, 0, stripped.length() - 1).append(' ');
          continue;
        }
        pending.append(stripped);
        var text = pending.toString().strip();
        pending.setLength(0);
        var space = text.indexOf(' ');
        instructions.add(
            new Instruction(
                text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
                text.substring(space + 1).strip().replaceAll("\\s+", " ")));
      }
      return instructions;
    }

    static List<Instruction> lastStage(List<Instruction> instructions) {
      var from = 0;
      for (int i = 0; i < instructions.size(); i++) {
        if (instructions.get(i).keyword().equals("FROM")) {
          from = i;
        }
      }
      return instructions.subList(from, instructions.size());
    }

    static List<Instruction> all(List<Instruction> instructions, String keyword) {
      return instructions.stream()
          .filter(instruction -> instruction.keyword().equals(keyword))
          .toList();
    }

    static Instruction first(List<Instruction> instructions, String keyword) {
      var found = all(instructions, keyword);
      assertThat(found).as(keyword).isNotEmpty();
      return found.getFirst();
    }

    /** The layer each {@code COPY --from=... /extracted/<layer>/ ./} brings in, in order. */
    static List<String> copiedLayers(List<Instruction> runtime) {
      var layer = Pattern.compile("--from=\\S+ \\S*/extracted/([a-z-]+)/ \\./");
      return all(runtime, "COPY").stream()
          .map(copy -> layer.matcher(copy.args()))
          .map(match -> match.matches() ? match.group(1) : "not a layer: " + match.pattern())
          .toList();
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> yaml(Path file) {
    return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  /** systemd's unit format: sections of {@code Key=value} lines, a key possibly repeated. */
  static Map<String, Map<String, List<String>>> ini(Path file) {
    var sections = new LinkedHashMap<String, Map<String, List<String>>>();
    Map<String, List<String>> section = null;
    for (var line : read(file).lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1), name -> new LinkedHashMap<>());
        continue;
      }
      assertThat(section).as("a key before any section: " + line).isNotNull();
      var equals = line.indexOf('=');
      assertThat(equals).as("not Key=value: " + line).isPositive();
      section
          .computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
          .add(line.substring(equals + 1).strip());
    }
    return sections;
  }
}

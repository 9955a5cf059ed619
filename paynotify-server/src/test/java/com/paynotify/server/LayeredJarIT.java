package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, after {@code package}: it is layered as the Dockerfile expects, and the
 * Dockerfile's extract command splits it into the layers it copies.
 */
class LayeredJarIT {
  private static final Path JAR = Path.of("..").resolve(DeploymentFilesTest.EXEC_JAR);

  @Test
  void theJarIndexesBootsFourLayersInTheOrderTheDockerfileCopiesThem() throws IOException {
    List<String> layers;
    try (var jar = new JarFile(JAR.toFile())) {
      var index = jar.getEntry("BOOT-INF/layers.idx");
      assertThat(index).as("BOOT-INF/layers.idx in " + JAR).isNotNull();
      layers =
          new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> line.startsWith("- "))
              .map(line -> line.substring(2).replace("\"", "").replace(":", ""))
              .toList();
    }
    var copied =
        DeploymentFilesTest.DockerInstructions.copiedLayers(
            DeploymentFilesTest.DockerInstructions.lastStage(
                DeploymentFilesTest.DockerInstructions.parse(Path.of("../Dockerfile"))));

    assertThat(layers).containsExactlyElementsOf(DeploymentFilesTest.LAYERS);
    assertThat(copied).containsExactlyElementsOf(layers);
  }

  @Test
  void theDockerfilesExtractCommandSplitsTheJarIntoItsLayers() throws Exception {
    var destination = Path.of("target/layers-check");
    deleteRecursively(destination);
    var command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools",
                "-jar",
                JAR.toString(),
                "extract",
                "--layers",
                "--launcher",
                "--destination",
                destination.toString()));

    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(
            destination.resolve(
                "spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
        .isRegularFile();
    assertThat(
            destination.resolve(
                "application/BOOT-INF/classes/com/paynotify/server/PaynotifyApplication.class"))
        .isRegularFile();
    assertThat(destination.resolve("application/META-INF/MANIFEST.MF")).isRegularFile();
    try (var libraries = Files.list(destination.resolve("dependencies/BOOT-INF/lib"))) {
      assertThat(libraries.map(library -> library.getFileName().toString()))
          .anyMatch(name -> name.startsWith("spring-boot-4"))
          .noneMatch(name -> name.startsWith("paynotify-"));
    }
    assertThat(destination.resolve("snapshot-dependencies")).isDirectory();
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}

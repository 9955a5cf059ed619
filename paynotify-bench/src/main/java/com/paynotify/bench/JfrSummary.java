package com.paynotify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot methods of a flight recording: the {@code jdk.ExecutionSample} events counted by their
 * top frame (where the CPU was when sampled) and by the nearest frame in Paynotify's own code (the
 * Paynotify method the time was spent under, directly or in the libraries it called).
 */
final class JfrSummary {
  private JfrSummary() {}

  static void print(Path recording, int top) throws IOException {
    var self = new HashMap<String, Integer>();
    var byPackage = new HashMap<String, Integer>();
    var ours = new HashMap<String, Integer>();
    int samples = 0;
    try (var file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        var event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStackTrace() == null) {
          continue;
        }
        var frames = event.getStackTrace().getFrames();
        if (frames.isEmpty()) {
          continue;
        }
        samples++;
        var first = frames.getFirst();
        self.merge(method(first), 1, Integer::sum);
        byPackage.merge(family(first.getMethod().getType().getName()), 1, Integer::sum);
        for (var frame : frames) {
          if (frame.getMethod().getType().getName().startsWith("com.paynotify.")) {
            ours.merge(method(frame), 1, Integer::sum);
            break;
          }
        }
      }
    }
    System.out.printf("JFR %s: %d execution samples%n", recording, samples);
    print("hot methods (top frame)", self, samples, top);
    print("top frame by library", byPackage, samples, 12);
    print("nearest Paynotify frame on the stack", ours, samples, top);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.println("  " + title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /**
   * The first three segments of a class's package: org.postgresql.core, com.paynotify.delivery,
   * java.util.concurrent.
   */
  private static String family(String className) {
    var parts = className.split("\\.");
    int keep = Math.min(3, Math.max(1, parts.length - 1));
    return String.join(".", java.util.Arrays.copyOf(parts, keep));
  }
}

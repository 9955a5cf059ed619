package com.paynotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (Linux): user plus system time, in
 * milliseconds. A process that has gone reads as absent, so a sum over a list of pids counts only
 * those still running.
 */
final class ProcCpu {
  /** USER_HZ: 100 on every Linux the JDK runs on; /proc reports times in these ticks. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcCpu() {}

  /** utime + stime of {@code pid}, in ms; empty when it has exited or /proc is unreadable. */
  static OptionalLong millis(long pid) {
    try {
      return OptionalLong.of(
          millis(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    } catch (IOException | RuntimeException gone) {
      return OptionalLong.empty();
    }
  }

  /**
   * utime + stime of {@code pid} plus cutime + cstime: its own CPU and that of its reaped children.
   */
  static long millisWithReapedChildren(long pid) {
    var fields = fields(pid);
    if (fields == null) {
      return 0;
    }
    long ticks = 0;
    for (int i = 11; i <= 14; i++) {
      ticks += Long.parseLong(fields[i]);
    }
    return ticksToMillis(ticks);
  }

  /**
   * utime + stime of {@code pid}'s live threads whose name starts with one of {@code prefixes}
   * ({@code /proc/<pid>/task/<tid>/comm}, at most 15 characters), in ms.
   */
  static long threads(long pid, List<String> prefixes) {
    long total = 0;
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (var task : (Iterable<Path>) tasks::iterator) {
        try {
          var name = Files.readString(task.resolve("comm")).strip();
          if (prefixes.stream().anyMatch(name::startsWith)) {
            total += millis(Files.readString(task.resolve("stat")));
          }
        } catch (IOException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  static long sum(Collection<Long> pids) {
    long total = 0;
    for (var pid : pids) {
      total += millis(pid).orElse(0);
    }
    return total;
  }

  /** The parent pid of {@code pid}, or -1 when it cannot be read. */
  static long parent(long pid) {
    var fields = fields(pid);
    return fields == null ? -1 : Long.parseLong(fields[1]);
  }

  /**
   * All CPU a process tree has used: the root with its reaped children plus every live child.
   * Exited children move from the second part to the first, so a difference of two readings is the
   * work done in between, short-lived children included.
   */
  static long tree(long root) {
    long total = millisWithReapedChildren(root);
    try (var entries = Files.list(Path.of("/proc"))) {
      for (var entry : (Iterable<Path>) entries::iterator) {
        var name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (parent(pid) == root) {
          total += millis(pid).orElse(0);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return total;
  }

  /** The fields after the command name, which may itself hold spaces and parentheses. */
  private static String @Nullable [] fields(long pid) {
    try {
      return fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Fields 3 onwards of a stat line (state, ppid, ...; utime is [11]), split after the command's
   * last ')'.
   */
  static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
  }

  /** utime + stime of a stat line, in ms. */
  static long millis(String stat) {
    var fields = fields(stat);
    return ticksToMillis(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
  }

  private static long ticksToMillis(long ticks) {
    return ticks * 1000 / TICKS_PER_SECOND;
  }
}

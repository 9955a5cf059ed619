package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProcCpuTest {

  @Test
  void readsUserAndSystemTimeAfterACommandNameHoldingSpacesAndParentheses() {
    var stat =
        "4242 (odd) name) R 1 4242 4242 0 -1 4194304 100 0 0 0 150 50 7 3 20 0 1 0 3611 222445568";

    long millis = ProcCpu.millis(stat);

    assertThat(millis).isEqualTo(2_000);
    assertThat(ProcCpu.fields(stat)[1]).isEqualTo("1");
  }

  @Test
  void readsThisProcessAndFindsItsParent() {
    var self = ProcessHandle.current();

    var cpu = ProcCpu.millis(self.pid());

    assertThat(cpu).isPresent();
    assertThat(ProcCpu.parent(self.pid())).isEqualTo(self.parent().orElseThrow().pid());
    assertThat(ProcCpu.tree(self.pid())).isGreaterThanOrEqualTo(cpu.getAsLong());
  }

  @Test
  void readsAProcessThatHasEndedAsAbsent() throws Exception {
    var ended = new ProcessBuilder("true").start();
    ended.waitFor();

    assertThat(ProcCpu.millis(ended.pid())).isEmpty();
  }

  @Test
  void countsOnlyTheThreadsNamedSo() throws Exception {
    var spinning = new AtomicBoolean(true);
    var spinner =
        Thread.ofPlatform()
            .name("cpu-spinner")
            .start(
                () -> {
                  while (spinning.get()) {
                    Thread.onSpinWait();
                  }
                });
    long pid = ProcessHandle.current().pid();
    try {
      Thread.sleep(600);

      long spun = ProcCpu.threads(pid, List.of("cpu-spin"));
      long none = ProcCpu.threads(pid, List.of("no-such-thread"));

      assertThat(spun).isBetween(200L, ProcCpu.millis(pid).orElseThrow());
      assertThat(none).isZero();
    } finally {
      spinning.set(false);
      spinner.join();
    }
  }
}

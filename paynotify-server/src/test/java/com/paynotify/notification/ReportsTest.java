package com.paynotify.notification;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.UseCaseFixture;
import com.paynotify.notification.Reports.Bucket;
import com.paynotify.notification.Reports.Scope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private final UseCaseFixture core = new UseCaseFixture();
  private final Reports reports = core.paynotify.reports();

  @BeforeEach
  void setUp() {
    core.paynotify.merchants().register("m1", "Shop", List.of());
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void countsARangeAndFillsTheBucketsWithNothingInThem() {
    core.create(aNotification().build());
    core.create(
        aNotification().createdAt(T0.plusSeconds(130)).updatedAt(T0.plusSeconds(130)).build());
    core.clock.set(T0.plus(Duration.ofMinutes(10)));

    var report =
        reports.report(new Scope("m1", null, T0, T0.plus(Duration.ofMinutes(5)), Bucket.MINUTE));

    assertThat(report.totals().total()).isEqualTo(2);
    assertThat(report.totals().byStatus()).containsEntry(NotificationStatus.PENDING, 2L);
    assertThat(report.series().points())
        .extracting(StatsBucket::created)
        .containsExactly(1L, 0L, 1L, 0L, 0L);
    assertThat(report.series().points().get(1).start()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(report.backlog().due()).isEqualTo(2);
    assertThat(report.at()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void withoutARangeTheSeriesCoversTheDayBeforeNowInHours() {
    core.clock.set(T0.plus(Duration.ofMinutes(10)));

    var series = reports.report(new Scope(null, null, null, null, null)).series();

    assertThat(series.bucket()).isEqualTo(Bucket.HOUR);
    assertThat(series.from()).isEqualTo(T0.minus(Duration.ofHours(24)));
    assertThat(series.to()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(series.points()).hasSize(25).allSatisfy(p -> assertThat(p.created()).isZero());
  }

  @Test
  void refusesAnEmptyRangeOrTooManyPointsNamingTheField() {
    assertThatThrownBy(() -> reports.report(new Scope(null, null, T0, T0, null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    assertThatThrownBy(
            () ->
                reports.report(
                    new Scope(null, null, T0, T0.plus(Duration.ofDays(60)), Bucket.MINUTE)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bucket"));
    assertThatThrownBy(() -> Bucket.of("5m"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bucket"));
    assertThat(Bucket.of("1d")).isEqualTo(Bucket.DAY);
  }
}

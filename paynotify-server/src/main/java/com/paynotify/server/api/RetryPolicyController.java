package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.Paynotify;
import com.paynotify.retry.DurationText;
import com.paynotify.retry.Policies;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.server.security.AuditTrail;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/retry-policies}: list the policies and define the operator's own. */
@RestController
@RequestMapping("/api/v1/retry-policies")
class RetryPolicyController {
  private final Policies policies;
  private final AuditTrail audit;

  RetryPolicyController(Paynotify paynotify, AuditTrail audit) {
    this.policies = paynotify.retryPolicies();
    this.audit = audit;
  }

  /** A page of the policies, built-ins first, then the others by name. */
  @GetMapping
  PolicyPageView list(
      @RequestParam(required = false)
          @Parameter(
              description = PageParameters.LIMIT_DOC,
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20"))
          @Nullable String limit,
      @RequestParam(required = false) @Parameter(description = PageParameters.CURSOR_DOC)
          @Nullable String cursor) {
    var request = PageParameters.of(limit, cursor);
    var page = policies.page(request).map(PolicyView::of);
    return new PolicyPageView(page.items(), request.limit(), page.next());
  }

  /**
   * A page of policies; {@code next} is the {@code cursor} of the following page, null on the last.
   */
  record PolicyPageView(List<PolicyView> items, int limit, @Nullable String next) {}

  @GetMapping("/{name}")
  PolicyView get(@PathVariable String name) {
    return PolicyView.of(policies.get(name));
  }

  /**
   * Defines or replaces a policy: {@code {"intervals": ["15s", "2m", "1h"], "timeout": "10s"}}. A
   * timeout the configured lease cannot cover is refused, naming the lease.
   */
  @PutMapping("/{name}")
  ResponseEntity<PolicyView> define(
      @PathVariable String name, @RequestBody(required = false) @Nullable String body) {
    var bound = JsonBodies.read(body, RetryPolicyBody.class);
    if (bound.intervals() == null) {
      throw InvalidRequestException.missing("intervals");
    }
    var intervalTexts = JsonBodies.strings("intervals", bound.intervals());
    var intervals = intervalTexts.stream().map(t -> duration("intervals", t)).toList();
    var timeoutText = JsonBodies.optional("timeout", bound.timeout());
    var timeout = timeoutText == null ? null : duration("timeout", timeoutText);
    var defined = policies.define(name, intervals, timeout);
    audit.record("policy.define", name, "intervals", intervalTexts, "timeout", timeoutText);
    return ResponseEntity.status(defined.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(PolicyView.of(defined.policy()));
  }

  private static Duration duration(String field, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(field, e.getMessage());
    }
  }

  /** The body of {@code PUT /api/v1/retry-policies/{name}}. */
  @Schema(name = "RetryPolicyBody")
  record RetryPolicyBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"30s\", \"5m\", \"1h\"]")
          @Nullable List<String> intervals,
      @Schema(example = "10s") @Nullable String timeout) {}

  /** A policy as the API shows it, durations in the short form. */
  record PolicyView(
      String name, List<String> intervals, String timeout, int maxAttempts, boolean builtIn) {
    static PolicyView of(RetryPolicy p) {
      return new PolicyView(
          p.name(),
          p.intervals().stream().map(DurationText::format).toList(),
          DurationText.format(p.timeout()),
          p.maxAttempts(),
          RetryPolicies.isBuiltIn(p.name()));
    }
  }
}

package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.server.i18n.ErrorMessages;
import com.paynotify.server.security.SessionPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The first filter of every request, before anything reads or parses it. A body over its endpoint's
 * limit is refused with 413: at once when its Content-Length says so, otherwise as soon as the body
 * being read grows past it. A form or multipart body is refused with 415: the API reads JSON, and
 * the container would parse a form by itself, outside any limit set here. A query string that is
 * not percent-encoded UTF-8 is refused with 400 naming the parameter, where the container would
 * throw from the first look at a parameter. Its answers are problem details ({@link Problem}) whose
 * messages follow the request's {@code Accept-Language}, as the API's do.
 */
public final class RequestScreen extends OncePerRequestFilter {
  /** More query parameters than any endpoint takes. */
  static final int MAX_PARAMETERS = 100;

  private final long maxBody;
  private final long maxLoginBody;
  private final ErrorMessages messages;
  private final @Nullable String formsUnder;

  public RequestScreen(RequestLimits limits, ErrorMessages messages) {
    this(limits, messages, null);
  }

  /**
   * @param formsUnder a path whose requests may post forms, parsed by the container within its own
   *     form limit: the H2 console's, when it is on; null for none
   */
  public RequestScreen(RequestLimits limits, ErrorMessages messages, @Nullable String formsUnder) {
    this.maxBody = limits.maxBodySize().toBytes();
    this.maxLoginBody = limits.maxLoginBodySize().toBytes();
    this.messages = messages;
    this.formsUnder = formsUnder;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = limitOf(request);
    if (request.getContentLengthLong() > limit) {
      refuse(
          response,
          413,
          new ApiError(
              "BODY_TOO_LARGE",
              messages.get(request, "error.body-too-large", Long.toString(limit)),
              null));
      return;
    }
    var type =
        request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    boolean form = type.startsWith("application/x-www-form-urlencoded");
    if (form && FormBody.accepted(request)) {
      screenForm(request, response, chain, limit);
      return;
    }
    if ((form && !formsAllowed(request)) || type.startsWith("multipart/")) {
      refuse(
          response,
          415,
          new ApiError("UNSUPPORTED_MEDIA_TYPE", messages.get(request, "error.media-type"), null));
      return;
    }
    var fault = queryFault(request.getQueryString());
    if (fault != null) {
      refuse(
          response,
          400,
          new ApiError(
              "INVALID_PARAMETER",
              messages.get(request, fault.key(), fault.args().toArray()),
              fault.field()));
      return;
    }
    chain.doFilter(new LimitedBody(request, limit), response);
  }

  private boolean formsAllowed(HttpServletRequest request) {
    if (formsUnder == null) {
      return false;
    }
    var path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    return path.equals(formsUnder) || path.startsWith(formsUnder + "/");
  }

  /**
   * Reads a form body within the limit and decodes it as a query string is checked, leaving its
   * fields for {@link FormBody} and an empty body for everything after this filter.
   */
  private void screenForm(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, long limit)
      throws ServletException, IOException {
    var fault = queryFault(request.getQueryString());
    if (fault != null) {
      refuse(
          response,
          400,
          new ApiError(
              "INVALID_PARAMETER",
              messages.get(request, fault.key(), fault.args().toArray()),
              fault.field()));
      return;
    }
    String raw;
    try (var in = new LimitedStream(request.getInputStream(), limit)) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (BodyTooLargeException e) {
      refuse(
          response,
          413,
          new ApiError(
              "BODY_TOO_LARGE",
              messages.get(request, "error.body-too-large", Long.toString(limit)),
              null));
      return;
    }
    var bodyFault = queryFault(raw);
    if (bodyFault != null) {
      refuse(
          response,
          400,
          new ApiError(
              "INVALID_PARAMETER",
              messages.get(request, bodyFault.key(), bodyFault.args().toArray()),
              bodyFault.field()));
      return;
    }
    var fields = new ArrayList<Map.Entry<String, String>>();
    for (var pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      var name = decode(equals < 0 ? pair : pair.substring(0, equals));
      var value = decode(equals < 0 ? "" : pair.substring(equals + 1));
      fields.add(Map.entry(String.valueOf(name), String.valueOf(value)));
    }
    request.setAttribute(FormBody.ATTRIBUTE, List.copyOf(fields));
    chain.doFilter(new ReadForm(request), response);
  }

  /**
   * The request once its form was read: an empty body, so nothing after reads or parses it again.
   */
  private static final class ReadForm extends HttpServletRequestWrapper {
    ReadForm(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() {
      return new LimitedStream(null, 0);
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new java.io.StringReader(""));
    }

    @Override
    public int getContentLength() {
      return 0;
    }

    @Override
    public long getContentLengthLong() {
      return 0;
    }
  }

  private long limitOf(HttpServletRequest request) {
    return UrlPathHelper.defaultInstance
            .getPathWithinApplication(request)
            .equals(SessionPaths.LOGIN)
        ? maxLoginBody
        : maxBody;
  }

  static String tooLarge(long limit) {
    return "the request body is larger than this endpoint's limit of " + limit + " bytes";
  }

  /**
   * What is wrong with a query string: a message key of the bundles, its arguments, the parameter.
   */
  record QueryFault(String key, List<String> args, @Nullable String field) {}

  /**
   * The first fault of a query string, as Tomcat would find it while parsing: a broken escape
   * ({@code %}, {@code %zz}), bytes that are not UTF-8 ({@code %ff%fe}), a parameter without a
   * name, or too many parameters. Null when it has none.
   */
  static @Nullable QueryFault queryFault(@Nullable String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    int count = 0;
    for (var pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      if (++count > MAX_PARAMETERS) {
        return new QueryFault(
            "error.too-many-parameters", List.of(Integer.toString(MAX_PARAMETERS)), null);
      }
      int equals = pair.indexOf('=');
      var rawName = equals < 0 ? pair : pair.substring(0, equals);
      var name = decode(rawName);
      if (name == null) {
        return new QueryFault(
            "error.parameter-name-encoding", List.of(InvalidRequestException.echo(rawName)), null);
      }
      if (name.isBlank()) {
        return new QueryFault(
            "error.parameter-without-name", List.of(InvalidRequestException.echo(pair)), null);
      }
      var rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      if (decode(rawValue) == null) {
        var field =
            name.length() <= InvalidRequestException.MAX_ECHO
                ? name
                : InvalidRequestException.echo(name);
        return new QueryFault(
            "error.parameter-encoding",
            List.of(field, InvalidRequestException.echo(rawValue)),
            field);
      }
    }
    return null;
  }

  /**
   * Percent-decodes as a form does ({@code +} is a space); null when the text cannot be decoded.
   */
  static @Nullable String decode(String raw) {
    var bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void refuse(HttpServletResponse response, int status, ApiError error)
      throws IOException {
    if (status == 413) {
      // The body is left unread: the connection cannot carry another request after it.
      response.setHeader("Connection", "close");
    }
    Problem.write(response, status, error);
    // Sent now, so the client has it while the container still swallows the unread body.
    response.flushBuffer();
  }

  /** Thrown by a body read past its limit; the API answers it with 413. */
  static final class BodyTooLargeException extends IOException {
    private final long limit;

    BodyTooLargeException(long limit) {
      super(tooLarge(limit));
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  /** The request with its body counted as it is read, failing once it passes the limit. */
  private static final class LimitedBody extends HttpServletRequestWrapper {
    private final long limit;
    private @Nullable ServletInputStream stream;

    LimitedBody(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      var encoding = getCharacterEncoding();
      Charset charset;
      try {
        charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        throw new UnsupportedEncodingException(InvalidRequestException.echo(encoding));
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final @Nullable ServletInputStream in;
    private final long limit;
    private long read;

    LimitedStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      if (in == null) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (in == null) {
        return -1;
      }
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in == null || in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in == null || in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      if (in != null) {
        in.setReadListener(listener);
      }
    }
  }
}

package com.paynotify.server.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The password hashes configured users may have, read by Spring Security's {@link
 * DelegatingPasswordEncoder}: {@code {pbkdf2@SpringSecurity_v5_8}…} (what {@link #main} makes),
 * {@code {bcrypt}…}, {@code {pbkdf2}<iterations>:<base64 salt>:<base64 hash>} as earlier releases
 * made them, and {@code {noop}<password>} for development only. Make a hash with {@code java -cp
 * paynotify-server-exec.jar -Dloader.main=com.paynotify.server.security.PasswordHashes
 * org.springframework.boot.loader.launch.PropertiesLauncher 'the password'}.
 */
public final class PasswordHashes {
  private static final String ENCODE_ID = "pbkdf2@SpringSecurity_v5_8";
  private static final Map<String, Pattern> FORMS =
      Map.of(
          ENCODE_ID,
          Pattern.compile("\\p{XDigit}{96}"),
          "bcrypt",
          Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}"),
          "pbkdf2",
          Pattern.compile("\\d{1,9}:[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]{43}=|\\p{XDigit}{96}"),
          "noop",
          Pattern.compile("(?s).*"));

  private PasswordHashes() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: PasswordHashes <password>");
      System.exit(2);
    }
    System.out.println(encoder().encode(args[0]));
  }

  /** Matches every form above; encodes as {@code {pbkdf2@SpringSecurity_v5_8}}. */
  @SuppressWarnings("deprecation") // NoOpPasswordEncoder: {noop} stays a development convenience
  public static PasswordEncoder encoder() {
    return new DelegatingPasswordEncoder(
        ENCODE_ID,
        Map.of(
            ENCODE_ID,
            Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
            "bcrypt",
            new BCryptPasswordEncoder(),
            "pbkdf2",
            new EarlierPbkdf2(),
            "noop",
            NoOpPasswordEncoder.getInstance()));
  }

  /** Checks a stored hash's form, so a mistyped one stops the server instead of every login. */
  static void requireValid(String field, String stored) {
    int end = stored.startsWith("{") ? stored.indexOf('}') : -1;
    var form = end < 0 ? null : FORMS.get(stored.substring(1, end));
    if (form == null || !form.matcher(stored.substring(end + 1)).matches()) {
      throw new IllegalArgumentException(
          field
              + ": must be {pbkdf2}…, {pbkdf2@SpringSecurity_v5_8}… or {bcrypt}… "
              + "(make one with PasswordHashes), or {noop}<password> in development");
    }
  }

  /**
   * {@code {pbkdf2}} as earlier Paynotify releases wrote it, {@code <iterations>:<salt>:<hash>}
   * with HMAC-SHA256 and a 256-bit hash; a hash without colons is Spring Security's own {@code
   * {pbkdf2}}.
   */
  private static final class EarlierPbkdf2 implements PasswordEncoder {
    private final PasswordEncoder spring = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5();

    @Override
    public String encode(CharSequence rawPassword) {
      throw new UnsupportedOperationException("new hashes are {" + ENCODE_ID + "}");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
      var parts = encodedPassword.split(":");
      if (parts.length != 3) {
        return spring.matches(rawPassword, encodedPassword);
      }
      var decoder = Base64.getDecoder();
      var spec =
          new PBEKeySpec(
              rawPassword.toString().toCharArray(),
              decoder.decode(parts[1]),
              Integer.parseInt(parts[0]),
              256);
      try {
        var hash =
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        return MessageDigest.isEqual(decoder.decode(parts[2]), hash);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
      }
    }
  }
}

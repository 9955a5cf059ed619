package com.paynotify.channel;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WeChat Pay v2's flat {@code <xml>} documents, read with the JDK's DOM parser with DTDs, external
 * entities and XInclude off (a DOCTYPE is an error, never expanded), written with StAX as CDATA.
 */
final class SafeXml {

  private SafeXml() {}

  /**
   * The root's child elements as name → text, in document order.
   *
   * @throws InvalidCallbackException MALFORMED when the XML is not a flat {@code <xml>} document,
   *     has a DOCTYPE or repeats an element
   */
  static Map<String, String> read(byte[] xml) {
    org.w3c.dom.Document document;
    try {
      // JAXP factories are not guaranteed thread-safe: one per document.
      var builder = hardenedFactory().newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      document = builder.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw Wire.malformed("the body is not well-formed XML without a DOCTYPE");
    }
    var root = document.getDocumentElement();
    if (!root.getTagName().equals("xml")) {
      throw Wire.malformed("the root element is <" + root.getTagName() + ">, not <xml>");
    }
    var fields = new LinkedHashMap<String, String>();
    for (var child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        var element = (Element) child;
        if (fields.put(element.getTagName(), element.getTextContent()) != null) {
          throw Wire.malformed("element <" + element.getTagName() + "> appears twice");
        }
      }
    }
    return fields;
  }

  /**
   * Whether XML 1.0 can carry the text: no control characters but tab, CR and LF, no lone
   * surrogates.
   */
  static boolean isXmlText(String text) {
    return text.codePoints().allMatch(SafeXml::isXmlChar);
  }

  /** The text with every character XML 1.0 cannot carry replaced by {@code ?}. */
  static String scrub(String text) {
    var scrubbed = new StringBuilder(text.length());
    text.codePoints().forEach(c -> scrubbed.appendCodePoint(isXmlChar(c) ? c : '?'));
    return scrubbed.toString();
  }

  private static boolean isXmlChar(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** A flat {@code <xml>} document with every value in CDATA; values must be {@link #isXmlText}. */
  static String write(Map<String, String> fields) {
    var out = new StringWriter();
    try {
      var writer = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      writer.writeStartElement("xml");
      for (var field : fields.entrySet()) {
        writer.writeStartElement(field.getKey());
        // "]]>" cannot appear inside one CDATA section: close it and open another after "]]".
        var parts = field.getValue().split("]]>", -1);
        for (int i = 0; i < parts.length; i++) {
          var text = (i > 0 ? ">" : "") + parts[i] + (i < parts.length - 1 ? "]]" : "");
          writer.writeCData(text);
        }
        writer.writeEndElement();
      }
      writer.writeEndElement();
      writer.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML failed", e);
    }
    return out.toString();
  }

  /** Whether {@code name} can be an element name: the ASCII names WeChat Pay uses. */
  static boolean isElementName(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_.-]*") && !name.regionMatches(true, 0, "xml", 0, 3);
  }

  private static DocumentBuilderFactory hardenedFactory() {
    var factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
    }
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setNamespaceAware(false);
    return factory;
  }
}

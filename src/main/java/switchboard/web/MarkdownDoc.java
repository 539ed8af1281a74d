package switchboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A document of ours ({@code docs/*.md}, packaged in the jar), rendered once to HTML for a page:
 * tables, an id on every heading, and in the table under the heading {@code Errors} an id on each
 * name in code of its second column, so the ingest API's problem types
 * ({@code /docs/ingest#rule-violation}) lead to the row that explains them. The text is ours, not
 * a visitor's: its HTML is shown as written.
 */
public record MarkdownDoc(String title, String html) {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());

    /** The document at {@code docs/<name>.md} on the class path. */
    public static MarkdownDoc load(String name) {
        String path = "/docs/" + name + ".md";
        try (InputStream in = MarkdownDoc.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not in the jar: pom.xml packages docs/ as a resource");
            }
            return render(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    static MarkdownDoc render(String markdown) {
        Node document = Parser.builder().extensions(EXTENSIONS).build().parse(markdown);
        Set<Node> named = errorTypes(document);
        String html = HtmlRenderer.builder().extensions(EXTENSIONS)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (named.contains(node)) {
                        attributes.put("id", ((Code) node).getLiteral());
                    }
                })
                .build().render(document);
        return new MarkdownDoc(firstHeading(document), html);
    }

    /** The code spans of the second column of the table under the heading "Errors". */
    private static Set<Node> errorTypes(Node document) {
        Set<Node> named = Collections.newSetFromMap(new IdentityHashMap<>());
        Node table = children(document).stream().filter(n -> n instanceof Heading h && "Errors".equals(text(h))).findFirst()
                .map(MarkdownDoc::tableUnder).orElse(null);
        if (table != null) {
            children(table).stream().filter(TableBody.class::isInstance).flatMap(body -> children(body).stream())
                    .map(MarkdownDoc::children).filter(cells -> cells.size() > 1)
                    .flatMap(cells -> children(cells.get(1)).stream()).filter(Code.class::isInstance).forEach(named::add);
        }
        return named;
    }

    /** The first table after {@code heading} and before the next heading, or null. */
    private static Node tableUnder(Node heading) {
        for (Node n = heading.getNext(); n != null && !(n instanceof Heading); n = n.getNext()) {
            if (n instanceof TableBlock) {
                return n;
            }
        }
        return null;
    }

    private static List<Node> children(Node node) {
        var all = new java.util.ArrayList<Node>();
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            all.add(n);
        }
        return all;
    }

    private static String firstHeading(Node document) {
        return children(document).stream().filter(Heading.class::isInstance).findFirst().map(MarkdownDoc::text).orElse("Documentation");
    }

    private static String text(Node node) {
        var out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }
        });
        return out.toString();
    }
}

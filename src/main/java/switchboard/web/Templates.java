package switchboard.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** The one JTE engine of the app, over the templates precompiled at build time. */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders a fragment whose single parameter is {@code model}. */
    public String render(String template, Object model) {
        var out = new StringOutput();
        engine.render(template, model, out);
        return out.toString().strip();
    }

    /** Renders a fragment of several parameters, by name. */
    public String renderParams(String template, Map<String, Object> params) {
        var out = new StringOutput();
        engine.render(template, params, out);
        return out.toString().strip();
    }

    /** Answers with a fragment (an htmx swap target) whose single parameter is {@code model}. */
    public void fragment(Context ctx, String template, Object model) {
        ctx.html(render(template, model));
    }

    /** Renders a full page: its template takes {@code chrome} (the frame) and {@code page} (the model). */
    public void page(Context ctx, String template, Object model) {
        var out = new StringOutput();
        engine.render(template, Map.of("chrome", Chrome.of(ctx), "page", model), out);
        ctx.html(out.toString().strip());
    }
}

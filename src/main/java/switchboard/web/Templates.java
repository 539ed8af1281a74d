package switchboard.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** The one JTE engine of the app, over the templates precompiled at build time. */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders a template whose single parameter is {@code model}. */
    public String render(String template, Object model) {
        var out = new StringOutput();
        engine.render(template, model, out);
        return out.toString().strip();
    }

    public void page(Context ctx, String template, Object model) {
        ctx.html(render(template, model));
    }
}

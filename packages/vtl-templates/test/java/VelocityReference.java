import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.lang.StringEscapeUtils;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

/**
 * Reference renderer for the differential test: Apache Velocity 1.7 on the JVM (the engine family API Gateway runs) with
 * $util.escapeJavaScript from Apache Commons Lang 2.6. Reads one JSON job per stdin line
 * {"template": path | "text": template, "body": string, "stageVariables": {...}}, writes one JSON result per line
 * {"output": string, "status": string|null} or {"error": string}.
 */
public class VelocityReference {
    public static void main(String[] args) throws Exception {
        VelocityEngine engine = new VelocityEngine();
        engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        // API Gateway quota: "Number of iterations in a #foreach ... #end loop in mapping templates: 1000".
        engine.setProperty("directive.foreach.maxloops", "1000");
        engine.init();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        StringBuilder out = new StringBuilder();
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            Map<String, Object> job = (Map<String, Object>) new Json(line).parse();
            try {
                String template = job.containsKey("text") ? (String) job.get("text")
                    : new String(Files.readAllBytes(Paths.get((String) job.get("template"))), StandardCharsets.UTF_8);
                Map<String, Object> responseOverride = new LinkedHashMap<>();
                responseOverride.put("header", new LinkedHashMap<String, Object>());
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("requestId", "c0ffee00-0000-4000-8000-000000000001");
                context.put("stage", "test");
                if (job.get("context") != null) context.putAll((Map<String, Object>) job.get("context"));
                context.put("responseOverride", responseOverride);
                VelocityContext ctx = new VelocityContext();
                ctx.put("input", new Input((String) job.get("body"), (Map<String, Object>) job.get("params")));
                ctx.put("util", new Util());
                ctx.put("context", context);
                ctx.put("stageVariables", job.get("stageVariables"));
                StringWriter w = new StringWriter();
                engine.evaluate(ctx, w, "template", template);
                Object status = responseOverride.get("status");
                out.append("{\"output\":").append(Json.quote(w.toString())).append(",\"status\":")
                    .append(status == null ? "null" : Json.quote(String.valueOf(status)))
                    .append(",\"headers\":").append(Json.write(responseOverride.get("header"))).append("}\n");
            } catch (Throwable e) {
                out.append("{\"error\":").append(Json.quote(String.valueOf(e))).append("}\n");
            }
        }
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }

    public static class Input {
        private final String body;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private Object parsed;
        private boolean done;

        /** params: {"path": {...}, "querystring": {...}, "header": {...}} as $input.params() returns them. */
        public Input(String body, Map<String, Object> given) {
            this.body = body;
            for (String kind : new String[] {"path", "querystring", "header"}) {
                Object m = given == null ? null : given.get(kind);
                params.put(kind, m == null ? new LinkedHashMap<String, Object>() : m);
            }
        }

        private Object doc() {
            if (!done) { parsed = new Json(body).parse(); done = true; }
            return parsed;
        }

        public String getBody() { return body; }

        public Object path(String path) { return Json.select(doc(), path); }

        public String json(String path) {
            Object v = Json.select(doc(), path);
            return v == null ? "\"\"" : Json.write(v);
        }

        public Object params() { return params; }

        public Object params(String name) {
            for (String kind : new String[] {"path", "querystring", "header"}) {
                Map<?, ?> m = (Map<?, ?>) params.get(kind);
                if (m.containsKey(name)) return m.get(name);
            }
            return "";
        }
    }

    public static class Util {
        public String escapeJavaScript(String s) { return StringEscapeUtils.escapeJavaScript(s); }
        public Object parseJson(String s) { return new Json(s).parse(); }
        public String urlEncode(String s) throws Exception { return URLEncoder.encode(s, "UTF-8"); }
        public String urlDecode(String s) throws Exception { return URLDecoder.decode(s, "UTF-8"); }
        public String base64Encode(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }
        public String base64Decode(String s) { return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8); }
    }

    /** Minimal JSON reader/writer; numbers as json-smart gives them (Integer, Long, BigInteger or Double). */
    static class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object parse() {
            ws();
            Object v = value();
            ws();
            if (i != s.length()) throw new IllegalArgumentException("trailing data at " + i);
            return v;
        }

        private void ws() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }

        private Object value() {
            if (i >= s.length()) throw new IllegalArgumentException("unexpected end");
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') { i++; continue; }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    ws();
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') { i++; continue; }
                    expect(']');
                    return l;
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String n = s.substring(start, i);
            if (n.isEmpty()) throw new IllegalArgumentException("unexpected " + c + " at " + start);
            if (n.contains(".") || n.contains("e") || n.contains("E")) return Double.valueOf(n);
            BigInteger b = new BigInteger(n);
            if (b.bitLength() < 32) return b.intValue();
            if (b.bitLength() < 64) return b.longValue();
            return b;
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }

        /** The JSONPath subset of the TypeScript emulator: $, .name, ['name'], [index]. */
        static Object select(Object doc, String path) {
            if (!path.startsWith("$")) throw new IllegalArgumentException("unsupported JSONPath " + path);
            Object cur = doc;
            int p = 1;
            while (p < path.length()) {
                String key;
                Integer index = null;
                if (path.charAt(p) == '.') {
                    int q = p + 1;
                    while (q < path.length() && (Character.isLetterOrDigit(path.charAt(q)) || path.charAt(q) == '_')) q++;
                    key = path.substring(p + 1, q);
                    p = q;
                } else if (path.startsWith("['", p)) {
                    int q = path.indexOf("']", p);
                    key = path.substring(p + 2, q);
                    p = q + 2;
                } else if (path.charAt(p) == '[') {
                    int q = path.indexOf(']', p);
                    key = null;
                    index = Integer.valueOf(path.substring(p + 1, q));
                    p = q + 1;
                } else {
                    throw new IllegalArgumentException("unsupported JSONPath " + path);
                }
                if (index != null) {
                    if (!(cur instanceof List) || index >= ((List<?>) cur).size()) return null;
                    cur = ((List<?>) cur).get(index);
                } else {
                    if (!(cur instanceof Map)) return null;
                    cur = ((Map<?, ?>) cur).get(key);
                }
            }
            return cur;
        }

        static String write(Object v) {
            if (v == null) return "null";
            if (v instanceof String) return quote((String) v);
            if (v instanceof Map) {
                StringBuilder b = new StringBuilder("{");
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (b.length() > 1) b.append(',');
                    b.append(quote(String.valueOf(e.getKey()))).append(':').append(write(e.getValue()));
                }
                return b.append('}').toString();
            }
            if (v instanceof List) {
                StringBuilder b = new StringBuilder("[");
                for (Object o : (List<?>) v) {
                    if (b.length() > 1) b.append(',');
                    b.append(write(o));
                }
                return b.append(']').toString();
            }
            return String.valueOf(v);
        }

        static String quote(String v) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }
    }
}

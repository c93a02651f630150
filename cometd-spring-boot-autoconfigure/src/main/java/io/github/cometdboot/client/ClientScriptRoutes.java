package io.github.cometdboot.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the JavaScript client from one source, {@code cometd.mjs} on the classpath: as it is, an ES
 * module; wrapped in a function that assigns its default export to {@code window.CometD}, the classic
 * script; and its TypeScript declarations beside the module ({@code cometd.d.ts}).
 * <p>
 * The wrapping happens once, here, rather than in a build step, so that the two forms cannot drift.
 * It relies on two rules the source keeps: no {@code import} statement, and one {@code export {...}}
 * statement, the last one, that names a default export. Every response carries a strong ETag and
 * {@code Cache-Control: no-cache}: browsers keep the script and revalidate it, and get the new one
 * after an upgrade, since the paths carry no version.
 */
public final class ClientScriptRoutes {

	/** Where the sources live on the classpath. */
	public static final String LOCATION = "io/github/cometdboot/client/";

	static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	static final MediaType TYPESCRIPT = new MediaType("application", "typescript", StandardCharsets.UTF_8);

	private static final Pattern EXPORT = Pattern.compile("\\n\\s*export\\s*\\{([^}]*)}\\s*;?\\s*$");

	private static final Pattern DEFAULT_EXPORT = Pattern.compile("(?:^|,)\\s*([A-Za-z_$][\\w$]*)\\s+as\\s+default\\s*(?:,|$)");

	private static final Pattern OTHER_MODULE_SYNTAX = Pattern.compile("(?m)^\\s*(?:import\\s|import\\(|export\\s)");

	private final String scriptPath;

	private final String modulePath;

	private final String typesPath;

	private final Asset script;

	private final Asset module;

	private final Asset types;

	/**
	 * Load the client and prepare its two forms.
	 * @param scriptPath where the classic script is served, such as {@code /cometd.js}
	 * @param modulePath where the ES module is served, such as {@code /cometd.mjs}; the declarations
	 * are served beside it, with the extension {@code .d.ts}
	 */
	public ClientScriptRoutes(String scriptPath, String modulePath) {
		this.scriptPath = checkPath(scriptPath);
		this.modulePath = checkPath(modulePath);
		this.typesPath = typesPath(modulePath);
		if (this.scriptPath.equals(this.modulePath)) {
			throw new IllegalArgumentException("The script and the module need two paths, both are " + scriptPath);
		}
		String source = load("cometd.mjs");
		this.module = new Asset(source, JAVASCRIPT);
		this.script = new Asset(toClassicScript(source), JAVASCRIPT);
		this.types = new Asset(load("cometd.d.ts"), TYPESCRIPT);
	}

	/** @return the path of the classic script */
	public String scriptPath() {
		return this.scriptPath;
	}

	/** @return the path of the ES module */
	public String modulePath() {
		return this.modulePath;
	}

	/** @return the path of the TypeScript declarations, beside the module */
	public String typesPath() {
		return this.typesPath;
	}

	/** @return the routes of the script, the module and the declarations */
	public RouterFunction<ServerResponse> build() {
		return RouterFunctions.route()
			.GET(this.scriptPath, (request) -> serve(request, this.script))
			.GET(this.modulePath, (request) -> serve(request, this.module))
			.GET(this.typesPath, (request) -> serve(request, this.types))
			.build();
	}

	/** @return the classic script as served */
	String script() {
		return this.script.text();
	}

	/** @return the module as served */
	String module() {
		return this.module.text();
	}

	private Mono<ServerResponse> serve(ServerRequest request, Asset asset) {
		return request.checkNotModified(asset.etag()).switchIfEmpty(Mono.defer(() -> {
			ServerResponse.BodyBuilder ok = ServerResponse.ok()
				.contentType(asset.contentType())
				.eTag(asset.etag())
				.cacheControl(CacheControl.noCache())
				.header("X-Content-Type-Options", "nosniff");
			if (asset == this.module) {
				// Deno and some CDNs' convention: where the module's types are.
				ok.header("X-TypeScript-Types", this.typesPath);
			}
			return ok.bodyValue(asset.bytes());
		}));
	}

	/**
	 * The classic script: the module's text, without its export statement, inside a function that
	 * assigns the default export to the global {@code CometD}.
	 * @param source the module
	 * @return the script
	 */
	static String toClassicScript(String source) {
		Matcher export = EXPORT.matcher(source);
		if (!export.find()) {
			throw new IllegalStateException("cometd.mjs must end with its only export statement, export {...};");
		}
		String body = source.substring(0, export.start());
		if (OTHER_MODULE_SYNTAX.matcher(body).find()) {
			throw new IllegalStateException("cometd.mjs must have no import and no other export statement");
		}
		Matcher defaultExport = DEFAULT_EXPORT.matcher(export.group(1));
		if (!defaultExport.find()) {
			throw new IllegalStateException("cometd.mjs must name a default export: export {X as default};");
		}
		return "// The CometD client as a classic script: cometd.mjs wrapped at serving time; defines window.CometD.\n"
				+ "(function () {\n'use strict';\n" + body + "\n\nglobalThis.CometD = " + defaultExport.group(1)
				+ ";\n})();\n";
	}

	private static String load(String name) {
		try (InputStream in = ClientScriptRoutes.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + LOCATION + name + " on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String checkPath(String path) {
		if (!path.startsWith("/") || path.endsWith("/")) {
			throw new IllegalArgumentException("A client path starts with / and names a file: " + path);
		}
		return path;
	}

	private static String typesPath(String modulePath) {
		int slash = modulePath.lastIndexOf('/');
		int dot = modulePath.lastIndexOf('.');
		return ((dot > slash) ? modulePath.substring(0, dot) : modulePath) + ".d.ts";
	}

	/**
	 * A served text with its content type and strong ETag.
	 */
	private record Asset(String text, byte[] bytes, MediaType contentType, String etag) {

		Asset(String text, MediaType contentType) {
			this(text, text.getBytes(StandardCharsets.UTF_8), contentType, etag(text));
		}

		private static String etag(String text) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
				return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}

package io.github.cometdboot.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ClientScriptRoutes}.
 */
class ClientScriptRoutesTests {

	private final ClientScriptRoutes routes = new ClientScriptRoutes("/cometd.js", "/cometd.mjs");

	private final WebTestClient client = WebTestClient.bindToRouterFunction(this.routes.build()).build();

	@Test
	void moduleIsTheSourceAsItIs() throws IOException {
		String source = resource("cometd.mjs");
		byte[] body = this.client.get()
			.uri("/cometd.mjs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/javascript;charset=UTF-8")
			.expectHeader()
			.valueEquals("X-TypeScript-Types", "/cometd.d.ts")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noCache())
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(source);
		assertThat(source).contains("export {CometD, CometDError, CometD as default};");
	}

	@Test
	void scriptWrapsTheSameSourceAndDefinesTheGlobal() throws IOException {
		String source = resource("cometd.mjs");
		String script = this.client.get()
			.uri("/cometd.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/javascript;charset=UTF-8")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String body = source.substring(0, source.lastIndexOf("export {"));
		assertThat(script).contains(body.strip())
			.doesNotContainPattern("(?m)^export ")
			.startsWith("// The CometD client as a classic script")
			.contains("(function () {\n'use strict';\n")
			.endsWith("globalThis.CometD = CometD;\n})();\n");
	}

	@Test
	void declarationsAreServedBesideTheModule() throws IOException {
		this.client.get()
			.uri("/cometd.d.ts")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(new MediaType("application", "typescript", StandardCharsets.UTF_8))
			.expectBody(String.class)
			.isEqualTo(resource("cometd.d.ts"));
	}

	@Test
	void eachFormHasItsOwnEtagAndRevalidatesWithIt() {
		String scriptTag = etag("/cometd.js");
		String moduleTag = etag("/cometd.mjs");
		assertThat(scriptTag).matches("\"[0-9a-f]{32}\"").isNotEqualTo(moduleTag);
		this.client.get()
			.uri("/cometd.js")
			.header(HttpHeaders.IF_NONE_MATCH, scriptTag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, scriptTag)
			.expectBody()
			.isEmpty();
		this.client.get()
			.uri("/cometd.js")
			.header(HttpHeaders.IF_NONE_MATCH, moduleTag)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void customPathsServeTheFormsThereOnly() {
		ClientScriptRoutes custom = new ClientScriptRoutes("/js/bayeux.js", "/esm/bayeux.mjs");
		assertThat(custom.typesPath()).isEqualTo("/esm/bayeux.d.ts");
		WebTestClient web = WebTestClient.bindToRouterFunction(custom.build()).build();
		web.get().uri("/js/bayeux.js").exchange().expectStatus().isOk();
		web.get().uri("/esm/bayeux.mjs").exchange().expectStatus().isOk().expectHeader()
			.valueEquals("X-TypeScript-Types", "/esm/bayeux.d.ts");
		web.get().uri("/esm/bayeux.d.ts").exchange().expectStatus().isOk();
		web.get().uri("/cometd.js").exchange().expectStatus().isNotFound();
		assertThat(new ClientScriptRoutes("/a.js", "/lib/client").typesPath()).isEqualTo("/lib/client.d.ts");
	}

	@Test
	void pathsMustNameTwoFiles() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientScriptRoutes("cometd.js", "/cometd.mjs"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientScriptRoutes("/cometd.js", "/js/"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientScriptRoutes("/cometd.js", "/cometd.js"));
	}

	@Test
	void wrappingKeepsTheRulesOfTheSource() {
		assertThat(ClientScriptRoutes.toClassicScript("const A = 1;\nexport {A as default, A};\n"))
			.endsWith("'use strict';\nconst A = 1;\n\nglobalThis.CometD = A;\n})();\n");
		assertThatIllegalStateException().isThrownBy(() -> ClientScriptRoutes.toClassicScript("export const A = 1;\n"))
			.withMessageContaining("only export statement");
		assertThatIllegalStateException()
			.isThrownBy(() -> ClientScriptRoutes.toClassicScript("import x from './x.js';\nexport {x as default};\n"))
			.withMessageContaining("no import");
		assertThatIllegalStateException().isThrownBy(() -> ClientScriptRoutes.toClassicScript("const A = 1;\nexport {A};\n"))
			.withMessageContaining("default export");
	}

	private String etag(String path) {
		return this.client.get().uri(path).exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders()
			.getETag();
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = ClientScriptRoutesTests.class.getClassLoader()
			.getResourceAsStream(ClientScriptRoutes.LOCATION + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

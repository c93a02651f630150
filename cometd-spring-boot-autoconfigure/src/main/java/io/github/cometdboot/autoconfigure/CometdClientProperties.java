package io.github.cometdboot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the JavaScript client that the starter serves.
 */
@ConfigurationProperties("cometd.client")
public class CometdClientProperties {

	/**
	 * Whether to serve the JavaScript client (the classic script, the ES module and its TypeScript
	 * declarations).
	 */
	private boolean enabled = true;

	/**
	 * Path of the classic script, which defines window.CometD.
	 */
	private String scriptPath = "/cometd.js";

	/**
	 * Path of the ES module; its TypeScript declarations are served beside it, with the extension .d.ts.
	 */
	private String modulePath = "/cometd.mjs";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getScriptPath() {
		return this.scriptPath;
	}

	public void setScriptPath(String scriptPath) {
		this.scriptPath = scriptPath;
	}

	public String getModulePath() {
		return this.modulePath;
	}

	public void setModulePath(String modulePath) {
		this.modulePath = modulePath;
	}

}

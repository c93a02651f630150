package io.github.cometdboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Channel authorization from configuration. Access is one of {@code anyone}, {@code authenticated},
 * {@code nobody} or {@code role:<ROLE>[,<ROLE>]}.
 */
@ConfigurationProperties("cometd.security")
public class CometdSecurityProperties {

	/**
	 * Who may handshake.
	 */
	private String handshake = "anyone";

	/**
	 * Rules by channel pattern; the first rule whose pattern matches a channel decides, and a channel no
	 * rule matches is open to anyone.
	 */
	private List<Channel> channels = new ArrayList<>();

	public String getHandshake() {
		return this.handshake;
	}

	public void setHandshake(String handshake) {
		this.handshake = handshake;
	}

	public List<Channel> getChannels() {
		return this.channels;
	}

	public void setChannels(List<Channel> channels) {
		this.channels = channels;
	}

	/**
	 * Who may subscribe and publish on the channels matching a pattern.
	 */
	public static class Channel {

		/**
		 * Channel pattern, such as /admin/** or /chat/{room}.
		 */
		private String pattern = "/**";

		/**
		 * Who may subscribe.
		 */
		private String subscribe = "anyone";

		/**
		 * Who may publish.
		 */
		private String publish = "anyone";

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public String getSubscribe() {
			return this.subscribe;
		}

		public void setSubscribe(String subscribe) {
			this.subscribe = subscribe;
		}

		public String getPublish() {
			return this.publish;
		}

		public void setPublish(String publish) {
			this.publish = publish;
		}

	}

}

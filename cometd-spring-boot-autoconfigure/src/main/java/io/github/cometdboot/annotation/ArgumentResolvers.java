package io.github.cometdboot.annotation;

import java.lang.reflect.Parameter;
import java.security.Principal;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.ChannelVariable;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.InvalidDataException;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses, once per method, how each parameter is resolved: by type for the message, the sender, its
 * principal and the channel; by {@link ChannelVariable} or by name for template variables; otherwise
 * the message data converted by Jackson to the parameter's (generic) type.
 */
final class ArgumentResolvers {

	private final JsonMapper mapper;

	ArgumentResolvers(JsonMapper mapper) {
		this.mapper = mapper;
	}

	ArgumentResolver forParameter(Parameter parameter, ChannelPattern pattern) {
		Class<?> type = parameter.getType();
		ChannelVariable variable = parameter.getAnnotation(ChannelVariable.class);
		if (variable != null) {
			String name = variable.value().isEmpty() ? parameter.getName() : variable.value();
			if (!pattern.variables().contains(name)) {
				throw new IllegalStateException(
						"No variable '" + name + "' in channel pattern '" + pattern + "' for " + parameter);
			}
			return (context) -> context.variables().get(name);
		}
		if (type == Message.class) {
			return InvocationContext::message;
		}
		if (CometSession.class.isAssignableFrom(type)) {
			return InvocationContext::sender;
		}
		if (Principal.class.isAssignableFrom(type)) {
			return InvocationContext::principal;
		}
		if (type == ChannelId.class) {
			return InvocationContext::channel;
		}
		if (type == String.class && parameter.isNamePresent() && pattern.variables().contains(parameter.getName())) {
			String name = parameter.getName();
			return (context) -> context.variables().get(name);
		}
		JavaType target = this.mapper.getTypeFactory().constructType(parameter.getParameterizedType());
		return (context) -> {
			Object data = context.message().data();
			return (data == null) ? null : convert(data, target);
		};
	}

	/** Convert a client's data; data that does not fit is the client's error, not the server's. */
	private Object convert(Object data, JavaType target) {
		try {
			return this.mapper.convertValue(data, target);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String problem = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			throw new InvalidDataException("Data does not convert to " + target.toCanonical() + ": " + problem, ex);
		}
	}

}

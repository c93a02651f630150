package io.github.cometdboot.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;

import io.github.cometdboot.InvalidDataException;
import io.github.cometdboot.RejectMessageException;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.RemoteCallFailureException;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.CometSession;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.util.ReflectionUtils;

/**
 * One annotated method bound to its bean and one of its channel patterns. Invocation resolves the
 * arguments, calls the method (on the blocking scheduler unless it returns a {@code Mono} or
 * {@code Flux}) and adapts what it returns to a {@code Flux}.
 */
final class ListenerMethod {

	private final Object bean;

	private final Method method;

	private final ChannelPattern pattern;

	private final ArgumentResolver[] resolvers;

	private final boolean reactive;

	private final boolean answersList;

	private final Scheduler blockingScheduler;

	private final ObservationRegistry observations;

	private final String role;

	ListenerMethod(Object bean, Method method, ChannelPattern pattern, ArgumentResolvers argumentResolvers,
			Scheduler blockingScheduler, ObservationRegistry observations, String role) {
		this.observations = observations;
		this.role = role;
		this.bean = bean;
		this.method = method;
		this.pattern = pattern;
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ArgumentResolver[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			this.resolvers[i] = argumentResolvers.forParameter(parameters[i], pattern);
		}
		this.reactive = Publisher.class.isAssignableFrom(method.getReturnType());
		this.answersList = this.reactive && !Mono.class.isAssignableFrom(method.getReturnType());
		this.blockingScheduler = blockingScheduler;
		ReflectionUtils.makeAccessible(method);
	}

	ChannelPattern pattern() {
		return this.pattern;
	}

	/**
	 * Whether the method declares a stream of values (a {@code Flux} or another {@code Publisher} that is
	 * not a {@code Mono}): its answer is then the list of them, however many there are.
	 */
	boolean answersList() {
		return this.answersList;
	}

	/**
	 * Invoke the method for a message published on a channel the pattern matches.
	 * @return the values the method produced, in order; empty for {@code void} or {@code null}
	 */
	Flux<Object> invoke(@Nullable CometSession sender, ChannelId channel, Message message) {
		Map<String, String> variables = this.pattern.match(channel);
		InvocationContext context = new InvocationContext(sender, channel, message,
				(variables != null) ? variables : Map.of());
		Flux<Object> values = this.reactive ? Mono.fromCallable(() -> adapt(call(context))).flatMapMany((flux) -> flux)
				: Mono.fromCallable(() -> call(context)).subscribeOn(this.blockingScheduler).flatMapMany(this::adapt);
		return this.observations.isNoop() ? values : observed(values, sender, channel);
	}

	/**
	 * Wrap the call in an observation: the declared pattern, the role and the outcome are low-cardinality
	 * keys; the channel and the session, of which there may be any number, are high-cardinality ones.
	 */
	private Flux<Object> observed(Flux<Object> values, @Nullable CometSession sender, ChannelId channel) {
		return Flux.defer(() -> {
			Observation observation = Observation.createNotStarted("cometd.listener", this.observations)
				.contextualName("cometd " + this.role + " " + this.pattern)
				.lowCardinalityKeyValue("pattern", this.pattern.pattern())
				.lowCardinalityKeyValue("role", this.role)
				.lowCardinalityKeyValue("outcome", "success")
				.highCardinalityKeyValue("channel", channel.name())
				.highCardinalityKeyValue("session", (sender != null) ? sender.id() : "server")
				.start();
			return values.doOnError((ex) -> {
				observation.lowCardinalityKeyValue("outcome", outcomeOf(ex));
				observation.error(ex);
			}).doOnCancel(() -> observation.lowCardinalityKeyValue("outcome", "cancelled")).doFinally((signal) -> observation.stop());
		});
	}

	private static String outcomeOf(Throwable ex) {
		if (ex instanceof RejectMessageException) {
			return "rejected";
		}
		if (ex instanceof InvalidDataException) {
			return "invalid";
		}
		// An answer the method chose, not a fault of the method.
		return (ex instanceof RemoteCallFailureException) ? "failed" : "error";
	}

	private @Nullable Object call(InvocationContext context) throws Exception {
		Object[] arguments = new Object[this.resolvers.length];
		for (int i = 0; i < arguments.length; i++) {
			arguments[i] = this.resolvers[i].resolve(context);
		}
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	@SuppressWarnings("unchecked")
	private Flux<Object> adapt(@Nullable Object result) {
		if (result == null) {
			return Flux.empty();
		}
		if (result instanceof Mono<?> mono) {
			return (Flux<Object>) mono.flux();
		}
		if (result instanceof Publisher<?> publisher) {
			return Flux.from((Publisher<Object>) publisher);
		}
		return Flux.just(result);
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName() + " on " + this.pattern;
	}

}

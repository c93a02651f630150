package io.github.cometdboot.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.CometInterceptor;
import io.github.cometdboot.CometListener;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.BayeuxServer;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.OrderUtils;

/**
 * Finds {@link CometListener} and {@link CometInterceptor} methods on every bean and, once all
 * singletons exist, registers them with the {@link BayeuxServer}: service patterns as service
 * handlers, broadcast patterns as publish listeners, interceptors in bean order.
 */
public final class CometListenerRegistrar implements BeanPostProcessor, SmartInitializingSingleton {

	private final ObjectProvider<BayeuxServer> server;

	private final Scheduler blockingScheduler;

	private final ObjectProvider<ObservationRegistry> observations;

	private final List<Found> listeners = new ArrayList<>();

	private final List<Found> interceptors = new ArrayList<>();

	/**
	 * Create the registrar.
	 * @param server the server, looked up once all singletons exist
	 * @param blockingScheduler where methods that do not return a {@code Mono} or {@code Flux} run
	 * @param observations observes each call, when an {@link ObservationRegistry} is available
	 */
	public CometListenerRegistrar(ObjectProvider<BayeuxServer> server, Scheduler blockingScheduler,
			ObjectProvider<ObservationRegistry> observations) {
		this.server = server;
		this.blockingScheduler = blockingScheduler;
		this.observations = observations;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = AopUtils.getTargetClass(bean);
		int order = OrderUtils.getOrder(type, Ordered.LOWEST_PRECEDENCE);
		Map<Method, CometListener> listenerMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<CometListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, CometListener.class));
		listenerMethods.forEach((method, annotation) -> this.listeners
			.add(new Found(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation.value(), order)));
		Map<Method, CometInterceptor> interceptorMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<CometInterceptor>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, CometInterceptor.class));
		interceptorMethods.forEach((method, annotation) -> this.interceptors
			.add(new Found(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation.value(), order)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		BayeuxServer bayeux = this.server.getObject();
		ArgumentResolvers resolvers = new ArgumentResolvers(bayeux.codec().mapper());
		ObservationRegistry registry = this.observations.getIfAvailable(() -> ObservationRegistry.NOOP);
		for (Found found : this.listeners) {
			for (String pattern : found.patterns()) {
				ChannelPattern parsed = ChannelPattern.of(pattern);
				String role = (parsed.kind() == ChannelKind.SERVICE) ? "service" : "listener";
				registerListener(bayeux, new ListenerMethod(found.bean(), found.method(), parsed, resolvers,
						this.blockingScheduler, registry, role));
			}
		}
		this.interceptors.sort(Comparator.comparingInt(Found::order));
		for (Found found : this.interceptors) {
			for (String pattern : found.patterns()) {
				ListenerMethod method = new ListenerMethod(found.bean(), found.method(), ChannelPattern.of(pattern),
						resolvers, this.blockingScheduler, registry, "interceptor");
				requireBroadcast(method, "@CometInterceptor");
				bayeux.addInterceptor(method.pattern(), (sender, channel, message) -> method.invoke(sender, channel, message)
					.next()
					.map((data) -> withData(message, data))
					.defaultIfEmpty(message));
			}
		}
		this.listeners.clear();
		this.interceptors.clear();
	}

	private static void registerListener(BayeuxServer bayeux, ListenerMethod method) {
		if (method.pattern().kind() == ChannelKind.SERVICE) {
			bayeux.addService(method.pattern(), (session, message) -> {
				Flux<Object> values = method.invoke(session, ChannelId.of(message.channel()), message);
				// A stream answers a list whatever its length, so the caller need not guess the shape and an
				// empty one is still an answer; a single value (or Mono) answers that value, or nothing.
				return method.answersList() ? values.collectList().map(Object.class::cast) : values.next();
			});
			return;
		}
		requireBroadcast(method, "@CometListener");
		bayeux.addListener(method.pattern(), (sender, channel, message) -> method.invoke(sender, channel, message).then());
	}

	private static void requireBroadcast(ListenerMethod method, String annotation) {
		if (method.pattern().kind() == ChannelKind.META) {
			throw new IllegalStateException(annotation + " cannot handle meta channels: " + method);
		}
	}

	private static Message withData(Message message, Object data) {
		Message changed = new Message(message.fields());
		changed.put(Message.DATA, data);
		return changed;
	}

	private record Found(Object bean, Method method, String[] patterns, int order) {

	}

}

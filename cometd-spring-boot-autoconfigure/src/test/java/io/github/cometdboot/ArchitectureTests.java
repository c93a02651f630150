package io.github.cometdboot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the library keeps: no two packages depend on each other, however indirectly, and the
 * public API, the protocol, the hub and its transports know nothing of Spring Boot (only the
 * auto-configuration, actuator and annotation-processing packages do), so that they read and test as
 * plain Java and WebFlux.
 */
class ArchitectureTests {

	private static final JavaClasses LIBRARY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.cometdboot");

	@Test
	void noPackageCycles() {
		slices().assignedFrom(byPackage()).should().beFreeOfCycles().check(LIBRARY);
	}

	@Test
	void apiProtocolHubAndTransportsKnowNothingOfSpringBoot() {
		noClasses().that()
			.resideInAnyPackage("io.github.cometdboot", "io.github.cometdboot.bayeux..", "io.github.cometdboot.server..",
					"io.github.cometdboot.support..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(LIBRARY);
	}

	/** Each package a slice of its own, the root package included. */
	private static SliceAssignment byPackage() {
		return new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(com.tngtech.archunit.core.domain.JavaClass javaClass) {
				return SliceIdentifier.of(javaClass.getPackageName());
			}

			@Override
			public String getDescription() {
				return "packages of io.github.cometdboot";
			}

		};
	}

}

package io.github.cometdboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The collaboration demo: run it and open http://localhost:8080.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Start the application.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}

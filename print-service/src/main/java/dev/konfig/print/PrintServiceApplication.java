package dev.konfig.print;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** print-service: printers, canvas configs, print jobs and the agents that print them. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PrintServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PrintServiceApplication.class, args);
	}

}

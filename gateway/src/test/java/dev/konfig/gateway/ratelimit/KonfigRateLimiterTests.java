package dev.konfig.gateway.ratelimit;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.konfig.gateway.ratelimit.RateLimitProperties.Budget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas (two limiters) spending one API key's budget in the machine's Redis:
 * together they never let more through than the shared bucket holds, although each spends
 * leases locally.
 */
class KonfigRateLimiterTests {

	private static LettuceConnectionFactory connections;

	private static ReactiveStringRedisTemplate redis;

	@BeforeAll
	static void connect() {
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
				System.getenv().getOrDefault("KONFIG_REDIS_HOST", "127.0.0.1"),
				Integer.parseInt(System.getenv().getOrDefault("KONFIG_REDIS_PORT", "6379"))));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveStringRedisTemplate(connections);
	}

	@AfterAll
	static void close() {
		connections.destroy();
	}

	@Test
	void replicasTogetherNeverExceedTheSharedBudget() {
		// 1,000 tokens at once, 10 a second, one token a request: leases of 1 request (a tenth of a
		// second's refill) would not show leasing, so the refill is 2,000 a second: leases of 200.
		KonfigRateLimiter[] replicas = replicas(new Budget(2000, 1000, 1));
		String key = "konfig-test:api-key:" + UUID.randomUUID();
		long started = System.nanoTime();
		int allowed = 0;
		int refused = 0;
		for (int i = 0; i < 6000 && refused < 50; i++) {
			if (replicas[i % 2].isAllowed("route", key).block().isAllowed()) {
				allowed++;
			}
			else {
				refused++;
			}
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		// Never more than the bucket held plus its refill over the run.
		assertThat(allowed).isLessThanOrEqualTo((int) (1000 + 2000 * seconds) + 1);
		assertThat(refused).isPositive();
		redis.delete(key).block();
	}

	@Test
	void aSpentLeaseIsRefusedOnceTheSharedBucketIsEmpty() {
		// 5 requests at once, then one every 10 s; each lease is one request.
		KonfigRateLimiter[] replicas = replicas(new Budget(1, 50, 10));
		String key = "konfig-test:api-key:" + UUID.randomUUID();
		int allowed = 0;
		for (int i = 0; i < 10; i++) {
			if (replicas[i % 2].isAllowed("route", key).block().isAllowed()) {
				allowed++;
			}
		}
		assertThat(allowed).isEqualTo(5);
		redis.delete(key).block();
	}

	@Test
	void aLeaseIsATenthOfASecondsRefillAndNeverMoreThanAQuarterOfTheBurst() {
		assertThat(KonfigRateLimiter.leaseSize(new Budget(100, 200, 1))).isEqualTo(10);
		assertThat(KonfigRateLimiter.leaseSize(new Budget(100, 20, 1))).isEqualTo(5);
		assertThat(KonfigRateLimiter.leaseSize(new Budget(1, 60, 3))).isEqualTo(3);
		assertThat(KonfigRateLimiter.leaseSize(new Budget(1000, 2000, 10))).isEqualTo(100);
	}

	/** Two gateway replicas' limiters with this budget for API keys and users. */
	private static KonfigRateLimiter[] replicas(Budget budget) {
		RateLimitProperties properties = new RateLimitProperties(true, true, "konfig-test", budget, budget,
				new Budget(1, 60, 3), List.of("/login"));
		return new KonfigRateLimiter[] { new KonfigRateLimiter(redis, properties, new RateLimitKeys(properties)),
				new KonfigRateLimiter(redis, properties, new RateLimitKeys(properties)) };
	}

}

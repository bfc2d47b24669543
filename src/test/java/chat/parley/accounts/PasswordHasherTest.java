package chat.parley.accounts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    @Test
    void a_hash_verifies_its_password_only() {
        String hash = PasswordHasher.hash("correct horse battery");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify("correct horse battery", hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(PasswordHasher.hash("same password")).isNotEqualTo(PasswordHasher.hash("same password"));
    }

    @Test
    void garbage_hashes_never_verify() {
        assertThat(PasswordHasher.verify("x", "")).isFalse();
        assertThat(PasswordHasher.verify("x", "$argon2id$v=19$m=x$a$b")).isFalse();
        assertThat(PasswordHasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
    }

    @Test
    void short_and_huge_passwords_are_refused_with_a_reason() {
        assertThat(PasswordHasher.problem("short")).isEqualTo("password must be at least 8 characters");
        assertThat(PasswordHasher.problem("x".repeat(257))).isEqualTo("password must be at most 256 characters");
        assertThat(PasswordHasher.problem("long enough")).isNull();
    }
}

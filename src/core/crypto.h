#pragma once
// Randomness and hashing from OpenSSL, and password hashing with argon2id.
#include <optional>
#include <string>
#include <string_view>

namespace kith {

// `bytes` random bytes from the OS CSPRNG, base64url-encoded without padding.
std::string random_token(size_t bytes = 32);
// Lower-case hex SHA-256: session and invite tokens are stored only as hashes.
std::string sha256_hex(std::string_view data);
// HMAC-SHA-256 of `data` under `key`, as 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);
// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// argon2id with OWASP's minimum parameters (19 MiB, 2 passes); an encoded string with salt.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& encoded);

}  // namespace kith

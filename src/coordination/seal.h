#pragma once
// Sealing coordination records at rest: libsodium secretbox (XSalsa20-Poly1305) under
// a 32-byte key read from a file (--coordination-key-file), stored as base64 of
// nonce + box in *_sealed columns; keyed BLAKE2b hashes for matching without clear
// text; and the canary row that proves at start-up that the key is the right one.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/db.h"

namespace kith::coordination {

class Key {
 public:
  static constexpr std::size_t kSize = 32;
  // Reads exactly 32 bytes from `path`; an error names the file and what is wrong.
  static Result<Key> load(const std::string& path);
  // 32 fresh random bytes.
  static Key generate();
  // Writes a new key to `path` (mode 0600); refuses to overwrite a file.
  static Status write_new(const std::string& path);

  // base64(nonce + secretbox(plain)).
  std::string seal(std::string_view plain) const;
  // The plain text, or nullopt when the text was not sealed under this key.
  std::optional<std::string> open(std::string_view sealed) const;
  // Opens, or throws a clear error (never returns garbled text).
  std::string open_or_throw(std::string_view sealed) const;
  // Lower-case hex BLAKE2b-256 of `text` keyed by this key: for matching ("" for "").
  std::string match_hash(std::string_view text) const;
  // A short fingerprint that names the key without revealing it.
  std::string id() const;

  Key(const Key&) = default;
  Key& operator=(const Key&) = default;
  ~Key();

 private:
  Key() = default;
  std::array<unsigned char, kSize> bytes_{};
};

// The keyed hashes a person is matched on ("" where the part is missing).
struct MatchHashes {
  std::string name_dob, phone, email;
};
MatchHashes match_hashes(const Key& key, const std::string& name, const std::string& date_of_birth,
                         const std::string& phone, const std::string& email);

// The text sealed in the canary row.
inline constexpr const char* kCanary = "kith coordination key check";

// Seals the canary under `key` if the database has none; otherwise checks the canary
// opens under `key`. An error says the key is not the one the records were sealed
// with, naming its fingerprint and the one expected.
Status check_or_plant_canary(store::Db& db, const Key& key, const std::string& key_path);

// Re-seals every sealed column and recomputes every match hash from `old_key` to
// `new_key`, in the caller's transaction; answers the number of values re-sealed.
Result<std::int64_t> rotate(store::Db& db, const Key& old_key, const Key& new_key);

}  // namespace kith::coordination

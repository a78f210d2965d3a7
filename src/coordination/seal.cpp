#include "coordination/seal.h"

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "coordination/coordination.h"
#include "core/clock.h"
#include "core/text.h"

namespace kith::coordination {

namespace {

void init_sodium() {
  static const int ok = sodium_init();
  if (ok < 0) throw std::runtime_error("libsodium could not start");
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += d[p[i] >> 4];
    out += d[p[i] & 15];
  }
  return out;
}

}  // namespace

Key::~Key() { sodium_memzero(bytes_.data(), bytes_.size()); }

Result<Key> Key::load(const std::string& path) {
  init_sodium();
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error{"coordination-key", "The coordination key file " + path + " cannot be read", {}};
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (data.size() != kSize)
    return Error{"coordination-key",
                 "The coordination key file " + path + " holds " + std::to_string(data.size()) +
                     " bytes; a key is exactly 32 random bytes (make one with `kith coordination new-key FILE`)",
                 {}};
  Key k;
  std::copy(data.begin(), data.end(), k.bytes_.begin());
  sodium_memzero(data.data(), data.size());
  return k;
}

Key Key::generate() {
  init_sodium();
  Key k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

Status Key::write_new(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0)
    return Error{"coordination-key", "The file " + path + " already exists: a key is never overwritten", {}};
  Key k = generate();
  {
    std::ofstream f(path, std::ios::binary);
    if (!f) return Error{"coordination-key", "Cannot write the key file " + path, {}};
    f.write(reinterpret_cast<const char*>(k.bytes_.data()), static_cast<std::streamsize>(k.bytes_.size()));
    if (!f) return Error{"coordination-key", "Cannot write the key file " + path, {}};
  }
  ::chmod(path.c_str(), 0600);
  return Ok{};
}

std::string Key::seal(std::string_view plain) const {
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), out.data(), bytes_.data());
  return base64_encode(std::string_view(reinterpret_cast<const char*>(out.data()), out.size()));
}

std::optional<std::string> Key::open(std::string_view sealed) const {
  std::string raw = base64_decode(sealed);
  if (raw.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  std::string plain(raw.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* r = reinterpret_cast<const unsigned char*>(raw.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), r + crypto_secretbox_NONCEBYTES,
                                 raw.size() - crypto_secretbox_NONCEBYTES, r, bytes_.data()) != 0)
    return std::nullopt;
  return plain;
}

std::string Key::open_or_throw(std::string_view sealed) const {
  auto plain = open(sealed);
  if (!plain) throw std::runtime_error("a coordination record does not open under the coordination key in use");
  return *plain;
}

std::string Key::match_hash(std::string_view text) const {
  if (text.empty()) return "";
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), bytes_.data(),
                     bytes_.size());
  return hex(out, sizeof out);
}

std::string Key::id() const {
  unsigned char out[16];
  static constexpr char kLabel[] = "kith-coordination-key-id";
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kLabel), sizeof kLabel - 1, bytes_.data(),
                     bytes_.size());
  return hex(out, 6);
}

MatchHashes match_hashes(const Key& key, const std::string& name, const std::string& date_of_birth,
                         const std::string& phone, const std::string& email) {
  MatchHashes h;
  if (!normalise_name(name).empty() && !trim(date_of_birth).empty())
    h.name_dob = key.match_hash(name_dob_key(name, date_of_birth));
  h.phone = key.match_hash(normalise_phone(phone));
  h.email = key.match_hash(normalise_email(email));
  return h;
}

Status check_or_plant_canary(store::Db& db, const Key& key, const std::string& key_path) {
  auto row = db.query_one("SELECT canary_sealed, key_id FROM coord_key_check WHERE id = 1");
  if (!row) {
    db.exec("INSERT INTO coord_key_check (id, canary_sealed, key_id, created_at) VALUES (1, ?, ?, ?)",
            {key.seal(kCanary), key.id(), now_iso()});
    return Ok{};
  }
  auto plain = key.open(row->text(0));
  if (!plain || *plain != kCanary)
    return Error{"coordination-key",
                 "The coordination key in " + key_path + " (fingerprint " + key.id() +
                     ") is not the key this database's records were sealed with (fingerprint " + row->text(1) +
                     "). Start Kith with the right key file, or rotate with `kith coordination rotate-key`.",
                 {}};
  return Ok{};
}

namespace {

struct SealedColumn {
  const char* table;
  const char* id;
  const char* column;
};

// Every sealed column in the coordination tables. A new *_sealed column goes here too.
const std::vector<SealedColumn>& sealed_columns() {
  static const std::vector<SealedColumn> all = {
      {"coord_key_check", "id", "canary_sealed"},
      {"coord_people", "id", "name_sealed"},
      {"coord_people", "id", "date_of_birth_sealed"},
      {"coord_people", "id", "contact_sealed"},
      {"coord_referrals", "id", "what_matters_sealed"},
      {"coord_conversations", "id", "what_matters_sealed"},
      {"coord_conversations", "id", "good_life_sealed"},
      {"coord_strengths", "id", "text_sealed"},
      {"coord_goals", "id", "words_sealed"},
      {"coord_steps", "id", "text_sealed"},
      {"coord_contacts", "id", "note_sealed"},
      {"coord_connections", "id", "note_sealed"},
      {"coord_cost_avoided", "id", "note_sealed"},
      {"coord_closings", "case_id", "message_to_referrer_sealed"},
      {"coord_corrections", "id", "request_sealed"},
      {"coord_corrections", "id", "response_sealed"},
  };
  return all;
}

}  // namespace

Result<std::int64_t> rotate(store::Db& db, const Key& old_key, const Key& new_key) {
  auto canary = db.query_one("SELECT canary_sealed FROM coord_key_check WHERE id = 1");
  if (canary) {
    auto plain = old_key.open(canary->text(0));
    if (!plain || *plain != kCanary)
      return Error{
          "coordination-key",
          "The old key (fingerprint " + old_key.id() + ") is not the key this database's records are sealed with",
          {}};
  }
  std::int64_t count = 0;
  for (const auto& c : sealed_columns()) {
    std::string select =
        std::string("SELECT ") + c.id + ", " + c.column + " FROM " + c.table + " WHERE " + c.column + " IS NOT NULL";
    std::string update = std::string("UPDATE ") + c.table + " SET " + c.column + " = ? WHERE " + c.id + " = ?";
    for (const auto& r : db.query(select)) {
      auto plain = old_key.open(r.text(1));
      if (!plain)
        return Error{"coordination-key",
                     std::string("A value in ") + c.table + "." + c.column + " (row " + std::to_string(r.integer(0)) +
                         ") does not open under the old key",
                     {}};
      db.exec(update, {new_key.seal(*plain), r.integer(0)});
      ++count;
    }
  }
  // The match hashes are keyed too: recompute them from the re-opened values.
  for (const auto& r : db.query("SELECT id, name_sealed, date_of_birth_sealed, contact_sealed FROM coord_people")) {
    auto n = new_key.open(r.text(1));
    auto dob = r.is_null(2) ? std::optional<std::string>("") : new_key.open(r.text(2));
    auto contact = new_key.open(r.text(3));
    if (!n || !dob || !contact) return Error{"coordination-key", "A person's record did not re-seal", {}};
    auto j = nlohmann::json::parse(*contact, nullptr, false);
    std::string phone = j.is_object() ? j.value("phone", "") : "";
    std::string email = j.is_object() ? j.value("email", "") : "";
    auto h = match_hashes(new_key, *n, *dob, phone, email);
    db.exec("UPDATE coord_people SET match_name_dob = ?, match_phone = ?, match_email = ? WHERE id = ?",
            {store::or_null(h.name_dob), store::or_null(h.phone), store::or_null(h.email), r.integer(0)});
  }
  db.exec("UPDATE coord_key_check SET key_id = ?, rotated_at = ? WHERE id = 1", {new_key.id(), now_iso()});
  return count;
}

}  // namespace kith::coordination

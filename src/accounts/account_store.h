#pragma once
// Storage of users, roles, sessions, invitations and sign-in attempts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "store/db.h"

namespace kith::accounts {

class AccountStore {
 public:
  explicit AccountStore(store::Db& db) : db_(db) {}

  std::optional<User> find_by_email(const std::string& email);
  // An account without email, by its mobile number (+447...).
  std::optional<User> find_by_phone(const std::string& phone);
  std::optional<User> find_by_id(std::int64_t id);
  std::optional<std::string> password_hash(std::int64_t user_id);
  std::vector<User> list(int limit, int offset);
  std::int64_t count();

  // `status` is "active", "invited", "disabled" or "unverified" (signed up, address not
  // yet confirmed); only an unverified account starts without a confirmed address.
  // An empty `email` or `phone` is stored as none (an account has at least one).
  std::int64_t create(const std::string& email, const std::string& phone, const std::string& name,
                      const std::optional<std::string>& hash, const std::string& status, bool is_demo);
  void set_roles(std::int64_t user_id, const std::vector<std::string>& roles);
  void set_password(std::int64_t user_id, const std::string& hash);
  void set_status(std::int64_t user_id, const std::string& status);
  void set_phone(std::int64_t user_id, const std::string& phone);

  // Sessions: only the SHA-256 of the cookie value is stored.
  void create_session(const std::string& token_hash, std::int64_t user_id, const std::string& expires_at);
  // Keeps the language a person chose (a code Kith speaks).
  void set_language(std::int64_t user_id, const std::string& code);
  std::optional<User> session_user(const std::string& token_hash, const std::string& now);
  void delete_session(const std::string& token_hash);
  void delete_sessions_of(std::int64_t user_id);

  void create_invitation(const std::string& token_hash, std::int64_t user_id, std::optional<std::int64_t> by,
                         const std::string& expires_at);
  // The invited user for a live, unused invitation.
  std::optional<User> invitation_user(const std::string& token_hash, const std::string& now);
  void accept_invitation(const std::string& token_hash, const std::string& now);
  // Every open invitation link of a user stops working.
  void end_invitations_of(std::int64_t user_id);

  // Links emailed for confirming an address or resetting a password (`purpose`
  // "verify_email" or "password_reset"); only the token's SHA-256 is stored.
  void create_token(const std::string& token_hash, std::int64_t user_id, const std::string& purpose,
                    const std::string& expires_at);
  // The user of a live, unused token for this purpose.
  std::optional<User> token_user(const std::string& token_hash, const std::string& purpose, const std::string& now);
  // Marks the token used; false when it was used already (two clicks at once).
  bool use_token(const std::string& token_hash, const std::string& now);
  // Ends every unused link of a user (a new password or a new sign-up makes them stale).
  void cancel_tokens_of(std::int64_t user_id, const std::string& now);
  // A new name and password for an account not yet confirmed (its owner signing up again).
  void restart_sign_up(std::int64_t user_id, const std::string& name, const std::string& hash);
  void mark_verified(std::int64_t user_id, const std::string& now);
  void mark_terms_agreed(std::int64_t user_id, const std::string& now);

  // Sign-ups, new links and resets asked for (`kind`), counted per address and client.
  void record_request(const std::string& kind, const std::string& email, const std::string& ip);
  RecentFailures requests(const std::string& kind, const std::string& email, const std::string& ip,
                          const std::string& since);

  void record_attempt(const std::string& email, const std::string& ip, bool ok);
  // Failed attempts since `since` for this email from this client, for this email
  // and from this client (ThrottlePolicy says why all three).
  RecentFailures failures(const std::string& email, const std::string& ip, const std::string& since);

 private:
  std::vector<std::string> roles_of(std::int64_t user_id);
  std::optional<User> one(const std::string& sql, const store::Params& params);
  store::Db& db_;
};

}  // namespace kith::accounts

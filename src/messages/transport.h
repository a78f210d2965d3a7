#pragma once
// How a message leaves Kith: GOV.UK Notify (email and text, over HTTPS) or an SMTP
// relay (email only, STARTTLS), both through libcurl. The sender (sender.h) calls a
// Transport to send, to look a message up after a crash, and (Notify only) to ask what
// became of a message it accepted; the transports know nothing of the store.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "messages/kinds.h"
#include "messages/messages.h"
#include "messages/outbox.h"

namespace kith::messages {

// One message ready to go.
struct Outgoing {
  std::int64_t id = 0;
  std::string key;  // the idempotency key: Notify's `reference`, the email's Message-ID
  Channel channel = Channel::kEmail;
  std::string to;
  Rendered content;
  std::string unsubscribe_url;  // "" for messages that cannot be switched off
  std::int64_t now = 0;
};

struct SendResult {
  enum class Outcome {
    kSent,     // accepted: `reference` is the provider's id
    kRetry,    // a passing failure (outage, 5xx, rate limit): try again later
    kBounced,  // the address was refused for good: never retried, recorded
    kFailed,   // refused for good, but not because of the address (bad key, no template)
  };
  Outcome outcome = Outcome::kRetry;
  std::string reference;
  std::string error;  // what went wrong, in words an admin can act on
};

// What the provider knows of a message sent with `key` as its reference, for a
// message found "sending" after a crash.
struct Lookup {
  enum class Found { kYes, kNo, kUnknown };  // kUnknown: the provider cannot say (SMTP) or did not answer
  Found found = Found::kUnknown;
  std::string reference;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::string name() const = 0;  // "notify", "smtp"
  // Sends one message; never throws for a network or provider failure.
  virtual SendResult send(const Outgoing& message) = 0;
  // Whether lookup() can tell: the sender then records a batch's results together.
  virtual bool can_look_up() const { return false; }
  virtual Lookup lookup(const std::string& key) {
    (void)key;
    return {};
  }
  // Whether the provider can be asked later what became of a message it accepted
  // (Notify can; an SMTP relay cannot: bounce emails go to the From address).
  virtual bool can_check_delivery() const { return false; }
  // What became of the message the provider accepted as `reference` (its id). Never
  // throws; kUnknown when the provider did not answer.
  virtual Delivery check_delivery(const std::string& reference, Channel channel) {
    (void)reference;
    (void)channel;
    return {};
  }
};

struct NotifySettings {
  std::string api_key;  // "name-SERVICEID-SECRETKEY"
  std::string base_url = "https://api.notifications.service.gov.uk";
  std::string email_template;  // a template whose subject is ((subject)) and body ((body))
  std::string sms_template;    // a template whose body is ((body))
};
struct SmtpSettings {
  std::string url;  // smtp://relay.example.gov.uk:587
  std::string user;
  std::string password;
  std::string from;              // "Kith <kith@example.gov.uk>"
  bool require_starttls = true;  // off only with --smtp-insecure (a relay on the same host)
  std::string ca_file;           // a CA bundle to trust instead of the system's (--smtp-ca-file)
};

// nullptr with the reason in `error` when the settings cannot work (a malformed key).
std::unique_ptr<Transport> make_notify(const NotifySettings& settings, std::string* error);
std::unique_ptr<Transport> make_smtp(const SmtpSettings& settings, std::string* error);

}  // namespace kith::messages

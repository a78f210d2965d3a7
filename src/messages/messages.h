#pragma once
// The messages module's pure rules: retry timing, when to ask a provider what became
// of a message and what its answer means, UK mobile numbers, hiding an
// address on the admin page, unsubscribe tokens, the email itself (RFC 5322 with
// plain text and HTML) and Notify's JWT. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kith::messages {

// How long to wait before attempt `attempts` + 1, after `attempts` failed ones:
// `first` seconds doubling, never more than `cap`.
std::int64_t backoff_seconds(int attempts, std::int64_t first = 30, std::int64_t cap = 3600);

// Asking the provider what became of a message it accepted (GOV.UK Notify answers 201
// at once and learns of a bounce later). The first question `first` seconds after it
// was sent; then, as the message ages, as long again as its age (so the gaps double),
// never more than `cap` apart; never after `window`. Notify's provider tries an inbox or
// a phone for 72 hours before it reports a temporary failure: the window is longer.
struct CheckTiming {
  std::int64_t first = 300;
  std::int64_t cap = 6 * 3600;
  std::int64_t window = 4 * 86400;
};
// When to ask next about a message sent at `sent`, after asking at `now`; nullopt when
// that would fall after the window (it is not asked about again).
std::optional<std::int64_t> next_delivery_check(std::int64_t sent, std::int64_t now, const CheckTiming& timing = {});
// Whether a message sent at `sent` may be asked about at `now`.
bool within_check_window(std::int64_t sent, std::int64_t now, const CheckTiming& timing = {});

// What the provider says became of a message.
struct Delivery {
  enum class State {
    kUnknown,      // no answer (an outage, a rate limit, a key refused): stop asking for now
    kPending,      // still on its way: ask again later
    kDelivered,    // in the inbox or on the phone
    kRefused,      // the address does not exist or is not in use: recorded against it
    kUndelivered,  // not delivered (inbox full, phone off, the provider failed): told to admins
    kNoReport,     // no more will be known (an international text; the provider has forgotten it)
  };
  State state = State::kUnknown;
  std::string status;  // the provider's own word ("permanent-failure")
  std::string error;   // for kRefused and kUndelivered: what happened, in words an admin can act on
};
// GOV.UK Notify's status of an email or a text (GET /v2/notifications/{id}) read.
Delivery notify_delivery(std::string_view status, bool sms);

// A UK mobile number as +447xxxxxxxxx, from 07xxx xxxxxx, +44 7xxx..., 0044 7...;
// nullopt for anything else (landlines, foreign numbers, too short).
std::optional<std::string> normalise_uk_mobile(std::string_view input);

// An address with most of it hidden, for the admin page: "a***@e***.org", "+447*******89".
std::string mask_address(std::string_view address);

// The token in a one-click unsubscribe link: the person, the kind and an HMAC over
// both with the place's secret, so a link cannot be made for someone else.
std::string unsubscribe_token(std::string_view secret, std::int64_t user, std::string_view kind);
struct Unsubscribe {
  std::int64_t user = 0;
  std::string kind;
};
std::optional<Unsubscribe> read_unsubscribe_token(std::string_view secret, std::string_view token);

// One email, as it goes on the wire (CRLF line ends): multipart/alternative with the
// plain text first and the HTML second, both quoted-printable.
struct Email {
  std::string from;     // "Kith <kith@example.gov.uk>"
  std::string to;       // "ann@example.org"
  std::string subject;  // one line, UTF-8 allowed (encoded as RFC 2047)
  std::string text;
  std::string html;
  std::string unsubscribe_url;  // https link; adds List-Unsubscribe and List-Unsubscribe-Post
  std::string message_id;       // "<key@host>"
  std::int64_t date = 0;        // seconds since the epoch
};
std::string format_email(const Email& e);
// RFC 5322's date form: "Sun, 29 Nov 2026 08:13:59 +0000".
std::string rfc5322_date(std::int64_t epoch_seconds);
// Quoted-printable (RFC 2045), lines at most 76 characters, CRLF line ends.
std::string quoted_printable(std::string_view text);

// GOV.UK Notify's API key is "name-SERVICEID-SECRETKEY": two UUIDs after a name
// (which may itself contain dashes). nullopt when it is not that shape.
struct NotifyKey {
  std::string service_id;
  std::string secret;
};
std::optional<NotifyKey> parse_notify_key(std::string_view api_key);
// The bearer token Notify wants: a JWT, HS256, {"iss": service id, "iat": now}.
std::string notify_jwt(const NotifyKey& key, std::int64_t issued_at);
// Checks a JWT as Notify does (for the fake Notify in the tests): the signature with
// `secret`, and answers its claims; nullopt when the signature is wrong.
std::optional<std::string> verify_jwt(std::string_view jwt, std::string_view secret);

}  // namespace kith::messages

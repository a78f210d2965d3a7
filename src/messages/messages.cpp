#include "messages/messages.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/text.h"

namespace kith::messages {

namespace {

std::string base64url(std::string_view bytes) {
  std::string s = base64_encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

std::string base64url_decode(std::string_view text) {
  std::string s(text);
  for (char& c : s) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (s.size() % 4) s += '=';
  return base64_decode(s);
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

std::int64_t backoff_seconds(int attempts, std::int64_t first, std::int64_t cap) {
  std::int64_t wait = first;
  for (int i = 1; i < attempts && wait < cap; ++i) wait *= 2;
  return std::min(wait, cap);
}

std::optional<std::int64_t> next_delivery_check(std::int64_t sent, std::int64_t now, const CheckTiming& timing) {
  std::int64_t wait = std::clamp(now - sent, timing.first, timing.cap);
  if (now + wait > sent + timing.window) return std::nullopt;
  return now + wait;
}

bool within_check_window(std::int64_t sent, std::int64_t now, const CheckTiming& timing) {
  return now <= sent + timing.window;
}

Delivery notify_delivery(std::string_view status, bool sms) {
  // Notify's statuses for emails and texts (its API documentation, "Email status
  // descriptions" and "Text message status descriptions").
  using State = Delivery::State;
  Delivery d;
  d.status = std::string(status);
  const std::string said = " (GOV.UK Notify: " + d.status + ")";
  // "created", "sending", "pending" (a text), and any word Notify may add later: still
  // on its way, asked about again until the window ends.
  d.state = State::kPending;
  if (status == "delivered") {
    d.state = State::kDelivered;
  } else if (status == "sent") {
    d.state = State::kNoReport;  // a text to an international number: its network says no more
  } else if (status == "permanent-failure") {
    d.state = State::kRefused;
    d.error = (sms ? "Not delivered: the phone number does not exist or is not in use, or the network refused it"
                   : "Not delivered: the email address does not exist") +
              said + ". Nothing more is sent to it until the address is put right.";
  } else if (status == "temporary-failure") {
    d.state = State::kUndelivered;
    d.error = (sms ? "Not delivered: the phone was off, had no signal or its messages were full for 72 hours"
                   : "Not delivered: the inbox was full or its spam filter refused the email") +
              said + ". Kith does not send it again by itself: send it again if it still matters.";
  } else if (status == "technical-failure") {
    d.state = State::kUndelivered;
    d.error = "Not delivered: GOV.UK Notify could not pass it to its provider" + said +
              ". Kith does not send it again by itself: send it again if it still matters.";
  }
  return d;
}

std::optional<std::string> normalise_uk_mobile(std::string_view input) {
  std::string digits;
  bool plus = false;
  for (char c : input) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  std::string national;  // 7xxxxxxxxx
  if (plus && starts_with(digits, "44")) {
    national = digits.substr(2);
  } else if (!plus && starts_with(digits, "0044")) {
    national = digits.substr(4);
  } else if (!plus && starts_with(digits, "07")) {
    national = digits.substr(1);
  } else {
    return std::nullopt;
  }
  if (starts_with(national, "0")) national = national.substr(1);  // +44 (0)7...
  if (national.size() != 10 || national[0] != '7') return std::nullopt;
  // Mobiles are 071-075 and 077-079, and 07624 (the Isle of Man); 070 is personal
  // numbering and 076 pagers, which cannot take a text.
  if (national[1] == '0' || (national[1] == '6' && !starts_with(national, "7624"))) return std::nullopt;
  return "+44" + national;
}

std::string mask_address(std::string_view address) {
  auto hide = [](std::string_view part, std::size_t keep_front, std::size_t keep_back) {
    if (part.size() <= keep_front + keep_back)
      return std::string(part.substr(0, std::min<std::size_t>(1, part.size()))) + "***";
    return std::string(part.substr(0, keep_front)) + std::string(part.size() - keep_front - keep_back, '*') +
           std::string(part.substr(part.size() - keep_back));
  };
  auto at = address.find('@');
  if (at == std::string_view::npos) return hide(address, 4, 2);
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  auto dot = domain.rfind('.');
  std::string_view host = dot == std::string_view::npos ? domain : domain.substr(0, dot);
  std::string_view tld = dot == std::string_view::npos ? "" : domain.substr(dot);
  return hide(local, 1, 0) + "@" + hide(host, 1, 0) + std::string(tld);
}

std::string unsubscribe_token(std::string_view secret, std::int64_t user, std::string_view kind) {
  std::string payload = std::to_string(user) + "." + std::string(kind);
  return payload + "." + hex(hmac_sha256(secret, payload)).substr(0, 32);
}

std::optional<Unsubscribe> read_unsubscribe_token(std::string_view secret, std::string_view token) {
  auto last = token.rfind('.');
  if (last == std::string_view::npos || last == 0) return std::nullopt;
  std::string_view payload = token.substr(0, last);
  std::string expected = hex(hmac_sha256(secret, payload)).substr(0, 32);
  if (!constant_time_equal(expected, token.substr(last + 1))) return std::nullopt;
  auto dot = payload.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto user = parse_int(payload.substr(0, dot));
  if (!user) return std::nullopt;
  return Unsubscribe{*user, std::string(payload.substr(dot + 1))};
}

std::string rfc5322_date(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string quoted_printable(std::string_view text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  std::size_t line = 0;
  auto soft_break = [&](std::size_t next) {
    if (line + next > 75) {
      out += "=\r\n";
      line = 0;
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') continue;
    if (c == '\n') {
      out += "\r\n";
      line = 0;
      continue;
    }
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    bool plain = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    // A line starting with "." or "From " is escaped, so no transport changes it.
    if (line == 0 && c == '.') plain = false;
    if (plain) {
      soft_break(1);
      out += static_cast<char>(c);
      line += 1;
    } else {
      soft_break(3);
      out += '=';
      out += digits[c >> 4];
      out += digits[c & 15];
      line += 3;
    }
  }
  return out;
}

namespace {

// A header value that is not plain ASCII goes as an RFC 2047 encoded word.
std::string header_text(std::string_view s) {
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 32 && u < 127;
  });
  if (ascii) return std::string(s);
  return "=?UTF-8?B?" + base64_encode(s) + "?=";
}

std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

}  // namespace

std::string format_email(const Email& e) {
  std::string boundary = "kith-" + hex(hmac_sha256("boundary", e.message_id + e.text)).substr(0, 24);
  std::string m;
  m += "From: " + one_line(e.from) + "\r\n";
  m += "To: " + one_line(e.to) + "\r\n";
  m += "Subject: " + header_text(one_line(e.subject)) + "\r\n";
  m += "Date: " + rfc5322_date(e.date) + "\r\n";
  m += "Message-ID: " + one_line(e.message_id) + "\r\n";
  if (!e.unsubscribe_url.empty()) {
    m += "List-Unsubscribe: <" + one_line(e.unsubscribe_url) + ">\r\n";
    m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  m += "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  m += quoted_printable(e.text) + "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  m += quoted_printable(e.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  return m;
}

std::optional<NotifyKey> parse_notify_key(std::string_view api_key) {
  std::string key = trim(api_key);
  if (key.size() < 36 * 2 + 2) return std::nullopt;
  std::string secret = key.substr(key.size() - 36);
  std::string service = key.substr(key.size() - 73, 36);
  if (key[key.size() - 37] != '-' || !is_uuid(secret) || !is_uuid(service)) return std::nullopt;
  return NotifyKey{service, secret};
}

std::string notify_jwt(const NotifyKey& key, std::int64_t issued_at) {
  std::string header = base64url(R"({"typ":"JWT","alg":"HS256"})");
  nlohmann::json claims = {{"iss", key.service_id}, {"iat", issued_at}};
  std::string signing_input = header + "." + base64url(claims.dump());
  return signing_input + "." + base64url(hmac_sha256(key.secret, signing_input));
}

std::optional<std::string> verify_jwt(std::string_view jwt, std::string_view secret) {
  auto last = jwt.rfind('.');
  auto first = jwt.find('.');
  if (first == std::string_view::npos || last == first) return std::nullopt;
  std::string_view signing_input = jwt.substr(0, last);
  std::string expected = base64url(hmac_sha256(secret, signing_input));
  if (!constant_time_equal(expected, jwt.substr(last + 1))) return std::nullopt;
  auto header = nlohmann::json::parse(base64url_decode(jwt.substr(0, first)), nullptr, false);
  if (header.is_discarded() || header.value("alg", "") != "HS256") return std::nullopt;
  return base64url_decode(jwt.substr(first + 1, last - first - 1));
}

}  // namespace kith::messages

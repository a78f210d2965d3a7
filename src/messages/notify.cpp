// The GOV.UK Notify transport: POST /v2/notifications/email and /sms with one
// generic template per channel (((subject)) and ((body))), the outbox's idempotency
// key as `reference`, and a JWT made fresh for each call (Notify refuses one more
// than 30 seconds old). GET /v2/notifications?reference= finds a message after a
// crash; GET /v2/notifications/{id} says whether one was delivered or bounced.
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/text.h"
#include "messages/curl_client.h"
#include "messages/messages.h"
#include "messages/transport.h"

namespace kith::messages {

namespace {

// Notify's words for an address it will never deliver to.
bool refuses_address(const std::string& message) {
  std::string m = to_lower(message);
  return m.find("not a valid email address") != std::string::npos ||
         m.find("not a valid phone number") != std::string::npos ||
         m.find("not a uk mobile number") != std::string::npos;
}

std::string error_words(const HttpAnswer& a) {
  auto j = nlohmann::json::parse(a.body, nullptr, false);
  std::vector<std::string> parts;
  if (!j.is_discarded() && j.is_object() && j.contains("errors") && j["errors"].is_array())
    for (const auto& e : j["errors"])
      if (e.is_object()) parts.push_back(e.value("error", "") + ": " + e.value("message", ""));
  if (parts.empty()) return a.body.substr(0, 200);
  return join(parts, "; ");
}

class NotifyTransport : public Transport {
 public:
  NotifyTransport(NotifySettings settings, NotifyKey key) : settings_(std::move(settings)), key_(std::move(key)) {
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
  }
  std::string name() const override { return "notify"; }

  SendResult send(const Outgoing& m) override {
    bool sms = m.channel == Channel::kSms;
    nlohmann::json body = {{"template_id", sms ? settings_.sms_template : settings_.email_template},
                           {"reference", m.key},
                           {"personalisation", {{"subject", m.content.subject}, {"body", m.content.text}}}};
    body[sms ? "phone_number" : "email_address"] = m.to;
    if (!sms && !m.unsubscribe_url.empty()) body["one_click_unsubscribe_url"] = m.unsubscribe_url;
    auto a = http_call("POST", settings_.base_url + (sms ? "/v2/notifications/sms" : "/v2/notifications/email"),
                       headers(), body.dump());
    SendResult r;
    if (a.status == 0) {
      r.error = "GOV.UK Notify did not answer: " + a.error;
      return r;
    }
    if (a.status == 201 || a.status == 200) {
      auto j = nlohmann::json::parse(a.body, nullptr, false);
      r.outcome = SendResult::Outcome::kSent;
      if (!j.is_discarded() && j.is_object()) r.reference = j.value("id", "");
      return r;
    }
    std::string words = error_words(a);
    r.error = "GOV.UK Notify answered " + std::to_string(a.status) + ": " + words;
    if (a.status == 400)
      r.outcome = refuses_address(words) ? SendResult::Outcome::kBounced : SendResult::Outcome::kFailed;
    // 403 (a key revoked or mistyped) and 429 and 5xx pass once an operator or Notify acts: retry.
    return r;
  }

  bool can_look_up() const override { return true; }
  Lookup lookup(const std::string& key) override {
    auto a = http_call("GET", settings_.base_url + "/v2/notifications?reference=" + url_encode(key), headers(), "");
    Lookup l;
    if (a.status != 200) return l;
    auto j = nlohmann::json::parse(a.body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("notifications") || !j["notifications"].is_array()) return l;
    if (j["notifications"].empty()) {
      l.found = Lookup::Found::kNo;
      return l;
    }
    l.found = Lookup::Found::kYes;
    const auto& first = j["notifications"][0];
    if (first.is_object()) l.reference = first.value("id", "");
    return l;
  }

  bool can_check_delivery() const override { return true; }
  Delivery check_delivery(const std::string& reference, Channel channel) override {
    auto a = http_call("GET", settings_.base_url + "/v2/notifications/" + url_encode(reference), headers(), "");
    Delivery d;
    if (a.status == 0) {
      d.error = "GOV.UK Notify did not answer: " + a.error;
      return d;
    }
    // 404: past Notify's retention (7 days unless changed) or not this service's; 400:
    // not an id Notify makes. Either way nothing more will be learnt.
    if (a.status == 404 || a.status == 400) {
      d.state = Delivery::State::kNoReport;
      d.error = "GOV.UK Notify answered " + std::to_string(a.status) + ": " + error_words(a);
      return d;
    }
    auto j = a.status == 200 ? nlohmann::json::parse(a.body, nullptr, false) : nlohmann::json();
    if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
      // 403 (a key revoked), 429 (too many requests), 5xx, or an answer not in Notify's form.
      d.error = "GOV.UK Notify answered " + std::to_string(a.status) + ": " + error_words(a);
      return d;
    }
    return notify_delivery(j["status"].get<std::string>(), channel == Channel::kSms);
  }

 private:
  std::vector<std::string> headers() const {
    // No "Expect: 100-continue": it costs a round trip on every larger body.
    return {"Authorization: Bearer " + notify_jwt(key_, now_seconds()), "Content-Type: application/json",
            "Expect:", "User-Agent: kith"};
  }
  NotifySettings settings_;
  NotifyKey key_;
};

}  // namespace

std::unique_ptr<Transport> make_notify(const NotifySettings& settings, std::string* error) {
  auto key = parse_notify_key(settings.api_key);
  std::string problem;
  if (!key)
    problem = "The GOV.UK Notify API key is not in Notify's form: name-SERVICEID-SECRETKEY.";
  else if (settings.email_template.empty())
    problem = "Give the GOV.UK Notify email template's ID.";
  if (!problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  curl_init_once();
  return std::make_unique<NotifyTransport>(settings, *key);
}

}  // namespace kith::messages

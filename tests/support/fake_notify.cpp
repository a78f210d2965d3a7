#include "support/fake_notify.h"

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "core/clock.h"
#include "messages/messages.h"

namespace kith::testing {

namespace {

nlohmann::json notify_error(const std::string& error, const std::string& message, int status) {
  return {{"status_code", status}, {"errors", {{{"error", error}, {"message", message}}}}};
}

// Notify's own rule, roughly: one @, something before it, a dot after it.
bool looks_like_email(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         s.find("invalid") == std::string::npos;
}

}  // namespace

FakeNotify::FakeNotify() {
  auto check = [this](const httplib::Request& req, httplib::Response& res) {
    std::string auth = req.get_header_value("Authorization");
    std::string prefix = "Bearer ";
    std::optional<std::string> claims;
    if (auth.rfind(prefix, 0) == 0) claims = messages::verify_jwt(auth.substr(prefix.size()), kSecret);
    auto j = claims ? nlohmann::json::parse(*claims, nullptr, false) : nlohmann::json();
    bool ok = j.is_object() && j.value("iss", "") == kServiceId && j.contains("iat") && j["iat"].is_number_integer() &&
              std::llabs(j["iat"].get<long long>() - now_seconds()) <= 30;
    if (!ok) {
      ++bad_tokens_;
      res.status = 403;
      res.set_content(notify_error("AuthError", "Invalid token: signature, api token is not valid", 403).dump(),
                      "application/json");
    }
    return ok;
  };
  auto post = [this, check](const httplib::Request& req, httplib::Response& res, bool sms) {
    if (!check(req, res)) return;
    if (int status = fail_with.load(); status != 0) {
      res.status = status;
      res.set_content(notify_error("Exception", "Internal server error", status).dump(), "application/json");
      return;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
      res.status = 400;
      res.set_content(notify_error("BadRequestError", "Invalid JSON", 400).dump(), "application/json");
      return;
    }
    std::string to = body.value(sms ? "phone_number" : "email_address", "");
    if (!sms && !looks_like_email(to)) {
      res.status = 400;
      res.set_content(notify_error("ValidationError", "email_address Not a valid email address", 400).dump(),
                      "application/json");
      return;
    }
    std::string id = "notify-" + std::to_string(next_id_++);
    {
      std::lock_guard lock(mutex_);
      body["_type"] = sms ? "sms" : "email";
      body["_id"] = id;
      received_.push_back(body);
      notifications_[id] = {body.value("reference", ""), sms ? "sms" : "email", to};
      last_id_[body.value("reference", "")] = id;
    }
    res.status = 201;
    res.set_content(nlohmann::json({{"id", id}, {"reference", body.value("reference", "")}}).dump(),
                    "application/json");
  };
  server_.Post("/v2/notifications/email",
               [post](const httplib::Request& req, httplib::Response& res) { post(req, res, false); });
  server_.Post("/v2/notifications/sms",
               [post](const httplib::Request& req, httplib::Response& res) { post(req, res, true); });
  server_.Get("/v2/notifications", [this, check](const httplib::Request& req, httplib::Response& res) {
    if (!check(req, res)) return;
    std::string reference = req.get_param_value("reference");
    nlohmann::json list = nlohmann::json::array();
    {
      std::lock_guard lock(mutex_);
      // Newest first, as Notify lists them.
      for (auto r = received_.rbegin(); r != received_.rend(); ++r)
        if (r->value("reference", "") == reference)
          list.push_back({{"id", r->value("_id", "")}, {"reference", reference}});
    }
    res.set_content(nlohmann::json({{"notifications", list}}).dump(), "application/json");
  });
  // Notify's "Get the status of one message": the notification, or 404 NoResultFound.
  server_.Get(R"(/v2/notifications/([^/]+))", [this, check](const httplib::Request& req, httplib::Response& res) {
    if (!check(req, res)) return;
    if (int status = fail_with.load(); status != 0) {
      res.status = status;
      res.set_content(notify_error("Exception", "Internal server error", status).dump(), "application/json");
      return;
    }
    std::string id = req.matches[1];
    std::lock_guard lock(mutex_);
    status_checks_.push_back(id);
    auto it = notifications_.find(id);
    if (it == notifications_.end()) {
      res.status = 404;
      res.set_content(notify_error("NoResultFound", "No result found", 404).dump(), "application/json");
      return;
    }
    const Notification& n = it->second;
    nlohmann::json answer = {{"id", id}, {"reference", n.reference}, {"type", n.type}, {"status", n.status}};
    answer[n.type == "sms" ? "phone_number" : "email_address"] = n.to;
    res.set_content(answer.dump(), "application/json");
  });
  server_.set_keep_alive_timeout(1);  // so stop() is quick
  server_.set_tcp_nodelay(true);      // as a real server: no 40 ms Nagle and delayed-ACK stall
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("the fake Notify could not bind a port");
  serve();
}

void FakeNotify::serve() {
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeNotify::~FakeNotify() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void FakeNotify::stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

void FakeNotify::start() {
  if (!server_.bind_to_port("127.0.0.1", port_)) throw std::runtime_error("the fake Notify could not bind again");
  serve();
}

std::vector<nlohmann::json> FakeNotify::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::map<std::string, int> FakeNotify::references() const {
  std::map<std::string, int> out;
  std::lock_guard lock(mutex_);
  for (const auto& r : received_) ++out[r.value("reference", "")];
  return out;
}

void FakeNotify::remember(const std::string& reference) {
  std::string id = "notify-" + std::to_string(next_id_++);
  std::lock_guard lock(mutex_);
  received_.push_back({{"reference", reference}, {"_type", "email"}, {"_id", id}, {"_remembered", true}});
  notifications_[id] = {reference, "email", ""};
  last_id_[reference] = id;
}

void FakeNotify::set_status(const std::string& id, const std::string& status) {
  std::lock_guard lock(mutex_);
  auto& n = notifications_[id];
  if (n.type.empty()) n.type = "email";
  n.status = status;
}

std::string FakeNotify::id_of(const std::string& reference) const {
  std::lock_guard lock(mutex_);
  auto it = last_id_.find(reference);
  return it == last_id_.end() ? "" : it->second;
}

std::vector<std::string> FakeNotify::status_checks() const {
  std::lock_guard lock(mutex_);
  return status_checks_;
}

}  // namespace kith::testing

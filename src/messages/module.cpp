#include "messages/module.h"

#include <spdlog/spdlog.h>

#include "i18n/speaking.h"
#include "messages/messages_http.h"

namespace kith::messages {

std::string public_base(const app::Config& config) {
  if (!config.public_url.empty()) return config.public_url;
  return "http://" + config.host + ":" + std::to_string(config.port);
}

std::unique_ptr<Transport> transport_for(const app::Config& config, std::string* problem) {
  if (config.messages == "notify") {
    NotifySettings s;
    s.api_key = config.notify_api_key;
    s.base_url = config.notify_url;
    s.email_template = config.notify_email_template;
    s.sms_template = config.notify_sms_template;
    return make_notify(s, problem);
  }
  if (config.messages == "smtp") {
    SmtpSettings s;
    s.url = config.smtp_url;
    s.user = config.smtp_user;
    s.password = config.smtp_password;
    s.from = config.smtp_from;
    s.require_starttls = !config.smtp_insecure;
    s.ca_file = config.smtp_ca_file;
    return make_smtp(s, problem);
  }
  return nullptr;
}

std::unique_ptr<Sender> sender_for(store::Database& database, const app::Config& config) {
  std::string problem;
  auto transport = transport_for(config, &problem);
  if (!transport) {
    if (!problem.empty())
      spdlog::error("messages: not sending: {}", problem);
    else
      spdlog::warn("messages: no way to send is configured (--messages); messages stay queued");
    return nullptr;
  }
  SenderOptions options;
  options.public_url = public_base(config);
  return std::make_unique<Sender>(database, std::move(transport), options);
}

void MessagesModule::install(web::Server& server, const app::Config& config) {
  TransportState state;
  std::string problem;
  if (config.messages == "notify" || config.messages == "smtp") {
    state.name = config.messages;
    if (!transport_for(config, &problem)) state.problem = problem;
  }
  state.texts = config.messages != "smtp" && !(config.messages == "notify" && config.notify_sms_template.empty());
  *transport_ = state;
  install_routes(server, state);
}

app::WorkParts MessagesModule::work() const {
  return {{{"admin"}, [transport = transport_](store::Db& db, std::int64_t) {
             std::vector<app::Waiting> out;
             // Nothing reaches anyone until Notify or SMTP is set up: say so while messages wait.
             if (transport->name.empty() || !transport->problem.empty())
               if (std::int64_t waiting = db.scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'digest')"))
                 out.push_back({transport->name.empty()
                                    ? "Messages not sent: no way to send them (GOV.UK Notify or SMTP) is set up"
                                    : "Messages not sent: " + transport->problem,
                                "/admin/messages", waiting});
             out.push_back({"Messages that failed or were refused", "/admin/messages",
                            db.scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('failed', 'bounced')")});
             return out;
           }}};
}

app::PersonalDataParts MessagesModule::personal_data() const {
  return {{"messages", i18n::msg("The messages Kith sent you or is about to send, and how you chose to get them"),
           [](store::Db& db, std::int64_t user) {
             nlohmann::json out;
             out["choices"] = app::rows_json(
                 db, "SELECT kind, choice, updated_at FROM message_preferences WHERE user_id = ? ORDER BY kind",
                 {user});
             out["messages"] = app::rows_json(db,
                                              "SELECT kind, channel, to_address, status, created_at, sent_at FROM "
                                              "outbox WHERE user_id = ? ORDER BY id",
                                              {user});
             return out;
           }}};
}

app::ErasureParts MessagesModule::erasure() const {
  return {{"messages",
           i18n::msg(
               "The emails and texts sent to you, or waiting to be sent, are deleted with your choices and your phone "
               "number, and your name is taken out of messages sent to other people. One last message, by email or, "
               "without email, by text, tells you your account is closed; after it is sent, your address or number is "
               "forgotten."),
           [](store::Db& db, std::int64_t user) {
             auto who = db.query_one("SELECT email, display_name, COALESCE(phone, '') FROM users WHERE id = ?", {user});
             if (!who) return;
             const std::string email = who->text(0), name = who->text(1), phone = who->text(2);
             db.exec(
                 "DELETE FROM message_address_problems WHERE address IN (?, ?) OR outbox_id IN (SELECT id FROM "
                 "outbox WHERE user_id = ? OR to_address IN (?, ?))",
                 {email, phone, user, email, phone});
             db.exec("DELETE FROM outbox WHERE user_id = ? OR to_address IN (?, ?)", {user, email, phone});
             db.exec("DELETE FROM message_preferences WHERE user_id = ?", {user});
             // Messages to others that named them: those waiting go, those sent keep only that they were sent.
             if (name.size() >= 4) {
               std::string like = "%" + name + "%";
               db.exec(
                   "DELETE FROM message_address_problems WHERE outbox_id IN (SELECT id FROM outbox WHERE fields "
                   "LIKE ? AND status IN ('queued', 'digest'))",
                   {like});
               db.exec("DELETE FROM outbox WHERE fields LIKE ? AND status IN ('queued', 'digest')", {like});
               db.exec("UPDATE outbox SET fields = '{}' WHERE fields LIKE ?", {like});
             }
           }}};
}

}  // namespace kith::messages

// Requests to erase a coordination record, made when the person closes their account
// or an admin does it for them: listed for team leads (/coordination/erasure), who
// decide under the retention rules — erase the record now, or keep it until its
// retention period ends — with the reason. Recorded and audited.
#include "audit/audit.h"
#include "coordination/coordination_http.h"
#include "coordination/outcomes_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::coordination {

namespace {

using web::Access;
using web::Ctx;
using web::Done;
using web::Input;
using web::Json;

constexpr const char* kWaiting =
    "SELECT r.id, r.user_id, r.created_at, r.channel, (SELECT COUNT(*) FROM coord_cases c JOIN coord_people p ON "
    "p.id = c.person_id WHERE p.user_id = r.user_id), (SELECT COUNT(*) FROM coord_cases c JOIN coord_people p ON "
    "p.id = c.person_id WHERE p.user_id = r.user_id AND c.status <> 'closed') FROM erasure_requests r WHERE r.scope = "
    "'coordination' AND r.status = 'waiting' ORDER BY r.id";

}  // namespace

void ask_erasure(store::Db& db, std::int64_t user) {
  if (db.scalar("SELECT COUNT(*) FROM coord_people WHERE user_id = ?", {user}) == 0) return;
  // Asked the same way as the account's own request, made just before.
  db.exec(
      "INSERT INTO erasure_requests (user_id, scope, asked_by, channel, reason, status, created_at) "
      "SELECT user_id, 'coordination', asked_by, channel, '', 'waiting', created_at FROM erasure_requests "
      "WHERE id = (SELECT MAX(id) FROM erasure_requests WHERE user_id = ? AND scope = 'account')",
      {user});
}

void install_erasure_routes(web::Server& server, const std::shared_ptr<const State>& state) {
  auto& r = server.router();
  r.page("/coordination/erasure", "coordination/erasure", Access::role({"team_lead"}), [](Ctx& ctx) -> Result<Json> {
    Json list = Json::array();
    for (const auto& row : ctx.db.query(kWaiting))
      list.push_back({{"id", row.integer(0)},
                      {"user", row.integer(1)},
                      {"created_text", date_in_words(row.text(2))},
                      {"channel", row.text(3)},
                      {"cases", row.integer(4)},
                      {"open_cases", row.integer(5)}});
    return Json{
        {"title", "Requests to erase coordination records"}, {"requests", list}, {"has_requests", !list.empty()}};
  });
  r.action("/coordination/erasure/{id}", Access::role({"team_lead"}),
           [state](Ctx& ctx, const Input& in) -> Result<Done> {
             auto id = parse_int(ctx.param("id"));
             auto row = id ? ctx.db.query_one(
                                 "SELECT user_id FROM erasure_requests WHERE id = ? AND scope = "
                                 "'coordination' AND status = 'waiting'",
                                 {*id})
                           : std::nullopt;
             if (!row) return Error::not_found("There is no request waiting with that number.");
             std::string decision = in.get("decision");
             std::string reason = trim(in.get("reason"));
             std::vector<FieldError> errors;
             if (decision != "erased" && decision != "kept")
               errors.push_back({"decision", "Choose whether to erase the record now or keep it"});
             if (reason.empty())
               errors.push_back({"reason", "Give the reason, under the retention rules, for your decision"});
             else if (reason.size() > 2000)
               errors.push_back({"reason", "The reason must be 2,000 characters or fewer"});
             if (decision == "erased" && !state->key)
               errors.push_back({"decision", "Coordination is switched off here: the record cannot be opened"});
             if (!errors.empty()) return Error::validation(errors);
             std::int64_t user = row->integer(0);
             std::int64_t rows = 0;
             if (decision == "erased") {
               CaseOutcomeStore store(ctx.db, *state->key);
               std::vector<std::pair<std::int64_t, std::int64_t>> cases;
               for (const auto& c : ctx.db.query("SELECT c.id, c.person_id FROM coord_cases c JOIN coord_people p ON "
                                                 "p.id = c.person_id WHERE p.user_id = ? ORDER BY c.id",
                                                 {user}))
                 cases.emplace_back(c.integer(0), c.integer(1));
               for (const auto& [case_id, person] : cases) rows += store.erase_case(case_id, person);
             }
             ctx.db.exec(
                 "UPDATE erasure_requests SET status = ?, decision = ?, decided_by = ?, decided_at = ? "
                 "WHERE id = ?",
                 {decision, reason, ctx.user->id, now_iso(), *id});
             audit::record(ctx.db, audit::Actor::of(ctx), "coordination.erasure.decide", "erasure_request",
                           std::to_string(*id), nullptr, {{"decision", decision}, {"rows_deleted", rows}});
             return Done{"/coordination/erasure",
                         {{"id", *id}, {"decision", decision}},
                         decision == "erased" ? i18n::msg("The record is erased")
                                              : i18n::msg("The record is kept, and the reason recorded")};
           });
}

}  // namespace kith::coordination

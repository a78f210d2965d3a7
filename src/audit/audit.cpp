#include "audit/audit.h"

#include "core/clock.h"

namespace kith::audit {

namespace {

constexpr const char* kInsert =
    "INSERT INTO audit_log (at, actor_id, actor_label, on_behalf_of, action, entity, entity_id, before_json, "
    "after_json, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kWhere =
    " WHERE (? = '' OR entity = ?) AND (? = '' OR entity_id = ?) AND (? = 0 OR actor_id = ?)";
constexpr const char* kSelect =
    "SELECT id, at, actor_id, actor_label, action, entity, entity_id, before_json, after_json, ip FROM audit_log";

store::Value opt(const std::optional<std::int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

store::Value json_or_null(const nlohmann::json& j) {
  if (j.is_null()) return nullptr;
  return j.dump();
}

store::Params where_params(const Filter& f) {
  std::int64_t actor = f.actor_id.value_or(0);
  return {f.entity, f.entity, f.entity_id, f.entity_id, actor, actor};
}

}  // namespace

Actor Actor::of(const web::Ctx& ctx) {
  Actor a;
  if (ctx.user) {
    a.id = ctx.user->id;
    a.label = ctx.user->name + " <" + (ctx.user->email.empty() ? ctx.user->phone : ctx.user->email) + ">";
  } else {
    a.label = "resident (not signed in)";
  }
  a.ip = ctx.req.ip;
  a.site = ctx.absolute_url("");
  return a;
}

void record(store::Db& db, const Actor& actor, const std::string& action, const std::string& entity,
            const std::string& entity_id, const nlohmann::json& before, const nlohmann::json& after) {
  db.exec_later(kInsert, {now_iso(), opt(actor.id), actor.label, opt(actor.on_behalf_of), action, entity, entity_id,
                          json_or_null(before), json_or_null(after), actor.ip});
}

namespace {

constexpr const char* kRedact =
    "UPDATE audit_log SET ip = NULL, "
    "before_json = CASE WHEN before_json IS NULL THEN NULL ELSE '{\"erased\":true}' END, "
    "after_json = CASE WHEN after_json IS NULL THEN NULL ELSE '{\"erased\":true}' END";

// `text` as a LIKE pattern matching it anywhere, with LIKE's own characters escaped.
std::string containing(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

void redact_person(store::Db& db, std::int64_t user, const std::vector<std::string>& mentions) {
  db.exec(std::string(kRedact) + ", actor_label = 'Former member' WHERE actor_id = ?", {user});
  db.exec(std::string(kRedact) + " WHERE on_behalf_of = ? OR (entity = 'user' AND entity_id = ?)",
          {user, std::to_string(user)});
  for (const auto& m : mentions) {
    if (m.size() < 4) continue;  // a name as short as "Al" would redact half the log
    auto pattern = containing(m);
    db.exec(std::string(kRedact) +
                " WHERE entity_id = ? OR before_json LIKE ? ESCAPE '\\' OR after_json LIKE ? ESCAPE '\\'",
            {m, pattern, pattern});
    db.exec("UPDATE audit_log SET actor_label = 'Former member' WHERE actor_label LIKE ? ESCAPE '\\'", {pattern});
  }
}

void redact_entity(store::Db& db, const std::string& entity, const std::string& entity_id) {
  db.exec(std::string(kRedact) + " WHERE entity = ? AND entity_id = ?", {entity, entity_id});
}

std::vector<Entry> list(store::Db& db, const Filter& filter) {
  store::Params p = where_params(filter);
  p.push_back(std::int64_t{filter.limit});
  p.push_back(std::int64_t{filter.offset});
  std::vector<Entry> out;
  for (const auto& r : db.query(std::string(kSelect) + kWhere + " ORDER BY id DESC LIMIT ? OFFSET ?", p)) {
    out.push_back(Entry{r.integer(0), r.text(1), r.opt_integer(2), r.text(3), r.text(4), r.text(5), r.text(6),
                        r.text(7), r.text(8), r.text(9)});
  }
  return out;
}

std::int64_t count(store::Db& db, const Filter& filter) {
  return db.scalar(std::string("SELECT COUNT(*) FROM audit_log") + kWhere, where_params(filter));
}

Error refused(web::Ctx& ctx, const std::string& action, const std::string& entity, const std::string& id,
              const Error& error) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : error.fields) fields.push_back({{"field", f.field}, {"message", f.message}});
  record(ctx.db, Actor::of(ctx), action + ".refused", entity, id, nullptr,
         {{"code", error.code}, {"message", error.message}, {"fields", fields}});
  ctx.commit_now();
  return error;
}

}  // namespace kith::audit

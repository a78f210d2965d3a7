#include "outcomes/outcomes.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::outcomes {

std::string slug_of(const std::string& name) {
  std::string slug;
  for (char c : to_lower(trim(name))) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

const std::vector<std::string>& starting_names() {
  static const std::vector<std::string> names = {i18n::msg("Opportunities to learn"),
                                                 i18n::msg("A sense of autonomy and control"),
                                                 i18n::msg("A sense of purpose"),
                                                 i18n::msg("Relationships and connections with others"),
                                                 i18n::msg("Being active"),
                                                 i18n::msg("A sense of belonging and community"),
                                                 i18n::msg("Opportunities to contribute and give back")};
  return names;
}

namespace {

Result<std::string> checked_name(const std::string& name) {
  std::string clean = trim(name);
  if (clean.empty() || clean.size() > 100 || has_markup(clean))
    return Error::validation({{"name", "Name the outcome in up to 100 characters of plain text"}});
  return clean;
}

}  // namespace

Result<std::int64_t> add(store::Db& db, const audit::Actor& actor, const std::string& name) {
  auto clean = checked_name(name);
  if (!clean) return clean.error();
  std::string slug = slug_of(*clean);
  OutcomeStore store(db);
  if (slug.empty() || store.by_slug(slug))
    return Error::validation({{"name", "There is already an outcome like that"}});
  std::int64_t id = store.add(slug, *clean);
  audit::record(db, actor, "outcome.add", "outcome", slug, nullptr, {{"name", *clean}});
  return id;
}

Status rename(store::Db& db, const audit::Actor& actor, const std::string& slug, const std::string& name) {
  OutcomeStore store(db);
  auto o = store.by_slug(slug, true);
  if (!o) return Error::not_found(i18n::tr("There is no outcome {outcome}.", {{"outcome", slug}}));
  auto clean = checked_name(name);
  if (!clean) return clean.error();
  store.rename(o->id, *clean);
  audit::record(db, actor, "outcome.rename", "outcome", slug, {{"name", o->name}}, {{"name", *clean}});
  return Ok{};
}

Status retire(store::Db& db, const audit::Actor& actor, const std::string& slug) {
  OutcomeStore store(db);
  auto o = store.by_slug(slug);
  if (!o) return Error::not_found(i18n::tr("There is no outcome {outcome}.", {{"outcome", slug}}));
  if (o->retired) return Error{"conflict", o->name + " is already retired.", {}};
  store.retire(o->id);
  audit::record(db, actor, "outcome.retire", "outcome", slug, {{"retired", false}}, {{"retired", true}});
  return Ok{};
}

Result<std::vector<Outcome>> current(store::Db& db, const std::vector<std::string>& slugs, const std::string& field) {
  OutcomeStore store(db);
  std::vector<Outcome> out;
  std::vector<FieldError> errors;
  for (const auto& slug : slugs) {
    if (trim(slug).empty()) continue;
    auto o = store.by_slug(trim(slug));
    if (!o || o->retired)
      errors.push_back({field, "\"" + trim(slug) + "\" is not one of the outcomes"});
    else if (std::none_of(out.begin(), out.end(), [&](const Outcome& x) { return x.id == o->id; }))
      out.push_back(*o);
  }
  if (!errors.empty()) return Error::validation(errors);
  return out;
}

Status set_tags(store::Db& db, const audit::Actor& actor, const std::string& entity, const std::string& entity_id,
                const std::vector<std::string>& slugs) {
  auto wanted = current(db, slugs, "outcomes");
  if (!wanted) return wanted.error();
  OutcomeStore store(db);
  std::vector<std::string> before;
  std::vector<std::string> after;
  for (const auto& o : store.tags(entity, entity_id)) {
    before.push_back(o.slug);
    bool keep =
        o.retired || std::any_of(wanted->begin(), wanted->end(), [&](const Outcome& w) { return w.id == o.id; });
    if (keep)
      after.push_back(o.slug);
    else
      store.untag(entity, entity_id, o.id);
  }
  for (const auto& w : *wanted) {
    if (std::find(after.begin(), after.end(), w.slug) != after.end()) continue;
    store.tag(entity, entity_id, w.id, actor.id);
    after.push_back(w.slug);
  }
  if (before != after)
    audit::record(db, actor, "outcome.tag", entity, entity_id, {{"outcomes", before}}, {{"outcomes", after}});
  return Ok{};
}

nlohmann::json choices(store::Db& db, const std::vector<std::string>& chosen) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& o : OutcomeStore(db).list(false))
    out.push_back({{"value", o.slug},
                   {"text", o.name},
                   {"checked", std::find(chosen.begin(), chosen.end(), o.slug) != chosen.end()}});
  return out;
}

}  // namespace kith::outcomes

#include "stories/msc.h"

#include <algorithm>

#include "areas/area_store.h"
#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "outcomes/outcome_store.h"

namespace kith::stories {

namespace {

constexpr const char* kRoundColumns =
    "SELECT r.id, r.name, r.panel, r.source, r.told_from, r.told_to, r.area_code, r.passes_to, p.name, r.status, "
    "r.created_at FROM msc_rounds r LEFT JOIN msc_rounds p ON p.id = r.passes_to";

Round round_of(const store::Row& row) {
  return {row.integer(0), row.text(1),        row.text(2),
          row.text(3),    row.text(4),        row.text(5),
          row.text(6),    row.opt_integer(7), row.opt_text(8).value_or(""),
          row.text(9),    row.text(10)};
}

std::vector<Pick> picks_of(store::Db& db, const std::string& where, const store::Params& params) {
  std::vector<Pick> out;
  for (const auto& r : db.query("SELECT k.round_id, r.name, o.slug, k.story_id, k.why, k.picked_at FROM msc_picks k "
                                "JOIN msc_rounds r ON r.id = k.round_id JOIN outcomes o ON o.id = k.outcome_id "
                                "JOIN stories s ON s.id = k.story_id WHERE s.status IN ('published', 'evaluation') "
                                "AND " +
                                    where + " ORDER BY k.round_id",
                                params))
    out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4), r.text(5)});
  return out;
}

}  // namespace

std::vector<Round> rounds(store::Db& db) {
  std::vector<Round> out;
  for (const auto& r : db.query(std::string(kRoundColumns) + " ORDER BY r.status DESC, r.id DESC"))
    out.push_back(round_of(r));
  return out;
}

std::optional<Round> round(store::Db& db, std::int64_t id) {
  auto r = db.query_one(std::string(kRoundColumns) + " WHERE r.id = ?", {id});
  if (!r) return std::nullopt;
  return round_of(*r);
}

std::vector<Domain> domains(store::Db& db, const Round& r) {
  StoryStore stories(db);
  std::vector<Domain> out;
  std::vector<Pick> mine = picks_of(db, "k.round_id = ?", {r.id});
  std::vector<Pick> below =
      r.source == "picks" ? picks_of(db, "r.passes_to = ? AND r.status = 'closed'", {r.id}) : std::vector<Pick>{};
  for (const auto& o : outcomes::OutcomeStore(db).list(false)) {
    Domain d{o, {}, {}, std::nullopt};
    if (r.source == "stories") {
      StoryFilter f;
      f.outcome = o.slug;
      f.area = r.area_code;
      f.limit = 500;
      for (auto& s : stories.evaluable(f)) {
        std::string told = s.created_at.substr(0, 10);
        if ((r.told_from.empty() || told >= r.told_from) && (r.told_to.empty() || told <= r.told_to))
          d.candidates.push_back(std::move(s));
      }
    } else {
      for (const auto& p : below) {
        if (p.outcome_slug != o.slug) continue;
        if (d.picked_below[p.story_id].empty())
          if (auto s = stories.get(p.story_id)) d.candidates.push_back(std::move(*s));
        d.picked_below[p.story_id].push_back(p);
      }
    }
    for (const auto& p : mine)
      if (p.outcome_slug == o.slug) d.pick = p;
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::int64_t> create_round(store::Db& db, const audit::Actor& actor, const Round& r) {
  std::vector<FieldError> errors;
  auto plain = [&](const std::string& field, const std::string& v, const std::string& message) {
    if (trim(v).empty() || v.size() > 120 || has_markup(v)) errors.push_back({field, message});
  };
  plain("name", r.name, i18n::tr("Name the round in up to 120 characters"));
  plain("panel", r.panel, i18n::tr("Say who sits on the panel, in up to 120 characters"));
  if (r.source != "stories" && r.source != "picks")
    errors.push_back({"source", "Choose whether the panel reads new stories or the picks of other rounds"});
  if (!r.told_from.empty() && !is_iso_date(r.told_from))
    errors.push_back({"told_from", "The first date must be a real date"});
  if (!r.told_to.empty() && !is_iso_date(r.told_to)) errors.push_back({"told_to", "The last date must be a real date"});
  if (!r.told_from.empty() && !r.told_to.empty() && r.told_to < r.told_from)
    errors.push_back({"told_to", "The last date must not be before the first"});
  std::string area = to_upper(trim(r.area_code));
  if (!area.empty() && !areas::AreaStore(db).get(area))
    errors.push_back(
        {"area_code",
         i18n::tr("There is no area {code}: give an LSOA, ward, authority or neighbourhood code", {{"code", area}})});
  if (r.passes_to) {
    auto up = round(db, *r.passes_to);
    if (!up || up->status != "open" || up->source != "picks")
      errors.push_back({"passes_to", "Picks can pass only to an open round that reads other rounds' picks"});
  }
  if (!errors.empty()) return Error::validation(errors);
  bool first = r.source == "stories";
  std::int64_t id =
      db.query_one(
            "INSERT INTO msc_rounds (name, panel, source, told_from, told_to, area_code, passes_to, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {trim(r.name), trim(r.panel), r.source, first ? r.told_from : "", first ? r.told_to : "", first ? area : "",
             store::or_null(r.passes_to), store::or_null(actor.id), now_iso()})
          ->integer(0);
  audit::record(db, actor, "msc.round.create", "msc_round", std::to_string(id), nullptr,
                {{"name", trim(r.name)}, {"source", r.source}});
  return id;
}

Status pick(store::Db& db, const audit::Actor& actor, std::int64_t round_id, const std::string& outcome_slug,
            std::int64_t story_id, const std::string& why) {
  auto r = round(db, round_id);
  if (!r) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", std::to_string(round_id)}}));
  if (r->status != "open") return Error{"conflict", i18n::tr("This round is closed: its picks have passed up."), {}};
  std::string field = "story-" + outcome_slug;
  for (const auto& d : domains(db, *r)) {
    if (d.outcome.slug != outcome_slug) continue;
    bool candidate =
        std::any_of(d.candidates.begin(), d.candidates.end(), [&](const Story& s) { return s.id == story_id; });
    if (!candidate) return Error::validation({{field, i18n::tr("Choose one of this domain's stories")}});
    if (trim(why).size() < 10 || why.size() > 5000 || has_markup(why))
      return Error::validation(
          {{"why-" + outcome_slug, i18n::tr("Say why the panel chose it, in 10 to 5,000 characters")}});
    db.exec("DELETE FROM msc_picks WHERE round_id = ? AND outcome_id = ?", {round_id, d.outcome.id});
    db.exec(
        "INSERT INTO msc_picks (round_id, outcome_id, story_id, why, picked_by, picked_at) VALUES (?, ?, ?, ?, ?, ?)",
        {round_id, d.outcome.id, story_id, trim(why), store::or_null(actor.id), now_iso()});
    audit::record(db, actor, "msc.pick", "msc_round", std::to_string(round_id),
                  d.pick ? nlohmann::json{{"story", d.pick->story_id}} : nlohmann::json(),
                  {{"outcome", outcome_slug}, {"story", story_id}});
    return Ok{};
  }
  return Error::validation(
      {{field, i18n::tr("\"{outcome}\" is not one of the outcomes", {{"outcome", outcome_slug}})}});
}

Status close_round(store::Db& db, const audit::Actor& actor, std::int64_t round_id) {
  auto r = round(db, round_id);
  if (!r) return Error::not_found(i18n::tr("There is no round {id}.", {{"id", std::to_string(round_id)}}));
  if (r->status != "open") return Error{"conflict", i18n::tr("This round is already closed."), {}};
  if (db.scalar("SELECT COUNT(*) FROM msc_picks WHERE round_id = ?", {round_id}) == 0)
    return Error::validation({{"close", "Pick at least one story before closing the round"}});
  db.exec("UPDATE msc_rounds SET status = 'closed', closed_at = ? WHERE id = ?", {now_iso(), round_id});
  audit::record(db, actor, "msc.round.close", "msc_round", std::to_string(round_id), {{"status", "open"}},
                {{"status", "closed"}});
  return Ok{};
}

}  // namespace kith::stories

#include "engagement/service.h"

#include <set>

#include "areas/area_store.h"
#include "areas/census.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "stories/story_service.h"

namespace kith::engagement {

namespace {

// Places the record: a postcode in its LSOA, or an area code as given.
Status place(store::Db& db, const std::string& typed, Record& r) {
  std::string text = trim(typed);
  if (text.empty())
    return Error::validation({{"place", "Enter the postcode where it happened, or an area code such as E01012345"}});
  areas::AreaStore store(db);
  if (auto area = store.get(to_upper(text))) {
    if (area->kind == areas::Kind::kCountry || area->kind == areas::Kind::kMsoa)
      return Error::validation({{"place", "Give a postcode, an LSOA, a ward, an authority or a neighbourhood"}});
    r.area_code = area->code;
    r.postcode.clear();
    r.authority_code = area->kind == areas::Kind::kAuthority ? area->code : area->authority_code;
    return Ok{};
  }
  auto pc = areas::normalise_postcode(text);
  auto hit = pc ? store.postcode(*pc) : std::nullopt;
  if (!hit)
    return Error::validation({{"place", i18n::tr("We do not know the postcode or area {place}", {{"place", text}})}});
  auto lsoa = store.get(hit->lsoa_code);
  if (!lsoa)
    return Error::validation(
        {{"place", i18n::tr("We do not know the area of {postcode}", {{"postcode", hit->postcode}})}});
  r.area_code = lsoa->code;
  r.postcode = hit->postcode;
  r.authority_code = lsoa->authority_code;
  return Ok{};
}

Status check_all(store::Db& db, const Typed& typed, const std::string& today, Record& r) {
  r = typed.record;
  r.title = trim(r.title);
  r.notes = trim(r.notes);
  std::vector<Quote> quotes;
  for (auto q : r.quotes) {
    q.text = trim(q.text);
    q.who = trim(q.who);
    quotes.push_back(q);
  }
  r.quotes = quotes;
  auto errors = check(r, today);
  // Empty quote slots are not kept.
  std::vector<Quote> kept;
  for (const auto& q : r.quotes)
    if (!q.text.empty()) kept.push_back(q);
  r.quotes = kept;
  if (auto st = place(db, typed.place, r); !st)
    errors.insert(errors.begin() + std::min<std::size_t>(2, errors.size()), st.error().fields.begin(),
                  st.error().fields.end());
  EngagementStore store(db);
  std::set<std::int64_t> seen;
  for (auto id : typed.themes)
    if (!seen.insert(id).second || !store.theme(id)) {
      errors.push_back({"themes", "Choose themes from the list"});
      break;
    }
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

}  // namespace

nlohmann::json audit_json(const Record& r) {
  std::int64_t with_consent = 0;
  for (const auto& q : r.quotes) with_consent += q.consent ? 1 : 0;
  return {{"kind", r.kind},      {"title", r.title},          {"occurred_on", r.occurred_on},
          {"area", r.area_code}, {"people", r.people},        {"level", r.level},
          {"themes", r.themes},  {"quotes", r.quotes.size()}, {"quotes_with_consent", with_consent},
          {"counts", r.counts}};
}

Result<std::int64_t> record_engagement(store::Db& db, const audit::Actor& actor, const Typed& typed,
                                       const std::string& today) {
  Record r;
  if (auto st = check_all(db, typed, today, r); !st) return st.error();
  r.recorded_by = actor.id;
  EngagementStore store(db);
  std::int64_t id = store.add(r, typed.themes);
  auto saved = store.get(id);
  audit::record(db, actor, "engagement.record", "engagement_record", std::to_string(id), nullptr, audit_json(*saved));
  return id;
}

Status edit_engagement(store::Db& db, const audit::Actor& actor, std::int64_t id, const Typed& typed,
                       const std::string& today) {
  EngagementStore store(db);
  auto before = store.get(id);
  if (!before) return Error::not_found(i18n::tr("There is no engagement record {id}.", {{"id", std::to_string(id)}}));
  Record r;
  if (auto st = check_all(db, typed, today, r); !st) return st.error();
  r.id = id;
  store.update(r, typed.themes);
  audit::record(db, actor, "engagement.edit", "engagement_record", std::to_string(id), audit_json(*before),
                audit_json(*store.get(id)));
  return Ok{};
}

Result<std::int64_t> quote_to_story(store::Db& db, const audit::Actor& actor, std::int64_t record,
                                    std::int64_t position, std::int64_t user) {
  EngagementStore store(db);
  auto r = store.get(record);
  if (!r) return Error::not_found(i18n::tr("There is no engagement record {id}.", {{"id", std::to_string(record)}}));
  if (position < 1 || position > static_cast<std::int64_t>(r->quotes.size()))
    return Error::validation({{"quote", "Choose a quote of this record"}});
  const Quote& q = r->quotes[static_cast<std::size_t>(position - 1)];
  if (!q.consent)
    return Error::validation({{"quote", "Only a quote whose teller agreed to it being shown becomes a story"}});
  if (q.story_id) return Error{"conflict", "A story draft was already made of this quote.", {}};
  stories::Telling t;
  t.title = utf8_prefix(r->title, 100);
  t.title = "Heard at " + t.title;
  t.body = "“" + q.text + "”" + (q.who.empty() ? "" : " — " + q.who) + ".";
  t.postcode = r->postcode;
  t.perspective = "community";
  t.consent = "anonymous";
  auto told = stories::tell(db, actor, t, std::nullopt, user,
                            "Agreed to the quote being shown, as recorded with engagement record " +
                                std::to_string(record) + " (" + r->occurred_on + ")");
  if (!told) {
    std::string why = told.error().message;
    for (const auto& f : told.error().fields) why = f.message;
    return Error::validation({{"quote", i18n::tr("This quote cannot become a story: {why}", {{"why", why}})}});
  }
  store.set_quote_story(record, position, told->id);
  audit::record(db, actor, "engagement.quote_story", "engagement_record", std::to_string(record), nullptr,
                {{"quote", position}, {"story", told->id}});
  return told->id;
}

NotHeard not_heard(store::Db& db, const Filter& f, const std::vector<std::string>& lsoas) {
  NotHeard out;
  auto census = areas::census_counts(db, lsoas);
  out.lsoas_held = census.lsoas_held;
  out.heard = EngagementStore(db).heard(f);
  out.topics = compare(census.counts, out.heard.counts);
  return out;
}

Result<std::int64_t> add_theme(store::Db& db, const audit::Actor& actor, const std::string& typed) {
  auto name = theme_name(typed);
  if (!name) return name.error();
  EngagementStore store(db);
  if (store.theme_named(*name))
    return Error::validation({{"name", i18n::tr("There is already a theme called {name}", {{"name", *name}})}});
  std::int64_t id = store.add_theme(*name);
  audit::record(db, actor, "engagement.theme_add", "engagement_theme", std::to_string(id), nullptr, {{"name", *name}});
  return id;
}

Status retire_theme(store::Db& db, const audit::Actor& actor, std::int64_t id, bool retired) {
  EngagementStore store(db);
  auto t = store.theme(id);
  if (!t) return Error::not_found(i18n::tr("There is no theme {id}.", {{"id", std::to_string(id)}}));
  store.set_retired(id, retired);
  audit::record(db, actor, retired ? "engagement.theme_retire" : "engagement.theme_restore", "engagement_theme",
                std::to_string(id), {{"retired", t->retired}}, {{"retired", retired}});
  return Ok{};
}

}  // namespace kith::engagement

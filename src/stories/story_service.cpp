#include "stories/story_service.h"

#include <cctype>

#include "areas/area_store.h"
#include "core/crypto.h"
#include "core/text.h"

namespace kith::stories {

Result<Told> tell(store::Db& db, const audit::Actor& actor, const Telling& t, std::optional<std::int64_t> teller,
                  std::optional<std::int64_t> recorded_by, const std::string& consent_note) {
  auto ok = check(t);
  std::vector<FieldError> errors = ok ? std::vector<FieldError>{} : ok.error().fields;
  StoryStore store(db);
  Story s;
  for (const auto& slug : t.outcomes) {
    auto o = store.outcome(slug);
    if (!o || o->retired)
      errors.push_back({"outcomes", "\"" + slug + "\" is not one of the outcomes"});
    else
      s.outcomes.push_back(*o);
  }
  if (!trim(t.postcode).empty()) {
    auto pc = areas::normalise_postcode(t.postcode);
    auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back({"postcode", "We do not know the postcode " + trim(t.postcode) + ": check it or leave it out"});
    else
      s.lsoa_code = hit->lsoa_code;
  }
  if (recorded_by && trim(consent_note).empty())
    errors.push_back({"consent_note", "Say how the teller gave their consent"});
  if (!errors.empty()) return Error::validation(errors);
  if (t.consent == "none") {
    audit::record(db, actor, "story.tell", "story", "", nullptr, {{"consent", "none"}, {"kept", false}});
    return Told{0, ""};  // nothing is kept
  }
  s.teller_user = teller;
  s.teller_name = may_show_name(t.consent) ? trim(t.teller_name) : "";
  s.recorded_by = recorded_by;
  s.consent_note = trim(consent_note);
  s.title = trim(t.title);
  s.body = trim(t.body);
  s.perspective = t.perspective;
  s.consent = t.consent;
  s.status = "pending";
  std::string token = random_token(24);
  std::int64_t id = store.insert(s, sha256_hex(token));
  audit::record(
      db, actor, "story.tell", "story", std::to_string(id), nullptr,
      {{"consent", t.consent}, {"perspective", t.perspective}, {"recorded_by_worker", recorded_by.has_value()}});
  return Told{id, token};
}

Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& decision,
              const std::string& public_body, const std::string& reason) {
  StoryStore store(db);
  auto s = store.get(id);
  if (!s) return Error::not_found("There is no story " + std::to_string(id) + ".");
  if (s->status == "withdrawn") return Error{"conflict", "The teller has withdrawn this story.", {}};
  std::string status;
  std::string text;
  if (decision == "publish") {
    if (!may_publish(s->consent))
      return Error::validation(
          {{"decision", "The teller agreed only to " + label_of(consents(), s->consent) + ": it cannot be published"}});
    text = trim(public_body);
    Telling redacted{s->title, text, s->teller_name, "", s->perspective, s->consent, {}};
    if (auto ok = check(redacted); !ok) {
      for (const auto& f : ok.error().fields)
        if (f.field == "body") return Error::validation({{"public_body", f.message}});
    }
    status = "published";
  } else if (decision == "evaluation") {
    if (!may_use_for_evaluation(s->consent))
      return Error::validation({{"decision", "The teller did not agree to this"}});
    status = "evaluation";
  } else if (decision == "decline") {
    if (trim(reason).empty()) return Error::validation({{"reason", "Give the teller a reason"}});
    status = "declined";
  } else {
    return Error::validation({{"decision", "Choose publish, evaluation only or decline"}});
  }
  store.decide(id, status, text, trim(reason));
  audit::record(db, actor, "story.decide", "story", std::to_string(id), {{"status", s->status}},
                {{"status", status}, {"redacted", status == "published" && text != s->body}, {"reason", trim(reason)}});
  return Ok{};
}

Result<Story> withdraw(store::Db& db, const audit::Actor& actor, const std::string& token) {
  StoryStore store(db);
  auto s = store.by_token(sha256_hex(token));
  if (!s) return Error::not_found("This withdrawal link is not right, or the story is already gone.");
  if (s->status == "withdrawn") return Error{"conflict", "This story has already been withdrawn.", {}};
  store.withdraw(s->id);
  audit::record(db, actor, "story.withdraw", "story", std::to_string(s->id), {{"status", s->status}},
                {{"status", "withdrawn"}});
  return *s;
}

Result<std::int64_t> add_outcome(store::Db& db, const audit::Actor& actor, const std::string& name) {
  std::string clean = trim(name);
  if (clean.empty() || clean.size() > 100)
    return Error::validation({{"name", "Name the outcome in up to 100 characters"}});
  std::string slug;
  for (char c : to_lower(clean)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  StoryStore store(db);
  if (slug.empty() || store.outcome(slug))
    return Error::validation({{"name", "There is already an outcome like that"}});
  std::int64_t id = store.add_outcome(slug, clean);
  audit::record(db, actor, "outcome.add", "outcome", slug, nullptr, {{"name", clean}});
  return id;
}

Status rename_outcome(store::Db& db, const audit::Actor& actor, const std::string& slug, const std::string& name) {
  StoryStore store(db);
  auto o = store.outcome(slug);
  if (!o) return Error::not_found("There is no outcome " + slug + ".");
  std::string clean = trim(name);
  if (clean.empty() || clean.size() > 100)
    return Error::validation({{"name", "Name the outcome in up to 100 characters"}});
  store.rename_outcome(o->id, clean);
  audit::record(db, actor, "outcome.rename", "outcome", slug, {{"name", o->name}}, {{"name", clean}});
  return Ok{};
}

Status retire_outcome(store::Db& db, const audit::Actor& actor, const std::string& slug) {
  StoryStore store(db);
  auto o = store.outcome(slug);
  if (!o) return Error::not_found("There is no outcome " + slug + ".");
  if (o->retired) return Error{"conflict", o->name + " is already retired.", {}};
  store.retire_outcome(o->id);
  audit::record(db, actor, "outcome.retire", "outcome", slug, {{"retired", false}}, {{"retired", true}});
  return Ok{};
}

}  // namespace kith::stories

#include "stories/story_service.h"

#include "accounts/notify.h"
#include "areas/area_store.h"
#include "core/crypto.h"
#include "core/text.h"
#include "directory/directory_store.h"
#include "i18n/speaking.h"
#include "media/photo.h"
#include "messages/outbox.h"
#include "outcomes/outcomes.h"

namespace kith::stories {

Result<Told> tell(store::Db& db, const audit::Actor& actor, const Telling& t, std::optional<std::int64_t> teller,
                  std::optional<std::int64_t> recorded_by, const std::string& consent_note) {
  auto ok = check(t);
  std::vector<FieldError> errors = ok ? std::vector<FieldError>{} : ok.error().fields;
  StoryStore store(db);
  Story s;
  if (auto chosen = outcomes::current(db, t.outcomes, "outcomes"))
    s.outcomes = *chosen;
  else
    for (const auto& f : chosen.error().fields) errors.push_back(f);
  for (const auto& [signifier_id, raw] : t.answers) {
    auto sig = store.signifier(signifier_id);
    if (!sig || sig->retired) {
      errors.push_back({"signifier-" + std::to_string(signifier_id), i18n::tr("There is no such question to answer")});
      continue;
    }
    auto answer = parse_answer(*sig, raw);
    if (!answer)
      errors.push_back(answer.error().fields.front());
    else if (answer->has_value())
      s.answers.push_back(**answer);
  }
  if (!trim(t.postcode).empty()) {
    auto pc = areas::normalise_postcode(t.postcode);
    auto hit = pc ? areas::AreaStore(db).postcode(*pc) : std::nullopt;
    if (!hit)
      errors.push_back({"postcode", i18n::tr("We do not know the postcode {postcode}: check it or leave it out",
                                             {{"postcode", trim(t.postcode)}})});
    else
      s.lsoa_code = hit->lsoa_code;
  }
  std::optional<media::Photo> photo;
  if (!t.photo.empty()) {
    auto p = t.encoded ? *t.encoded : media::reencode_photo(t.photo, "photo");
    if (!p && p.error().fields.empty()) return p.error();  // busy with other photos: send again
    if (!p)
      errors.push_back(p.error().fields.front());
    else
      photo = std::move(*p);
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
  s.language = t.language;
  s.status = "pending";
  std::string token = random_token(24);
  std::int64_t id = store.insert(s, sha256_hex(token));
  if (photo) store.save_photo(id, photo->jpeg, photo->width, photo->height, trim(t.photo_alt));
  audit::record(db, actor, "story.tell", "story", std::to_string(id), nullptr,
                {{"consent", t.consent},
                 {"perspective", t.perspective},
                 {"recorded_by_worker", recorded_by.has_value()},
                 {"photo", photo.has_value()}});
  // Nothing private in the message: what is waiting and where, not the story's words.
  accounts::notify_roles(
      db, actor, {"moderator"}, "moderation_waiting",
      {{"what", i18n::msg("A story to moderate")}, {"link", "/moderate/stories/" + std::to_string(id)}},
      "moderation_waiting:story:" + std::to_string(id));
  return Told{id, token};
}

Status decide(store::Db& db, const audit::Actor& actor, std::int64_t id, const Decision& d) {
  StoryStore store(db);
  auto s = store.get(id);
  if (!s) return Error::not_found(i18n::tr("There is no story {id}.", {{"id", std::to_string(id)}}));
  if (s->status == "withdrawn") return Error{"conflict", i18n::tr("The teller has withdrawn this story."), {}};
  // Declining is final: the teller was told why it cannot be published. (A published
  // story may still be edited, or taken down with a reason.)
  if (s->status == "declined")
    return Error{"conflict", i18n::tr("This story was declined and the teller told: it is not decided again."), {}};
  std::string status;
  std::string text = trim(d.public_body);
  if (d.decision == "publish" || d.decision == "evaluation") {
    bool publish = d.decision == "publish";
    if (text.empty() && !publish) text = s->body;  // kept for evaluation as told, unless redacted
    if (publish ? !may_publish(s->consent) : !may_use_for_evaluation(s->consent)) {
      std::string agreed = i18n::tr(label_of(consents(), s->consent));
      return Error::validation(
          {{"decision",
            publish ? i18n::tr("The teller agreed only to {consent}: it cannot be published", {{"consent", agreed}})
                    : i18n::tr("The teller agreed only to {consent}", {{"consent", agreed}})}});
    }
    Telling redacted{s->title, text, s->teller_name, "", s->perspective, s->consent, {}, {}, "", ""};
    if (auto ok = check(redacted); !ok) {
      for (const auto& f : ok.error().fields)
        if (f.field == "body")  // said to the moderator, not the teller
          return Error::validation(
              {{"public_body", has_markup(text)
                                   ? i18n::msg("The text must be plain text, without HTML such as <script>")
                                   : i18n::msg("The text must be 20 to 10,000 characters")}});
    }
    status = publish ? "published" : "evaluation";
  } else if (d.decision == "decline") {
    if (trim(d.reason).empty()) return Error::validation({{"reason", "Give the teller a reason"}});
    status = "declined";
    text.clear();
  } else {
    return Error::validation({{"decision", "Choose publish, evaluation only or decline"}});
  }
  bool show_photo = status == "published" && s->photo && d.show_photo;
  store.decide(id, status, text, trim(d.reason));
  messages::withdraw(db, "moderation_waiting:story:" + std::to_string(id));  // no longer waiting for anyone
  if (s->photo) store.show_photo(id, show_photo);
  audit::record(db, actor, "story.decide", "story", std::to_string(id), {{"status", s->status}},
                {{"status", status},
                 {"redacted", !text.empty() && text != s->body},
                 {"photo_shown", show_photo},
                 {"reason", trim(d.reason)}});
  // The teller hears the decision, if they told it signed in; once per decision.
  if (s->teller_user && status != s->status) {
    std::string key = ":" + std::to_string(id);
    if (status == "published")
      accounts::notify(db, actor, *s->teller_user, "story_published",
                       {{"title", s->title}, {"link", "/stories/" + std::to_string(id)}}, "story_published" + key);
    else if (status == "evaluation")
      accounts::notify(db, actor, *s->teller_user, "story_kept", {{"title", s->title}}, "story_kept" + key);
    else
      accounts::notify(db, actor, *s->teller_user, "story_declined", {{"title", s->title}, {"reason", trim(d.reason)}},
                       "story_declined" + key);
  }
  return Ok{};
}

namespace {

Result<Story> withdraw_story(store::Db& db, const audit::Actor& actor, const Story& s) {
  if (s.status == "withdrawn") return Error{"conflict", i18n::tr("This story has already been withdrawn."), {}};
  StoryStore(db).withdraw(s.id);
  audit::record(db, actor, "story.withdraw", "story", std::to_string(s.id), {{"status", s.status}},
                {{"status", "withdrawn"}});
  return s;
}

Result<Story> editable(store::Db& db, std::int64_t id) {
  auto s = StoryStore(db).get(id);
  if (!s || s->status == "withdrawn")
    return Error::not_found(i18n::tr("There is no story {id}.", {{"id", std::to_string(id)}}));
  return *s;
}

}  // namespace

Result<Story> withdraw(store::Db& db, const audit::Actor& actor, const std::string& token) {
  auto s = StoryStore(db).by_token(sha256_hex(token));
  if (!s) return Error::not_found(i18n::tr("This withdrawal link is not right, or the story is already gone."));
  return withdraw_story(db, actor, *s);
}

void erase_teller(store::Db& db, std::int64_t user) {
  StoryStore stories(db);
  std::vector<std::int64_t> ids;
  for (const auto& r : db.query("SELECT id FROM stories WHERE teller_user = ? ORDER BY id", {user}))
    ids.push_back(r.integer(0));
  for (auto id : ids) {
    stories.withdraw(id);
    audit::redact_entity(db, "story", std::to_string(id));
  }
  // SQLite's full-text index keeps deleted words in its segments until they merge:
  // merge them now, so no copy of the database holds them.
  if (!ids.empty() && db.dialect() == store::Dialect::kSqlite)
    db.exec("INSERT INTO stories_fts (stories_fts) VALUES ('optimize')");
}

Result<Story> withdraw_own(store::Db& db, const audit::Actor& actor, std::int64_t id, std::int64_t user) {
  auto s = StoryStore(db).get(id);
  if (!s || s->teller_user != user)
    return Error::not_found(i18n::tr("You have no story {id}.", {{"id", std::to_string(id)}}));
  return withdraw_story(db, actor, *s);
}

Status link(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& kind,
            const std::string& ref) {
  auto s = editable(db, id);
  if (!s) return s.error();
  std::string clean = trim(ref);
  // A pasted page address works as well as an id: take the last part of the path.
  if (auto slash = clean.find_last_of('/'); slash != std::string::npos) clean = clean.substr(slash + 1);
  std::optional<nlohmann::json> row;
  if (kind == "service" || kind == "organisation")
    row = directory::DirectoryStore(db).row(kind == "service" ? "service" : "organization", clean);
  else
    return Error::validation({{"kind", "Choose a service or an organisation"}});
  // The message names what was typed, not the part of it read as an id.
  const std::string typed = trim(ref);
  if (!row)
    return Error::validation(
        {{"ref", kind == "service" ? i18n::tr("There is no service {ref} in the directory", {{"ref", typed}})
                                   : i18n::tr("There is no organisation {ref} in the directory", {{"ref", typed}})}});
  std::string name = row->value("name", clean);
  StoryStore(db).add_link(id, {kind, clean, name});
  audit::record(db, actor, "story.link", "story", std::to_string(id), nullptr, {{"kind", kind}, {"ref", clean}});
  return Ok{};
}

Status unlink(store::Db& db, const audit::Actor& actor, std::int64_t id, const std::string& kind,
              const std::string& ref) {
  auto s = editable(db, id);
  if (!s) return s.error();
  StoryStore(db).remove_link(id, kind, ref);
  audit::record(db, actor, "story.unlink", "story", std::to_string(id), {{"kind", kind}, {"ref", ref}}, nullptr);
  return Ok{};
}

Status promote(store::Db& db, const audit::Actor& actor, std::int64_t id, const CaseStudy& c) {
  auto s = editable(db, id);
  if (!s) return s.error();
  if (s->status != "published")
    return Error::validation({{"approach", "Only a published story can be a case study: others may not be shown"}});
  std::vector<FieldError> errors;
  if (trim(c.approach).size() < 20 || c.approach.size() > 5000 || has_markup(c.approach))
    errors.push_back({"approach", "Describe the approach in 20 to 5,000 characters of plain text"});
  if (c.lessons.size() > 5000 || has_markup(c.lessons))
    errors.push_back({"lessons", "Say what was learned in up to 5,000 characters of plain text"});
  if (!errors.empty()) return Error::validation(errors);
  StoryStore(db).save_case_study(id, {trim(c.approach), trim(c.lessons), ""}, actor.id);
  audit::record(db, actor, "story.case_study", "story", std::to_string(id), {{"case_study", s->case_study.has_value()}},
                {{"case_study", true}});
  return Ok{};
}

Status demote(store::Db& db, const audit::Actor& actor, std::int64_t id) {
  auto s = editable(db, id);
  if (!s) return s.error();
  if (!s->case_study) return Error{"conflict", i18n::tr("This story is not a case study."), {}};
  StoryStore(db).remove_case_study(id);
  audit::record(db, actor, "story.case_study", "story", std::to_string(id), {{"case_study", true}},
                {{"case_study", false}});
  return Ok{};
}

Result<std::int64_t> add_signifier(store::Db& db, const audit::Actor& actor, const Signifier& s) {
  Signifier clean{0, s.kind, trim(s.prompt), trim(s.label_a), trim(s.label_b), trim(s.label_c), false};
  if (auto ok = check(clean); !ok) return ok.error();
  std::int64_t id = StoryStore(db).add_signifier(clean);
  audit::record(db, actor, "signifier.add", "signifier", std::to_string(id), nullptr,
                {{"kind", clean.kind}, {"prompt", clean.prompt}});
  return id;
}

Status retire_signifier(store::Db& db, const audit::Actor& actor, std::int64_t id) {
  StoryStore store(db);
  auto s = store.signifier(id);
  if (!s) return Error::not_found(i18n::tr("There is no question {id}.", {{"id", std::to_string(id)}}));
  if (s->retired) return Error{"conflict", i18n::tr("That question is already retired."), {}};
  store.retire_signifier(id);
  audit::record(db, actor, "signifier.retire", "signifier", std::to_string(id), {{"retired", false}},
                {{"retired", true}});
  return Ok{};
}

}  // namespace kith::stories

#include "i18n/check.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/embedded.h"
#include "core/text.h"

namespace kith::i18n {

namespace {

std::string po_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// A message's {name}s, and an email's ((field))s (GOV.UK Notify's placeholders).
std::multiset<std::string> placeholder_set(std::string_view s) {
  auto names = placeholders(s);
  std::multiset<std::string> out(names.begin(), names.end());
  for (size_t at = 0; (at = s.find("((", at)) != std::string_view::npos;) {
    auto end = s.find("))", at);
    if (end == std::string_view::npos) break;
    out.insert("((" + std::string(s.substr(at + 2, end - at - 2)) + "))");
    at = end + 2;
  }
  return out;
}

}  // namespace

std::vector<web::TemplateMessage> program_messages(const web::Server& server) {
  auto out = web::Templates::embedded().messages();
  for (const auto& label : server.nav_labels()) out.push_back({label, "layout"});
  // The program's own words (form errors, titles), listed by scripts/i18n_program_messages.py.
  if (const auto* listed = embedded::find("i18n/program.tsv")) {
    auto unescape = [](std::string s) {
      for (size_t at = 0; (at = s.find("\\n", at)) != std::string::npos;) s.replace(at, 2, "\n");
      return s;
    };
    for (const auto& line : split(listed->data, '\n')) {
      auto fields = split(line, '\t');  // source, msgid[, msgid_plural]
      if (fields.size() < 2) continue;
      out.push_back({unescape(fields[1]), fields[0], fields.size() > 2 ? unescape(fields[2]) : ""});
    }
  }
  return out;
}

bool is_resident_template(std::string_view name) {
  // The program's own messages, named by their source: the resident modules' count.
  if (starts_with(name, "src/")) {
    static const std::vector<std::string_view> resident_modules = {
        "src/directory/", "src/stories/", "src/timebank/", "src/pb/", "src/grants/", "src/accounts/", "src/web/",
        "src/core/", "src/app/", "src/messages/",
        // Where a postcode is ("RM17 5AA is in Stifford Clays"), and the profile of an
        // area (who lives there, how deprived it is): found from the home page.
        "src/areas/", "src/indices/deprivation", "src/indices/area_sections.cpp",
        // The outcome framework Kith starts with, on stories and grant applications.
        "src/outcomes/",
        // Asking for support yourself: the referral form's own rules.
        "src/coordination/coordination.cpp",
        // Community hubs are run by residents who volunteer: their forms' rules too.
        "src/hubs/",
        // A story's photo: what is wrong with the file.
        "src/media/",
        // What each module holds about a person and what erasing them means, on
        // /account/data and /account/close.
        "src/audit/module.cpp", "src/coordination/module.cpp",
        // Recording an engagement, which hub volunteers do: the form's rules and words.
        "src/engagement/", "src/initiatives/module.cpp", "src/plans/module.cpp"};
    return std::any_of(resident_modules.begin(), resident_modules.end(),
                       [&](std::string_view m) { return starts_with(name, m); });
  }
  static const std::vector<std::string_view> resident_templates = {
      "layout", "error", "app/home", "app/problem", "directory/", "stories/", "timebank/", "pb/", "grants/index",
      "grants/round", "grants/_round", "grants/application", "grants/mine", "grants/project", "grants/projects",
      "grants/_canvas", "accounts/sign_in", "accounts/sign_up", "accounts/check_email", "accounts/verify",
      "accounts/verify_again", "accounts/forgot", "accounts/forgot_sent", "accounts/reset", "accounts/terms",
      "accounts/account", "accounts/data", "accounts/correction", "accounts/close", "accounts/closed",
      "messages/settings", "messages/unsubscribe", "accounts/_passwords", "accounts/_email", "accounts/_sign_in_name",
      "accounts/invitation", "forms/", "coordination/refer", "coordination/sent", "coordination/my_record",
      "coordination/index",  // signed out: asking for support
      "hubs/index", "hubs/hub", "hubs/cover", "hubs/shift", "hubs/manage", "areas/index", "areas/area", "areas/_census",
      "areas/census", "indices/_area_deprivation", "indices/table", "indices/_area_resilience", "initiatives/_area",
      // An area's initiatives by ward, from its profile.
      "initiatives/matrix", "initiatives/initiative",
      // A hub volunteer's own engagement records, and the form they record one with.
      "engagement/list", "engagement/record", "engagement/form"};
  return std::any_of(resident_templates.begin(), resident_templates.end(), [&](std::string_view r) {
    return r.back() == '/' ? starts_with(name, r) : name == r || starts_with(name, std::string(r) + "_");
  });
}

std::string pot_text(const std::vector<web::TemplateMessage>& messages) {
  std::map<std::string, std::set<std::string>> where;
  std::map<std::string, std::string> plural;
  std::vector<std::string> order;
  for (const auto& m : messages) {
    if (!where.count(m.id)) order.push_back(m.id);
    where[m.id].insert(m.template_name);
    if (!m.id_plural.empty()) plural[m.id] = m.id_plural;
  }
  std::string out =
      "# Kith's messages: every piece of page text in its templates.\n"
      "# Written by `kith i18n extract`; translate it as i18n/LANGUAGE.po.\n"
      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
  for (const auto& id : order) {
    for (const auto& t : where[id]) out += "#: " + t + "\n";
    if (auto p = plural.find(id); p != plural.end())
      out += "msgid " + po_quote(id) + "\nmsgid_plural " + po_quote(p->second) + "\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n\n";
    else
      out += "msgid " + po_quote(id) + "\nmsgstr \"\"\n\n";
  }
  return out;
}

CheckReport check(std::string_view po_text, const std::vector<web::TemplateMessage>& messages) {
  CheckReport r;
  std::vector<PoProblem> problems;
  Catalogue cat = Catalogue::parse(po_text, problems);
  for (const auto& p : problems)
    r.problems.push_back((p.line ? "line " + std::to_string(p.line) + ": " : "") + p.message);
  r.code = cat.header("Language");
  if (r.code.empty()) r.problems.emplace_back("no Language header");
  if (cat.header("X-Kith-Name").empty()) r.problems.emplace_back("no X-Kith-Name header (the language's own name)");

  std::set<std::string> ids, resident, plurals;
  for (const auto& m : messages) {
    ids.insert(m.id);
    if (is_resident_template(m.template_name)) resident.insert(m.id);
    if (!m.id_plural.empty()) plurals.insert(m.id);
  }
  r.total = ids.size();
  for (const auto& id : ids) {
    if (cat.find(id)) {
      ++r.translated;
    } else if (resident.count(id)) {
      r.missing_resident.push_back(id);
    }
  }
  r.missing = r.missing_resident;
  for (const auto& id : ids)
    if (!cat.find(id) && !resident.count(id)) r.missing.push_back(id);

  int forms = cat.plural_rule().count();
  for (const auto& e : cat.entries()) {
    bool translated = !e.strs.empty() && !e.strs[0].empty();
    if (translated && !ids.count(e.id) && e.context.empty()) r.stale.push_back(e.id);
    std::string where = "line " + std::to_string(e.line) + ": ";
    if (translated && plurals.count(e.id) && e.id_plural.empty())
      r.problems.push_back(where + "\"" + e.id + "\" is said with a count: give it msgid_plural and " +
                           std::to_string(forms) + " forms, msgstr[0] to msgstr[" + std::to_string(forms - 1) + "]");
    if (translated && !e.id_plural.empty() &&
        (static_cast<int>(e.strs.size()) != forms ||
         std::any_of(e.strs.begin(), e.strs.end(), [](const std::string& s) { return s.empty(); })))
      r.problems.push_back(where + "\"" + e.id + "\" needs all " + std::to_string(forms) +
                           " plural forms this language's Plural-Forms rule has, msgstr[0] to msgstr[" +
                           std::to_string(forms - 1) + "]");
    for (const auto& s : e.strs) {
      if (s.empty()) continue;
      // A plural form may leave out the count ("un canlyniad"), never add or lose another value.
      auto kept = placeholder_set(s), wanted = placeholder_set(e.id);
      if (!e.id_plural.empty() && !kept.count("n")) wanted.erase("n");
      if (kept != wanted) {
        std::set<std::string> names;
        for (const auto& w : placeholder_set(e.id)) names.insert(w[0] == '(' ? w : "{" + w + "}");
        r.problems.push_back(where + "the translation of \"" + e.id.substr(0, 50) + "\" " +
                             (names.empty() ? "must not add a {placeholder}: the English has none"
                                            : "must keep the placeholders " +
                                                  join(std::vector<std::string>(names.begin(), names.end()), ", ") +
                                                  " as they are"));
      }
      if (!valid_utf8(s)) r.problems.push_back(where + "the translation is not UTF-8");
    }
  }
  return r;
}

int report(const std::vector<std::pair<std::string, std::string>>& catalogues,
           const std::vector<web::TemplateMessage>& messages, bool require_resident, bool list_missing,
           std::ostream& out) {
  int status = 0;
  for (const auto& [name, text] : catalogues) {
    CheckReport r = check(text, messages);
    out << name << " (" << (r.code.empty() ? "?" : r.code) << "): " << r.translated << " of " << r.total
        << " messages translated; " << r.missing_resident.size() << " missing on resident journeys, "
        << r.missing.size() - r.missing_resident.size() << " elsewhere; " << r.stale.size() << " stale; "
        << r.problems.size() << " problem(s)\n";
    for (const auto& p : r.problems) out << "  problem: " << p << "\n";
    for (const auto& s : r.stale) out << "  stale (no template says it now): \"" << s << "\"\n";
    if (list_missing || require_resident)
      for (const auto& m : list_missing ? r.missing : r.missing_resident) out << "  missing: \"" << m << "\"\n";
    if (!r.problems.empty() || (require_resident && !r.missing_resident.empty())) status = 1;
  }
  return status;
}

std::vector<std::pair<std::string, std::string>> embedded_catalogues() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto* f : embedded::under("i18n/"))
    if (f->path.size() > 3 && f->path.substr(f->path.size() - 3) == ".po")
      out.emplace_back(std::string(f->path), std::string(f->data));
  return out;
}

}  // namespace kith::i18n

#include "plans/plans.h"

#include <cmath>
#include <cstdio>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"
#include "web/boundary.h"

namespace kith::plans {

const std::vector<Step>& steps() {
  // Said with tr() where they are shown (plans_http.cpp).
  static const std::vector<Step> all = {
      {"background", i18n::msg("Understand the background"),
       i18n::msg(
           "The history of the place: its physical environment, industry, leisure, open spaces and what has changed.")},
      {"people", i18n::msg("Understand the people"),
       i18n::msg("How people live, their values, skills and priorities; housing, work and the community's profile.")},
      {"services", i18n::msg("Understand the services"),
       i18n::msg("What services people use and how, what is not working and what the community would do instead.")},
      {"develop", i18n::msg("Develop the plan"),
       i18n::msg("A plan built on what was learned, with the community, with actions tied to objectives.")},
      {"deliver", i18n::msg("Deliver the plan"),
       i18n::msg("Delivered with the community: public services lead only where they must.")},
      {"review", i18n::msg("Review and evaluate"),
       i18n::msg("What changed, and what it teaches the next piece of work.")},
  };
  return all;
}

bool is_step(const std::string& key) {
  for (const auto& s : steps())
    if (s.key == key) return true;
  return false;
}

bool is_status(const std::string& status) {
  return status == "not-started" || status == "in-progress" || status == "done";
}

std::string status_text(const std::string& status) {
  if (status == "in-progress") return i18n::tr("In progress");
  if (status == "done") return i18n::tr("Done");
  return i18n::tr("Not started");
}

bool is_term(const std::string& term) { return term == "short" || term == "medium" || term == "long"; }

std::string term_text(const std::string& term) {
  if (term == "short") return i18n::tr("Short term");
  if (term == "medium") return i18n::tr("Medium term");
  return i18n::tr("Long term");
}

bool is_rag(const std::string& rag) { return rag == "green" || rag == "amber" || rag == "red"; }

std::string rag_text(const std::string& rag) {
  if (rag == "red") return i18n::tr("Red: at risk");
  if (rag == "amber") return i18n::tr("Amber: some risk");
  return i18n::tr("Green: on track");
}

Result<std::string> internal_link(const std::string& href) {
  std::string h = trim(href);
  if (h.empty()) return Error::validation({{"href", "Enter the link to a page in Kith, like /areas/E01024915"}});
  if (h[0] != '/' || (h.size() > 1 && (h[1] == '/' || h[1] == '\\')))
    return Error::validation(
        {{"href", "Enter a link to a page in Kith starting with /, like /areas/E01024915 (not another website)"}});
  for (char c : h)
    if (static_cast<unsigned char>(c) < 0x21 || c == '\\')
      return Error::validation({{"href", "Enter a link without spaces or backslashes"}});
  if (h.size() > 500) return Error::validation({{"href", "Enter a link of 500 characters or fewer"}});
  // The page checked is the page linked to: no "." or ".." step (nor "%2e%2e") leads
  // elsewhere once a browser reads it, nor "//" another site.
  if (!web::safe_next(h))
    return Error::validation({{"href", "Enter the page's own address, without . or .. steps, like /stories/12"}});
  return h;
}

Result<Delivery> delivery_of(const std::string& href, const std::string& field) {
  const std::string kind_hint = i18n::msg(
      "Enter the link to a directory service, grant round or project, budget, timebank, hub or initiative in Kith, "
      "like /pb/2");
  auto path = internal_link(href);
  if (!path) return Error::validation({{field, kind_hint}});
  auto parts = split(path->substr(0, path->find_first_of("?#")), '/');  // "", "pb", "2"
  if (parts.size() == 4 && parts[1] == "directory" && parts[2] == "services" && !parts[3].empty())
    return Delivery{"service", parts[3]};
  if (parts.size() == 4 && parts[1] == "grants" && parts[2] == "rounds" && parse_int(parts[3]))
    return Delivery{"grant-round", parts[3]};
  if (parts.size() == 4 && parts[1] == "grants" && parts[2] == "projects" && parse_int(parts[3]))
    return Delivery{"grant-project", parts[3]};
  if (parts.size() == 3 && parts[1] == "pb" && parse_int(parts[2])) return Delivery{"pb", parts[2]};
  if (parts.size() == 3 && parts[1] == "hubs" && parse_int(parts[2])) return Delivery{"hub", parts[2]};
  if (parts.size() == 3 && parts[1] == "initiatives" && parse_int(parts[2])) return Delivery{"initiative", parts[2]};
  if (parts.size() == 3 && parts[1] == "timebank" && !parts[2].empty() && parts[2] != "posts")
    return Delivery{"timebank", parts[2]};
  return Error::validation({{field, kind_hint}});
}

std::string delivery_text(const std::string& kind) {
  if (kind == "service") return i18n::tr("Directory service");
  if (kind == "grant-round") return i18n::tr("Grant round");
  if (kind == "grant-project") return i18n::tr("Grant project");
  if (kind == "pb") return i18n::tr("Participatory budget");
  if (kind == "hub") return i18n::tr("Community hub");
  if (kind == "initiative") return i18n::tr("Initiative");
  return i18n::tr("Timebank");
}

std::string no_such_delivery(const std::string& kind, const std::string& ref) {
  if (kind == "service") return i18n::tr("There is no directory service {ref} in Kith: check the link", {{"ref", ref}});
  if (kind == "grant-round") return i18n::tr("There is no grant round {ref} in Kith: check the link", {{"ref", ref}});
  if (kind == "grant-project")
    return i18n::tr("There is no funded grant project {ref} in Kith: check the link", {{"ref", ref}});
  if (kind == "pb") return i18n::tr("There is no participatory budget {ref} in Kith: check the link", {{"ref", ref}});
  if (kind == "hub") return i18n::tr("There is no community hub {ref} in Kith: check the link", {{"ref", ref}});
  if (kind == "initiative") return i18n::tr("There is no initiative {ref} in Kith: check the link", {{"ref", ref}});
  return i18n::tr("There is no timebank {ref} in Kith: check the link", {{"ref", ref}});
}

namespace {

// Days since 1970-01-01 of a valid date (the civil-from-days inverse).
std::int64_t day_number(const std::string& d) {
  int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

bool overdue(const Milestone& m, const std::string& today) {
  return !m.done && is_iso_date(m.due) && is_iso_date(today) && m.due < today;
}

std::int64_t days_late(const Milestone& m, const std::string& today) {
  if (!overdue(m, today)) return 0;
  return day_number(today) - day_number(m.due);
}

Status check_milestone(const Milestone& m) {
  std::vector<FieldError> errors;
  if (trim(m.title).empty())
    errors.push_back({"title", "Enter what the milestone is"});
  else if (m.title.size() > 200)
    errors.push_back({"title", "Enter a milestone of 200 characters or fewer"});
  if (trim(m.owner).empty())
    errors.push_back({"owner", "Enter who owns the milestone"});
  else if (m.owner.size() > 120)
    errors.push_back({"owner", "Enter an owner of 120 characters or fewer"});
  if (!is_iso_date(m.due))
    errors.push_back({"due", "Enter the date it is due as a real date"});
  else if (m.due < "2000-01-01")
    errors.push_back({"due", "Enter a due date in 2000 or later"});
  if (!is_rag(m.rag)) errors.push_back({"rag", "Choose green, amber or red"});
  if (!errors.empty()) return Error::validation(errors);
  return Ok{};
}

std::optional<Combined> combine(const std::vector<std::string>& lsoas, const std::map<std::string, double>& values,
                                const std::map<std::string, double>& people) {
  Combined out;
  out.lsoas = lsoas.size();
  double weighted = 0, weights = 0, plain = 0;
  bool all_weighed = true;
  for (const auto& code : lsoas) {
    auto v = values.find(code);
    if (v == values.end() || !std::isfinite(v->second)) continue;
    ++out.with_value;
    plain += v->second;
    auto p = people.find(code);
    if (p == people.end() || !(p->second > 0)) {
      all_weighed = false;
      continue;
    }
    weighted += v->second * p->second;
    weights += p->second;
  }
  if (out.with_value == 0) return std::nullopt;
  out.value = all_weighed ? weighted / weights : plain / static_cast<double>(out.with_value);
  return out;
}

std::string number_text(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return i18n::tr("not known");
  char buf[400];  // room for any double's whole digits
  std::snprintf(buf, sizeof buf, "%.1f", *v);
  std::string s = buf;
  return s == "-0.0" ? "0.0" : s;
}

// Each sentence whole in the catalogue, so a language can order it as it needs.
Movement movement(std::optional<double> baseline, std::optional<double> now, std::optional<double> target,
                  std::optional<int> direction) {
  Movement out;
  const std::string from = number_text(baseline), to = number_text(now), goal = number_text(target);
  if (!baseline || !now) {
    out.text =
        !now     ? i18n::tr("No value for these areas now.")
        : target ? i18n::tr("Now {to}; no baseline was taken. The target is {target}.", {{"to", to}, {"target", goal}})
                 : i18n::tr("Now {to}; no baseline was taken.", {{"to", to}});
    return out;
  }
  double change = *now - *baseline;
  out.change = change;
  const std::string by = number_text(std::fabs(change));
  const std::string moved =
      std::fabs(change) < 0.05 ? i18n::tr("No change: {to}", {{"to", to}})
      : change > 0 ? i18n::tr("Up {change} from {from} to {to}", {{"change", by}, {"from", from}, {"to", to}})
                   : i18n::tr("Down {change} from {from} to {to}", {{"change", by}, {"from", from}, {"to", to}});
  if (!target) {
    out.text = i18n::tr("{movement}.", {{"movement", moved}});
    return out;
  }
  double gap = *target - *baseline;
  int way = direction && *direction != 0 ? (*direction > 0 ? 1 : -1) : (gap > 1e-9 ? 1 : gap < -1e-9 ? -1 : 0);
  if (way == 0) {
    out.text = i18n::tr("{movement}; the target is {target}.", {{"movement", moved}, {"target", goal}});
    return out;
  }
  const bool reached = way * (*now - *target) >= -1e-9;
  if (reached) {
    out.progress = way * gap > 1e-9 ? change / gap : 1.0;
    out.text = i18n::tr("{movement}; the target is {target} (reached).", {{"movement", moved}, {"target", goal}});
    return out;
  }
  // The baseline was already past the target (taken again over other areas) and the
  // measure has gone back: away from it.
  double p = way * gap > 1e-9 ? change / gap : -1.0;
  out.progress = p;
  const std::string percent = std::to_string(static_cast<int>(std::floor(p * 100 + 1e-9)));
  out.text = p > 0         ? i18n::tr("{movement}; the target is {target} ({percent}% of the way).",
                                      {{"movement", moved}, {"target", goal}, {"percent", percent}})
             : change == 0 ? i18n::tr("{movement}; the target is {target} (no nearer yet).",
                                      {{"movement", moved}, {"target", goal}})
                           : i18n::tr("{movement}; the target is {target} (moving away from it).",
                                      {{"movement", moved}, {"target", goal}});
  return out;
}

std::string where_we_are(const Progress& p) {
  const std::string done = std::to_string(p.steps_done), all = std::to_string(steps().size()),
                    started = std::to_string(p.steps_started);
  std::string steps_done = p.steps_started > 0
                               ? i18n::tr("{done} of {all} steps done, {started} in progress.",
                                          {{"done", done}, {"all", all}, {"started", started}})
                               : i18n::tr("{done} of {all} steps done.", {{"done", done}, {"all", all}});
  if (p.milestones == 0) return steps_done + " " + i18n::tr("No milestones set yet.");
  const std::string finished = std::to_string(p.milestones_done), late = std::to_string(p.milestones_overdue);
  std::string milestones =
      p.milestones_overdue == 0 ? i18n::tr_plural(p.milestones, "{done} of {n} milestone done; none overdue.",
                                                  "{done} of {n} milestones done; none overdue.", {{"done", finished}})
      : p.milestones_overdue == 1
          ? i18n::tr_plural(p.milestones, "{done} of {n} milestone done; 1 is overdue.",
                            "{done} of {n} milestones done; 1 is overdue.", {{"done", finished}})
          : i18n::tr_plural(p.milestones, "{done} of {n} milestone done; {late} are overdue.",
                            "{done} of {n} milestones done; {late} are overdue.", {{"done", finished}, {"late", late}});
  return steps_done + " " + milestones;
}

}  // namespace kith::plans

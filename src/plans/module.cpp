#include "plans/module.h"

#include "core/clock.h"
#include "i18n/speaking.h"
#include "plans/measures.h"
#include "plans/plans_http.h"
#include "plans/service.h"

namespace kith::plans {

void PlansModule::install(web::Server& server, const app::Config&) {
  install_routes(server, std::make_shared<const app::AreaMeasures>(with_builtin(measures_)));
}

app::WorkParts PlansModule::work() const {
  return {{writers(), [](store::Db& db, std::int64_t) {
             auto late = PlanStore(db).overdue(now_iso().substr(0, 10));
             return std::vector<app::Waiting>{
                 {i18n::tr("Plan milestones overdue"), "/plans/overdue", static_cast<std::int64_t>(late.size())}};
           }}};
}

app::RecordSections PlansModule::record_sections() const {
  return {{"initiative", "plans", [](store::Db& db, const std::string& id) -> std::optional<nlohmann::json> {
             auto found = PlanStore(db).plans_delivered_by("initiative", id);
             if (found.empty()) return std::nullopt;
             nlohmann::json list = nlohmann::json::array();
             for (const auto& [plan, name] : found)
               list.push_back({{"name", name}, {"href", "/plans/" + std::to_string(plan)}});
             // Plans are staff's: the page shows them only to those who read plans.
             return nlohmann::json{{"plans", list}, {"readers", readers()}};
           }}};
}

namespace {

std::string days_from_today(int days) { return iso_utc(now_seconds() + std::int64_t{days} * 86400).substr(0, 10); }

void must(const Status& s, const char* what) {
  if (!s) throw std::runtime_error(std::string("demo plan ") + what + ": " + s.error().message);
}

}  // namespace

// A plan for Chorley's most deprived neighbourhood (its LSOAs in the most deprived
// fifth of England, in the ward of the most deprived one), three steps under way, a
// logic model with measured outcomes and four milestones, one of them overdue.
void PlansModule::load_demo(store::Db& db, const app::Config&, const app::Progress& progress) {
  auto worst = db.query_one(
      "SELECT a.code, a.parent_code FROM area_deprivation d JOIN areas a ON a.code = d.code "
      "WHERE a.kind = 'lsoa' AND a.authority_code = 'E07000118' ORDER BY d.imd_rank LIMIT 1");
  if (!worst) return;
  Plan p;
  p.name = "Chorley focus neighbourhood resilience plan (demo)";
  p.summary =
      "A made-up plan for one of Chorley's communities for focus: the neighbourhood around its most deprived "
      "LSOA, worked through the council's six steps with residents and partners.";
  p.is_demo = true;
  for (const auto& r : db.query("SELECT a.code FROM areas a JOIN area_deprivation d ON d.code = a.code "
                                "WHERE a.kind = 'lsoa' AND a.parent_code = ? AND d.imd_decile <= 2 ORDER BY a.code",
                                {worst->text(1)}))
    p.area_codes.push_back(r.text(0));
  if (p.area_codes.empty()) p.area_codes.push_back(worst->text(0));
  audit::Actor demo = audit::Actor::system("kith demo");
  auto id = create_plan(db, demo, p);
  if (!id) throw std::runtime_error("demo plan: " + id.error().message);
  auto plan = *PlanStore(db).plan(*id);
  must(set_section(db, demo, plan,
                   {"background", "done",
                    "Built in the 1970s as overspill housing; the mill closed in 1992 and the bus to the town centre "
                    "was cut to hourly in 2019. One community centre, well used by the older residents' lunch "
                    "club. (Demo notes.)"}),
       "background");
  must(set_section(db, demo, plan,
                   {"people", "in-progress",
                    "Door knocking in March heard that young parents feel cut off since the children's centre "
                    "closed, and that many older people would help if asked. Young people are rarely heard: "
                    "next, talk with them at the skate park. (Demo notes.)"}),
       "people");
  must(set_section(db, demo, plan,
                   {"services", "in-progress",
                    "Residents use the GP surgery and the food pantry most; few know the timebank exists. "
                    "(Demo notes.)"}),
       "services");
  for (const auto& [step, href, label] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"background", "/areas/" + plan.area_codes.front(), "The area's profile: deprivation and services"},
           {"people", "/areas/" + plan.area_codes.front() + "/census", "Census 2021: who lives here"},
           {"services", "/directory", "What the directory lists nearby"}}) {
    auto e = add_evidence(db, demo, plan, {0, step, href, label});
    if (!e) throw std::runtime_error("demo plan evidence: " + e.error().message);
  }
  must(set_logic(db, demo, plan,
                 "High deprivation, few places to meet since the children's centre closed, and young parents and "
                 "young people rarely heard.",
                 "A community development worker two days a week; the community centre; £5,000 of small grants.",
                 "A weekly stay-and-play; a youth forum at the skate park; promoting the timebank door to door.",
                 "Sessions held, people attending, timebank members joining from the area."),
       "logic model");
  auto measures = with_builtin(measures_);
  struct DemoOutcome {
    const char* term;
    const char* text;
    const char* slug;
    const char* measure;
    const char* target;
  };
  for (const auto& o :
       std::vector<DemoOutcome>{{"short", "Young parents meet each other weekly", "relationships", "", ""},
                                {"medium", "More people take part in local activities", "active", "", ""},
                                {"long", "The neighbourhood is less deprived", "", "iod.imd_score", "40"}}) {
    Outcome out;
    out.term = o.term;
    out.description = o.text;
    out.outcome_slug = o.slug;
    out.measure = o.measure;
    auto added = add_outcome(db, demo, measures, plan, out, o.target);
    if (!added) throw std::runtime_error("demo plan outcome: " + added.error().message);
  }
  struct DemoMilestone {
    const char* title;
    const char* owner;
    int days;
    const char* rag;
    bool done;
  };
  for (const auto& m : std::vector<DemoMilestone>{
           {"Door knocking on every street done", "Community development worker", -40, "green", true},
           {"First conversation with young people at the skate park", "Youth service", -14, "red", false},
           {"Stay-and-play running weekly", "Family hub", 30, "amber", false},
           {"First review with residents", "Communities team", 120, "green", false}}) {
    Milestone ms;
    ms.title = m.title;
    ms.owner = m.owner;
    ms.due = days_from_today(m.days);
    ms.rag = m.rag;
    auto added = add_milestone(db, demo, plan, ms);
    if (!added) throw std::runtime_error("demo plan milestone: " + added.error().message);
    if (m.done) must(update_milestone(db, demo, plan, *added, m.rag, true, days_from_today(m.days - 2)), "milestone");
  }
  if (progress) progress("plans: a resilience plan for a Chorley focus neighbourhood, one milestone overdue");
}

// Staff records name people only by account, which erasure makes "Former member".
app::ErasureParts PlansModule::erasure() const {
  return {
      {"plans",
       i18n::msg(
           "Resilience plans, steps and evidence you wrote as a member of staff are the organisation's and are kept, "
           "with \"Former member\" as who wrote or changed them."),
       [](store::Db&, std::int64_t) {}}};
}

}  // namespace kith::plans

#include "engagement/engagement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/clock.h"
#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::engagement {

const std::vector<Choice>& kinds() {
  static const std::vector<Choice> all = {
      {"conversation", i18n::msg("Conversation")},
      {"event", i18n::msg("Event or meeting")},
      {"survey", i18n::msg("Survey")},
      {"door_knocking", i18n::msg("Door knocking")},
      {"gathering_place", i18n::msg("Where people gather (a market, school gate, café)")}};
  return all;
}

const std::vector<Choice>& levels() {
  static const std::vector<Choice> all = {{"inform", i18n::msg("Inform")},
                                          {"consult", i18n::msg("Consult")},
                                          {"involve", i18n::msg("Involve")},
                                          {"collaborate", i18n::msg("Collaborate")},
                                          {"empower", i18n::msg("Empower")}};
  return all;
}

std::string label_of(const std::vector<Choice>& choices, const std::string& id) {
  for (const auto& c : choices)
    if (c.id == id) return i18n::tr(c.label);
  return id;
}

const std::vector<Topic>& topics() {
  static const std::vector<Topic> all = {
      {"age",
       i18n::msg("Age"),
       "age",
       {{"0_14",
         i18n::msg("Under 15"),
         i18n::msg("Children under 15"),
         {"age.age_0_4", "age.age_5_9", "age.age_10_14"}},
        {"15_24", i18n::msg("15 to 24"), i18n::msg("Residents aged 15 to 24"), {"age.age_15_19", "age.age_20_24"}},
        {"25_44",
         i18n::msg("25 to 44"),
         i18n::msg("Residents aged 25 to 44"),
         {"age.age_25_29", "age.age_30_34", "age.age_35_39", "age.age_40_44"}},
        {"45_64",
         i18n::msg("45 to 64"),
         i18n::msg("Residents aged 45 to 64"),
         {"age.age_45_49", "age.age_50_54", "age.age_55_59", "age.age_60_64"}},
        {"65_74", i18n::msg("65 to 74"), i18n::msg("Residents aged 65 to 74"), {"age.age_65_69", "age.age_70_74"}},
        {"75_84", i18n::msg("75 to 84"), i18n::msg("Residents aged 75 to 84"), {"age.age_75_79", "age.age_80_84"}},
        {"85_plus", i18n::msg("85 and over"), i18n::msg("Residents aged 85 and over"), {"age.age_85_plus"}}}},
      {"sex",
       i18n::msg("Sex"),
       "sex",
       {{"female", i18n::msg("Female"), i18n::msg("Women and girls"), {"sex.female"}},
        {"male", i18n::msg("Male"), i18n::msg("Men and boys"), {"sex.male"}}}},
      {"ethnic_group",
       i18n::msg("Ethnic group"),
       "ethnic_group",
       {{"asian",
         i18n::msg("Asian, Asian British or Asian Welsh"),
         i18n::msg("Asian residents"),
         {"ethnic_group.asian"}},
        {"black",
         i18n::msg("Black, Black British, Black Welsh, Caribbean or African"),
         i18n::msg("Black residents"),
         {"ethnic_group.black"}},
        {"mixed",
         i18n::msg("Mixed or multiple ethnic groups"),
         i18n::msg("Residents of mixed or multiple ethnic groups"),
         {"ethnic_group.mixed"}},
        {"white", i18n::msg("White"), i18n::msg("White residents"), {"ethnic_group.white"}},
        {"other",
         i18n::msg("Other ethnic group"),
         i18n::msg("Residents of other ethnic groups"),
         {"ethnic_group.other"}}}},
      {"disability",
       i18n::msg("Disability"),
       "disability",
       {{"disabled",
         i18n::msg("Disabled under the Equality Act"),
         i18n::msg("Disabled residents"),
         {"disability.disabled_limited_a_lot", "disability.disabled_limited_a_little"}},
        {"not_disabled",
         i18n::msg("Not disabled"),
         i18n::msg("Residents who are not disabled"),
         {"disability.not_disabled_ltc_not_limited", "disability.not_disabled_no_ltc"}}}},
      {"language",
       i18n::msg("Main language"),
       "english",
       {{"english",
         i18n::msg("English"),
         i18n::msg("Residents whose main language is English"),
         {"english.main_language_english"}},
        {"other",
         i18n::msg("Another language"),
         i18n::msg("Residents whose main language is not English"),
         {"english.speaks_english_very_well", "english.speaks_english_well", "english.cannot_speak_english_well",
          "english.cannot_speak_english"}}}},
  };
  return all;
}

const Topic* topic(const std::string& id) {
  for (const auto& t : topics())
    if (t.id == id) return &t;
  return nullptr;
}

namespace {

bool one_of(const std::vector<Choice>& choices, const std::string& id) {
  return std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == id; });
}

}  // namespace

std::int64_t described(const std::map<std::string, std::int64_t>& counts, const Topic& t) {
  std::int64_t n = 0;
  for (const auto& g : t.groups)
    if (auto it = counts.find(t.id + "." + g.id); it != counts.end()) n += it->second;
  return n;
}

std::vector<FieldError> check(const Record& r, const std::string& today) {
  std::vector<FieldError> errors;
  if (!one_of(kinds(), r.kind)) errors.push_back({"kind", "Choose what kind of engagement it was"});
  if (trim(r.title).empty())
    errors.push_back({"title", "Say what it was, for example Coffee morning at St Mary's"});
  else if (utf8_length(r.title) > 120)
    errors.push_back({"title", "Say what it was in 120 characters or fewer"});
  else if (has_markup(r.title))
    errors.push_back({"title", "Say what it was in plain text, without HTML such as <script>"});
  if (trim(r.occurred_on).empty())
    errors.push_back({"occurred_on", "Enter the date it happened"});
  else if (!is_iso_date(r.occurred_on))
    errors.push_back({"occurred_on", "Enter the date it happened as a real date"});
  else if (r.occurred_on > today)
    errors.push_back({"occurred_on", "The date it happened must be today or in the past"});
  if (r.people < 1 || r.people > 100000)
    errors.push_back({"people", "Enter how many people took part, a whole number from 1 to 100,000"});
  if (!one_of(levels(), r.level)) errors.push_back({"level", "Choose the level on the Spectrum of Involvement"});
  if (r.notes.size() > 5000 || has_markup(r.notes))
    errors.push_back({"notes", "Write what you heard in up to 5,000 characters of plain text"});
  for (std::size_t i = 0; i < r.quotes.size(); ++i) {
    const auto& q = r.quotes[i];
    std::string field = "quote_" + std::to_string(i + 1);
    if (q.text.size() > 1000 || has_markup(q.text))
      errors.push_back({field, "Keep quote " + std::to_string(i + 1) + " to 1,000 characters of plain text"});
    if (q.who.size() > 100 || has_markup(q.who))
      errors.push_back({field + "_who", "Describe who said it in up to 100 characters, never by name"});
    if (trim(q.text).empty() && (q.consent || !trim(q.who).empty()))
      errors.push_back({field, "Write quote " + std::to_string(i + 1) + ", or leave its other boxes empty"});
  }
  // Who took part is checked against how many did only once that number is right.
  if (r.people < 1 || r.people > 100000) return errors;
  for (const auto& [key, n] : r.counts)
    if (n < 0 || n > r.people) {
      errors.push_back(
          {"counts_" + key.substr(0, key.find('.')),
           "Each count of who took part must be between 0 and the number of people, " + thousands(r.people)});
      break;
    }
  for (const auto& t : topics())
    if (described(r.counts, t) > r.people) {
      errors.push_back(
          {"counts_" + t.id, i18n::tr("{topic}: the groups add up to more than the {n} people who took part",
                                      {{"topic", i18n::tr(t.title)}, {"n", thousands(r.people)}})});
    }
  return errors;
}

Interval wilson(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0) return {0, 1};
  double nn = static_cast<double>(n);
  double p = static_cast<double>(k) / nn;
  double z2 = z * z;
  double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::string percent(double share) {
  double pct = share * 100;
  char buf[32];
  if (pct == 0) return "0%";
  if (pct < 0.1) return "under 0.1%";
  if (pct < 1)
    std::snprintf(buf, sizeof buf, "%.1f%%", pct);
  else
    std::snprintf(buf, sizeof buf, "%.0f%%", pct);
  return buf;
}

std::vector<TopicGap> compare(const std::map<std::string, std::int64_t>& census,
                              const std::map<std::string, std::int64_t>& heard) {
  std::vector<TopicGap> out;
  for (const auto& t : topics()) {
    TopicGap gap;
    gap.topic = &t;
    gap.described = described(heard, t);
    std::vector<std::int64_t> residents;
    for (const auto& g : t.groups) {
      std::int64_t n = 0;
      for (const auto& col : g.census)
        if (auto it = census.find(col); it != census.end()) n += it->second;
      residents.push_back(n);
      gap.residents += n;
    }
    if (gap.residents <= 0) {
      gap.hidden_because = i18n::tr("Kith holds no Census 2021 figures for this area.");
    } else if (gap.described < kMinPeopleShown) {
      const std::string topic = to_lower(i18n::tr(t.title));
      gap.hidden_because =
          gap.described == 0
              ? i18n::tr("No one's {topic} has been recorded here yet.", {{"topic", topic}})
              : i18n::tr(
                    "Fewer than 5 people's {topic} has been recorded here: too few to show without risk of "
                    "identifying them.",
                    {{"topic", topic}});
    } else {
      gap.shown = true;
    }
    if (!gap.shown) {
      out.push_back(std::move(gap));
      continue;
    }
    for (std::size_t i = 0; i < t.groups.size(); ++i) {
      const Group& g = t.groups[i];
      GroupGap row;
      row.group = &g;
      row.residents = residents[i];
      row.area_share = static_cast<double>(residents[i]) / static_cast<double>(gap.residents);
      auto it = heard.find(t.id + "." + g.id);
      row.heard = it == heard.end() ? 0 : it->second;
      row.heard_share = static_cast<double>(row.heard) / static_cast<double>(gap.described);
      row.heard_interval = wilson(row.heard, gap.described);
      const std::string people = i18n::tr(g.people), area = percent(row.area_share), ours = percent(row.heard_share);
      if (row.area_share > 0) {
        row.ratio = row.heard_share / row.area_share;
        row.ratio_interval = {row.heard_interval.low / row.area_share, row.heard_interval.high / row.area_share};
      }
      if (row.heard_interval.high < row.area_share) {
        row.finding = "under";
        row.sentence = i18n::tr("{people} are about {area} of the area but {ours} of the people we have heard from.",
                                {{"people", people}, {"area", area}, {"ours", ours}});
      } else if (row.heard_interval.low > row.area_share) {
        row.finding = "over";
        row.sentence = i18n::tr(
            "{people} are about {area} of the area and {ours} of the people we have heard from: more than their share.",
            {{"people", people}, {"area", area}, {"ours", ours}});
      } else {
        row.finding = "in_line";
        row.sentence = i18n::tr(
            "{people} are about {area} of the area and {ours} of the people we have heard from: about their share, as "
            "far as these numbers can tell.",
            {{"people", people}, {"area", area}, {"ours", ours}});
      }
      gap.groups.push_back(std::move(row));
    }
    out.push_back(std::move(gap));
  }
  return out;
}

namespace {

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string chart_svg(const TopicGap& t, const std::string& label) {
  // One band per group: the area's share (grey bar), the share heard from (blue bar)
  // and its 95% interval (a black line). Scaled to the largest share or interval.
  const int label_w = 230, plot_w = 380, band = 34, top = 8;
  double max = 0.05;
  for (const auto& g : t.groups) max = std::max({max, g.area_share, g.heard_interval.high});
  auto x = [&](double share) { return label_w + plot_w * share / max; };
  int height = top + band * static_cast<int>(t.groups.size()) + 30;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kith-gap-chart\" role=\"img\" width=\"" +
                    std::to_string(label_w + plot_w + 20) + "\" height=\"" + std::to_string(height) +
                    "\" viewBox=\"0 0 " + std::to_string(label_w + plot_w + 20) + " " + std::to_string(height) +
                    "\"><title>" + html_escape(label) + "</title>";
  int y = top;
  for (const auto& g : t.groups) {
    const std::string group = i18n::tr(g.group->label);
    std::string name = shorten(group, 34, 32);
    out += "<text x=\"0\" y=\"" + std::to_string(y + 20) + "\" font-size=\"13\" fill=\"#0b0c0c\">" + html_escape(name) +
           "</text>";
    out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" +
           fmt(x(g.area_share) - label_w) + "\" height=\"12\" fill=\"#b1b4b6\"><title>" +
           html_escape(i18n::tr("{group}: {share} of the area", {{"group", group}, {"share", percent(g.area_share)}})) +
           "</title></rect>";
    out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 16) + "\" width=\"" +
           fmt(x(g.heard_share) - label_w) + "\" height=\"12\" fill=\"#1d70b8\"><title>" +
           html_escape(i18n::tr("{group}: {share} of the people heard from",
                                {{"group", group}, {"share", percent(g.heard_share)}})) +
           "</title></rect>";
    std::string yi = std::to_string(y + 22);
    out += "<line x1=\"" + fmt(x(g.heard_interval.low)) + "\" x2=\"" + fmt(x(g.heard_interval.high)) + "\" y1=\"" + yi +
           "\" y2=\"" + yi + "\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>";
    y += band;
  }
  std::string ly = std::to_string(y + 14);
  out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) +
         "\" width=\"12\" height=\"12\" fill=\"#b1b4b6\"/><text x=\"" + std::to_string(label_w + 16) + "\" y=\"" + ly +
         "\" font-size=\"12\">" + html_escape(i18n::tr("The area (Census 2021)")) + "</text>";
  out += "<rect x=\"" + std::to_string(label_w + 170) + "\" y=\"" + std::to_string(y + 4) +
         "\" width=\"12\" height=\"12\" fill=\"#1d70b8\"/><text x=\"" + std::to_string(label_w + 186) + "\" y=\"" + ly +
         "\" font-size=\"12\">" + html_escape(i18n::tr("Heard from, with 95% interval")) + "</text>";
  out += "</svg>";
  return out;
}

Result<std::string> theme_name(const std::string& typed) {
  std::string name = trim(typed);
  if (name.empty() || name.size() > 60 || has_markup(name))
    return Error::validation({{"name", "Name the theme in up to 60 characters, for example Cost of living"}});
  return name;
}

// The themes migration 0029 seeds, for the message catalogues: a place's own are said as
// written, these in the reader's language (themes_text, the form and the filter).
[[maybe_unused]] constexpr const char* kSeededThemes[] = {
    i18n::msg("Cost of living"),          i18n::msg("Housing"),      i18n::msg("Health and care"),
    i18n::msg("Getting about"),           i18n::msg("Feeling safe"), i18n::msg("Green spaces"),
    i18n::msg("Things for young people"), i18n::msg("Loneliness"),   i18n::msg("Jobs and skills"),
    i18n::msg("Local services")};

std::string themes_text(const std::vector<std::string>& names) {
  std::vector<std::string> said;
  said.reserve(names.size());
  for (const auto& n : names) said.push_back(i18n::tr(n));
  return join(said, ", ");
}

}  // namespace kith::engagement
